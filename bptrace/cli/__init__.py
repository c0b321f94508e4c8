"""The command line: parse options, load the config, call the engine, hand the result to a
renderer. Results go to stdout, errors to stderr (one paragraph, exit 2, no traceback).

One module per command (``bptrace.cli.step``, ``.train``, …), the options they share in
``bptrace.cli.options``; this module holds the group and the one place that turns errors
into messages and exit codes. Nothing heavy is imported: ``bptrace --help`` needs no numpy."""

from __future__ import annotations

import click

from bptrace import __version__
from bptrace.cli import (check, compare, draw, examples, exercise, export, perceptron, step, train,
                         verify)
from bptrace.cli.options import CONTEXT, Exit
from bptrace.errors import BadInput
from bptrace.render.safe import terminal


class _Group(click.Group):
    """Turns our BadInput into one clear message and exit status 2, and an Exit into its
    message and status: the one place where errors become output."""

    def parse_args(self, ctx, args):
        ctx.meta["bptrace.lang"] = _lang_of(list(args))     # for the error messages
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        lang = ctx.meta.get("bptrace.lang") or _lang_of([])
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            click.echo(terminal(f"bptrace: {exc.text(lang)}"), err=True)
            ctx.exit(2)
        except Exit as exc:
            if exc.message:
                click.echo(terminal(f"bptrace: {exc.message}"), err=True)
            ctx.exit(exc.code)


def _lang_of(args: list[str]) -> str:
    """The language the command line asks for: its --lang, else the environment's."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("en", "zh"):
            return args[i + 1]
        if arg in ("--lang=en", "--lang=zh"):
            return arg[7:]
    from bptrace.lang import default_lang
    return default_lang()


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="bptrace")
def cli():
    """bptrace — makes backpropagation visible.

    Every net input, output, loss, 校对误差 (∂E/∂out), chain-rule factor and weight update
    of a small network, as the textbook writes it. CONFIG is a YAML file, the name of a
    built-in example (see 'bptrace examples') or '-' for standard input; without it, the
    classic Mazur example. Headings and messages in Chinese: --lang zh, or a zh_CN locale.

    \b
    Examples:
      bptrace step                        one step of Mazur's example, every number
      bptrace step --lang zh              the same in Chinese
      bptrace step xor --explain w_x1_y11 every chain-rule path of one weight
      bptrace train xor --epochs 2000     train, and watch the loss fall
      bptrace check seed001 --diagnose    which printed values are wrong, and why
      bptrace exercise --variants 30 --out sheets/
      bptrace check --expect sheets/      grade the students' answers in that folder
      bptrace examples                    the built-in examples
    """
    import warnings
    # overflow and 0·∞ are reported by bptrace itself (non-finite values, divergence)
    warnings.filterwarnings("ignore", category=RuntimeWarning)


for _module in (step, train, check, perceptron, compare, exercise, examples, draw, export, verify):
    cli.add_command(_module.command)
