"""The light terminal of `bptrace step` (bptrace.render.lite) prints byte for byte what Rich's
console (bptrace's safe one) prints — every example, at several widths, styled on a colour
terminal and plain, in both languages, with the step's options, random paragraphs and
tables — and leaves to Rich what it does not draw and where it does not mirror the
environment. (That `bptrace step` does not load Rich's console: tests/test_startup.py.)"""

import io
import random

import pytest
from click.testing import CliRunner
from rich.text import Text

from bptrace import api, examples
from bptrace.cli import cli
from bptrace.render import grid, lite, safe, terminalkind
from bptrace.render.cjk import Block, Formula, Para, block
from bptrace.render.terminal import step_rich

WIDTHS = (40, 60, 80, 100, 160)


class _Tty(io.StringIO):
    def isatty(self):
        return True


class _AsciiTty(_Tty):
    encoding = "ascii"


def _env(width, **more):
    return {"COLUMNS": str(width), "LINES": "25", "TERM": "xterm-256color", **more}


def _consoles(width, colour, **more):
    """(light console, Rich's console, their files) on the same environment (colour: a
    terminal; "ascii": one whose encoding is ASCII)."""
    env = _env(width, **more)
    kind = {True: _Tty, False: io.StringIO, "ascii": _AsciiTty}[colour]
    files = (kind(), kind())
    light = lite.console(file=files[0], _environ=env, highlight=False, emoji=False)
    rich = safe.console(file=files[1], _environ=env, highlight=False, emoji=False)
    return light, rich, files


def _same(draw, width, colour, **more):
    """What `draw` prints on both consoles (asserted equal), and whether the light console
    printed it all itself (a table too wide for the terminal, whose columns Rich narrows,
    is left to Rich's console)."""
    light, rich, files = _consoles(width, colour, **more)
    assert isinstance(light, lite.LightConsole)
    draw(light)
    draw(rich)
    ours, theirs = files[0].getvalue(), files[1].getvalue()
    assert ours == theirs
    return ours, type(light) is lite.LightConsole


_TRACES = {}


def _trace(name):
    if name not in _TRACES:
        _TRACES[name] = api.step(api.load(name)).trace
    return _TRACES[name]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_default_step_prints_as_rich_prints_it(width):
    tr = _trace("mazur")
    for colour, lang in ((True, "zh"), (False, "en")) if width % 20 else ((False, "zh"),
                                                                          (True, "en")):
        printed, alone = _same(lambda c: step_rich(tr, c, lang=lang), width, colour)
        assert ("\x1b[1m" in printed) == colour and "┏" in printed
        assert alone == (width >= 80)


@pytest.mark.parametrize("k, name", list(enumerate(examples.names())))
def test_every_example_prints_as_rich_prints_it(k, name):
    width, colour, lang = WIDTHS[k % 5], k % 2 == 0, ("en", "zh")[k // 2 % 2]
    _, alone = _same(lambda c: step_rich(_trace(name), c, lang=lang), width, colour)
    assert alone or width < 100


def _step(monkeypatch, args, width, colour):
    """`bptrace step ARGS` printed on the light console and on Rich's."""
    printed, used = [], []
    for make in (lite.console, safe.console):
        out = _Tty() if colour else io.StringIO()

        def console(light=False, make=make, out=out):
            used.append(make(file=out, _environ=_env(width), highlight=False, emoji=False))
            return used[-1]
        monkeypatch.setattr("bptrace.cli.step.console", console)
        result = CliRunner().invoke(cli, ["step", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        printed.append(out.getvalue())
    assert printed[0] == printed[1] and printed[0]
    return printed[0], used[0]


@pytest.mark.parametrize("args, width, colour, alone", [
    (["--round", "4"], 60, True, False), (["--gradcheck", "--lang", "zh"], 100, False, True),
    (["xor", "--only", "grad.*,out.*"], 40, True, False), (["--batch"], 80, True, True),
    (["--round", "printed", "--only", "net.*"], 80, False, True),
    (["softmax", "--view", "matrix"], 60, True, True),
    (["--view", "jacobian", "--lang", "zh"], 40, False, True)])
def test_the_step_options_print_as_rich_prints_them(monkeypatch, args, width, colour, alone):
    _, console = _step(monkeypatch, args, width, colour)
    assert (type(console) is lite.LightConsole) == alone        # (tables narrowed to the width: Rich's)


def test_an_ascii_terminal_gets_rich_ascii_tables():
    printed, alone = _same(lambda c: step_rich(_trace("xor"), c), 100, "ascii")
    assert alone and "+---" in printed and "\x1b[1m" in printed


def test_an_explanation_is_left_to_rich_after_what_came_before(monkeypatch):
    printed, console = _step(monkeypatch, ["--explain", "w1", "--lang", "zh"], 80, True)
    assert isinstance(console, lite.HandedOver) and "∂E" in printed


def _paragraph(rng):
    pieces = ["w1", "0.15", "量", "误差", "，", "（", "）", "  ", " ", "net.h1", "Σ",
              "supercalifragilisticexpialidocious", "é", "😀", "\n", "x" * 30, "→", "½"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
    kind = rng.choice([Text, Para, Formula])
    cell = kind(text, style=rng.choice(["", "bold", "italic"]))
    if rng.random() < 0.5 and len(cell):
        a = rng.randint(0, len(cell))
        cell.stylize(rng.choice(["bold", "italic", "underline", "red", "bold blue"]), a,
                     rng.randint(a, len(cell)))
    return cell


def test_random_paragraphs_print_as_rich_prints_them():
    rng = random.Random(20261124)
    for _ in range(40):
        texts = [_paragraph(rng) for _ in range(rng.randint(1, 3))]
        wrap = rng.random() < 0.2

        def draw(c):
            c.print(*(block(t.plain, str(t.style)) if isinstance(t, Para) and not t.spans
                      else t for t in texts), soft_wrap=wrap or None)
        _same(draw, rng.choice([1, 7, 20, 40, 80]), rng.random() < 0.5)


def _table(rng):
    table = grid.Table()
    n = rng.randint(1, 4)
    for _ in range(n):
        table.add_column(rng.choice(["quantity", "formula", "value", "量", "数值 x"]),
                         justify=rng.choice(["left", "right"]),
                         no_wrap=rng.random() < 0.5, overflow=rng.choice(["fold", "ellipsis"]))
    for _ in range(rng.randint(1, 5)):
        table.add_row(*(_paragraph(rng) for _ in range(n)))
        if rng.random() < 0.3:
            table.add_section()
    return table


def test_random_tables_print_as_rich_prints_them():
    rng = random.Random(7)
    drawn = 0
    for _ in range(40):
        table = _table(rng)
        width = rng.choice([20, 40, 60, 100])
        light, _, _ = _consoles(width, False)
        _, alone = _same(lambda c: c.print(table), width, rng.random() < 0.5)
        drawn += alone
        assert alone == (grid._draw(table, light, lite._Options(width, 25, "utf-8", False))
                         is not None)
    assert 10 < drawn < 40                          # both ways were tried


def test_what_it_does_not_draw_is_left_to_rich_from_then_on():
    centred = grid.Table()
    centred.add_column("key", justify="center")
    centred.add_row(Text("w1"))
    class Asking(Text):
        def __rich_console__(self, console, options):
            assert console.options.max_width == options.max_width   # only Rich's has it
            yield from super().__rich_console__(console, options)

    for other in ("[b]markup[/b] and 1.5", centred, ["a", 1], Block(Asking("w1 量"))):
        def draw(c):
            c.print(Text("before", style="bold"))
            c.print(other)
            c.print(block("after 之后"))
        assert not _same(draw, 40, True)[1]
    light, rich, files = _consoles(40, False)
    assert light.is_interactive == rich.is_interactive          # only Rich's console has it
    assert isinstance(light, lite.HandedOver) and light.file is files[0]
    light.width = 12                                            # Rich's now
    light.print(Text("once Rich's, always Rich's"))
    assert light.width == 12
    assert [line.rstrip() for line in files[0].getvalue().splitlines()] == [
        "once Rich's,", "always", "Rich's"]
    light, rich, files = _consoles(40, False)
    light.quiet = True                                          # followed by the light one
    light.print(Text("not printed"))
    assert type(light) is lite.LightConsole and not files[0].getvalue()


@pytest.mark.parametrize("env, tty", [
    ({}, True), ({"COLORTERM": "truecolor"}, True), ({"TERM": "xterm-kitty"}, True),
    ({"TERM": "xterm-16color"}, True), ({"TERM": "dumb"}, True), ({"NO_COLOR": "1"}, True),
    ({"TERM": "vt100", "COLUMNS": "x"}, True), ({"TERM": "UNKNOWN"}, False)])
def test_it_decides_the_terminal_as_rich_does(env, tty):
    light, rich, _ = _consoles(100, tty, **env)
    assert isinstance(light, lite.LightConsole)
    for attribute in ("width", "height", "is_terminal", "is_dumb_terminal", "color_system",
                      "encoding", "no_color"):
        assert getattr(light, attribute) == getattr(rich, attribute), attribute
    assert _same(lambda c: step_rich(_trace("hagan-lms"), c), 100, tty, **env)[1]


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"},
                                 {"NO_COLOR": ""}])
def test_an_environment_it_does_not_mirror_gets_rich(env):
    console = lite.console(file=io.StringIO(), _environ=_env(80, **env))
    assert not isinstance(console, lite.LightConsole)


def test_the_styles_it_knows_are_those_of_rich_default_theme():
    from rich.default_styles import DEFAULT_STYLES
    from rich.style import Style

    light = lite.LightConsole(file=io.StringIO())
    for name in terminalkind._THEMED:
        assert light.get_style(name) == (DEFAULT_STYLES.get(name) or Style.parse(name)), name
    for name in ("repr.number", "red on white", "link https://example.org"):
        assert light.get_style(name) == safe.console(file=io.StringIO()).get_style(name)


def test_every_character_the_terminal_escapes_is_unprintable():
    """terminal() returns a text whose characters (but tab and newline) are all printable
    without looking further: so every character it escapes must be unprintable."""
    import re

    unsafe = re.compile(safe._UNSAFE)
    escaped = [chr(c) for c in range(0x10000) if unsafe.match(chr(c))]
    assert len(escaped) > 2000 and not any(ch.isprintable() for ch in escaped)
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(escaped + list("a量┃\t\n\u00ad\u200d😀")) for _ in range(6))
        assert safe.terminal(text) == unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
