"""The command line: parse options, load the config, call the engine, hand the result to a
renderer. Results go to stdout, errors to stderr (one paragraph, exit 2, no traceback).

One module per command (``bptrace.cli.step``, ``.train``, …), the options they share in
``bptrace.cli.options``; this module holds the group and the one place that turns errors
into messages and exit codes. Nothing heavy is imported: a command's module is imported when
the command runs (click's lazy group), so ``bptrace --help`` imports none and ``bptrace step``
only its own."""

from __future__ import annotations

from gettext import gettext

import click

from bptrace import __version__
from bptrace.cli.options import CONTEXT, Exit
from bptrace.errors import BadInput

# name → (its module, the first sentence of its help): `bptrace --help` lists the commands
# from here without importing them (tests/test_startup.py holds each line against the command)
COMMANDS = {
    "check": ("bptrace.cli.check", "Compare the config's expect: values (textbook numbers) with "
                                   "what bptrace computes."),
    "compare": ("bptrace.cli.compare", "Train the same data under several settings and compare "
                                       "them."),
    "draw": ("bptrace.cli.draw", "The network as the textbook draws it, with the numbers of one "
                                 "step on it."),
    "examples": ("bptrace.cli.examples", "List the built-in examples, or print one as YAML, ready "
                                         "to edit."),
    "exercise": ("bptrace.cli.exercise", "Exercise sheets with numbered blanks, and their answer "
                                         "keys."),
    "export": ("bptrace.cli.export", "Write CONFIG as a standalone PyTorch program (float64) that "
                                     "computes the same numbers."),
    "perceptron": ("bptrace.cli.perceptron", "The M-P neuron and perceptron rule of the course "
                                             "slides 《神经元、感知机与 BP 神经网络》, traced sample "
                                             "by sample."),
    "plot": ("bptrace.cli.plot", "The figures of the course documents, drawn from bptrace's own "
                                 "numbers."),
    "step": ("bptrace.cli.step", "One forward pass, one backward pass and one update, every "
                                 "scalar shown."),
    "train": ("bptrace.cli.train", "Train the network on its data set and show the loss falling."),
    "verify": ("bptrace.cli.verify", "Compare every key of CONFIG with PyTorch autograd (the "
                                     "exported program)."),
}


class _Group(click.Group):
    """Loads a command's module when the command is asked for (click's LazyGroup pattern), and
    turns our BadInput into one clear message and exit status 2, and an Exit into its message
    and status: the one place where errors become output."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMANDS:
            import importlib
            self.add_command(importlib.import_module(COMMANDS[name][0]).command, name)
        return self.commands.get(name)

    def format_commands(self, ctx, formatter):
        """The command list as click writes it, the help of a command not yet loaded from
        :data:`COMMANDS` (shortened as click shortens a command's own help)."""
        helps = {name: (self.commands[name] if name in self.commands
                        else click.Command(name, help=COMMANDS[name][1]))
                 for name in self.list_commands(ctx)}
        shown = {name: cmd for name, cmd in helps.items() if not cmd.hidden}
        if shown:
            limit = formatter.width - 6 - max(len(name) for name in shown)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit))
                                    for name, cmd in shown.items()])

    def parse_args(self, ctx, args):
        ctx.meta["bptrace.lang"] = _lang_of(list(args))     # for the error messages
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        lang = ctx.meta.get("bptrace.lang") or _lang_of([])
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            from bptrace.render.safe import terminal
            click.echo(terminal(f"bptrace: {exc.text(lang)}"), err=True)
            ctx.exit(2)
        except Exit as exc:
            if exc.message:
                from bptrace.render.safe import terminal
                click.echo(terminal(f"bptrace: {exc.message}"), err=True)
            ctx.exit(exc.code)


def _lang_of(args: list[str]) -> str:
    """The language the command line asks for: its --lang, else the environment's."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("en", "zh"):
            return args[i + 1]
        if arg in ("--lang=en", "--lang=zh"):
            return arg[7:]
    from bptrace.words import default_lang
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
      bptrace check bp-notes --diagnose    which printed values are wrong, and why
      bptrace exercise --variants 30 --out sheets/
      bptrace check --expect sheets/      grade the students' answers in that folder
      bptrace examples                    the built-in examples
    """
    import warnings
    # overflow and 0·∞ are reported by bptrace itself (non-finite values, divergence)
    warnings.filterwarnings("ignore", category=RuntimeWarning)

