"""bptrace step: one forward pass, one backward pass and one update, every scalar shown."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import (CONTEXT, FORMATS, LANG_OPTION, Exit, RoundTo, alone, completer,
                                 config_argument, console, digits_default, language, out, split,
                                 warn_nonfinite)
from bptrace.errors import BadInput
from bptrace.words.messages import what


@click.command("step", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True,
              help="Output format.")
@click.option("--digits", type=click.IntRange(1, 17), default=None,
              help="Significant digits shown: 9 by default, 6 in the matrix views (JSON always "
                   "carries full float64 precision).")
@click.option("--only", multiple=True, metavar="KEYS", shell_complete=completer("keys"),
              help="Show only these keys or glob patterns, e.g. 'grad.w*' (repeatable, or comma-separated).")
@click.option("--layer", multiple=True, metavar="LAYER",
              help="Show only this layer: 0 for the inputs, 1 for the first layer, … or its name.")
@click.option("--explain", multiple=True, metavar="PARAM", shell_complete=completer("params"),
              help="Derive one parameter's gradient and update path by path, as a textbook does.")
@click.option("--round", "round_to", type=RoundTo(), metavar="N|printed",
              help="Hand-calculation mode: round every intermediate to N decimals before using it. 'printed': every value expect: lists is replaced by its printed value "
                   "before it is used, as an author with a calculator does.")
@click.option("--gradcheck", is_flag=True,
              help="Beside every ∂E/∂P, its central finite-difference estimate and the relative error.")
@click.option("--batch", is_flag=True, help="Trace every sample of data: and one update with the mean gradient.")
@click.option("--samples", metavar="I,J,…", help="Trace these samples of data: (numbered from 1) as a batch.")
@click.option("--view", type=click.Choice(["scalar", "matrix", "delta", "jacobian"]), default="scalar",
              show_default=True, help="Scalar by scalar, as vectors and matrices, the backward pass "
              "in vector form from the output down (delta: the 《神经网络》 blog post's equations 20–26 "
              "beside their scalar form), or as 校对误差 row vectors carried down by Jacobians "
              "(as in the course slides 《神经元、感知机与 BP 神经网络》).")
@click.option("--path", "path", metavar="PARAM|NEURON", shell_complete=completer("params", "neurons"),
              help="With --format latex, html or markdown: on the network picture, mark every chain-rule "
                   "path from the loss to this parameter (or into this neuron's err) and list "
                   "their factors — the paths --explain sums.")
@LANG_OPTION
def command(config, fmt, digits, only, layer, explain, round_to, lang, gradcheck, batch, samples,
            view, path):
    """One forward pass, one backward pass and one update, every scalar shown.

    \b
    Examples:
      bptrace step                      the Mazur example
      bptrace step xor --explain w_x1_y12
      bptrace step my.yaml --only 'grad.*' --format json
    """
    import gc

    from bptrace import api

    gc.disable()        # one step: millions of small acyclic objects, nothing for a collector
    cfg = api.load(config)
    lang, digits_given = language(lang, cfg), digits_default(digits)
    if batch or samples:
        alone("--batch/--samples", round_to=round_to, view=view not in ("scalar", "matrix"),
              gradcheck=gradcheck, explain=explain, only=only, layer=layer, path=path)
        _offered(TABLES["batch matrices" if view == "matrix" else "batch"], fmt,
                 BadInput(key="batch formats", args={"fmt": fmt}))
    elif view != "scalar":
        alone("--view", gradcheck=gradcheck, explain=explain, only=only, layer=layer, path=path)
        _offered(TABLES["delta" if view == "delta" else "views"], fmt,
                 BadInput(key="view formats", args={"view": view, "fmt": fmt}))
    else:
        _refuse_scalar(fmt, gradcheck, explain, only, layer, path)
    result = api.step(cfg, round_to=round_to, only=split(only), layer=split(layer),
                      explain=split(explain), gradcheck=gradcheck, view=view, batch=batch,
                      samples=samples)
    for tr in result.traces():
        warn_nonfinite(tr, lang)                    # after every refusal: one message each
    TABLES[result.kind][fmt](result, digits_given or DIGITS[result.kind], lang, path)
    if result.nonfinite():
        raise Exit(1)                               # the computation broke down


def _offered(table: dict, fmt: str, refusal: BadInput) -> None:
    if fmt not in table:
        raise refusal


def _refuse_scalar(fmt, gradcheck, explain, only, layer, path) -> None:
    """The options a format cannot show, refused before anything is computed."""
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput(key="shown with", args={"option": "--gradcheck",
                                               "formats": what("a or b", a="rich", b="json")})
    if path and fmt not in ("latex", "html", "markdown"):
        raise BadInput(key="path formats", args={"formats": "latex, html, markdown"})
    if explain and fmt not in ("rich", "markdown"):
        raise BadInput(key="shown with", args={"option": "--explain",
                                               "formats": what("a or b", a="rich", b="markdown")})
    if fmt == "html":
        alone("--format html", only=only, layer=layer)


# --- one renderer per format: the step, its matrix views, a batch ----------------------------
def _rich(r, digits, lang, path):
    from bptrace.render.terminal.step import step_rich
    step_rich(r.trace, console(), digits=digits, selected=r.keep, explain=r.explain,
              exact=r.exact, drift_rows=r.drift, round_to=r.round_to, lang=lang,
              gradcheck=r.gradcheck)


def _json(r, digits, lang, path):
    from bptrace.cli.options import write_chunks
    from bptrace.render import gradcheck_fields
    from bptrace.render.data.json import step_json_chunks
    extra = {}
    if r.exact is not None:
        extra = {"round": r.round_to, "exact_values": {k: v for k, v in r.exact.values().items()
                                                       if r.selected is None or k in r.selected}}
    if r.gradcheck is not None:
        extra.update(gradcheck_fields(r.gradcheck))
    write_chunks(step_json_chunks(r.trace, r.selected, extra or None))     # written as it is made
    out("")


def _csv(r, digits, lang, path):
    from bptrace.render import step_csv
    out(step_csv(r.trace, r.selected, lang=lang), nl=False)


def _markdown(r, digits, lang, path):
    from bptrace.render.documents import step_markdown
    from bptrace.render.pictures import handout_picture
    out(step_markdown(r.trace, digits=digits, keys=r.selected, lang=lang, exact=r.exact,
                      round_to=r.round_to, explain=r.explain,
                      picture=handout_picture(r.trace, path)))


def _latex(r, digits, lang, path):
    from bptrace.render.documents import step_latex
    from bptrace.render.pictures import handout_picture
    out(step_latex(r.trace, digits=digits, keys=r.selected, lang=lang, exact=r.exact,
                   round_to=r.round_to, picture=handout_picture(r.trace, path)), nl=False)


def _html(r, digits, lang, path):
    out(r.html(lang=lang, digits=digits, path=path), nl=False)


SCALAR = {"rich": _rich, "json": _json, "csv": _csv, "markdown": _markdown, "latex": _latex,
          "html": _html}


def _view_json(r, digits, lang, path):
    from bptrace.render import envelope, jacobian_json, json_text, matrix_json, network_json
    tr = r.trace
    obj = envelope("step", view=r.view, config=tr.file, title=tr.title,
                   network=network_json(tr), values=tr.values())
    obj["matrices" if r.view == "matrix" else "jacobians"] = (
        matrix_json(r.views) if r.view == "matrix" else jacobian_json(r.views))
    out(json_text(obj))


def _view_document(r, digits, lang, path, fmt):
    from bptrace.render.documents import view_latex, view_markdown
    render = view_markdown if fmt == "markdown" else view_latex
    out(render(r.trace, r.views, kind=r.view, digits=digits, lang=lang), nl=fmt == "markdown")


def _view_rich(r, digits, lang, path):
    from bptrace.render.terminal.views import view_rich
    view_rich(r.trace, r.views, console(), kind=r.view, digits=digits, lang=lang)


VIEWS = {"json": _view_json, "rich": _view_rich,
         "markdown": lambda *a: _view_document(*a, "markdown"),
         "latex": lambda *a: _view_document(*a, "latex")}


def _batch_json(r, digits, lang, path):
    from bptrace.render import envelope, json_text, network_json
    out(json_text(envelope("step", config=r.config.file, title=r.config.title,
                           network=network_json(r.trace), samples=r.samples,
                           values=r.values)))


def _batch_rich(r, digits, lang, path):
    from bptrace.render.terminal.step import batch_rich
    batch_rich(r.batch, console(), digits=digits, lang=lang)


BATCH = {"json": _batch_json, "rich": _batch_rich}


def _delta_json(r, digits, lang, path):
    from bptrace.render import envelope, json_text, network_json
    from bptrace.render.data.reports import delta_json
    tr = r.trace
    obj = envelope("step", view="delta", config=tr.file, title=tr.title,
                   network=network_json(tr), values=tr.values())
    obj["backward"] = delta_json(r.views)
    out(json_text(obj))


def _delta_document(r, digits, lang, path, fmt):
    from bptrace.render.documents.latex_deltas import delta_latex, delta_markdown
    render = delta_markdown if fmt == "markdown" else delta_latex
    out(render(r.trace, r.views, digits=digits, lang=lang), nl=fmt == "markdown")


def _delta_rich(r, digits, lang, path):
    from bptrace.render.terminal.views import delta_rich
    delta_rich(r.trace, r.views, console(), digits=digits, lang=lang)


DELTA = {"json": _delta_json, "rich": _delta_rich,
         "markdown": lambda *a: _delta_document(*a, "markdown"),
         "latex": lambda *a: _delta_document(*a, "latex")}


def _batch_matrices_json(r, digits, lang, path):
    from bptrace.render import envelope, json_text
    bm, cfg = r.views, r.config
    out(json_text(envelope("step", view="matrix", config=cfg.file, title=cfg.title,
                           samples=bm.samples, loss=bm.mean_loss,
                           layers=[{"layer": L.layer, "name": L.name,
                                    "shapes": {k: list(getattr(L, k).shape)
                                               for k in ("A_prev", "W", "Z", "A", "Delta", "dW")},
                                    "Z": L.Z.tolist(), "A": L.A.tolist(),
                                    "Delta": L.Delta.tolist(), "dW": L.dW.tolist(),
                                    "W_new": None if L.W_new is None else L.W_new.tolist()}
                                   for L in bm.layers])))


def _batch_matrices_rich(r, digits, lang, path):
    from bptrace.render.terminal.views import batch_matrix_rich
    batch_matrix_rich(r.config.title, r.views, console(), digits=digits, lang=lang)


TABLES = {"scalar": SCALAR, "views": VIEWS, "delta": DELTA, "batch": BATCH,
          "batch matrices": {"json": _batch_matrices_json, "rich": _batch_matrices_rich}}
DIGITS = {"scalar": 9, "views": 6, "delta": 6, "batch": 9, "batch matrices": 6}
