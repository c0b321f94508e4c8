"""bptrace compare: train the same data under several settings and compare them."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import (CONTEXT, LANG_OPTION, Exit, Finite, config_argument, console,
                                 language, out, progress_bar)


@click.command("compare", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--vary", multiple=True, required=True, metavar="NAME=V1,V2,…",
              help="A setting and its values: hidden (e.g. hidden=1;2;5-5), epochs, learning_rate, "
                   "optimizer, activation, batch_size, mode, seed, loss, l2, dropout (RATE after every hidden "
                   "layer, or LAYER:RATE). Several --vary: every combination.")
@click.option("--target", type=Finite(0, open_=True), help="Report the epochs each variant needs to reach this loss.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Train the variants in this many processes (results identical).")
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "html"]), default="rich", show_default=True,
              help="Output format: a table with loss curves (rich), json, or html (a page).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the curves (and fits or decision regions) into a PNG.")
@LANG_OPTION
def command(config, vary, target, jobs, fmt, plot, lang):
    """Train the same data under several settings and compare them.

    Without CONFIG: the course slides' cubic fit (a data set to train on).

    \b
    Examples:
      bptrace compare cubic --vary 'hidden=1;2;5-5;10-15'
      bptrace compare cubic --vary epochs=1000,3000,5000,10000
      bptrace compare redblue --vary hidden=1,2,3,5,8
      bptrace compare cubic --vary optimizer=sgd,momentum,adam --target 1e-3
    """
    if jobs > 1:                    # N processes, each with one BLAS thread: asked before
        from bptrace.training.workers import one_blas_thread  # numpy loads (then the workers
        one_blas_thread()                               # are forked from this process)
    from bptrace import api
    from bptrace.api.training import COMPARE_DEFAULT

    cfg = api.load(config if config is not None else COMPARE_DEFAULT)
    lang = language(lang, cfg)
    if plot:
        from bptrace.io.files import check_writable, inputs_of, refuse_inputs
        from bptrace.render.pictures.plots import need_matplotlib
        refuse_inputs([plot], inputs_of(cfg))
        need_matplotlib()
        check_writable([plot])
    with progress_bar(lang) as progress:
        result = api.compare(cfg, vary=list(vary), target=target, jobs=jobs, progress=progress)
    cfg, results, (kind, grid, X, T) = result.config, result.results, result.picture
    if fmt == "html":
        out(result.html(lang=lang), nl=False)
    elif fmt == "json":
        from bptrace.render import envelope, json_text
        out(json_text(envelope(
            "compare", config=cfg.file, title=cfg.title,
            variants=[{"setting": r["setting"], "values": r["values"], "history": r["history"],
                       "validation_loss": r["val_loss"], "epochs_to_target": r["epochs_to_target"],
                       "diverged": r["diverged"]} for r in results])))
    else:
        from bptrace.render.terminal.step import compare_rich
        compare_rich(console(), cfg.title, results, (kind, grid, X, T), target=target,
                     lang=lang)
    if plot:
        from bptrace.render.pictures.plots import plot_compare
        plot_compare(plot, cfg.title, [r for r in results if not r["diverged"]], kind, grid, X, T,
                     lang=lang)
    if any(r["diverged"] for r in results):
        raise Exit(1)
