"""``--help`` and click's usage errors in the language of the command line: every command's
help, its options' help and click's own words (Usage, Options, default …) from the
catalogues' ``help`` and ``click`` contexts (msgid: the English as written in the code), with
Chinese lines broken by display width; an unknown option, a value outside a choice or a
missing value said in that language too. The language is read eagerly (:func:`given_lang`),
so ``--lang zh`` works before or after ``--help``."""

from __future__ import annotations

import inspect
from contextlib import contextmanager

import click


def help_lang(ctx) -> str:
    from bptrace.io.settings import default_lang
    root = ctx.find_root() if ctx is not None else None
    given = root.meta.get("bptrace.lang.given") if root is not None else None
    return given or default_lang()


def translate(english: str | None, lang: str, ctx: str = "help") -> str | None:
    """The help text in `lang` (as written where the catalogue lacks it)."""
    if not english:
        return english
    from bptrace.words import has, text
    key = english if ctx != "help" else inspect.cleandoc(english)
    for where in (ctx, "click"):                # click's own options' help: its words
        if has(where, key, lang):
            return text(where, key, lang)
    return english


def wrap(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
         preserve_paragraphs: bool = False) -> str:
    """click's wrap_text, measuring display cells and breaking between Chinese characters."""
    from rich.cells import cell_len

    from bptrace.render.terminal import units

    def fill(par: str, first: str, rest: str) -> list[str]:
        lines, line, indent = [], first, first
        for a, b in units(par):
            piece = par[a:b]
            if cell_len(line) + cell_len(piece) > width and line.strip():
                lines.append(line.rstrip())
                line = indent = rest
                if piece.isspace():
                    continue
            line += piece
        if line.strip():
            lines.append(line.rstrip())
        return lines

    text = text.expandtabs()
    if not preserve_paragraphs:
        return "\n".join(fill(" ".join(text.split("\n")), initial_indent, subsequent_indent))
    out, buf = [], []

    def flush():
        if not buf:
            return
        if buf[0].strip() == "\b":
            out.extend(initial_indent + line for line in buf[1:])
        else:
            indent = len(buf[0]) - len(buf[0].lstrip())
            pad = " " * indent
            out.extend(fill(" ".join(b.strip() for b in buf), initial_indent + pad,
                            subsequent_indent + pad))
        out.append("")
        buf.clear()

    for line in text.splitlines():
        if not line.strip() and line.strip() != "\b":
            flush()
        else:
            buf.append(line)
    flush()
    return "\n".join(out).rstrip("\n")


@contextmanager
def translated(ctx):
    """While a help page is written: the command's and its options' help, and click's own
    words, in the command line's language."""
    lang = help_lang(ctx)
    if str(lang) == "en":
        yield lang
        return
    import click.core
    import click.formatting
    cmd = ctx.command
    saved = [(cmd, cmd.help, getattr(cmd, "short_help", None))]
    params = [p for p in cmd.params if hasattr(p, "help")]
    help_option = cmd.get_help_option(ctx)          # made by click on demand, not in params
    if help_option is not None and help_option not in params:
        params.append(help_option)
    saved += [(p, p.help, None) for p in params]
    patched = {click.core: click.core._, click.formatting: click.formatting._}
    wrap_text = click.formatting.wrap_text
    try:
        cmd.help = translate(cmd.help, lang)
        for p in params:
            p.help = translate(p.help, lang)
        for module in patched:
            module._ = lambda s: translate(s, lang, "click")
        click.formatting.wrap_text = wrap
        yield lang
    finally:
        for obj, h, short in saved:
            obj.help = h
        for module, f in patched.items():
            module._ = f
        click.formatting.wrap_text = wrap_text


def chinese_headings(formatter, lang) -> None:
    """Headings and the usage line with Chinese punctuation (选项：, 用法：bptrace …)."""
    if not str(lang).startswith("zh"):
        return
    plain_usage = formatter.write_usage

    def write_heading(heading):
        formatter.write(f"{'':>{formatter.current_indent}}{heading}：\n")

    def write_usage(prog, args="", prefix=None):
        plain_usage(prog, args, prefix=translate("Usage:", lang, "click"))

    formatter.write_heading, formatter.write_usage = write_heading, write_usage


class Command(click.Command):
    """A command whose --help speaks the command line's language."""

    def format_help(self, ctx, formatter):
        with translated(ctx) as lang:
            chinese_headings(formatter, lang)
            super().format_help(ctx, formatter)

    def invoke(self, ctx):
        """With -o/--output FILE (the commands that print one document): what would go to
        standard output goes into FILE instead, written atomically once the command is done
        (also where it ends with exit status 1: a check that found differences)."""
        target = ctx.params.pop("output", None) if self.name in TO_FILE else None
        if target is None:
            return super().invoke(ctx)
        import io
        from contextlib import redirect_stdout

        from bptrace.cli.options import Exit
        from bptrace.io.files import check_writable, write_atomic
        check_writable([target])
        config = ctx.params.get("config")
        if config and config != "-":
            from bptrace.io.files import refuse_inputs
            refuse_inputs([target], [config])
        buf = io.StringIO()
        try:
            with redirect_stdout(buf):
                rv = super().invoke(ctx)
        except Exit:
            write_atomic(target, buf.getvalue())
            raise
        write_atomic(target, buf.getvalue())
        return rv


# the commands whose -o/--output takes what they would print (draw and export write their own)
TO_FILE = {"step", "check", "train", "compare", "perceptron", "examples", "verify"}


def output_option(help_text: str = "Write the output into FILE instead of printing it "
                                    "(replaced if it exists, written atomically; never the "
                                    "config itself)."):
    return click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                        help=help_text)


# --- click's own usage errors (an unknown option, a value outside a choice, a missing value) in
# the language of the command line. In English they are click's words as they are; in Chinese
# they are made here from the error's parts (its option, its choices, the value given), never
# from click's English sentence.

def given_lang(argv: list[str]) -> str | None:
    """The language a command line's --lang asks for, wherever it stands (before or after
    --help, before or after the command): read eagerly, before click parses anything."""
    from bptrace.words import language
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = language(argv[i + 1]) or found
        elif arg.startswith("--lang="):
            found = language(arg[7:]) or found
    return found


def lang_of(argv: list[str]) -> str:
    """The language a command line asks for: its --lang, else the environment's."""
    from bptrace.io.settings import default_lang
    return given_lang(argv) or default_lang()


def show_usage_error(exc: click.ClickException, lang: str, argv: list[str]) -> None:
    """Write the error to stderr as click does (usage line, help hint, message)."""
    if str(lang) == "en" or not isinstance(exc, click.UsageError):
        exc.show()
        return
    from bptrace.words import text
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines.append(text("usage", "usage", lang, path=ctx.command_path, pieces=pieces).rstrip())
        help_opt = ctx.command.get_help_option(ctx)
        if help_opt is not None and help_opt.opts:
            lines.append(text("usage", "try help", lang, path=ctx.command_path,
                              opt=max(help_opt.opts, key=len)))
        lines.append("")
    lines.append(text("usage", "error", lang, message=message(exc, argv, lang)))
    click.echo("\n".join(lines), err=True)


def message(exc: click.UsageError, argv: list[str], lang: str = "zh") -> str:
    """The error in `lang`, made from its parts; where click's words cannot be rebuilt,
    click's own."""
    from bptrace.words import text
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption):
        close = sorted(exc.possibilities or [])
        sep = text("grammar", "list sep", lang)
        suggest = (text("usage", "did you mean", lang, close=sep.join(close)) if close
                   else text("usage", "full stop", lang))
        return text("usage", "no option", lang, option=exc.option_name, suggest=suggest)
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        kind = "missing argument" if isinstance(param, click.Argument) else "missing option"
        return text("usage", kind, lang, hint=_hint(param, ctx))
    if isinstance(exc, click.BadOptionUsage):
        option = _option(ctx, exc.option_name)
        if option is not None:
            return text("usage", "takes no value" if option.is_flag else "needs a value", lang,
                        option=exc.option_name)
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        hint = exc.param_hint or _hint(exc.param, ctx)
        return text("usage", "invalid value", lang, hint=hint, why=_why(exc, argv, lang))
    return exc.format_message()


def _why(exc: click.BadParameter, argv: list[str], lang: str) -> str:
    from bptrace.words import text
    kind = exc.param.type
    value = _given(exc.param, argv)
    shown = f"'{value}' " if value is not None else ""
    if isinstance(kind, click.Choice):
        choices = text("grammar", "list sep", lang).join(map(str, kind.choices))
        return text("usage", "not a choice", lang, shown=shown, choices=choices)
    if isinstance(kind, click.IntRange) and _is_int(value):
        return text("usage", "not in range", lang, shown=shown, range=_range(kind, lang))
    if kind is click.INT or isinstance(kind, click.types.IntParamType):
        return text("usage", "not an integer", lang, shown=shown)
    if kind is click.FLOAT or isinstance(kind, click.types.FloatParamType):
        return text("usage", "not a number", lang, shown=shown)
    return exc.message                      # our own types say it in the asked language


def _is_int(value: str | None) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _range(kind: click.IntRange, lang: str) -> str:
    from bptrace.words import text
    low = "−∞" if kind.min is None else str(kind.min)
    high = "∞" if kind.max is None else str(kind.max)
    return text("usage", "range", lang, low=low, high=high)


def _hint(param, ctx) -> str:
    return param.get_error_hint(ctx) if ctx is not None else f"'{param.name}'"


def _option(ctx, name: str | None):
    if ctx is None or name is None:
        return None
    for p in ctx.command.params:
        if isinstance(p, click.Option) and name in p.opts + p.secondary_opts:
            return p
    return None


def _given(param, argv: list[str]) -> str | None:
    """The value given on the command line for an option (its last occurrence)."""
    found = None
    opts = getattr(param, "opts", []) if isinstance(param, click.Option) else []
    for i, arg in enumerate(argv):
        for opt in opts:
            if arg == opt and i + 1 < len(argv):
                found = argv[i + 1]
            elif arg.startswith(opt + "="):
                found = arg[len(opt) + 1:]
    return found
