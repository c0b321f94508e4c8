"""`bptrace draw`: the network picture with the numbers of one traced step on it."""

from __future__ import annotations

import click

from bptrace.cli.help import Command
from bptrace.cli.options import (CONTEXT, LANG_OPTION, completer, config_argument, digits_default,
                                 language)
from bptrace.errors import BadInput
from bptrace.render.pictures import picture_format, render_picture

DRAW_FORMATS = ("svg", "png", "pdf", "tikz", "dot")


@click.command("draw", cls=Command, context_settings=CONTEXT)
@config_argument()
@click.option("--format", "fmt", type=click.Choice(DRAW_FORMATS), default=None,
              help="svg (default), png or pdf (need matplotlib: pip install 'bptrace[plot]'), "
                   "tikz (for LaTeX) or dot (graphviz). With -o: from the file's suffix.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the picture into FILE instead of printing it (replaced if it exists, "
                   "written atomically; never the config itself).")
@click.option("--show", "show", default="values", show_default=True, metavar="WHAT,…",
              help="Numbers on the picture: values (net, out, weights), grad (∂E/∂w on the "
                   "edges), new (values after the update), err (∂E/∂out), delta (∂E/∂net).")
@click.option("--path", "path", metavar="PARAM|NEURON", shell_complete=completer("params", "neurons"),
              help="Highlight every chain-rule path from the loss to this parameter (or into "
                   "this neuron's err), one colour each, and list their factors.")
@click.option("--digits", type=click.IntRange(1, 17), default=4, show_default=True,
              help="Significant digits of the numbers on the picture.")
@LANG_OPTION
def command(config, fmt, out, show, path, digits, lang):
    """The network as the textbook draws it, with the numbers of one step on it.

    \b
    Examples:
      bptrace draw > mazur.svg                      Mazur's net, net and out on every neuron
      bptrace draw --show values,grad,new -o after.svg   after the update
      bptrace draw --path w1 -o w1.svg               both chain-rule paths of ∂E/∂w1
      bptrace draw xor --format tikz                 for the LaTeX handout
    """
    from bptrace import api

    fmt = picture_format(fmt, out)
    if fmt in ("png", "pdf") and out is None:
        raise BadInput(key="draw needs file", args={"fmt": fmt})
    cfg = api.load(config)
    lang = language(lang, cfg)
    digits = digits_default(digits)
    if out is not None:
        from bptrace.io.files import inputs_of, refuse_inputs
        refuse_inputs([out], inputs_of(cfg))
    drawing = api.draw(cfg, show=show, path=path, digits=digits)
    if cfg.learning_rate is None and "new" in [s.strip() for s in show.split(",")]:
        from bptrace.cli.options import note
        from bptrace.words.messages import error_text
        note(error_text("draw no lr", lang, {"file": cfg.file}))
    rec = drawing.record
    data = render_picture(rec, fmt, lang)
    if out is None:
        from bptrace.cli.options import out as echo
        echo(data, nl=False)                # (text: no control character reaches a terminal)
    else:
        from bptrace.io.files import write_atomic
        write_atomic(out, data)
