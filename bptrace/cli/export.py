"""`bptrace export`: a config as a standalone PyTorch program. Options in, calls out, results to the renderers."""

from __future__ import annotations

import click

from bptrace.cli.help import Command
from bptrace.cli.options import CONTEXT, LANG_OPTION, config_argument
from bptrace.errors import BadInput




@click.command("export", cls=Command, context_settings=CONTEXT)
@config_argument()
@click.option("--to", "target", type=click.Choice(["pytorch"]), required=True,
              help="The framework to write a program for.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              metavar="FILE", help="Write the program into FILE instead of printing it (replaced "
                                   "if it exists, written atomically; never the config itself).")
@click.option("--force", is_flag=True, hidden=True)     # (older scripts: -o now replaces FILE)
@click.option("--train", is_flag=True,
              help="The program trains by default (as the config's train: says), not only steps.")
@LANG_OPTION
def command(config, target, output, force, train, lang):
    """Write CONFIG as a standalone PyTorch program (float64) that computes the same numbers.

    \b
    The program builds the network under the config's names, runs the same step (and,
    with --train, the same training) and prints every key as JSON, like
    `bptrace step --format json`. `bptrace verify CONFIG` runs it and compares.
    Examples:
      bptrace export mazur --to pytorch
      bptrace export xor --to pytorch --train -o xor_torch.py
    """
    from pathlib import Path

    from bptrace.config import load_config
    from bptrace.export.pytorch import program
    from bptrace.io.files import write_atomic

    cfg = load_config(config)
    if train and cfg.learning_rate is None:     # as bptrace train refuses it
        raise BadInput(key="export train needs a learning rate", file=cfg.file)
    if train and cfg.network.sequential:
        raise BadInput(key="export train sequential", file=cfg.file, path="conventions.update")
    if output is not None:
        from bptrace.io.files import inputs_of, refuse_inputs
        refuse_inputs([output], inputs_of(cfg))
    text = program(cfg, output, train_by_default=train)
    if output is None:
        from bptrace.cli.options import out
        out(text, nl=False)                 # (no control character reaches a terminal)
        return
    write_atomic(output, text)
    from bptrace.cli.options import language
    from bptrace.words.messages import error_text
    click.echo(error_text("wrote program", language(lang, cfg), {
        "path": output, "run": f"python {output} {'' if train else '[--train] '}[--device cuda]"}))
