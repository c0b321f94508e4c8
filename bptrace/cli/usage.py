"""click's own usage errors (an unknown option, a value outside a choice, a missing value) in
the language of the command line. In English they are click's words as they are; in Chinese
they are made here from the error's parts (its option, its choices, the value given), never
from click's English sentence."""

from __future__ import annotations

import click


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


def show(exc: click.ClickException, lang: str, argv: list[str]) -> None:
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
