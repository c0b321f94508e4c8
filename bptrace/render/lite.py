"""The terminal of ``bptrace step``: what Rich's console prints, byte for byte, for texts
(``rich.text.Text``, :class:`~bptrace.render.cjk.Para`, :class:`~bptrace.render.cjk.Block`)
and the tables :mod:`bptrace.render.grid` draws, without loading ``rich.console`` (which,
with the console it makes, costs more than the whole step). Width, terminal and colour
system are decided as Rich decides them; Rich's own ``Text`` wraps; lines are cropped to the
width, every character goes through :func:`~bptrace.render.safe.terminal`, styles become
Rich's SGR codes. Where the environment is one it does not mirror (Windows, Jupyter, IDLE,
FORCE_COLOR, TTY_COMPATIBLE, an empty NO_COLOR, another option), :func:`console` gives
Rich's console; asked for anything else (another renderable, a table only Rich draws, a
keyword or attribute it lacks), the light console hands that call and every later one to
Rich's, made with the same options: what it printed before is what Rich would have printed.
tests/test_lite_console.py holds the two against each other."""

from __future__ import annotations

import builtins
import os
import sys

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from bptrace.render import terminalkind as kind
from bptrace.render.safe import terminal

# the options of Rich's console the light one takes (the others: Rich's console)
_TAKEN = {"file", "stderr", "highlight", "emoji", "markup", "_environ"}
# settings of the environment only Rich's console follows (they differ between its versions)
_RICH_ONLY = ("FORCE_COLOR", "TTY_COMPATIBLE")
_OWN = {"_given", "_file", "_environ", "stderr", "quiet", "no_color", "_color_system",
        "_width", "_height", "_rich"}


def console(**options):
    """A console printing what Rich's ``Console(**options)`` (bptrace's safe one) prints:
    the light one where it mirrors the environment, else Rich's own."""
    light = LightConsole(**options)
    return light if light.mirrors() else light.rich()


def _cropped(segments: list[Segment], width: int, soft_wrap: bool) -> list[Segment]:
    """The segments' lines cropped to the width, as Rich's ``print`` crops them."""
    if soft_wrap or not segments:
        return segments
    return [segment for line in Segment.split_and_crop_lines(segments, width, pad=False)
            for segment in line]


class _Options:
    """What Text, paragraphs and grid tables read of Rich's ``ConsoleOptions``: the default
    options of a ``print`` without keywords (or with ``soft_wrap``)."""

    def __init__(self, width: int, height: int, encoding: str, is_terminal: bool):
        self.size = (width, height)
        self.legacy_windows = False
        self.min_width, self.max_width = 1, width
        self.is_terminal, self.encoding = is_terminal, encoding
        self.max_height, self.height = height, None
        self.justify = self.overflow = self.no_wrap = self.highlight = self.markup = None

    @property
    def ascii_only(self) -> bool:
        return not self.encoding.startswith("utf")


class LightConsole:
    """Rich's console for texts and grid tables (see the module docstring). Handed over to
    Rich's console, it becomes a :class:`HandedOver`."""

    legacy_windows = False
    is_jupyter = False
    safe_box = True
    tab_size = 8

    def __init__(self, **options):
        env = options.get("_environ")
        env = os.environ if env is None else env
        columns, lines = env.get("COLUMNS"), env.get("LINES")
        mine = self.__dict__
        mine.update(_given=options, _file=options.get("file"), _environ=env,
                    stderr=options.get("stderr", False), quiet=False,
                    no_color=env.get("NO_COLOR", "") != "", _color_system=None,
                    _width=int(columns) if columns is not None and columns.isdigit() else None,
                    _height=int(lines) if lines is not None and lines.isdigit() else None)
        if self.mirrors() and self.is_terminal and not self.is_dumb_terminal:
            mine["_color_system"] = kind.color_system(env)

    def mirrors(self) -> bool:
        """Whether this console prints as Rich's would in this environment."""
        env = self._environ
        return (not set(self._given) - _TAKEN and sys.platform != "win32"
                and not hasattr(builtins, "get_ipython")         # IPython, Jupyter
                and not any(name in env for name in _RICH_ONLY)
                and env.get("NO_COLOR") != ""
                and not getattr(sys.stdin, "__module__", "").startswith("idlelib")
                and (self._file or (sys.stderr if self.stderr else sys.stdout)) is not None)

    def rich(self):
        """Rich's console with the same options, to which this one hands over: from now on,
        every call and attribute is that console's."""
        from bptrace.render.safe import console as safe_console

        rich = safe_console(**self._given)
        rich.quiet = self.quiet
        self.__dict__.clear()
        self.__dict__["_rich"] = rich
        object.__setattr__(self, "__class__", HandedOver)
        return rich

    def __getattr__(self, name: str):
        """Whatever only Rich's console has: Rich's console's from now on."""
        if name.startswith("__") or name in _OWN:
            raise AttributeError(name)
        return getattr(self.rich(), name)

    def __setattr__(self, name: str, value) -> None:
        """What it follows (quiet, no_color) is set here; anything else is Rich's."""
        if name in ("quiet", "no_color"):
            self.__dict__[name] = value
        else:
            setattr(self.rich(), name, value)

    def __enter__(self):
        return self.rich().__enter__()

    def __exit__(self, *exc):
        return self.__dict__["_rich"].__exit__(*exc)

    # -- what Rich's console decides, decided the same way --------------------------------

    @property
    def file(self):
        file = self._file or (sys.stderr if self.stderr else sys.stdout)
        return getattr(file, "rich_proxied_file", file)

    @property
    def encoding(self) -> str:
        return (getattr(self.file, "encoding", "utf-8") or "utf-8").lower()

    @property
    def is_terminal(self) -> bool:
        return kind.is_terminal(self.file)

    @property
    def is_dumb_terminal(self) -> bool:
        return kind.is_dumb(self._environ, self.is_terminal)

    @property
    def color_system(self) -> str | None:
        names = {"STANDARD": "standard", "EIGHT_BIT": "256", "TRUECOLOR": "truecolor"}
        return None if self._color_system is None else names[self._color_system.name]

    @property
    def size(self) -> tuple[int, int]:
        return kind.size(self._environ, self._width, self._height, self.is_dumb_terminal)

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    def get_style(self, name, *, default=None) -> Style:
        """A style by its name in Rich's default theme, or parsed (as Rich's console does)."""
        return kind.style_named(name, default)

    # -- printing --------------------------------------------------------------------------

    def print(self, *objects, sep: str = " ", end: str = "\n", soft_wrap: bool | None = None,
              **keywords) -> None:
        if objects and not keywords and self.file is not None:
            renderables = self._collected(objects, sep, end)
            size = self.size
            if renderables is not None and size[0] >= 1:
                segments = self._segments(renderables, size, bool(soft_wrap))
                if segments is not None and type(self) is LightConsole:     # not handed over
                    return self._write(segments)
        if soft_wrap is not None:
            keywords["soft_wrap"] = soft_wrap
        rich = self.rich() if type(self) is LightConsole else self._rich
        rich.print(*objects, sep=sep, end=end, **keywords)

    def _collected(self, objects, sep: str, end: str) -> list | None:
        """The renderables Rich's ``print`` makes of these objects (texts side by side are
        joined into one), or None where one is not a text or a grid table."""
        from bptrace.render.cjk import Block
        from bptrace.render.grid import Table

        renderables, texts = [], []
        for obj in objects:
            if isinstance(obj, Text):
                texts.append(obj)
                continue
            if type(obj) is not Table and (type(obj) is not Block
                                           or not isinstance(obj.text, Text)):
                return None
            if texts:
                renderables.append(Text(sep, end=end).join(texts))
                texts = []
            renderables.append(obj)
        if texts:
            renderables.append(Text(sep, end=end).join(texts))
        return renderables

    def _segments(self, renderables, size, soft_wrap: bool) -> list[Segment] | None:
        """The segments Rich's ``print`` writes: the renderables' lines, cropped to the width
        (unless ``soft_wrap``); None where a renderable is one only Rich draws."""
        from bptrace.render.grid import Table, _draw

        width = size[0]
        options = _Options(width, size[1], self.encoding, self.is_terminal)
        if soft_wrap:
            options.no_wrap, options.overflow = True, "ignore"
        done: list[Segment] = []
        segments: list[Segment] = []        # still to be cropped
        try:
            for renderable in renderables:
                if type(renderable) is not Table:
                    segments += renderable.__rich_console__(self, options)
                    continue
                drawn = _draw(renderable, self, options)
                if drawn is None:
                    return None
                if (not segments or segments[-1].text.endswith("\n")) and not any(
                        segment.style and "\n" in segment.text for segment in drawn):
                    # whole lines, none wider than the width: cropping changes nothing
                    done += _cropped(segments, width, soft_wrap) + drawn
                    segments = []
                else:
                    segments += drawn
        except AttributeError:      # something of Rich's console the renderable asked for
            return None
        return done + _cropped(segments, width, soft_wrap)

    def _write(self, segments: list[Segment]) -> None:
        """The segments as Rich's console (bptrace's safe one) writes them."""
        if self.quiet:
            return
        color_system = self._color_system
        if color_system is None and not any(segment.control for segment in segments):
            # no styles drawn: the texts as they are (terminal() changes characters one by
            # one, so it may see them joined)
            output = terminal("".join([segment.text for segment in segments]))
        else:
            if self.no_color and color_system:
                segments = Segment.remove_color(segments)
            not_terminal = not self.is_terminal
            pieces = []
            for text, style, control in segments:
                if not control:
                    text = terminal(text)
                if style:
                    pieces.append(style.render(text, color_system=color_system,
                                               legacy_windows=False))
                elif not (not_terminal and control):
                    pieces.append(text)
            output = "".join(pieces)
        try:
            try:
                self.file.write(output)
            except UnicodeEncodeError as error:
                error.reason = (f"{error.reason}\n*** You may need to add "
                                "PYTHONIOENCODING=utf-8 to your environment ***")
                raise
            self.file.flush()
        except BrokenPipeError:
            self.__dict__["quiet"] = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1)


class HandedOver:
    """A light console that handed over to Rich's: every call and attribute is Rich's."""

    def __getattr__(self, name: str):
        if name == "_rich":
            raise AttributeError(name)
        return getattr(self._rich, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._rich, name, value)

    def __enter__(self):
        return self._rich.__enter__()

    def __exit__(self, *exc):
        return self._rich.__exit__(*exc)
