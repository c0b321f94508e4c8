"""Text charts for the terminal: a loss curve, a 1-D fit, several curves with marks, and a
perceptron's regions. Each draws its points on a grid of characters; :func:`framed` puts
the one kind of axes around every one of them."""

from __future__ import annotations

import math

from bptrace.words import words
from bptrace.render.text import fmt

MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def framed(rows: list[str], y_labels: dict[int, str], x_ends: tuple[str, str], *,
           y_name: str | None = None, x_name: str | None = None, pad: int | None = None,
           name_beside: bool = False) -> list[str]:
    """Axes around a drawn plot: `rows` are its lines (all as wide), `y_labels` the labels of
    some rows (right-aligned before the ┤), `x_ends` the texts under the two ends of the x
    axis. `y_name` goes above the y axis; `x_name` below the x axis or, `name_beside`,
    after its right end (which then stands one column further right)."""
    width = len(rows[0])
    if pad is None:
        pad = max(len(s) for s in list(y_labels.values()) + ([y_name] if y_name is not None else []))
    lines = [f"{y_name:>{pad}}"] if y_name is not None else []
    lines += [f"{y_labels.get(r, ''):>{pad}} ┤{row}" for r, row in enumerate(rows)]
    lines.append(" " * pad + " └" + "─" * width)
    left, right = x_ends
    indent = " " * (pad + 2)
    if name_beside:
        gap = max(1, width - len(left) - len(right) + 1)
        lines.append(indent + left + " " * gap + right + "  " + (x_name or ""))
        return lines
    lines.append(indent + left + " " * max(1, width - len(left) - len(right)) + right)
    if x_name is not None:
        lines.append(indent + x_name)
    return lines


def _grid(width: int, height: int) -> list[list[str]]:
    return [[" "] * width for _ in range(height)]


def _rows(grid: list[list[str]]) -> list[str]:
    return ["".join(cells) for cells in grid]


def loss_curve(epochs: list[int], losses: list[float], width: int = 60, height: int = 12,
               lang: str = "en") -> str:
    """The loss against the epoch as text; a log scale where it spans more than two decades."""
    finite = [v for v in losses if v is not None and math.isfinite(v)]
    lo, hi = min(finite), max(finite)
    log = lo > 0 and hi / lo > 100
    f = (lambda v: math.log10(v)) if log else (lambda v: v)
    flo, fhi = f(lo), f(hi)
    span = (fhi - flo) or 1.0
    grid = _grid(width, height)
    e0, e1 = epochs[0], epochs[-1]
    for e, v in zip(epochs, losses):
        col = 0 if e1 == e0 else round((e - e0) / (e1 - e0) * (width - 1))
        row = round((fhi - f(v)) / span * (height - 1))
        grid[row][col] = "•"
    mid = fmt(10 ** ((flo + fhi) / 2) if log else (lo + hi) / 2, 3)
    labels = {(height - 1) // 2: mid, height - 1: fmt(lo, 3), 0: fmt(hi, 3)}
    return "\n".join(framed(_rows(grid), labels, (str(e0), str(e1)),
                            x_name=words(lang)("epoch axis log" if log else "epoch axis")))


def fit_plot(xs: list[float], targets: list[float], outs: list[float], xname: str, yname: str,
             width: int = 60, height: int = 14) -> str:
    """1-D regression as text: targets as ·, outputs as • (• wins where both fall)."""
    lo, hi = min(targets + outs), max(targets + outs)
    span = (hi - lo) or 1.0
    x0, x1 = min(xs), max(xs)
    grid = _grid(width, height)
    for ys, mark in ((targets, "·"), (outs, "•")):
        for x, y in zip(xs, ys):
            col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
            row = round((hi - y) / span * (height - 1))
            grid[row][col] = mark
    labels = {height - 1: fmt(lo, 3), 0: fmt(hi, 3)}
    return "\n".join(framed(_rows(grid), labels, (fmt(x0, 3), fmt(x1, 3)), y_name=yname, x_name=xname))


def multi_curve(series: list[tuple[list[float], list[float]]], width: int = 60, height: int = 14,
                log: bool | None = None, points: tuple[list[float], list[float]] | None = None) -> list[str]:
    """Several curves as text, curve i drawn with MARKS[i]; optional data points as ·."""
    xs_all = [x for xs, _ in series for x in xs] + (list(points[0]) if points else [])
    ys_all = [y for _, ys in series for y in ys if y is not None and math.isfinite(y)] + \
        (list(points[1]) if points else [])
    lo, hi = min(ys_all), max(ys_all)
    if log is None:
        log = lo > 0 and hi / lo > 100
    f = (lambda v: math.log10(v)) if log else (lambda v: v)
    flo, fhi = f(lo), f(hi)
    span = (fhi - flo) or 1.0
    x0, x1 = min(xs_all), max(xs_all)
    grid = _grid(width, height)

    def put(x, y, mark):
        if y is None or not math.isfinite(y) or (log and y <= 0):
            return
        col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
        row = round((fhi - f(y)) / span * (height - 1))
        grid[row][col] = mark
    if points:
        for x, y in zip(*points):
            put(x, y, "·")
    for i, (xs, ys) in enumerate(series):
        for x, y in zip(xs, ys):
            put(x, y, MARKS[i % len(MARKS)])
    labels = {height - 1: fmt(lo, 3), 0: fmt(hi, 3)}
    return framed(_rows(grid), labels, (fmt(x0, 4), fmt(x1, 4)))


def perceptron_plot(p, grid) -> str:
    """The points (● class 1, ○ class 0) over the regions the perceptron assigns (· for 1,
    blank for 0); ``grid`` is (lo, hi, rows) from the engine."""
    lo, hi, grid = grid
    height, width = len(grid), len(grid[0])
    cells = [["·" if v > 0 else " " for v in row] for row in grid]
    for x, y in zip(p.X, p.y):
        col = round((x[0] - lo) / (hi - lo) * (width - 1))
        row = round((hi - x[1]) / (hi - lo) * (height - 1))
        cells[row][col] = "●" if y > 0 else "○"
    return "\n".join(framed(_rows(cells), {0: p.inputs[1]}, (fmt(lo, 3), fmt(hi, 3)),
                            x_name=p.inputs[0], pad=4, name_beside=True))
