"""The terminal's tables (bptrace.render.grid) print exactly the bytes Rich's own table
prints — plain and with styles, fitting the console or narrowed to it — and Rich draws the
ones they do not handle; the default step is drawn without Rich's table."""

import io
import random

import pytest
from rich.console import Console
from rich.text import Text

from bptrace import api, examples
from bptrace.render import grid
from bptrace.render.cjk import Formula, Para
from bptrace.render.safe import console as safe_console
from bptrace.render.terminal import step_rich

PIECES = ["a", "w1", "0.15", "×", "·", "+", " ", "  ", "量", "误差", "（", "）", "，", "é",
          "e\u0301", "😀", "\n", "-0.74136507", "net.h1", "= ", "Σ", "½"]
RARE = ["[b]", "\t", "\x1b", "\u2028"]         # what only Rich draws


def _cell(rng):
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))
    if rng.random() < 0.02:
        text += rng.choice(RARE)
    kind = rng.random()
    style = rng.choice(["", "", "italic", "bold"])
    cell = Text(text, style=style) if kind < 0.5 else (Para if kind < 0.7 else Formula)(
        text, style=style)
    if rng.random() < 0.3 and len(cell):
        a = rng.randint(0, len(cell))
        cell.stylize(rng.choice(["bold", "italic", "underline"]), a, rng.randint(a, len(cell)))
    if rng.random() < 0.2:
        cell.append("\n(note)", style="italic")
    return cell


def _table(rng):
    table = grid.Table()
    n = rng.randint(1, 5)
    for _ in range(n):
        table.add_column(rng.choice(["quantity", "formula", "value", "量", "", "rel. error",
                                     "数值 x"] + RARE[:1] * (rng.random() < 0.05)),
                         justify=rng.choice(["left", "right"] * 10 + ["center"]),
                         no_wrap=rng.random() < 0.5, overflow=rng.choice(["fold", "ellipsis"]))
    for _ in range(rng.randint(0, 6)):
        table.add_row(*(_cell(rng) for _ in range(n)))
        if rng.random() < 0.3:
            table.add_section()
    return table


class _Ascii(io.StringIO):
    encoding = "ascii"


def _printed(table, width, colour, ascii_only=False):
    out = _Ascii() if ascii_only else io.StringIO()
    console = Console(file=out, width=width, force_terminal=colour,
                      color_system="standard" if colour else None, highlight=False, emoji=False)
    console.print(table)
    return out.getvalue(), console


def test_random_tables_print_as_rich_prints_them():
    rng = random.Random(20261124)
    drawn = narrowed = 0
    for _ in range(150):
        table = _table(rng)
        width, colour = rng.randint(5, 120), rng.random() < 0.5
        ours, console = _printed(table, width, colour, ascii_only=rng.random() < 0.2)
        assert ours == _printed(table.rich(), width, colour, console.encoding == "ascii")[0]
        if grid._draw(table, console, console.options) is not None:
            drawn += 1
            wide = console.options.update_width(10_000)
            narrowed += console.measure(table.rich(), options=wide).maximum > width
    assert drawn > 60 and narrowed > 3                      # both ways of drawing were tried


@pytest.mark.parametrize("name", examples.names())
def test_every_example_prints_as_rich_prints_it(name, monkeypatch):
    """60 columns (formulas wrapped), styled, in Chinese; 80 columns plain are the golden
    outputs' (tests/golden)."""
    tr = api.step(api.load(name)).trace
    printed = []
    for by_rich in (False, True):
        if by_rich:
            monkeypatch.setattr(grid, "_draw", lambda *args: None)
        out = io.StringIO()
        step_rich(tr, safe_console(file=out, width=60, force_terminal=True,
                                   color_system="standard", highlight=False, emoji=False),
                  lang="zh")
        printed.append(out.getvalue())
    assert printed[0] == printed[1]
    assert "┃" in printed[0] and "\x1b[1m" in printed[0]


def test_the_default_step_draws_every_table_itself(monkeypatch):
    def rich(table):
        raise AssertionError(f"drawn by Rich: {[c.header for c in table.columns]}")
    monkeypatch.setattr(grid.Table, "rich", rich)
    out = io.StringIO()
    step_rich(api.step(api.load("mazur")).trace,
              safe_console(file=out, width=80, highlight=False, emoji=False))
    assert out.getvalue().count("┏") == 7               # the network and six sections


def test_a_table_with_control_characters_is_left_to_rich():
    table = grid.Table()
    table.add_column("key")
    table.add_row(Text("a\x1bb"))
    console = Console(file=io.StringIO(), width=80)
    assert grid._draw(table, console, console.options) is None


def test_the_table_box_is_rich_default_one():
    from rich.box import HEAVY_HEAD

    for widths in ([1], [3, 1], [5, 2, 7, 1], []):
        assert grid.HeavyHead.get_top(widths) == HEAVY_HEAD.get_top(widths)
        assert grid.HeavyHead.get_bottom(widths) == HEAVY_HEAD.get_bottom(widths)
        for level in ("head", "row"):
            for edge in (True, False):
                assert grid.HeavyHead.get_row(widths, level, edge) == \
                    HEAVY_HEAD.get_row(widths, level, edge)
    for part in ("head", "mid", "foot"):
        for side in ("left", "vertical", "right"):
            name = f"{part}_{side}"
            assert getattr(grid.HeavyHead, name) == getattr(HEAVY_HEAD, name), name
