"""The terminal's tables, drawn as Rich draws them, without Rich's layout passes.

A step prints a few tables of plain text cells. Rich lays each cell out through several
renderables (padding, measurement, wrapping, alignment), which cost more than the whole
computation (≈ 35 ms for Mazur's step, against ≈ 5 ms here). When a table's natural width
fits the console, every cell keeps its lines as written and the drawing reduces to padding
them to the widths of their columns; when it does not and one column may wrap (the formula
column), Rich narrows that column alone, and its cells too wide for it are wrapped here by
their own ``wrap``, as Rich would. :class:`Table` gives Rich the same segments (text and
style, in the same pieces wherever a style is set) that ``rich.table.Table`` would give, so
the printed bytes are Rich's, styles and all; anything else — several columns to narrow, a
cell that is not plain printable text, a header with markup, centred columns — is drawn by
Rich's own table (:meth:`Table.rich`). tests/test_grid.py holds the two against each other
on random tables and on every built-in example."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from bptrace.render.cjk import Para

_NULL = Style.null()


class _Column:
    __slots__ = ("header", "justify", "no_wrap", "overflow", "cells")

    def __init__(self, header: str, justify: str, no_wrap: bool, overflow: str):
        self.header, self.justify, self.no_wrap, self.overflow = header, justify, no_wrap, overflow
        self.cells: list[Text] = []


class Table:
    """The part of ``rich.table.Table`` bptrace's terminal output uses: the default box
    (heavy head), one space of padding between columns, none at the edges, a header, rows
    and sections."""

    def __init__(self):
        self.columns: list[_Column] = []
        self.sections: list[bool] = []          # per row: a line is drawn after it

    def add_column(self, header: str, *, justify: str = "left", no_wrap: bool = False,
                   overflow: str = "ellipsis") -> None:
        self.columns.append(_Column(header, justify, no_wrap, overflow))

    def add_row(self, *cells: Text) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        for column, cell in zip(self.columns, cells):
            column.cells.append(cell)
        self.sections.append(False)

    def add_section(self) -> None:
        if self.sections:
            self.sections[-1] = True

    def rich(self):
        """The same table as a ``rich.table.Table``."""
        from rich.table import Table as RichTable

        table = RichTable(pad_edge=False)
        for c in self.columns:
            table.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow)
        for i, end in enumerate(self.sections):
            table.add_row(*(c.cells[i] for c in self.columns), end_section=end)
        return table

    def __rich_measure__(self, console, options):
        return self.rich().__rich_measure__(console, options)

    def __rich_console__(self, console, options):
        drawn = _draw(self, console, options)
        if drawn is None:
            yield from console.render(self.rich(), options)
        else:
            yield from drawn


class HeavyHead:
    """The lines of ``rich.box.HEAVY_HEAD``, the box of Rich's default table, as Rich draws it
    but on an ASCII-only or legacy Windows console (there: Rich's own substitute)."""

    head_left = head_vertical = head_right = "┃"
    mid_left = mid_vertical = mid_right = foot_left = foot_vertical = foot_right = "│"

    @staticmethod
    def get_top(widths: list[int]) -> str:
        return "┏" + "┳".join("━" * width for width in widths) + "┓"

    @staticmethod
    def get_row(widths: list[int], level: str, edge: bool = True) -> str:
        left, line, cross, right = {"head": "┡━╇┩", "row": "├─┼┤"}[level]
        return (left if edge else "") + cross.join(line * width for width in widths) + (
            right if edge else "")

    @staticmethod
    def get_bottom(widths: list[int]) -> str:
        return "└" + "┴".join("─" * width for width in widths) + "┘"


def _lines(cell) -> list[str] | None:
    """A cell's lines, or None where Rich alone knows how it is drawn."""
    kind = type(cell)
    if kind is not Text and not isinstance(cell, Para):
        return None
    if cell.justify or cell.overflow or cell.no_wrap is not None or cell.end != "\n":
        return None
    lines = cell.plain.split("\n")
    for line in lines:
        if not line.isprintable():          # control characters, tabs, line separators …
            return None
    return lines


def _draw(table: Table, console, options) -> list[Segment] | None:
    """The segments Rich would draw, or None where the table does not fit the console as
    written (Rich then wraps its cells) or holds what only Rich draws."""
    columns = table.columns
    n = len(columns)
    if not n or options.max_width < 1 \
            or any(column.justify not in ("left", "right") for column in columns):
        return None                     # (Rich's centred and filled lines are its own)
    grid = []                   # per column: [header lines, row lines …]
    widths = []
    for k, column in enumerate(columns):
        header = column.header
        if not isinstance(header, str) or "[" in header or ":" in header \
                or not header.isprintable():
            return None
        cells = [[header]]
        for cell in column.cells:
            lines = _lines(cell)
            if lines is None:
                return None
            cells.append(lines)
        pad = (k > 0) + (k < n - 1)
        width = max(max(cell_len(line) for line in lines) for lines in cells)
        if not width:
            return None                 # an empty column: Rich draws it its own way
        widths.append(width + pad)
        grid.append(cells)
    narrowed = None
    excess = sum(widths) + n + 1 - options.max_width
    if excess > 0:              # Rich narrows the columns that may wrap: here the only one
        wrapping = [k for k, column in enumerate(columns) if not column.no_wrap]
        if len(wrapping) != 1:
            return None
        narrowed = wrapping[0]
        widths[narrowed] -= excess
        inner = widths[narrowed] - (narrowed > 0) - (narrowed < n - 1)
        if inner < 1 or cell_len(columns[narrowed].header) > inner:
            return None
    if options.ascii_only or (options.legacy_windows and console.safe_box):
        from rich.box import HEAVY_HEAD
        box = HEAVY_HEAD.substitute(options, safe=console.safe_box)
    else:
        box = HeavyHead                 # Rich's box as it stands (without loading the others)
    get_style = console.get_style
    header_style = get_style("table.header") + get_style("")

    out: list[Segment] = []
    pending: list[str] = []             # unstyled borders and padding, joined into one segment

    def put(text: str, style, alone: bool = False) -> None:
        """A segment; unstyled ones are joined, but for a cell's text (``alone``), which Rich
        measures again and finds in its cache of measured strings as it stands."""
        if style or alone:
            if pending:
                out.append(Segment("".join(pending)))
                pending.clear()
            out.append(Segment(text, style or None))
        else:
            pending.append(text)

    put(box.get_top(widths), None)
    put("\n", None)
    rows = len(table.sections)
    for r in range(rows + 1):
        header = r == 0
        if header:
            left, right, divider = box.head_left, box.head_right, box.head_vertical
        elif r == rows:
            left, right, divider = box.foot_left, box.foot_right, box.foot_vertical
        else:
            left, right, divider = box.mid_left, box.mid_right, box.mid_vertical
        cells = []
        for k, column in enumerate(columns):
            cell = column.header if header else column.cells[r - 1]
            style = header_style if header else (get_style(cell.style) if cell.style else None)
            as_text = type(cell) is Text or column.no_wrap
            if k == narrowed and not header and \
                    max(cell_len(line) for line in grid[k][r]) > widths[k] - (k > 0) - (k < n - 1):
                lines = _wrapped(console, cell, widths[k] - (k > 0) - (k < n - 1), column)
                if lines is None:
                    return None
            elif not header and cell.spans:     # styled pieces: drawn line by line by Rich
                lines = [_spanned(console, line, widths[k] - (k > 0) - (k < n - 1),
                                  column.justify, as_text)
                         for line in cell.split("\n", allow_blank=True)]
            else:
                lines = grid[k][r]
            cells.append((lines, style, as_text))
        height = max(len(lines) for lines, _, _ in cells)
        if header and height > 1:
            return None                 # Rich aligns a header to the bottom
        for i in range(height):
            put(left, None)
            for k, (lines, style, as_text) in enumerate(cells):
                if k:
                    put(divider, None)
                column = columns[k]
                width = widths[k]
                lpad, rpad = (k > 0), (k < n - 1)
                inner = width - lpad - rpad
                if i >= len(lines):
                    put(" " * width, style if header else None)
                    continue
                line = lines[i]
                if lpad:
                    put(" ", style if header else None)
                if not isinstance(line, str):
                    for segment in line:
                        put(segment.text, segment.style)
                elif header or as_text:
                    flush_right = column.justify == "right"
                    if flush_right:
                        line = line.rstrip()
                    fill = " " * (inner - cell_len(line))
                    if style:                       # one piece, padding and all
                        put(fill + line if flush_right else line + fill, style)
                    elif flush_right:
                        put(fill, None)
                        put(line, None, alone=True)
                    else:
                        put(line, None, alone=True)
                        put(fill, None)
                else:                   # a paragraph: its lines as written, then the padding
                    line = line.rstrip()
                    put(line, style, alone=True)
                    fill = inner - cell_len(line)
                    if fill:
                        put(" " * fill, None)
                if rpad:
                    put(" ", style if header else None)
            put(right, None)
            put("\n", None)
        if header:
            put(box.get_row(widths, "head", edge=True), None)
            put("\n", None)
        elif table.sections[r - 1] and r < rows:
            put(box.get_row(widths, "row", edge=True), None)
            put("\n", None)
    put(box.get_bottom(widths), None)
    put("\n", None)
    out.append(Segment("".join(pending)))
    return out


def _spanned(console, line: Text, inner: int, justify: str, as_text: bool) -> list[Segment]:
    """One line of a cell with styled pieces, as Rich wraps, justifies and renders it."""
    if as_text:
        if justify == "right":
            line.rstrip()
            line.pad_left(inner - cell_len(line.plain))
        else:
            line.truncate(inner, pad=True)
        return list(Text("\n").join([line]).render(console))
    line.rstrip()
    segments = list(Text("\n").join([line]).render(console))
    fill = inner - cell_len(line.plain)
    return segments + [Segment(" " * fill, _NULL)] if fill else segments


def _wrapped(console, cell: Text, width: int, column: _Column) -> list[list[Segment]] | None:
    """A cell too wide for its column, wrapped and rendered as Rich does (the cell's own
    ``wrap``: :class:`Para` breaks its lines its own way)."""
    lines = cell.wrap(console, width, justify=column.justify, overflow=column.overflow,
                      no_wrap=False)
    if any(line.cell_len > width for line in lines):
        return None                     # Rich would crop it
    return list(Segment.split_and_crop_lines(Text("\n").join(lines).render(console, end="\n"),
                                             width, style=_NULL, pad=True,
                                             include_new_lines=False))
