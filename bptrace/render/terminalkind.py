"""The terminal as Rich's console sees it, decided as Rich 15 decides it — whether the file
is a terminal, a dumb one, its colour system, its size — and the styles of Rich's default
theme by name: what :mod:`bptrace.render.lite` needs of Rich's console without loading it
(tests/test_lite_console.py holds the two against each other)."""

from __future__ import annotations

import os

from rich.style import Style

_TERM_COLORS = {"kitty": "EIGHT_BIT", "256color": "EIGHT_BIT", "16color": "STANDARD"}
_STD_STREAMS = (0, 1, 2)
# the styles a step uses, as Rich's default theme has them (tests/test_lite_console.py)
_THEMED = {"": "", "none": "", "bold": "bold", "italic": "italic", "table.header": "bold"}


def is_terminal(file) -> bool:
    isatty = getattr(file, "isatty", None)
    try:
        return False if isatty is None else isatty()
    except ValueError:                      # a closed file
        return False


def is_dumb(env, terminal: bool) -> bool:
    return terminal and env.get("TERM", "").lower() in ("dumb", "unknown")


def color_system(env):
    """The colour system of a terminal (not a dumb one) in this environment."""
    from rich.color import ColorSystem
    color_term = env.get("COLORTERM", "").strip().lower()
    if color_term in ("truecolor", "24bit"):
        return ColorSystem.TRUECOLOR
    colors = env.get("TERM", "").strip().lower().rpartition("-")[2]
    return getattr(ColorSystem, _TERM_COLORS.get(colors, "STANDARD"))


def size(env, width: int | None, height: int | None, dumb: bool) -> tuple[int, int]:
    """(width, height): as given (COLUMNS and LINES when the console was made), else the
    first standard stream's terminal size, COLUMNS and LINES now, 80 × 25."""
    if width is not None and height is not None:
        return width, height
    if dumb:
        return 80, 25
    w = h = None
    for fd in _STD_STREAMS:
        try:
            w, h = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            pass
        else:
            break
    columns, lines = env.get("COLUMNS"), env.get("LINES")
    if columns is not None and columns.isdigit():
        w = int(columns)
    if lines is not None and lines.isdigit():
        h = int(lines)
    w, h = w or 80, h or 25
    return (w if width is None else width, h if height is None else height)


def style_named(name, default=None) -> Style:
    """A style by its name in Rich's default theme, or parsed (as Rich's console does)."""
    if isinstance(name, Style):
        return name
    if name in _THEMED:                     # the step's own: no need to load the theme
        return Style.parse(_THEMED[name])
    from rich.default_styles import DEFAULT_STYLES
    from rich.errors import MissingStyle, StyleSyntaxError

    try:
        style = DEFAULT_STYLES.get(name)
        if style is None:
            style = Style.parse(name)
        return style.copy() if style.link else style
    except StyleSyntaxError as error:
        if default is not None:
            return style_named(default)
        raise MissingStyle(f"Failed to get style {name!r}; {error}") from None
