"""`bptrace plot KIND`: the figures the course documents lost, drawn from the engine's own
numbers (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

import click

from bptrace.cli.help import Command
from bptrace.cli.options import CONTEXT, LANG_OPTION, Finite, alone, complete_config

PLOT_FORMATS = ("svg", "png", "pdf")
KINDS = ("activations", "slice", "surface", "trajectory", "schedule")   # bptrace.api.figures.KINDS
# the options each kind takes (the others are refused, never silently ignored)
TAKES = {"activations": {"config", "span"},
         "slice": {"param", "span", "lr"},
         "surface": {"params", "span", "lr", "epochs"},
         "trajectory": {"params", "optimizers", "span", "lr", "epochs"},
         "schedule": {"decay", "lr", "epochs"}}


@click.command("plot", cls=Command, context_settings=CONTEXT)
@click.argument("kind", metavar="KIND")
@click.argument("target", metavar="[NAMES|CONFIG]", required=False, shell_complete=complete_config)
@click.option("--config", "config", metavar="CONFIG", shell_complete=complete_config,
              help="activations: mark where this config's neurons sit (net, out, f′ of one step).")
@click.option("--param", metavar="P", help="slice: the parameter to vary.")
@click.option("--params", metavar="P,Q", help="surface, trajectory: the two parameters.")
@click.option("--optimizers", metavar="NAME[=LR],…",
              help="trajectory: the optimizers to compare (default sgd,momentum,adam), each "
                   "with its own η where given (adam=0.05).")
@click.option("--decay", metavar="RATE:STEPS",
              help="schedule: η₀·RATE^(update/STEPS) (default: the config's train: schedule).")
@click.option("--range", "span", metavar="LO:HI[,LO:HI]",
              help="The range drawn: of z (activations), of P (slice), of P and Q (surface, "
                   "trajectory; an empty one is chosen). Default: around the values and paths.")
@click.option("--epochs", type=click.IntRange(min=1), help="Epochs of training (default: the config's).")
@click.option("--lr", type=Finite(0, open_=True), help="Learning rate η (default: the config's learning_rate).")
@click.option("--format", "fmt", type=click.Choice(PLOT_FORMATS), default=None,
              help="svg (default), png or pdf. With -o: from the file's suffix.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the figure into FILE instead of printing it (replaced if it exists, "
                   "written atomically; never the config itself).")
@LANG_OPTION
def command(kind, target, config, param, params, optimizers, decay, span, epochs, lr, fmt, out,
            lang):
    """The figures of the course documents, drawn from bptrace's own numbers.

    \b
    KIND is one of:
      activations NAMES  each activation and its derivative (sigmoid,tanh,…)
      slice CONFIG       the loss over one parameter (--param): slope and step
      surface CONFIG     the loss over two (--params), gradient descent's path
      trajectory CONFIG  each optimizer's path on it (--optimizers)
      schedule CONFIG    the learning rate η of every update (--decay)

    \b
    Examples:
      bptrace plot activations sigmoid,tanh,softsign -o act.png
      bptrace plot activations --config xor    XOR's neurons on their curve
      bptrace plot slice --param w5 > w5.svg   Mazur's w5: slope and step
      bptrace plot surface --params w1,w5 -o surface.png
      bptrace plot trajectory hagan --params w2_11,b2 \\
          --optimizers sgd,momentum,adam=0.05 --epochs 30 -o opt.png
      bptrace plot schedule curve -o eta.png   the article's decaying η
    """
    from bptrace.api.figures import figure, kind_of
    from bptrace.cli.options import language
    from bptrace.errors import BadInput
    from bptrace.render.pictures import picture_format
    from bptrace.render.pictures.plots import need_matplotlib

    lang = language(lang)
    kind = kind_of(kind)
    given = dict(config=config, param=param, params=params, optimizers=optimizers, decay=decay,
                 span=span, lr=lr, epochs=epochs)
    alone(f"bptrace plot {kind}", **{k: v for k, v in given.items() if k not in TAKES[kind]})
    if out is not None and fmt is None and not out.lower().endswith((".svg", ".png", ".pdf")):
        from pathlib import Path

        from bptrace.words.messages import what
        raise BadInput(key="plot suffix", args={"out": out,
                                                "suffix": Path(out).suffix or what("no suffix")})
    fmt = picture_format(fmt, out)
    if fmt != "svg" and out is None:
        raise BadInput(key="draw needs file", args={"fmt": fmt})
    need_matplotlib("bptrace plot", key="plot needs matplotlib")
    from bptrace import api
    source = config if kind == "activations" else target
    cfg = api.load(source) if source is not None or kind != "activations" else None
    if out is not None:
        from bptrace.io.files import inputs_of, refuse_inputs
        refuse_inputs([out], inputs_of(cfg))
    if kind == "activations":
        fig = figure(kind, cfg, names=target, span=span)
    else:
        fig = figure(kind, cfg, param=param, params=params, optimizers=optimizers,
                     decay=decay, span=span, epochs=epochs, lr=lr)
    data = fig.picture(fmt, lang)
    if out is None:
        from bptrace.cli.options import out as echo
        echo(data.decode("utf-8"), nl=False)
    else:
        from bptrace.io.files import write_atomic
        write_atomic(out, data)
