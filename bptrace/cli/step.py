"""bptrace step: one forward pass, one backward pass and one update, every scalar shown."""

from __future__ import annotations

import click

from bptrace.cli.options import (CONTEXT, RoundTo, config_argument, FORMATS, LANG_OPTION, Exit, alone, console, language,
                                 out, split, warn_nonfinite)
from bptrace.errors import BadInput
from bptrace.words.messages import what


@click.command("step", context_settings=CONTEXT)
@config_argument()
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
@click.option("--path", "path", metavar="PARAM|NEURON",
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
    from bptrace.cli.selection import explained_params, selection

    gc.disable()        # one step: millions of small acyclic objects, nothing for a collector

    cfg = api.load(config)
    explain = explained_params(cfg, explain)
    lang = language(lang)
    if batch or samples:
        alone("--batch/--samples", round_to=round_to, view=view not in ("scalar", "matrix"),
              gradcheck=gradcheck, explain=explain, only=only, layer=layer, path=path)
        if view == "matrix":
            return _batch_matrices(cfg, samples, fmt, digits or 6, lang)
        return _batch(cfg, samples, fmt, digits or 9, lang)
    result = api.step(cfg, round_to=round_to)
    tr, exact = result.trace, result.exact
    if view != "scalar":
        alone("--view", gradcheck=gradcheck, explain=explain, only=only, layer=layer, path=path)
        return _view(tr, view, fmt, digits or 6, lang)
    digits = digits or 9
    if gradcheck and fmt not in ("rich", "json"):
        raise BadInput(key="shown with", args={"option": "--gradcheck",
                                               "formats": what("a or b", a="rich", b="json")})
    keep = selection(tr, split(only), split(layer))
    keys = None if keep is None else [q.key for q in tr.quantities if keep(q)]
    checked = None
    if gradcheck:
        from bptrace.maths.gradcheck import gradient_check
        checked = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t, lr=cfg.learning_rate)
    if path and fmt not in ("latex", "html", "markdown"):
        raise BadInput(key="path formats", args={"formats": "latex, html, markdown"})
    if explain and fmt not in ("rich", "markdown"):
        raise BadInput(key="shown with", args={"option": "--explain",
                                               "formats": what("a or b", a="rich", b="markdown")})
    if fmt == "html":
        alone("--format html", only=only, layer=layer)
    warn_nonfinite(tr, lang)                        # after every refusal: one message each
    if fmt == "html":
        out(result.html(lang=lang, digits=digits, path=path), nl=False)
    elif fmt == "json":
        from bptrace.render.data.json import step_json_chunks
        extra = {}
        if exact is not None:
            extra = {"round": round_to, "exact_values": {k: v for k, v in exact.values().items()
                                                         if keys is None or k in keys}}
        if checked is not None:
            from bptrace.render.output import gradcheck_fields
            extra.update(gradcheck_fields(checked))
        from bptrace.cli.jsonout import write_chunks
        write_chunks(step_json_chunks(tr, keys, extra or None))     # written as it is made
        out("")
    elif fmt == "csv":
        from bptrace.render import step_csv
        out(step_csv(tr, keys, lang=lang), nl=False)
    elif fmt == "markdown":
        from bptrace.render import documents as document
        from bptrace.render.pictures import handout_picture
        out(document.step_markdown(tr, digits=digits, keys=keys, lang=lang, exact=exact,
                                   round_to=round_to, explain=explain,
                                   picture=handout_picture(tr, path)))
    elif fmt == "latex":
        from bptrace.render.pictures import handout_picture
        from bptrace.render import documents as document
        out(document.step_latex(tr, digits=digits, keys=keys, lang=lang, exact=exact,
                                round_to=round_to, picture=handout_picture(tr, path)), nl=False)
    else:
        from bptrace.render.terminal.step import step_rich
        from bptrace.trace import drift
        step_rich(tr, console(), digits=digits, selected=keep, explain=explain,
                  exact=exact, drift_rows=[r for r in drift(tr, exact)
                                           if keys is None or r[0] in keys]
                  if exact is not None else None, round_to=round_to,
                  lang=lang, gradcheck=checked)
    if tr.nonfinite():
        raise Exit(1)                               # the computation broke down


def _view(tr, view, fmt, digits, lang):
    from bptrace.trace import matrix_view

    if fmt not in ("json", "markdown", "latex", "rich"):
        raise BadInput(key="view formats", args={"view": view, "fmt": fmt})
    warn_nonfinite(tr, lang)
    if view == "delta":
        return _delta(tr, fmt, digits, lang)
    views = matrix_view(tr)
    if fmt == "json":
        from bptrace.render import jacobian_json, matrix_json, network_json
        from bptrace.render.output import envelope, json_text
        obj = envelope("step", view=view, config=tr.file, title=tr.title,
                       network=network_json(tr), values=tr.values())
        obj["matrices" if view == "matrix" else "jacobians"] = (
            matrix_json(views) if view == "matrix" else jacobian_json(views))
        out(json_text(obj))
    elif fmt in ("markdown", "latex"):
        from bptrace.render import documents as document
        render = document.view_markdown if fmt == "markdown" else document.view_latex
        out(render(tr, views, kind=view, digits=digits, lang=lang), nl=fmt == "markdown")
    elif fmt == "rich":
        from bptrace.render.terminal.views import view_rich
        view_rich(tr, views, console(), kind=view, digits=digits, lang=lang)
    if tr.nonfinite():
        raise Exit(1)                               # the computation broke down


def _delta(tr, fmt, digits, lang):
    from bptrace.trace.deltas import delta_view

    layers = delta_view(tr)
    if fmt == "json":
        from bptrace.render import network_json
        from bptrace.render.data.deltas import delta_json
        from bptrace.render.output import envelope, json_text
        obj = envelope("step", view="delta", config=tr.file, title=tr.title,
                       network=network_json(tr), values=tr.values())
        obj["backward"] = delta_json(layers)
        out(json_text(obj))
    elif fmt in ("markdown", "latex"):
        from bptrace.render.documents.latex_deltas import delta_latex, delta_markdown
        render = delta_markdown if fmt == "markdown" else delta_latex
        out(render(tr, layers, digits=digits, lang=lang), nl=fmt == "markdown")
    else:
        from bptrace.render.terminal.deltas import delta_rich
        delta_rich(tr, layers, console(), digits=digits, lang=lang)
    if tr.nonfinite():
        raise Exit(1)                               # the computation broke down


def _batch_matrices(cfg, samples, fmt, digits, lang):
    """The batch as matrices, samples as rows (《BP神经网络拟合非线性函数》's computation)."""
    from bptrace.cli.selection import sample_indices
    from bptrace.trace.batchview import batch_matrices

    if fmt not in ("json", "rich"):
        raise BadInput(key="batch formats", args={"fmt": fmt})
    X, T = cfg.dataset
    bm = batch_matrices(cfg.network, X, T, cfg.learning_rate, sample_indices(cfg, samples))
    if fmt == "json":
        from bptrace.render.output import envelope, json_text
        out(json_text(envelope("step", view="matrix", config=cfg.file, title=cfg.title,
                               samples=bm.samples, loss=bm.mean_loss,
                               layers=[{"layer": L.layer, "name": L.name,
                                        "shapes": {k: list(getattr(L, k).shape)
                                                   for k in ("A_prev", "W", "Z", "A", "Delta", "dW")},
                                        "Z": L.Z.tolist(), "A": L.A.tolist(),
                                        "Delta": L.Delta.tolist(), "dW": L.dW.tolist(),
                                        "W_new": None if L.W_new is None else L.W_new.tolist()}
                                       for L in bm.layers])))
    else:
        from bptrace.render.terminal.batchview import batch_matrix_rich
        batch_matrix_rich(cfg.title, bm, console(), digits=digits, lang=lang)


def _batch(cfg, samples, fmt, digits, lang):
    from bptrace.cli.selection import sample_indices
    from bptrace.trace import build_batch_trace

    if fmt not in ("json", "rich"):
        raise BadInput(key="batch formats", args={"fmt": fmt})
    if cfg.network.sequential:
        raise BadInput(key="batch sequential")
    indices = sample_indices(cfg, samples)
    X, T = cfg.dataset
    bt = build_batch_trace(cfg.network, X, T, cfg.learning_rate, indices, title=cfg.title,
                           file=cfg.file)
    for _, tr in bt.samples:
        warn_nonfinite(tr, lang)
    if fmt == "json":
        from bptrace.render import network_json
        from bptrace.render.output import envelope, json_text
        out(json_text(envelope("step", config=cfg.file, title=cfg.title,
                               network=network_json(bt.samples[0][1]),
                               samples=[i + 1 for i in indices], values=bt.values())))
    elif fmt == "rich":
        from bptrace.render.terminal.step import batch_rich
        batch_rich(bt, console(), digits=digits, lang=lang)
    if any(tr.nonfinite() for _, tr in bt.samples):
        raise Exit(1)                               # the computation broke down
