"""`bptrace verify`: bptrace's numbers against those of the exported PyTorch program. Options in, calls out, results to the renderers."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import CONTEXT, LANG_OPTION, config_argument
from bptrace.errors import BadInput


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
def command(config, train, updates, top, device, fmt, lang):
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
