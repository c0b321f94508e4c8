"""What the commands share: the options (--lang, --format choices, finite numbers), the
Exit outcome, and small helpers (console, language, comma lists, refused combinations,
the non-finite warning). Light: click only."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterable

import click

from bptrace.errors import BadInput

FORMATS = ("rich", "json", "markdown", "latex", "csv", "html")
class LangType(click.ParamType):
    """--lang: en, zh (zh_CN) or zh_TW, in any usual spelling (zh-TW, zh_HK, zh-Hans …)."""

    name = "lang"

    def get_metavar(self, param, ctx=None):
        return "[en|zh|zh_TW]"

    def convert(self, value, param, ctx):
        from bptrace.words import language as code
        found = code(str(value)) if value is not None else None
        if found is None:
            self.fail(said(ctx, "use one of", option="--lang", value=value,
                           known=["en", "zh", "zh_CN", "zh_TW"]), param, ctx)
        return found

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem
        return [CompletionItem(c) for c in ("en", "zh", "zh_CN", "zh_TW") if c.startswith(incomplete)]


LANG_OPTION = click.option("--lang", type=LangType(), default=None,
                           help="Language of headings, explanations and help: en, zh (Simplified) "
                                "or zh_TW (Traditional) (default: BPTRACE_LANG, the settings file, "
                                "the locale).")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def complete_config(ctx, param, incomplete: str):
    """Shell completion of CONFIG: the built-in examples' names, then files (the shell
    completes file names itself: bash, zsh and fish, see the README)."""
    from click.shell_completion import CompletionItem

    from bptrace.config import examples
    names = ([n.split("/", 1)[1] for n in examples.perceptron_names()]
             if ctx.info_name == "perceptron" else examples.names())
    found = [CompletionItem(n) for n in names if n.startswith(incomplete)]
    # the file item first: click's bash script empties its list at a file item, so after
    # the names it would drop them (bash then completes file names only where no name fits)
    return [CompletionItem(incomplete, type="file")] + found


def _config_names(ctx, kinds: tuple[str, ...]) -> list[str]:
    """The loaded config's parameter names ("params"), neuron names ("neurons") or quantity
    keys ("keys"), for completing --explain, --path and --only; none where the config cannot
    be read (completion never prints an error)."""
    import contextlib
    import io
    config = ctx.params.get("config") or _config_typed(ctx)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            from bptrace.config import load_config
            cfg = load_config(config)
            net = cfg.network
            if sum(a.size for a in net.arrays()) > 5000:     # a big network: no list to offer
                return []
            found = []
            if "params" in kinds:
                found += [p.name for p in net.params]
            if "neurons" in kinds:
                found += [n for layer in net.layers for n in layer.neurons]
            if "keys" in kinds:
                from bptrace import api
                found += api.step(cfg).trace.keys()     # (Step.keys is the selection)
            return list(dict.fromkeys(found))
    except Exception:                               # any bad config: nothing to offer
        return []


def _config_typed(ctx) -> str | None:
    """CONFIG as typed on the line being completed (click leaves it out of ctx.params while
    an option still waits for its value): the first word after the command that is neither
    an option nor an option's value."""
    import os
    import shlex
    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
        start = words.index(ctx.info_name) + 1
    except ValueError:
        return None
    valued = {o for p in ctx.command.params if isinstance(p, click.Option) and not p.is_flag
              for o in p.opts + p.secondary_opts}
    skip = False
    for word in words[start:]:
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            skip = word in valued
        else:
            return word
    return None


def completer(*kinds: str):
    """A shell_complete for an option naming the config's parameters, neurons or keys
    (a comma-separated list completes its last item)."""
    def complete(ctx, param, incomplete: str):
        from click.shell_completion import CompletionItem
        head, _, last = incomplete.rpartition(",")
        prefix = head + "," if head else ""
        return [CompletionItem(prefix + n) for n in _config_names(ctx, kinds)
                if n.startswith(last)]
    return complete


def config_argument(**kw):
    """CONFIG: a YAML file, a built-in example's name, or '-' for standard input."""
    return click.argument("config", required=False, shell_complete=complete_config, **kw)


class Finite(click.ParamType):
    """A finite float (click's FLOAT accepts nan and inf), optionally > 0 or ≥ 0."""

    name = "number"

    def __init__(self, minimum: float | None = None, open_: bool = False):
        self.minimum, self.open = minimum, open_

    def convert(self, value, param, ctx):
        import math
        try:
            v = float(value)
        except (TypeError, ValueError):
            self.fail(said(ctx, "not a number", value=value), param, ctx)
        if not math.isfinite(v):
            self.fail(said(ctx, "not finite", value=value), param, ctx)
        if self.minimum is not None and (v < self.minimum or (self.open and v == self.minimum)):
            self.fail(said(ctx, "greater than" if self.open else "at least", value=value,
                           min=f"{self.minimum:g}"), param, ctx)
        return v


class RoundTo(click.ParamType):
    """``--round``: N decimals (0–15), or ``printed`` (the expect: values as printed)."""

    name = "N|printed"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "printed":
            return value
        try:
            n = int(value)
        except (TypeError, ValueError):
            self.fail(said(ctx, "round what", value=value), param, ctx)
        if not 0 <= n <= 15:
            self.fail(said(ctx, "round range", value=value), param, ctx)
        return n


def said(ctx, key: str, **args) -> str:
    """A keyed message in the language of the command line (an option's own error)."""
    from bptrace.words.messages import error_text
    lang = ctx.meta.get("bptrace.lang", "en") if ctx is not None else "en"
    return error_text(key, lang, args)


class Exit(Exception):
    """A command's outcome other than success: a message for stderr (may be empty) and an
    exit status. Raised by the commands, turned into output only by the group."""

    def __init__(self, code: int, message: str = ""):
        super().__init__(message)
        self.code, self.message = code, message


def console():
    """The terminal of a command's Rich output."""
    from bptrace.render.safe import console as safe_console
    return safe_console(highlight=False, emoji=False)


def language(lang: str | None, cfg=None):
    """--lang (given to the command or before it, to bptrace itself), or the language of the
    environment; with the terms of the user's settings and of the config (``terms:``)."""
    from bptrace.io.settings import resolve
    if lang is None:
        ctx = click.get_current_context(silent=True)
        lang = ctx.meta.get("bptrace.lang.given") if ctx is not None else None
    return resolve(lang, getattr(cfg, "terms", None))


def digits_default(digits: int | None, fallback: int | None = None) -> int | None:
    """--digits as given, else BPTRACE_DIGITS, else the settings file, else the command's own
    default (``fallback``, or the option's default)."""
    from click.core import ParameterSource
    ctx = click.get_current_context(silent=True)
    source = ctx.get_parameter_source("digits") if ctx is not None else None
    if digits is not None and source not in (None, ParameterSource.DEFAULT):
        return digits
    from bptrace.io.settings import default_digits
    return default_digits() or (digits if digits is not None else fallback)


def split(values: tuple[str, ...]) -> list[str]:
    """Repeatable, comma-separated option values as one list."""
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def alone(what: str, **others) -> None:
    """Refuse options that the chosen view would silently ignore."""
    given = [f"--{name}" for name, value in others.items() if value not in (None, False, (), [])]
    if given:
        raise BadInput(key="not combined", args={"what": what,
                                                 "options": ", ".join(given).replace("_", "-")})


def warn_nonfinite(tr, lang: str = "en") -> None:
    """NaN and infinity never pass silently: one line on stderr (the output shows them)."""
    from bptrace.words.messages import error_text
    bad = tr.nonfinite()
    if bad:
        more = (error_text("and more", lang, {"n": len(bad) - 8}) if len(bad) > 8 else "")
        note(error_text("not finite values", lang, {
            "file": tr.file, "n": len(bad), "are": "value is" if len(bad) == 1 else "values are",
            "keys": bad[:8], "more": more}))


def out(text: str, nl: bool = True) -> None:
    from bptrace.render.safe import terminal
    click.echo(terminal(text), nl=nl)


def note(text: str) -> None:
    """A line on stderr that is not an error (e.g. 'saved …')."""
    from bptrace.render.safe import terminal
    click.echo(terminal(text), err=True)


# --- Writing a long text made in chunks (the streamed JSON of a large trace): a chunk of
# printable ASCII goes to the binary stdout as the bytes it already is — one pass to check it,
# none to convert it, no search for colour codes it cannot hold; any other chunk, or a stdout
# without a binary side, goes through :func:`bptrace.cli.options.out`, which shows control
# characters escaped. The bytes written are the same either way.

# printable ASCII, tab and newline: what bptrace.render.safe.terminal leaves as it is
_SAFE_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n"


def write_chunks(chunks: Iterable[str]) -> None:
    from bptrace.cli.options import out

    stdout = sys.stdout
    binary = getattr(stdout, "buffer", None)
    flushed = False
    for text in chunks:
        data = text.encode("ascii") if binary is not None and text.isascii() else None
        if data is None or data.translate(None, _SAFE_ASCII):
            out(text, nl=False)
            flushed = False
            continue
        if not flushed:                 # what went through the text side first goes first
            stdout.flush()
            flushed = True
        binary.write(data)
    if flushed:
        binary.flush()


# --- Progress on stderr for the long commands (check --diagnose, compare, a class set): the
# engine calls back with Progress records (bptrace.training.loop); this turns them into a bar on
# stderr — shown whenever stderr is a terminal, so also when stdout is redirected to a file,
# and never mixed into the output itself.

def stderr_console():
    from rich.console import Console
    return Console(stderr=True, highlight=False, emoji=False)


@contextmanager
def progress_bar(lang: str = "en", console=None):
    """A callback for Progress records drawing a transient bar on stderr, or None where
    stderr is not a terminal (nothing to draw on)."""
    screen = console or stderr_console()
    if not screen.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from bptrace.words import has, text
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=screen, transient=True)
    tasks: dict[str, int] = {}

    def callback(p) -> None:
        if p.stage not in tasks:
            tasks[p.stage] = bar.add_task(text("stage", p.stage, lang) if has("stage", p.stage)
                                          else p.stage, total=p.total)
        bar.update(tasks[p.stage], completed=p.done, total=p.total)

    with bar:
        yield callback
