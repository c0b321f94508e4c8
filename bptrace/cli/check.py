"""bptrace check: the config's expected values (or a student's answers, or a class set of
them) against what bptrace computes."""

from __future__ import annotations

from pathlib import Path

import click

from bptrace.cli.options import CONTEXT, RoundTo, FORMATS, LANG_OPTION, Exit, console, language, out
from bptrace.errors import BadInput, Diverged


@click.command("check", context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True)
@click.option("--digits", type=click.IntRange(1, 17), default=9, show_default=True)
@click.option("--round", "round_to", type=RoundTo(), metavar="N|printed",
              help="Compare with a hand calculation that rounds every intermediate to N decimals. 'printed': every value expect: lists is replaced by its printed value "
                   "before it is used, as an author with a calculator does.")
@click.option("--diagnose", is_flag=True,
              help="Where values differ, find the textbook convention or mistake that reproduces them.")
@click.option("--gradcheck", is_flag=True,
              help="Also compare every ∂E/∂P with central finite differences.")
@click.option("--expect", "expect_path", type=click.Path(), metavar="FILE|DIR",
              help="Read the expected values from this file (KEY: VALUE, e.g. a student's answers) "
                   "instead of the config's expect:; a folder grades every .yaml file in it.")
@click.option("--decimals", type=click.IntRange(0, 15), default=4, show_default=True,
              help="With --expect: the decimals the sheet asked for; answers need at least as many, "
                   "and a hand calculation rounded to them is accepted too.")
@LANG_OPTION
def command(config, fmt, digits, round_to, diagnose, lang, gradcheck, expect_path, decimals):
    """Compare the config's expect: values (textbook numbers) with what bptrace computes.

    Each printed value is compared at the precision it was printed with. Exit status 1
    where any differs.

    \b
    Examples:
      bptrace check seed001             finds the seed's misprinted 0.75136079
      bptrace check mazur --format json
    """
    from bptrace.check import grading
    from bptrace.config import load_config

    cfg = load_config(config)
    lang = language(lang)
    try:
        if expect_path is not None and Path(expect_path).is_dir():
            return _grades(cfg, grading.grade_folder(cfg, Path(expect_path), decimals, round_to),
                           fmt, lang)
        if expect_path is not None:
            checked = grading.check_answers(cfg, expect_path, decimals, round_to)
        else:
            checked = grading.check_config(cfg, round_to)
    except Diverged as exc:
        raise Exit(1, f"{getattr(exc, 'file', None) or cfg.file}: training for the trained.* values diverged at "
                      f"epoch {exc.epoch}: {exc}.") from None
    cfg, tr, checks = checked.cfg, checked.trace, checked.checks
    gradients = None
    if gradcheck:
        from bptrace.gradcheck import gradient_check
        gradients = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
    diagnosis = grading.diagnose_checked(checked) if diagnose else None
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput("--gradcheck is shown with --format rich or json.")
    if fmt == "json":
        from bptrace.check.trained import trained_only
        from bptrace.render import checks_json, step_json
        extra = {"command": "check", "checks": checks_json(checks)}
        if diagnose:
            from bptrace.render.diagnosis import diagnosis_json
            extra.update(diagnosis_json(diagnosis))
        if gradients is not None:
            from bptrace.render.output import gradcheck_fields
            extra.update(gradcheck_fields(gradients))
        out(step_json(tr, extra=extra, more=trained_only(checked.values)))
    elif fmt in ("markdown", "latex"):
        from bptrace.render import document
        render = document.check_markdown if fmt == "markdown" else document.check_latex
        out(render(cfg.title, checks, lang=lang, diagnosis=diagnosis), nl=fmt == "markdown")
    elif fmt == "csv":
        from bptrace.render.diagnosis import checks_csv
        out(checks_csv(checks), nl=False)
    else:
        from bptrace.render.terminal import check_rich
        check_rich(console(), cfg.title, cfg.file, checks, digits, diagnosis, lang=lang)
        if gradients is not None:
            from bptrace.lang import words
            from bptrace.render import gradcheck_summary
            out(gradcheck_summary(gradients, words(lang)))
    if not checked.agree:
        raise Exit(1)


def _grades(cfg, grades, fmt, lang):
    """A class set: one row per student."""
    if fmt == "json":
        from bptrace.render.diagnosis import grades_json
        from bptrace.render.output import envelope, json_text
        out(json_text(envelope("check", config=cfg.file, students=grades_json(grades))))
    elif fmt == "csv":
        from bptrace.render.diagnosis import grades_csv
        out(grades_csv(grades), nl=False)
    else:
        from bptrace.render.terminal import grades_rich
        grades_rich(console(), cfg.title, grades, lang=lang)
    if any(g.first_wrong for g in grades):
        raise Exit(1)
