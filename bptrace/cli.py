"""The command line: parse options, load the config, call the engine, hand the result to a
renderer. Results go to stdout, errors to stderr (one paragraph, exit 2, no traceback)."""

from __future__ import annotations

import math
from pathlib import Path

import click

from bptrace import __version__
from bptrace.errors import BadInput
from bptrace.optimizers import OPTIMIZERS

FORMATS = ("rich", "json", "markdown", "latex", "csv")
LANG_OPTION = click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
                           help="Language of headings and explanations (default: from LANG).")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Finite(click.ParamType):
    """A finite float (click's FLOAT accepts nan and inf), optionally > 0 or ≥ 0."""

    name = "number"

    def __init__(self, minimum: float | None = None, open_: bool = False):
        self.minimum, self.open = minimum, open_

    def convert(self, value, param, ctx):
        import math
        try:
            v = float(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' is not a number.", param, ctx)
        if not math.isfinite(v):
            self.fail(f"{value} is not a finite number.", param, ctx)
        if self.minimum is not None and (v < self.minimum or (self.open and v == self.minimum)):
            self.fail(f"{value} must be {'greater than' if self.open else 'at least'} "
                      f"{self.minimum:g}.", param, ctx)
        return v


class _Group(click.Group):
    """Turns our BadInput into one clear message and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            click.echo(f"bptrace: {exc}", err=True)
            ctx.exit(2)


def _console():
    from rich.console import Console
    return Console(highlight=False, emoji=False)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="bptrace")
def cli():
    """bptrace — makes backpropagation visible.

    Every net input, output, loss, 校对误差 (∂E/∂out), chain-rule factor and weight update
    of a small network, as the textbook writes it. CONFIG is a YAML file or the name of a
    built-in example (see 'bptrace examples'); without it, the classic Mazur example.
    """
    import warnings
    # overflow and 0·∞ are reported by bptrace itself (non-finite values, divergence)
    warnings.filterwarnings("ignore", category=RuntimeWarning)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _selection(tr, only: list[str], layers: list[str]):
    """A predicate over quantities from --only patterns and --layer names/numbers."""
    if not only and not layers:
        return None
    import difflib
    import fnmatch

    keys = list(tr.index)
    for pattern in only:
        if not any(fnmatch.fnmatchcase(k, pattern) for k in keys):
            close = difflib.get_close_matches(pattern, keys, n=4)
            raise BadInput(f"--only '{pattern}' matches no quantity"
                           + (f"; did you mean {', '.join(close)}?" if close else
                              "; keys look like net.h1, out.o1, err.h1, grad.w1, new.w1 (see the README: quantity keys)."))
    wanted_layers = set()
    names = ["input"] + [l.name for l in tr.layers]
    for spec in layers:
        if spec.isdigit() and int(spec) < len(names):
            wanted_layers.add(int(spec))
        elif spec in names:
            wanted_layers.add(names.index(spec))
        else:
            raise BadInput(f"--layer '{spec}' is not a layer; layers are 0 (input) to "
                           f"{len(names) - 1}, or by name: {', '.join(names)}.")

    def keep(q) -> bool:
        if only and not any(fnmatch.fnmatchcase(q.key, p) for p in only):
            return False
        if wanted_layers and q.layer not in wanted_layers:
            return False
        return True
    return keep


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True,
              help="Output format.")
@click.option("--digits", type=click.IntRange(1, 17), default=None,
              help="Significant digits shown: 9 by default, 6 in the matrix views (JSON always "
                   "carries full float64 precision).")
@click.option("--only", multiple=True, metavar="KEYS",
              help="Show only these keys or glob patterns, e.g. 'grad.w*' (repeatable, or comma-separated).")
@click.option("--layer", multiple=True, metavar="LAYER",
              help="Show only this layer: 0 for the inputs, 1 for the first layer, … or its name.")
@click.option("--explain", multiple=True, metavar="PARAM",
              help="Derive one parameter's gradient and update path by path, as a textbook does.")
@click.option("--round", "round_to", type=click.IntRange(0, 15), metavar="N",
              help="Hand-calculation mode: round every intermediate to N decimals before using it.")
@click.option("--gradcheck", is_flag=True,
              help="Beside every ∂E/∂P, its central finite-difference estimate and the relative error.")
@click.option("--batch", is_flag=True, help="Trace every sample of data: and one update with the mean gradient.")
@click.option("--samples", metavar="I,J,…", help="Trace these samples of data: (numbered from 1) as a batch.")
@click.option("--view", type=click.Choice(["scalar", "matrix", "jacobian"]), default="scalar",
              show_default=True, help="Scalar by scalar, as vectors and matrices, or as 校对误差 "
              "row vectors carried down by Jacobians (seed 002).")
@LANG_OPTION
def step(config, fmt, digits, only, layer, explain, round_to, lang, gradcheck, batch, samples,
         view):
    """One forward pass, one backward pass and one update, every scalar shown.

    \b
    Examples:
      bptrace step                      the Mazur example
      bptrace step xor --explain w_x1_y12
      bptrace step my.yaml --only 'grad.*' --format json
    """
    from bptrace.config import load_config

    cfg = load_config(config)
    explain = _split(explain)
    for name in explain:
        if name not in cfg.network.param_by_name:
            import difflib
            close = difflib.get_close_matches(name, list(cfg.network.param_by_name), n=4)
            raise BadInput(f"--explain '{name}' is not a parameter of this network"
                           + (f"; did you mean {', '.join(close)}?" if close else
                              f"; parameters: {', '.join(p.name for p in cfg.network.params[:12])}"
                              + (" …" if len(cfg.network.params) > 12 else "") + "."),
                           file=cfg.file)
    if batch or samples:
        _alone("--batch/--samples", round_to=round_to, view=view != "scalar", gradcheck=gradcheck,
               explain=explain, only=only, layer=layer)
        return _batch_step(cfg, samples, fmt, digits or 9, _lang(lang))
    tr, exact = _traces(cfg, round_to)
    if view != "scalar":
        _alone("--view", gradcheck=gradcheck, explain=explain, only=only, layer=layer)
        return _view(tr, view, fmt, digits or 6, _lang(lang))
    digits = digits or 9
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput("--gradcheck is shown with --format rich or json.")
    keep = _selection(tr, _split(only), _split(layer))
    keys = None if keep is None else [q.key for q in tr.quantities if keep(q)]
    checked = None
    if gradcheck:
        from bptrace.network import gradient_check
        checked = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
    if explain and fmt not in ("rich", "markdown"):
        raise BadInput("--explain is shown with --format rich or markdown.")
    _warn_nonfinite(tr)
    if fmt == "json":
        from bptrace.render import step_json
        extra = {}
        if exact is not None:
            extra = {"round": round_to, "exact_values": {k: v for k, v in exact.values().items()
                                                         if keys is None or k in keys}}
        if checked is not None:
            from bptrace.render import gradcheck_json
            extra.update(gradcheck_json(checked))
            extra["numeric"] = {f"numeric.grad.{n}": r[1] for n, r in checked[2].items()}
        click.echo(step_json(tr, keys, extra or None))
    elif fmt == "csv":
        from bptrace.render import step_csv
        click.echo(step_csv(tr, keys), nl=False)
    elif fmt in ("markdown", "latex"):
        from bptrace.render import document
        if fmt == "markdown":
            click.echo(document.step_markdown(tr, digits=digits, keys=keys, lang=_lang(lang),
                                              exact=exact, round_to=round_to, explain=explain))
        else:
            click.echo(document.step_latex(tr, digits=digits, keys=keys, lang=_lang(lang),
                                           exact=exact, round_to=round_to), nl=False)
    else:
        from bptrace.render.terminal import step_rich
        from bptrace.trace import drift
        step_rich(tr, _console(), digits=digits, selected=keep, explain=explain, exact=exact,
                  drift_rows=[r for r in drift(tr, exact) if keys is None or r[0] in keys]
                  if exact is not None else None, round_to=round_to,
                  lang=_lang(lang), gradcheck=checked)
    if any(not math.isfinite(q.value) for q in tr.quantities):
        click.get_current_context().exit(1)        # the computation broke down


def _compare(cfg, tr, source, min_decimals=None, hand=None):
    """(all computed values, one Check per expected value). For a student's answers,
    ``min_decimals`` and ``hand`` (the values of the hand calculation rounded to that many
    decimals) as :func:`bptrace.check.compare` takes them."""
    from bptrace.check import compare, unknown_key

    values = tr.values()
    if any(e.key.startswith("trained.") for e in cfg.expect):
        from bptrace.errors import Diverged
        from bptrace.train import trained_values
        try:
            values.update(trained_values(cfg))
        except BadInput as exc:
            raise exc.located(cfg.file) from None
        except Diverged as exc:
            click.echo(f"bptrace: {cfg.file}: training for the trained.* values diverged at epoch "
                       f"{exc.epoch}: {exc}.", err=True)
            click.get_current_context().exit(1)
    checks = []
    for e in cfg.expect:
        if e.key not in values:
            raise unknown_key(e.key, list(values), e.line).located(source)
        checks.append(compare(e.key, e.text, values[e.key], e.line, min_decimals,
                              hand.get(e.key) if hand else None))
    return values, checks


def _student(cfg_default, answers: str, decimals: int, round_to):
    """(the sheet's config, its trace, values, checks) for one answer file; the file may
    name its sheet (`sheet: exercise-B.yaml`, next to it or next to CONFIG)."""
    from bptrace.config import load_config, load_expect
    from bptrace.network import Convention
    from bptrace.trace import build_trace

    expect, sheet = load_expect(answers)
    cfg = cfg_default
    if sheet:
        here = Path(answers).parent / sheet
        there = Path(cfg_default.file).parent / sheet
        path = here if here.is_file() else there if there.is_file() else None
        if path is None:
            raise BadInput(f"the answers name the sheet {sheet}, which is neither next to them nor "
                           "next to the config.", file=answers)
        cfg = load_config(str(path))
    cfg.expect = expect
    tr, _ = _traces(cfg, round_to)
    hand = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=Convention(round_to=decimals)).values()
    values, checks = _compare(cfg, tr, answers, decimals, hand)
    return cfg, tr, values, checks


def _grade_folder(ctx, cfg_default, folder: Path, fmt, round_to, decimals, lang):
    """A class set: every answer file in the folder, one row per student."""
    from bptrace.diagnose import diagnose

    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise BadInput("the folder has no .yaml answer files.", file=str(folder))
    cfg = cfg_default
    rows = []
    for f in files:
        cfg, tr, values, checks = _student(cfg_default, str(f), decimals, round_to)
        wrong = [c for c in checks if not c.agree]
        mistake = ""
        if wrong:
            _, explained, _ = diagnose(cfg, values)
            names = explained.get(wrong[0].key, [])
            mistake = " / ".join(names) if names else "?"
        rows.append({"student": f.stem, "sheet": cfg.title, "score": len(checks) - len(wrong),
                     "of": len(checks),
                     "first_wrong": wrong[0].key if wrong else "", "likely_mistake": mistake,
                     "wrong": [c.key for c in wrong]})
    if fmt == "json":
        from bptrace import __version__
        from bptrace.render import dumps
        click.echo(dumps({"bptrace": __version__, "command": "check", "config": cfg_default.file,
                          "students": rows}))
    elif fmt == "csv":
        import csv
        import io
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["student", "score", "of", "first_wrong", "likely_mistake"])
        for r in rows:
            w.writerow([r["student"], r["score"], r["of"], r["first_wrong"], r["likely_mistake"]])
        click.echo(buf.getvalue(), nl=False)
    else:
        from bptrace.render.terminal import grades_rich
        grades_rich(_console(), cfg_default.title, rows, lang=lang)
    if any(r["first_wrong"] for r in rows):
        ctx.exit(1)


def _warn_nonfinite(tr) -> None:
    """NaN and infinity never pass silently: one line on stderr (the output shows them)."""
    bad = [q.key for q in tr.quantities if not math.isfinite(q.value)]
    if bad:
        more = f" and {len(bad) - 8} more" if len(bad) > 8 else ""
        click.echo(f"bptrace: {tr.file}: {len(bad)} {'value is' if len(bad) == 1 else 'values are'} "
                   "not finite (an overflow, or "
                   f"0·∞): {', '.join(bad[:8])}{more}. Smaller weights or inputs, or another "
                   "loss, avoid it.", err=True)


def _view(tr, view, fmt, digits, lang):
    from bptrace.trace import matrix_view

    _warn_nonfinite(tr)
    views = matrix_view(tr)
    if fmt == "json":
        from bptrace.render import dumps, jacobian_json, matrix_json, network_json
        from bptrace import __version__
        obj = {"bptrace": __version__, "command": "step", "view": view, "config": tr.file,
               "title": tr.title, "network": network_json(tr), "values": tr.values()}
        obj["matrices" if view == "matrix" else "jacobians"] = (
            matrix_json(views) if view == "matrix" else jacobian_json(views))
        click.echo(dumps(obj))
    elif fmt in ("markdown", "latex"):
        from bptrace.render import document
        render = document.view_markdown if fmt == "markdown" else document.view_latex
        click.echo(render(tr, views, kind=view, digits=digits, lang=lang), nl=fmt == "markdown")
    elif fmt == "rich":
        from bptrace.render.terminal import view_rich
        view_rich(tr, views, _console(), kind=view, digits=digits, lang=lang)
    else:
        raise BadInput(f"--view {view} is shown as rich, json, markdown or latex, not {fmt}.")


def _batch_step(cfg, samples, fmt, digits, lang):
    from bptrace.trace import build_batch_trace

    X, T = cfg.dataset
    if samples:
        try:
            indices = [int(s) - 1 for s in _split((samples,))]
        except ValueError:
            raise BadInput(f"--samples takes sample numbers like 1,3, not '{samples}'.") from None
        if len(set(indices)) != len(indices):
            raise BadInput(f"--samples names a sample twice: {samples}.")
        bad = [i + 1 for i in indices if not 0 <= i < len(X)]
        if bad or not indices:
            raise BadInput(f"--samples: the data has samples 1 to {len(X)}, not "
                           f"{', '.join(map(str, bad)) or 'none'}.", file=cfg.file)
    else:
        indices = list(range(len(X)))
    bt = build_batch_trace(cfg.network, X, T, cfg.learning_rate, indices, title=cfg.title,
                           file=cfg.file)
    for _, tr in bt.samples:
        _warn_nonfinite(tr)
    if fmt == "json":
        from bptrace import __version__
        from bptrace.render import dumps, network_json
        click.echo(dumps({"bptrace": __version__, "command": "step", "config": cfg.file,
                          "title": cfg.title, "network": network_json(bt.samples[0][1]),
                          "samples": [i + 1 for i in indices], "values": bt.values()}))
    elif fmt == "rich":
        from bptrace.render.terminal import batch_rich
        batch_rich(bt, _console(), digits=digits, lang=lang)
    else:
        raise BadInput(f"a batch step is shown as rich or json, not {fmt}.")


def _alone(what: str, **others) -> None:
    """Refuse options that the chosen view would silently ignore."""
    given = [f"--{name}" for name, value in others.items() if value not in (None, False, (), [])]
    if given:
        raise BadInput(f"{what} cannot be combined with {', '.join(given).replace('_', '-')}.")


def _lang(lang):
    if lang is not None:
        return lang
    from bptrace.lang import default_lang
    return default_lang()


def _traces(cfg, round_to):
    """The trace (hand-rounded where --round N is given) and the exact one to compare."""
    from bptrace.network import Convention
    from bptrace.trace import build_trace

    exact = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                        title=cfg.title, file=cfg.file)
    if round_to is None:
        return exact, None
    hand = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=f"{cfg.title} — by hand, every intermediate rounded to {round_to} decimals",
                       file=cfg.file, conv=Convention(round_to=round_to))
    return hand, exact


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True)
@click.option("--digits", type=click.IntRange(1, 17), default=9, show_default=True)
@click.option("--round", "round_to", type=click.IntRange(0, 15), metavar="N",
              help="Compare with a hand calculation that rounds every intermediate to N decimals.")
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
@click.pass_context
def check(ctx, config, fmt, digits, round_to, diagnose, lang, gradcheck, expect_path, decimals):
    """Compare the config's expect: values (textbook numbers) with what bptrace computes.

    Each printed value is compared at the precision it was printed with. Exit status 1
    where any differs.

    \b
    Examples:
      bptrace check seed001             finds the seed's misprinted 0.75136079
      bptrace check mazur --format json
    """
    from bptrace.config import load_config

    cfg = load_config(config)
    if expect_path is not None and Path(expect_path).is_dir():
        return _grade_folder(ctx, cfg, Path(expect_path), fmt, round_to, decimals, _lang(lang))
    if expect_path is not None:
        cfg, tr, values, checks = _student(cfg, expect_path, decimals, round_to)
    else:
        if not cfg.expect:
            raise BadInput("there are no expected values to check: give the config an expect: "
                           "section (KEY: VALUE as printed in the textbook) or use --expect FILE.",
                           file=cfg.file)
        tr, _ = _traces(cfg, round_to)
        values, checks = _compare(cfg, tr, cfg.file)
    checked = None
    if gradcheck:
        from bptrace.network import gradient_check
        checked = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
    diagnosis = None
    if diagnose and not all(c.agree for c in checks):
        from bptrace.diagnose import diagnose as run_diagnosis
        findings, explained, why = run_diagnosis(cfg, values)
        diagnosis = (findings, explained, sum(c.agree for c in checks), why)
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput("--gradcheck is shown with --format rich or json.")
    if fmt == "json":
        from bptrace.render import checks_json, diagnosis_json, step_json
        trained = {k: v for k, v in values.items() if k.startswith("trained.")}
        extra = {"command": "check", "checks": checks_json(checks)}
        if diagnose:
            extra.update(diagnosis_json(*diagnosis[:2]) if diagnosis else
                         {"diagnosis": [], "explanations": {}})
        if checked is not None:
            from bptrace.render import gradcheck_json
            extra.update(gradcheck_json(checked))
            extra["numeric"] = {f"numeric.grad.{n}": r[1] for n, r in checked[2].items()}
        click.echo(step_json(tr, extra=extra, more=trained))
    elif fmt in ("markdown", "latex"):
        from bptrace.render import document
        render = document.check_markdown if fmt == "markdown" else document.check_latex
        click.echo(render(cfg.title, checks, lang=_lang(lang), diagnosis=diagnosis),
                   nl=fmt == "markdown")
    elif fmt == "csv":
        import csv
        import io
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["key", "expected", "computed", "agree", "status"])
        for c in checks:
            w.writerow([c.key, c.expected, repr(c.computed), str(c.agree).lower(), c.status])
        click.echo(buf.getvalue(), nl=False)
    else:
        from bptrace.render.terminal import check_rich
        check_rich(_console(), cfg.title, cfg.file, checks, digits, diagnosis, lang=_lang(lang))
        if checked is not None:
            from bptrace.lang import words
            from bptrace.render import gradcheck_summary
            click.echo(gradcheck_summary(checked, words(_lang(lang))))
    if not all(c.agree for c in checks):
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "markdown"]), default="rich",
              show_default=True)
@LANG_OPTION
@click.pass_context
def perceptron(ctx, config, fmt, lang):
    """Seed 002's M-P neuron and perceptron rule, traced sample by sample.

    CONFIG is a file or a built-in truth table: and (the default), or, nand, not, xor.
    Exit status 1 where the rule does not converge (XOR: not linearly separable).

    \b
    Examples:
      bptrace perceptron and
      bptrace perceptron xor            never converges; then seed 002's two-layer fix
    """
    from pathlib import Path

    from bptrace import examples as ex
    from bptrace import perceptron as P

    from bptrace.config import read_source

    name = config or "and"
    if Path(name).exists():
        _, text = read_source(name)
    else:
        key = name if name.startswith("perceptron/") else f"perceptron/{name}"
        if key not in ex.perceptron_names():
            raise BadInput(f"no such file, and no built-in perceptron example of that name "
                           f"(built-in: {', '.join(n.split('/')[1] for n in ex.perceptron_names())}).",
                           file=name)
        text = ex.text(key)
    p = P.parse(text, name)
    run = P.learn(p)
    grid = P.region_grid(p, run.W, run.theta) if len(p.inputs) == 2 else None
    xor = P.xor_network(p.lr) if not run.converged and P.is_xor(p) else None
    if fmt == "json":
        from bptrace import __version__
        from bptrace.render import dumps
        obj = {"bptrace": __version__, "command": "perceptron", "config": name, "title": p.title,
               "activation": p.activation, "W": dict(zip(p.inputs, run.W.tolist())),
               "theta": run.theta, "epochs": len(run.epochs), "converged": run.converged,
               "reason": run.reason, "history": run.epochs,
               "steps": [{k: getattr(s, k) for k in s.__slots__} for s in run.steps]}
        if xor is not None:
            obj["xor_network"] = {"layers": {n: {"W": r.W.tolist(), "theta": r.theta}
                                             for n, r in xor[0].items()},
                                  "truth_table": [{"input": x, "nand": a, "or": b, "xor": o}
                                                  for x, a, b, o in xor[1]]}
        click.echo(dumps(obj))
    elif fmt == "markdown":
        from bptrace.render.document import perceptron_markdown
        click.echo(perceptron_markdown(p, run, xor, lang=_lang(lang)))
    else:
        from bptrace.render.terminal import perceptron_rich
        perceptron_rich(p, run, grid, xor, _console(), lang=_lang(lang))
    if not run.converged:
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--vary", multiple=True, required=True, metavar="NAME=V1,V2,…",
              help="A setting and its values: hidden (e.g. hidden=1;2;5-5), epochs, learning_rate, "
                   "optimizer, activation, batch_size, mode, seed. Several --vary: every combination.")
@click.option("--target", type=_Finite(0, open_=True), help="Report the epochs each variant needs to reach this loss.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Train the variants in this many processes (results identical).")
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the curves (and fits or decision regions) into a PNG.")
@LANG_OPTION
def compare(config, vary, target, jobs, fmt, plot, lang):
    """Train the same data under several settings and compare them.

    \b
    Examples:
      bptrace compare cubic --vary 'hidden=1;2;5-5;10-15'
      bptrace compare cubic --vary epochs=1000,3000,5000,10000
      bptrace compare redblue --vary hidden=1,2,3,5,8
      bptrace compare cubic --vary optimizer=sgd,momentum,adam --target 1e-3
    """
    from bptrace import compare as C
    from bptrace.config import load_config

    cfg = load_config(config)
    settings = C.variants(C.parse_vary(vary))
    if plot:
        from bptrace.render.plots import need_matplotlib
        need_matplotlib()
        _writable([plot])
    X, T = cfg.dataset
    kind, grid = C.picture_grid(X, len(cfg.network.outputs))
    try:
        results = C.run_all(cfg.root.value, settings, cfg.file, target, grid, jobs)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    if fmt == "json":
        from bptrace import __version__
        from bptrace.render import dumps
        click.echo(dumps({"bptrace": __version__, "command": "compare", "config": cfg.file,
                          "title": cfg.title,
                          "variants": [{"setting": r["setting"], "values": r["values"],
                                        "history": r["history"], "validation_loss": r["val_loss"],
                                        "epochs_to_target": r["epochs_to_target"],
                                        "diverged": r["diverged"]} for r in results]}))
    else:
        from bptrace.render.terminal import compare_rich
        compare_rich(_console(), cfg.title, results, (kind, grid, X, T), target=target,
                     lang=_lang(lang))
    if plot:
        from bptrace.render.plots import plot_compare
        plot_compare(plot, cfg.title, [r for r in results if not r["diverged"]], kind, grid, X, T)
    if any(r["diverged"] for r in results):
        click.get_current_context().exit(1)


@cli.command(context_settings=CONTEXT)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--shape", default="2-2-2", show_default=True, help="Layer sizes, inputs first.")
@click.option("--activation", default="sigmoid", show_default=True)
@click.option("--loss", default="half_sse", show_default=True)
@click.option("--blanks", multiple=True, metavar="WHAT",
              help="forward, loss, backward, update, all (default), or keys and patterns like 'grad.*'.")
@click.option("--variants", type=click.IntRange(1, 500), default=1, show_default=True,
              help="One different sheet per student, named A, B, C, …")
@click.option("--from", "from_config", metavar="CONFIG", help="Make the sheet from this network instead of drawing one.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "latex", "json", "yaml"]), default="markdown",
              show_default=True)
@click.option("--key", is_flag=True, help="Print the answer key instead of the sheet.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write every sheet, key, config and answer template into this folder.")
@LANG_OPTION
def exercise(seed, shape, activation, loss, blanks, variants, from_config, fmt, key, out_dir, lang):
    """Exercise sheets with numbered blanks, and their answer keys.

    The numbers are "nice" (two decimals, no saturated sigmoid, no relu at its kink); the
    same seed gives the same sheets. Grade answers with
    bptrace check SHEET.yaml --expect ANSWERS.yaml [--diagnose].

    \b
    Examples:
      bptrace exercise --seed 7                   a sheet (Markdown)
      bptrace exercise --seed 7 --key             its answer key
      bptrace exercise --seed 7 --variants 30 --out sheets/
      bptrace exercise --from mazur --blanks backward
    """
    import yaml

    from bptrace import exercise as E
    from bptrace.config import load_config, parse_config
    from bptrace.trace import build_trace

    lang = _lang(lang)
    sheets = []
    for k in range(variants):
        if from_config:
            base = load_config(from_config)
            raw = {k2: v for k2, v in base.root.value.items() if k2 not in ("expect", "train", "data")}
            raw["sample"] = {"input": base.sample.x.tolist(), "target": base.sample.t.tolist()}
            from bptrace.lang import words
            raw["title"] = words(lang)("exercise from", v=E.variant_name(k), t=base.title)
            if k > 0:
                raise BadInput("--from makes one sheet from one network: leave out --variants.")
        else:
            from bptrace.lang import words
            raw = E.draw(seed, k, E.parse_shape(shape), activation, loss,
                         title=words(lang)("exercise title", v=E.variant_name(k), seed=seed))
        text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
        try:
            cfg = parse_config(text, from_config or "exercise")
        except BadInput as exc:
            raise exc.located(from_config or "exercise") from None
        tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, title=raw["title"])
        asked = E.blanks(list(tr.index), tuple(_split(blanks)) or ("all",), list(tr.inputs))
        sheets.append((E.variant_name(k), raw, text, tr, asked))
    if out_dir:
        _write_sheets(Path(out_dir), sheets, lang)
        return
    if fmt == "json":
        from bptrace import __version__
        from bptrace.render import dumps
        objs = [{"bptrace": __version__, "command": "exercise", "seed": seed, "variant": name,
                 "config": raw, "blanks": asked, "answers": {k2: tr[k2].value for k2 in asked}}
                for name, raw, text, tr, asked in sheets]
        click.echo(dumps(objs[0] if len(objs) == 1 else objs))
    elif fmt == "yaml":
        click.echo("\n---\n".join(text for _, _, text, _, _ in sheets), nl=False)
    else:
        from bptrace.render import document
        if fmt == "latex" and len(sheets) > 1:
            raise BadInput("several LaTeX sheets are several documents: write them with --out DIR.")
        render = document.exercise_markdown if fmt == "markdown" else document.exercise_latex
        click.echo("\n".join(render(tr, asked, key=key, lang=lang) for _, _, _, tr, asked in sheets),
                   nl=False)


def _write_sheets(folder: Path, sheets, lang: str) -> None:
    """sheet-A.md/.tex, key-A.md/.tex, exercise-A.yaml (the network, for step and check),
    answers-A.yaml (a template to fill in), for every variant; each written atomically."""
    from bptrace.files import make_folder, write_atomic
    from bptrace.render import document

    make_folder(folder)
    for name, raw, text, tr, asked in sheets:
        write_atomic(folder / f"sheet-{name}.md", document.exercise_markdown(tr, asked, lang=lang))
        write_atomic(folder / f"key-{name}.md", document.exercise_markdown(tr, asked, key=True, lang=lang))
        write_atomic(folder / f"sheet-{name}.tex", document.exercise_latex(tr, asked, lang=lang))
        write_atomic(folder / f"key-{name}.tex", document.exercise_latex(tr, asked, key=True, lang=lang))
        write_atomic(folder / f"exercise-{name}.yaml", text)
        from bptrace.lang import words
        write_atomic(folder / f"answers-{name}.yaml",
                     f"# {tr.title}: {words(lang)('answers header')}\n"
                     f"sheet: exercise-{name}.yaml\n" + "".join(f"{k}: \n" for k in asked))
    from bptrace.lang import words
    click.echo(words(lang)("wrote sheets", n=len(sheets), d=folder), err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("name", required=False)
def examples(name):
    """List the built-in examples, or print one as YAML, ready to edit.

    \b
      bptrace examples                  the list
      bptrace examples xor > my.yaml    a copy to adapt
    """
    from bptrace import examples as ex

    if name is None:
        from rich.table import Table
        from rich.text import Text
        table = Table(title=Text("Built-in examples", style="bold"), title_justify="left",
                      pad_edge=False)
        table.add_column("name", no_wrap=True)
        table.add_column("what it is")
        table.add_column("command")
        for n in ex.names():
            table.add_row(Text(n), Text(ex.summary(n)),
                          Text("step, train, check" if ex.has_expect(n) else "step, train"))
        for n in ex.perceptron_names():
            table.add_row(Text(n), Text(ex.summary(n)), Text("perceptron"))
        console = _console()
        console.print(table)
        console.print(Text("Use one by name (bptrace step xor) or copy it: "
                           "bptrace examples xor > my.yaml"))
        return
    if name not in ex.names() + ex.perceptron_names():
        import difflib
        close = difflib.get_close_matches(name, ex.names() + ex.perceptron_names(), n=3)
        raise BadInput(f"no built-in example '{name}'"
                       + (f"; did you mean {', '.join(close)}?" if close else "")
                       + f" Built-in: {', '.join(ex.names())}.")
    click.echo(ex.text(name), nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--epochs", type=click.IntRange(min=1), help="Epochs (passes over the data).")
@click.option("--mode", type=click.Choice(["online", "batch", "minibatch"]),
              help="online: one update per sample; batch: one per epoch; minibatch: per batch.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Samples per update in minibatch mode.")
@click.option("--shuffle/--no-shuffle", default=None, help="Shuffle the samples every epoch (seeded).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed for shuffling and dropout.")
@click.option("--lr", type=_Finite(0, open_=True), help="Learning rate η (overrides learning_rate).")
@click.option("--optimizer", type=click.Choice(list(OPTIMIZERS)), help="The optimizer.")
@click.option("--l2", type=_Finite(0), help="L2 factor λ for every layer's weights.")
@click.option("--opt", "opt_settings", multiple=True, metavar="KEY=VALUE",
              help="An optimizer setting, e.g. --opt momentum=0.8 (momentum, rho, eps, beta1, beta2).")
@click.option("--decay", metavar="RATE:STEPS", help="Decaying learning rate η₀·RATE^(update/STEPS) (seed 000).")
@click.option("--step-decay", metavar="FACTOR:EVERY", help="Multiply η by FACTOR every EVERY epochs.")
@click.option("--dropout", multiple=True, metavar="LAYER=RATE", help="Dropout after a hidden layer (number or name).")
@click.option("--validation", type=_Finite(0, open_=True), metavar="FRACTION",
              help="Hold out this last fraction of the data for validation.")
@click.option("--patience", type=click.IntRange(min=1), help="Early stopping: epochs without improvement.")
@click.option("--min-delta", type=_Finite(0), help="Early stopping: the least change that counts as improvement.")
@click.option("--every", type=click.IntRange(min=1), metavar="K", help="Record and show the loss every K epochs.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "markdown", "csv"]), default="rich",
              show_default=True, help="csv: the loss history; markdown: a report.")
@click.option("--digits", type=click.IntRange(1, 17), default=8, show_default=True)
@click.option("--save", type=click.Path(dir_okay=False), help="Write the trained network as a config (atomically).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="Write the loss history as CSV.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the loss curve into a PNG (needs matplotlib).")
@click.option("--trace-at", type=click.IntRange(min=1), metavar="K", help="Show the full step trace of the K-th update.")
@LANG_OPTION
@click.pass_context
def train(ctx, config, epochs, mode, batch_size, shuffle, seed, lr, optimizer, l2, opt_settings,
          decay, step_decay, dropout, validation, patience, min_delta, every, fmt, digits, save,
          log_file, plot, trace_at, lang):
    """Train the network on its data set and show the loss falling.

    \b
    Examples:
      bptrace train --epochs 10000           the Mazur example, 10,000 updates
      bptrace train xor --epochs 2000        seed 002's XOR training
      bptrace train cubic --plot loss.png --save trained.yaml
    """
    import signal

    import numpy as np

    from bptrace import train as T
    from bptrace.config import dump_config, load_config, train_settings
    from bptrace.errors import Diverged

    cfg = load_config(config)
    net = cfg.network
    try:
        s = train_settings(cfg.train, net, cfg.seed)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    for name, value in (("epochs", epochs), ("mode", mode), ("batch_size", batch_size),
                        ("shuffle", shuffle), ("seed", seed), ("optimizer", optimizer),
                        ("patience", patience), ("every", every)):
        if value is not None:
            setattr(s, name, value)
    if l2 is not None:
        s.l2 = {l: l2 for l in range(len(net.layers))}
    _override(s, net, opt_settings, decay, step_decay, dropout, validation, min_delta)
    if batch_size is not None and mode is None and s.mode == "online":
        s.mode = "minibatch"
    lr = cfg.learning_rate if lr is None else lr
    X, Tg = cfg.dataset
    try:
        n_train = len(T.split(X, Tg, s)[0][0])
        T.check_settings(s, n_train)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    if trace_at is not None:
        _check_trace_at(s, trace_at, n_train)
    outputs_to = [f for f in (save, log_file, plot) if f]
    _writable(outputs_to)
    if len({str(Path(f).resolve()) for f in outputs_to}) < len(outputs_to):
        raise BadInput("--save, --log and --plot must name different files.")
    if plot:
        from bptrace.render.plots import need_matplotlib
        need_matplotlib()
    before = [(p.name, net.value(p)) for p in net.params]
    stop = {"asked": False}

    def on_sigint(signum, frame):
        if stop["asked"]:
            raise KeyboardInterrupt
        stop["asked"] = True                       # stop after the current update

    console = _console()
    progress_bar = None
    if fmt == "rich" and console.is_terminal:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
        progress_bar = Progress(TextColumn("epoch {task.completed:>7.0f}/{task.total:.0f}"),
                                BarColumn(), TextColumn("loss {task.fields[loss]}"),
                                TimeRemainingColumn(), console=console, transient=True)
    old = signal.signal(signal.SIGINT, on_sigint) if _main_thread() else None
    try:
        if progress_bar:
            with progress_bar:
                task = progress_bar.add_task("train", total=s.epochs, loss="…")

                def progress(epoch, loss):
                    fields = {} if loss is None else {"loss": f"{loss:.6g}"}
                    progress_bar.update(task, completed=epoch, **fields)
                res = T.train(net, X, Tg, lr, s, should_stop=lambda: stop["asked"],
                              progress=progress, trace_at=trace_at)
        else:
            res = T.train(net, X, Tg, lr, s, should_stop=lambda: stop["asked"], trace_at=trace_at)
    except Diverged as exc:
        click.echo(f"bptrace: {cfg.file}: training diverged at epoch {exc.epoch}: {exc}. "
                   f"Try a lower learning rate (η = {lr:g} now; for example --lr {lr / 10:g}).",
                   err=True)
        if fmt == "json":
            from bptrace import __version__
            from bptrace.render import dumps
            click.echo(dumps({"bptrace": __version__, "command": "train", "config": cfg.file,
                              "title": cfg.title, "diverged": {"epoch": exc.epoch, "loss": exc.loss,
                                                               "reason": str(exc)}}))
        ctx.exit(1)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    finally:
        if old is not None:
            signal.signal(signal.SIGINT, old)
    report = T.summary(net, X, Tg, res, s, lr)
    Y = net.predict(X)
    rows = [{"index": i, "input": X[i].tolist(), "target": Tg[i].tolist(), "output": Y[i].tolist()}
            for i in range(len(X))]
    if fmt == "json":
        from bptrace.render import train_json
        extra = None
        if trace_at is not None and res.trace_at is not None:
            tr = _update_trace(cfg, res, trace_at, _lang(lang))
            extra = {"trace_at": {"update": trace_at, "values": tr.values()}}
        click.echo(train_json(cfg.title, cfg.file, report, rows if len(rows) <= 1000 else None, extra))
    elif fmt == "csv":
        from bptrace.render import history_csv
        click.echo(history_csv(report["history"]), nl=False)
    elif fmt == "markdown":
        from bptrace.render.document import train_markdown
        after = {p.name: net.value(p) for p in net.params}
        click.echo(train_markdown(cfg.title, report, rows, [(n, b, after[n]) for n, b in before],
                                  lang=_lang(lang)), nl=False)
    else:
        from bptrace.render.terminal import train_rich
        from bptrace.lang import words
        arch = " → ".join([f"{len(net.inputs)} {words(_lang(lang))('inputs')}"] +
                          [f"{l.size} {l.activation.name}" for l in net.layers])
        after = {p.name: net.value(p) for p in net.params}
        train_rich(console, cfg.title, arch, report, rows, (net.inputs, net.outputs),
                   [(n, b, after[n]) for n, b in before], digits=digits, every=s.every,
                   lang=_lang(lang))
        if trace_at is not None:
            _trace_update(cfg, res, trace_at, console, digits, _lang(lang))
    if save:
        from bptrace import __version__ as v
        from bptrace.files import write_atomic
        note = (f"Trained by bptrace {v} from {cfg.file}: {res.epochs_run} epochs, {s.mode}, "
                f"{s.optimizer}, η = {lr:g}; final mean loss {report['values']['loss']!r}.")
        write_atomic(save, dump_config(cfg, note, to=save))
        click.echo(f"saved the trained network to {save}", err=True)
    if log_file:
        from bptrace.files import write_atomic
        from bptrace.render import history_csv
        write_atomic(log_file, history_csv(report["history"]))
    if plot:
        from bptrace.compare import picture_grid
        from bptrace.render.plots import plot_history
        kind, grid = picture_grid(X, len(net.outputs))
        picture = None if kind is None else (kind, grid, net.predict(grid)[:, 0].tolist(), X, Tg)
        plot_history(plot, cfg.title, report["history"], picture)
    if res.stopped == "interrupted":
        click.echo(f"bptrace: interrupted after epoch {res.epochs_run} (update {res.updates}).", err=True)
        ctx.exit(130)
    if not np.isfinite(report["values"]["loss"]):
        ctx.exit(1)


def _override(s, net, opt_settings, decay, step_decay, dropout, validation, min_delta) -> None:
    """The command-line forms of the train: settings that take more than one number."""
    from bptrace.optimizers import make_optimizer

    def pair(option, text, kinds):
        try:
            a, b = text.split(":")
            return kinds[0](a), kinds[1](b)
        except ValueError:
            raise BadInput(f"{option} takes two numbers as A:B, not '{text}'.") from None
    if opt_settings:
        settings = {}
        for item in opt_settings:
            key, _, value = item.partition("=")
            try:
                settings[key.strip()] = float(value)
            except ValueError:
                raise BadInput(f"--opt takes KEY=VALUE with a number, not '{item}'.") from None
        s.optimizer_settings = {**s.optimizer_settings, **settings}
        make_optimizer(s.optimizer, 1.0, s.optimizer_settings)        # names checked here
    if decay:
        rate, steps = pair("--decay", decay, (float, int))
        if not (0 < rate <= 1 and steps >= 1):
            raise BadInput("--decay needs 0 < RATE ≤ 1 and STEPS ≥ 1.")
        s.decay = (rate, steps, False)
    if step_decay:
        factor, every = pair("--step-decay", step_decay, (float, int))
        if factor <= 0 or every < 1:
            raise BadInput("--step-decay needs FACTOR > 0 and EVERY ≥ 1.")
        s.step_decay = (factor, every)
    names = [l.name for l in net.layers]
    for item in dropout:
        layer, _, rate = item.partition("=")
        layer = layer.strip()
        l = int(layer) - 1 if layer.isdigit() else names.index(layer) if layer in names else -1
        if not 0 <= l < len(names) - 1:
            raise BadInput(f"--dropout {item}: name a hidden layer (1 to {len(names) - 1}, or by name).")
        try:
            r = float(rate)
        except ValueError:
            raise BadInput(f"--dropout takes LAYER=RATE, not '{item}'.") from None
        if not 0 <= r < 1:
            raise BadInput(f"--dropout {item}: the rate must be in [0, 1).")
        s.dropout[l] = r
    if validation is not None:
        if validation >= 1:
            raise BadInput("--validation is a fraction below 1.")
        s.validation = validation
    if min_delta is not None:
        s.min_delta = min_delta


def _writable(paths) -> None:
    """Say before training, not after, that an output file cannot be written."""
    import os
    for p in paths:
        folder = Path(p).resolve().parent
        if not folder.is_dir():
            raise BadInput(f"cannot write {p}: the folder {folder} does not exist.")
        if not os.access(folder, os.W_OK):
            raise BadInput(f"cannot write {p}: the folder {folder} is not writable.")


def _check_trace_at(s, k: int, n: int) -> None:
    """--trace-at shows a plain gradient-descent step of one sample: refuse what it cannot
    show truthfully, and an update that training will not make."""
    if s.mode != "online" and not (s.mode == "minibatch" and s.batch_size == 1):
        raise BadInput("--trace-at traces one sample's update: it needs --mode online.")
    if s.optimizer != "sgd" or any(v > 0 for v in s.l2.values()) or any(v > 0 for v in s.dropout.values()):
        raise BadInput("--trace-at shows the plain gradient step P − η·∂E/∂P: it cannot trace an "
                       "update made with another optimizer, L2 or dropout.")
    total = s.epochs * n
    if k > total:
        raise BadInput(f"--trace-at {k}: training makes only {total} updates ({s.epochs} epochs "
                       f"× {n} samples).")


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _update_trace(cfg, res, k, lang):
    from bptrace.trace import build_trace

    net = cfg.network
    trained = net.copy_arrays()
    arrays, x, t, eta = res.trace_at
    net.set_arrays(arrays)
    try:
        from bptrace.lang import words
        return build_trace(net, x, t, eta, title=words(lang)("update k", k=k), file=cfg.file)
    finally:
        net.set_arrays(trained)


def _trace_update(cfg, res, k, console, digits, lang):
    from rich.text import Text

    from bptrace.render.terminal import step_rich

    if res.trace_at is None:        # interrupted before the update
        console.print(Text(f"--trace-at {k}: training stopped after {res.updates} updates."))
        return
    step_rich(_update_trace(cfg, res, k, lang), console, digits=digits, lang=lang)


def main():
    import signal
    if hasattr(signal, "SIGPIPE"):          # `bptrace step | head`: end quietly, as cat does
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli(prog_name="bptrace")
from bptrace.commands_export import export, verify  # noqa: E402
cli.add_command(export), cli.add_command(verify)
