"""bptrace check: the config's expected values (or a student's answers, or a class set of
them) against what bptrace computes."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import (CONTEXT, FORMATS, LANG_OPTION, Exit, RoundTo, completer,
                                 config_argument, console, digits_default, language, out,
                                 progress_bar)
from bptrace.errors import BadInput, Diverged
from bptrace.words.messages import error_text, what


@click.command("check", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True,
              help="Output format: a table (rich), or json, markdown, latex, csv for files.")
@click.option("--digits", type=click.IntRange(1, 17), default=9, show_default=True,
              help="Significant digits of bptrace's exact values in the table.")
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
@click.option("--path", "path", metavar="PARAM|NEURON", shell_complete=completer("params", "neurons"),
              help="With --format latex, html or markdown: on the network picture, mark every chain-rule "
                   "path from the loss to this parameter (or into this neuron's err) and list "
                   "their factors — the paths --explain sums.")
@LANG_OPTION
def command(config, fmt, digits, round_to, diagnose, lang, gradcheck, expect_path, decimals, path):
    """Compare the config's expect: values (textbook numbers) with what bptrace computes.

    Each printed value is compared at the precision it was printed with. Exit status 1
    where any differs.

    \b
    Examples:
      bptrace check bp-notes             finds the course notes' misprinted 0.75136079
      bptrace check mazur --format json
    """
    from bptrace import api
    from bptrace.api.results import Grades

    cfg = api.load(config)
    lang = language(lang, cfg)
    digits = digits_default(digits)
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput(key="shown with", args={"option": "--gradcheck",
                                               "formats": what("a or b", a="rich", b="json")})
    if path and fmt not in ("latex", "html", "markdown"):
        raise BadInput(key="path formats", args={"formats": "latex, html, markdown"})
    try:
        with progress_bar(lang) as progress:
            result = api.check(cfg, expect=expect_path, decimals=decimals, round_to=round_to,
                               diagnose=diagnose, gradcheck=gradcheck, progress=progress,
                               need_sheet=config is None)
    except Diverged as exc:
        raise Exit(1, error_text("diverged trained", lang, {
            "file": getattr(exc, 'file', None) or cfg.file, "epoch": exc.epoch,
            "why": exc.text(lang)})) from None
    if isinstance(result, Grades):
        return _grades(cfg, result.grades, fmt, lang)
    import math

    from bptrace.cli.options import warn_nonfinite
    checked = result.checked
    warn_nonfinite(checked.trace, lang)     # NaN and infinity never pass silently, in any format
    nonfinite = any(not math.isfinite(v) for v in checked.values.values())
    RENDERERS[fmt](result, digits, lang, path, round_to)
    if not checked.agree or nonfinite:
        raise Exit(1)


def _sheets_title(grades, lang: str) -> str:
    """The class table's title: the sheets the students answered (not the default config)."""
    from bptrace.words import title, words
    sheets = list(dict.fromkeys(title(g.sheet, lang) for g in grades if g.sheet))
    shown = ", ".join(sheets[:3]) + (f", … ({len(sheets)})" if len(sheets) > 3 else "")
    return words(lang)("class title", sheets=shown)


def _grades(cfg, grades, fmt, lang):
    """A class set: one row per student."""
    GRADES.get(fmt, _grades_rich)(cfg, grades, lang)
    if any(g.first_wrong or g.problem for g in grades):
        raise Exit(1)


def _grades_json(cfg, grades, lang):
    from bptrace.render import envelope, grades_json, json_text
    out(json_text(envelope("check", config=cfg.file, students=grades_json(grades))))


def _grades_csv(cfg, grades, lang):
    from bptrace.render import grades_csv
    out(grades_csv(grades, lang), nl=False)


def _grades_rich(cfg, grades, lang):
    from bptrace.render.terminal.step import grades_rich
    grades_rich(console(), _sheets_title(grades, lang), grades, lang=lang)


GRADES = {"json": _grades_json, "csv": _grades_csv, "rich": _grades_rich}


# --- one renderer per format: a check (r: the API's Checked record) ----------------------------
def _rich(r, digits, lang, path, round_to):
    from bptrace.render.terminal.step import check_rich
    cfg, gradients = r.checked.cfg, r.gradients
    check_rich(console(), cfg.title, cfg.file, r.checks, digits, r.diagnosis, lang=lang,
               round_to=round_to, student=r.student)
    if gradients is not None:
        from bptrace.render import gradcheck_summary
        from bptrace.words import words
        out(gradcheck_summary(gradients, words(lang), cfg.network.sequential))


def _json(r, digits, lang, path, round_to):
    from bptrace.checking.printed import trained_only
    from bptrace.render import checks_json, step_json
    extra = {"command": "check", "checks": checks_json(r.checks)}
    if r.diagnosed:
        from bptrace.render import diagnosis_json
        extra.update(diagnosis_json(r.diagnosis))
    if r.gradients is not None:
        from bptrace.render import gradcheck_fields
        extra.update(gradcheck_fields(r.gradients))
    out(step_json(r.checked.trace, extra=extra, more=trained_only(r.checked.values)))


def _markdown(r, digits, lang, path, round_to):
    from bptrace.render import documents as document
    from bptrace.render.pictures import check_picture
    out(document.check_markdown(r.checked.cfg.title, r.checks, lang=lang, diagnosis=r.diagnosis,
                                picture=check_picture(r.checked.trace, r.checks, path),
                                student=r.student))


def _latex(r, digits, lang, path, round_to):
    from bptrace.render import documents as document
    from bptrace.render.pictures import check_picture
    out(document.check_latex(r.checked.cfg.title, r.checks, lang=lang, diagnosis=r.diagnosis,
                             picture=check_picture(r.checked.trace, r.checks, path),
                             student=r.student), nl=False)


def _csv(r, digits, lang, path, round_to):
    from bptrace.render import checks_csv
    out(checks_csv(r.checks), nl=False)


def _html(r, digits, lang, path, round_to):
    out(r.html(lang=lang, digits=digits, path=path), nl=False)


RENDERERS = {"rich": _rich, "json": _json, "markdown": _markdown, "latex": _latex, "csv": _csv,
             "html": _html}
