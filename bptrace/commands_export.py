"""The `export` and `verify` commands: a config as a PyTorch program, and bptrace's numbers
against that program's. Options in, calls out, results to the renderers."""

from __future__ import annotations

import click

from bptrace.errors import BadInput

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--to", "target", type=click.Choice(["pytorch"]), required=True,
              help="The framework to write a program for.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the program into FILE (default: print it).")
@click.option("--force", is_flag=True, help="Overwrite FILE where it exists.")
@click.option("--train", is_flag=True,
              help="The program trains by default (as the config's train: says), not only steps.")
def export(config, target, output, force, train):
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
    from bptrace.files import write_atomic

    cfg = load_config(config)
    if output is not None and Path(output).exists() and not force:
        raise BadInput(f"{output} exists: give --force to overwrite it.")
    text = program(cfg, output, train_by_default=train)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    click.echo(f"wrote {output}: python {output} {'' if train else '[--train] '}[--device cuda]")


@click.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--train", is_flag=True,
              help="Also train, and compare the trained values (the optimizer's first updates).")
@click.option("--updates", type=click.IntRange(min=1), default=100, show_default=True,
              help="With --train: at most this many updates (whole epochs).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show this many of the worst keys.")
@click.option("--device", default="cpu", show_default=True, help="cpu or cuda, for PyTorch.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich",
              show_default=True)
def verify(config, train, updates, top, device, fmt):
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
    from bptrace.verify import verify as run_verify

    cfg = load_config(config)
    try:
        result = run_verify(cfg, train=train, updates=updates, device=device)
    except Diverged as exc:
        click.echo(f"bptrace: {cfg.file}: bptrace's training diverged at epoch {exc.epoch}: "
                   f"{exc}; nothing to compare.", err=True)
        raise click.exceptions.Exit(1)
    if fmt == "json":
        from bptrace.render.verify import verify_json
        click.echo(verify_json(result))
    else:
        from rich.console import Console

        from bptrace.render.verify import verify_rich
        verify_rich(result, Console(highlight=False, emoji=False), top=top)
    if not result.ok:
        raise click.exceptions.Exit(1)
