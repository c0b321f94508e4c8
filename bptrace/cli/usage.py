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
    from bptrace.words import default_lang
    return given_lang(argv) or default_lang()


def show(exc: click.ClickException, lang: str, argv: list[str]) -> None:
    """Write the error to stderr as click does (usage line, help hint, message)."""
    if lang != "zh" or not isinstance(exc, click.UsageError):
        exc.show()
        return
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines.append(f"用法：{ctx.command_path} {pieces}".rstrip())
        help_opt = ctx.command.get_help_option(ctx)
        if help_opt is not None and help_opt.opts:
            lines.append(f"运行 '{ctx.command_path} {max(help_opt.opts, key=len)}' 查看帮助。")
        lines.append("")
    lines.append(f"错误：{message(exc, argv)}")
    click.echo("\n".join(lines), err=True)


def message(exc: click.UsageError, argv: list[str]) -> str:
    """The error in Chinese; where click's words cannot be rebuilt, click's own."""
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption):
        close = sorted(exc.possibilities or [])
        return f"没有选项 {exc.option_name}" + (f"——是不是想写 {'、'.join(close)}？" if close else "。")
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        hint = _hint(param, ctx)
        return f"缺少{'参数' if isinstance(param, click.Argument) else '选项'} {hint}。"
    if isinstance(exc, click.BadOptionUsage):
        option = _option(ctx, exc.option_name)
        if option is not None:
            need = "不接受值" if option.is_flag else "需要一个值"
            return f"选项 {exc.option_name} {need}。"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        hint = exc.param_hint or _hint(exc.param, ctx)
        return f"{hint} 的值无效：{_why(exc, argv)}"
    return exc.format_message()


def _why(exc: click.BadParameter, argv: list[str]) -> str:
    kind = exc.param.type
    value = _given(exc.param, argv)
    shown = f"'{value}' " if value is not None else ""
    if isinstance(kind, click.Choice):
        return f"{shown}不是可选的值之一：{'、'.join(map(str, kind.choices))}。"
    if isinstance(kind, click.IntRange) and _is_int(value):
        return f"{shown}不在 {_range(kind)} 之内。"
    if kind is click.INT or isinstance(kind, click.types.IntParamType):
        return f"{shown}不是整数。"
    if kind is click.FLOAT or isinstance(kind, click.types.FloatParamType):
        return f"{shown}不是数。"
    return exc.message                      # our own types say it in the asked language


def _is_int(value: str | None) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _range(kind: click.IntRange) -> str:
    low = "−∞" if kind.min is None else str(kind.min)
    high = "∞" if kind.max is None else str(kind.max)
    return f"{low} 到 {high}"


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
