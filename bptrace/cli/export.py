"""`bptrace export` and `bptrace verify`: a config as a standalone PyTorch program, and bptrace's
numbers held against that program's. Options in, calls out, results to the renderers."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
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


@click.command("verify", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--train", is_flag=True,
              help="Also train, and compare the trained values (the optimizer's first updates).")
@click.option("--updates", type=click.IntRange(min=1), default=100, show_default=True,
              help="With --train: at most this many updates (whole epochs).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show this many of the worst keys.")
@click.option("--device", default="cpu", show_default=True, help="cpu or cuda, for PyTorch.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich",
              show_default=True, help="Output format: the table of the worst keys (rich) or json.")
@LANG_OPTION
def verify(config, train, updates, top, device, fmt, lang):
    """Compare every key of CONFIG with PyTorch autograd (the exported program).

    \b
    A step agrees to a relative 1e-9, training to 1e-7. Exit status 1 where any key
    differs; 2 where PyTorch is not installed (pip install 'bptrace[torch]').
    Examples:
      bptrace verify mazur
      bptrace verify xor --train
    """
    from bptrace.config import load_config
    from bptrace.errors import Diverged
    from bptrace.export.verify import verify as run_verify

    cfg = load_config(config)
    try:
        result = run_verify(cfg, train=train, updates=updates, device=device)
    except Diverged as exc:
        from bptrace.cli.options import language
        from bptrace.words.messages import error_text
        click.echo(error_text("verify diverged", language(lang, cfg),
                              {"file": cfg.file, "epoch": exc.epoch, "why": str(exc)}), err=True)
        raise click.exceptions.Exit(1)
    if fmt == "json":
        from bptrace.render.terminal.tables import verify_json
        click.echo(verify_json(result))
    else:
        from rich.console import Console

        from bptrace.render.terminal.tables import verify_rich
        verify_rich(result, Console(highlight=False, emoji=False), top=top)
    if not result.ok:
        raise click.exceptions.Exit(1)
