"""The command line: parse options, load the config, call the engine, hand the result to a
renderer. Results go to stdout, errors to stderr (one paragraph, exit 2, no traceback).

One module per command (``bptrace.cli.step``, ``.train``, …), the options they share in
``bptrace.cli.options``; this module holds the group and the one place that turns errors
into messages and exit codes. Nothing heavy is imported: a command's module is imported when
the command runs (click's lazy group), so ``bptrace --help`` imports none and ``bptrace step``
only its own."""

from __future__ import annotations

import click

from bptrace import __version__
from bptrace.cli.options import CONTEXT, Exit, LangType
from bptrace.errors import BadInput

# name → (where it is: "module" for the module's `command`, "module:name" otherwise; the first
# sentence of its help): `bptrace --help` lists the commands from here without importing them (tests/test_startup.py holds each line against the command)
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
    "verify": ("bptrace.cli.export:verify", "Compare every key of CONFIG with PyTorch autograd (the "
                                     "exported program)."),
}


def load(where: str) -> click.Command:
    """The command at ``where`` in :data:`COMMANDS` ("module" or "module:name")."""
    import importlib
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name or "command")


class _Group(click.Group):
    """Loads a command's module when the command is asked for (click's LazyGroup pattern), and
    turns our BadInput into one clear message and exit status 2, and an Exit into its message
    and status: the one place where errors become output."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMANDS:
            self.add_command(load(COMMANDS[name][0]), name)
        return self.commands.get(name)

    def resolve_command(self, ctx, args):
        """A mistyped command is a usage error that says which command was meant."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from bptrace.errors import close_matches
            from bptrace.words.messages import error_text
            lang = ctx.meta.get("bptrace.lang") or _default_lang()
            raise click.UsageError(error_text("no command", lang, {
                "name": name, "close": close_matches(name, self.list_commands(ctx)),
                "known": self.list_commands(ctx)}), ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx, formatter):
        """The command list as click writes it, the help of a command not yet loaded from
        :data:`COMMANDS` (shortened as click shortens a command's own help)."""
        helps = {name: (self.commands[name] if name in self.commands
                        else click.Command(name, help=COMMANDS[name][1]))
                 for name in self.list_commands(ctx)}
        shown = {name: cmd for name, cmd in helps.items() if not cmd.hidden}
        from bptrace.cli.help import help_lang, translate
        lang = help_lang(ctx)
        for name in list(shown):
            if name in COMMANDS and str(lang) != "en":
                shown[name] = click.Command(name, help=translate(COMMANDS[name][1], lang))
        if shown:
            limit = formatter.width - 6 - max(len(name) for name in shown)
            with formatter.section(translate("Commands", lang, "click")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit))
                                    for name, cmd in shown.items()])

    def parse_args(self, ctx, args):
        from bptrace.cli.help import given_lang
        given = given_lang(list(args))                       # read eagerly: --help speaks it
        ctx.meta["bptrace.lang.given"] = given
        ctx.meta["bptrace.lang"] = given or _default_lang()  # for the error messages
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter):
        from bptrace.cli.help import chinese_headings, translate, translated
        with translated(ctx) as lang:
            chinese_headings(formatter, lang)
            super().format_help(ctx, formatter)
            with formatter.section(translate("Settings", lang, "click")):
                formatter.write_text(translate(
                    "Defaults for every command: --lang beats BPTRACE_LANG, which beats the "
                    "settings file; --digits beats BPTRACE_DIGITS, which beats the file. The "
                    "settings file (lang:, digits:, terms:) is:", lang))
                formatter.write(f"{'':>{formatter.current_indent}}{_settings_note()}\n")   # whole

    def invoke(self, ctx):
        lang = ctx.meta.get("bptrace.lang") or _default_lang()
        try:
            _check_defaults()
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


def _default_lang() -> str:
    from bptrace.io.settings import default_lang
    return default_lang()


def _check_defaults() -> None:
    """BPTRACE_LANG, BPTRACE_DIGITS and the settings file, checked once before a command runs:
    a value bptrace cannot use is bad input (elsewhere it is passed over quietly)."""
    import os
    from bptrace.words import language
    from bptrace.io.settings import env_digits, user_settings
    raw = os.environ.get("BPTRACE_LANG", "").strip()
    if raw and language(raw) is None:
        raise BadInput(key="env lang", args={"value": raw})
    env_digits()
    user_settings()


def _settings_note() -> str:
    import os
    from bptrace.io.settings import settings_path
    path, home = str(settings_path()), os.path.expanduser("~")
    return "~" + path[len(home):] if home not in ("", "~", "/") and path.startswith(home + os.sep) else path


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="bptrace")
@click.option("--lang", type=LangType(), expose_value=False, is_eager=True,
              help="Language of everything bptrace writes, help included: en, zh (Simplified) "
                   "or zh_TW (Traditional); also after the command or after --help.")
def cli():
    """bptrace — makes backpropagation visible.

    Every net input, output, loss, 校对误差 (∂E/∂out), chain-rule factor and weight update
    of a small network, as the textbook writes it. CONFIG is a YAML file, the name of a
    built-in example (see 'bptrace examples') or '-' for standard input; without it, the
    classic Mazur example. In Chinese: --lang zh (Simplified) or --lang zh_TW (Traditional),
    or BPTRACE_LANG, or a zh_CN / zh_TW locale.

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

