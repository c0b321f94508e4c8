"""Rich tables for the terminal. User text always goes through ``rich.text.Text`` so it is
never parsed as markup: a parameter called ``w[1]`` prints as written."""

from __future__ import annotations

import math
from typing import Callable

from bptrace.lang import phrase, words
from bptrace.render import (SECTIONS, check_note, check_summary,
                            fmt, gradcheck_summary, headline, layer_label, substituted)
from bptrace.trace import Quantity, Trace, stats

SUMMARY_ROWS = 12        # a layer with more neurons than this is summarised
MAX_ROWS_PER_LAYER = 40  # … and so is a layer's part of a section with more rows than this


def step_rich(tr: Trace, console, *, digits: int = 9, selected: Callable[[Quantity], bool] | None = None,
              explain: list[str] = (), exact: Trace | None = None,
              drift_rows: list | None = None, round_to: int | None = None,
              lang: str = "en", gradcheck: tuple | None = None) -> None:
    """The whole trace as Rich tables. `selected` narrows it (then nothing is summarised)."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(Text(tr.title, style="bold"))
    console.print(Text(headline(tr, digits, lang)))
    big_layers = {l for l, layer in enumerate(tr.layers, start=1) if len(layer.neurons) > SUMMARY_ROWS}
    if len(tr.inputs) > SUMMARY_ROWS:
        big_layers.add(0)
    if selected is None:
        _network_table(tr, console, digits, big_layers, w)
    any_summary = False
    ranges_all = None
    for section in SECTIONS:
        rows = [q for q in tr.quantities if q.section == section and
                (selected(q) if selected else True)]
        if not rows:
            continue
        console.print(Text(w(section), style="bold"))
        table = Table(expand=False, show_lines=False, pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value") if exact is None else w("by hand", n=round_to),
                         justify="right", no_wrap=True)
        if exact is not None:
            table.add_column(w("exact"), justify="right", no_wrap=True)
        checking = gradcheck is not None and section == "gradient"
        if checking:
            table.add_column(w("numeric"), justify="right", no_wrap=True)
            table.add_column(w("rel. error"), justify="right", no_wrap=True)
        summarised: set[int] = set()
        per_layer: dict[int, int] = {}
        for q in rows:
            per_layer[q.layer] = per_layer.get(q.layer, 0) + 1
        too_many = {l for l, n in per_layer.items() if n > MAX_ROWS_PER_LAYER} | big_layers
        current_layer = None
        for q in rows:
            if selected is None and q.layer in too_many and q.layer >= 0:
                if q.layer not in summarised:
                    summarised.add(q.layer)
                    if ranges_all is None:
                        ranges_all = stats(tr)
                    ranges = ranges_all[(section, q.layer)]
                    info = "; ".join(f"{n} × {k}: {fmt(lo, 4)} … {fmt(hi, 4)}"
                                     for k, (n, lo, hi) in ranges.items())
                    name = w("input") if q.layer == 0 else layer_label(tr.layers[q.layer - 1].name, w)
                    table.add_row(Text(name, style="italic"), Text(info, style="italic"), Text(""))
                    any_summary = True
                continue
            if section in ("backward", "gradient", "update") and q.layer != current_layer \
                    and q.layer > 0:
                current_layer = q.layer
                table.add_section()
            formula = Text(phrase(q.formula, lang))
            sub = substituted(q, digits)
            if sub:
                formula.append("\n= " + sub)
            if q.note:
                formula.append(f"\n({phrase(q.note, lang)})", style="italic")
            cells = [Text(q.key), formula, Text(fmt(q.value, digits))]
            if exact is not None:
                cells.append(Text(fmt(exact[q.key].value, digits)))
            if checking:
                a, n, rel, kink = gradcheck[2][q.key[5:]]
                cells += [Text(fmt(n, digits)), Text(fmt(rel, 2) + (" kink" if kink else ""))]
            table.add_row(*cells)
        console.print(table)
        if checking:
            console.print(Text(gradcheck_summary(gradcheck, w), style="bold"))
    if any_summary:
        console.print(Text(w("summarised"), style="italic"))
    for name in explain:
        explain_rich(tr, console, name, digits, lang)
    if drift_rows:
        console.print(Text(w("drift", n=round_to), style="bold"))
        table = Table(pad_edge=False)
        for i, col in enumerate((w("quantity"), w("by hand", n=round_to), w("exact"), w("hand - exact"))):
            table.add_column(col, justify="left" if i == 0 else "right")
        for key, hand, ex, diff in drift_rows[:10]:
            table.add_row(Text(key), Text(fmt(hand, digits)), Text(fmt(ex, digits)), Text(fmt(diff, 3)))
        console.print(table)


def _network_table(tr: Trace, console, digits: int, big_layers: set[int], w) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(w("network"), style="bold"))
    table = Table(pad_edge=False)
    table.add_column(w("layer"), no_wrap=True)
    table.add_column(w("neurons"))
    table.add_column(w("activation"))
    table.add_column(w("parameters"), overflow="fold")
    table.add_row(Text(w("input")), Text(_names(tr.inputs)), Text("—"), Text(""))
    for l, layer in enumerate(tr.layers, start=1):
        params = [p for p in tr.params if p.layer == l]
        if l in big_layers or len(params) > 3 * SUMMARY_ROWS:
            text = f"{len(params)} {w('parameters')}"
        else:
            text = "\n".join(
                f"{p.name} = {fmt(p.value, digits)}  ({p.source}→{p.targets[0]})" if p.kind == "w"
                else f"{p.name} = {fmt(p.value, digits)}  ({w('bias of', n=', '.join(p.targets))})"
                + ("" if p.trainable else f", {w('frozen')}") for p in params)
        table.add_row(Text(layer_label(layer.name, w)), Text(_names(layer.neurons)),
                      Text(f"{layer.activation}\n{layer.formula.format(net='net')}"), Text(text))
    console.print(table)


def _names(names) -> str:
    names = list(names)
    if len(names) > SUMMARY_ROWS:
        return f"{', '.join(names[:3])}, …, {names[-1]} ({len(names)})"
    return ", ".join(names)


def explain_rich(tr: Trace, console, name: str, digits: int, lang: str = "en") -> None:
    """Mazur's walkthrough for one parameter: every factor, down to the output layer."""
    from rich.text import Text
    from rich.tree import Tree

    from bptrace.render import explanation

    root = Tree(Text(words(lang)("explain", p=name), style="bold"))

    def grow(node, items):
        for (head, value), children in items:
            t = Text(head)
            t.append(value, style="bold")
            grow(node.add(t), children)
    grow(root, explanation(tr, name, digits))
    console.print(root)


# -------------------------------------------------------------------------------- train
def train_rich(console, title: str, arch: str, report: dict, outputs: list[dict],
               names: tuple[list[str], list[str]], params: list[tuple[str, float, float]],
               *, digits: int = 8, every: int | None = None, lang: str = "en") -> None:
    """The loss falling, the outputs against the targets, the trained parameters."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    s = report["settings"]
    hist = report["history"]
    console.print(Text(title, style="bold"))
    console.print(Text(w("train subtitle", arch=arch, mode=s["mode"], bs=s["batch_size"],
                         opt=s["optimizer"], eta=fmt(s["learning_rate"], digits), epochs=s["epochs"],
                         shuffled=w("shuffled") if s["shuffle"] else "")))
    rows = hist if every and len(hist) <= 200 else _spread(hist, 12)
    table = Table(pad_edge=False)
    table.add_column(w("epoch"), justify="right")
    table.add_column(w("mean loss"), justify="right")
    has_val = any("val_loss" in h for h in hist)
    if has_val:
        table.add_column(w("validation loss"), justify="right")
    for h in rows:
        cells = [Text(str(h["epoch"])), Text(fmt(h["loss"], digits))]
        if has_val:
            cells.append(Text(fmt(h.get("val_loss"), digits)))
        table.add_row(*cells)
    console.print(Text(w("loss history"), style="bold"))
    console.print(table)
    if len(hist) >= 3:
        console.print(Text(loss_curve([h["epoch"] for h in hist], [h["loss"] for h in hist], lang=lang)))
    in_names, out_names = names
    if outputs and len(in_names) == 1 and len(out_names) == 1 and len(outputs) >= 10:
        console.print(Text(w("fit"), style="bold"))
        console.print(Text(fit_plot([r["input"][0] for r in outputs], [r["target"][0] for r in outputs],
                                    [r["output"][0] for r in outputs], in_names[0], out_names[0])))
    if outputs:
        console.print(Text(w("outputs after"), style="bold"))
        table = Table(pad_edge=False)
        table.add_column("#", justify="right")
        table.add_column(w("input"))
        table.add_column(w("target"))
        table.add_column(w("output"))
        shown = outputs if len(outputs) <= 20 else outputs[:8] + outputs[-4:]
        for i, row in enumerate(shown):
            if len(outputs) > 20 and i == 8:
                table.add_row(Text("…"), Text(w("more rows", n=len(outputs) - 12)), Text(""), Text(""))
            table.add_row(Text(str(row["index"] + 1)),
                          Text(", ".join(fmt(v, 4) for v in row["input"])),
                          Text(", ".join(fmt(v, 4) for v in row["target"])),
                          Text(", ".join(fmt(v, digits) for v in row["output"])))
        console.print(table)
    console.print(Text(w("params after"), style="bold"))
    if len(params) <= 60:
        table = Table(pad_edge=False)
        table.add_column(w("parameters"))
        table.add_column(w("before"), justify="right")
        table.add_column(w("after training"), justify="right")
        for name, before, after in params:
            table.add_row(Text(name), Text(fmt(before, digits)), Text(fmt(after, digits)))
        console.print(table)
    else:
        console.print(Text(w("more params", n=len(params))))
    stop = report.get("stopped")
    tail = w(stop) if stop else ""
    console.print(Text(w("final loss", n=s["epochs_run"], tail=tail,
                         v=fmt(report["values"]["loss"], digits)), style="bold"))


def _spread(rows: list, n: int) -> list:
    if len(rows) <= n:
        return rows
    step = (len(rows) - 1) / (n - 1)
    return [rows[round(i * step)] for i in range(n)]


def loss_curve(epochs: list[int], losses: list[float], width: int = 60, height: int = 12,
               lang: str = "en") -> str:
    """The loss against the epoch as text; a log scale where it spans more than two decades."""
    finite = [v for v in losses if v is not None and math.isfinite(v)]
    lo, hi = min(finite), max(finite)
    log = lo > 0 and hi / lo > 100
    f = (lambda v: math.log10(v)) if log else (lambda v: v)
    flo, fhi = f(lo), f(hi)
    span = (fhi - flo) or 1.0
    grid = [[" "] * width for _ in range(height)]
    e0, e1 = epochs[0], epochs[-1]
    for e, v in zip(epochs, losses):
        col = 0 if e1 == e0 else round((e - e0) / (e1 - e0) * (width - 1))
        row = round((fhi - f(v)) / span * (height - 1))
        grid[row][col] = "•"
    labels = [fmt(hi, 3), fmt(10 ** ((flo + fhi) / 2) if log else (lo + hi) / 2, 3), fmt(lo, 3)]
    pad = max(len(x) for x in labels)
    lines = []
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[2] if r == height - 1 else (
            labels[1] if r == (height - 1) // 2 else "")
        lines.append(f"{label:>{pad}} ┤{''.join(cells)}")
    lines.append(" " * pad + " └" + "─" * width)
    left, right = str(e0), str(e1)
    lines.append(" " * (pad + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    lines.append(" " * (pad + 2) + words(lang)("epoch axis log" if log else "epoch axis"))
    return "\n".join(lines)


def fit_plot(xs: list[float], targets: list[float], outs: list[float], xname: str, yname: str,
             width: int = 60, height: int = 14) -> str:
    """1-D regression as text: targets as ·, outputs as • (• wins where both fall)."""
    lo, hi = min(targets + outs), max(targets + outs)
    span = (hi - lo) or 1.0
    x0, x1 = min(xs), max(xs)
    grid = [[" "] * width for _ in range(height)]
    for ys, mark in ((targets, "·"), (outs, "•")):
        for x, y in zip(xs, ys):
            col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
            row = round((hi - y) / span * (height - 1))
            grid[row][col] = mark
    labels = [fmt(hi, 3), fmt(lo, 3)]
    pad = max(len(v) for v in labels + [yname])
    lines = [f"{yname:>{pad}}"]
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[1] if r == height - 1 else ""
        lines.append(f"{label:>{pad}} ┤{''.join(cells)}")
    lines.append(" " * pad + " └" + "─" * width)
    left, right = fmt(x0, 3), fmt(x1, 3)
    lines.append(" " * (pad + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    lines.append(" " * (pad + 2) + xname)
    return "\n".join(lines)


# -------------------------------------------------------------------------------- check
def check_rich(console, title: str, file: str, checks, digits: int = 9, diagnosis=None,
               lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(Text(w("check title", t=title), style="bold"))
    table = Table(pad_edge=False)
    table.add_column(w("key"), no_wrap=True)
    table.add_column(w("printed"), justify="right")
    table.add_column("bptrace", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column(w("note"))
    for c in checks:
        note = check_note(c, w)
        mark = Text("✓", style="green") if c.agree else Text("✗", style="red")
        table.add_row(Text(c.key), Text(c.expected), Text(c.rounded), mark, Text(note))
    console.print(table)
    console.print(Text(check_summary(checks, w), style="bold"))
    if diagnosis is not None:
        from bptrace.render.diagnosis import explanation_lines, finding_rows
        console.print(Text(w("diagnosis"), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("variant"))
        table.add_column(w("agree"), justify="right")
        table.add_column(w("reproduces"))
        table.add_row(Text(w("correct")), Text(f"{diagnosis.base_agree}/{len(checks)}"), Text(""))
        for row in finding_rows(diagnosis, checks, lang):
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        for line in explanation_lines(checks, diagnosis, w):
            console.print(Text(line))




def batch_rich(bt, console, *, digits: int = 9, lang: str = "en") -> None:
    """Samples side by side, the mean gradient and the one update made with it."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    first = bt.samples[0][1]
    labels = [f"s{i}" for i, _ in bt.samples]
    console.print(Text(bt.title, style="bold"))
    console.print(Text(headline(first, digits, lang)))
    console.print(Text(w("batch", s=", ".join(labels), n=len(labels))))
    mean = {q.key: q for q in bt.quantities}
    for section in ("forward", "loss", "backward", "gradient"):
        console.print(Text(w(section), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        for s in labels:
            table.add_column(s, justify="right", no_wrap=True)
        if section == "gradient":
            table.add_column(w("mean"), justify="right", no_wrap=True)
        for q in first.quantities:
            if q.section != section:
                continue
            cells = [Text(q.key), Text(q.formula)]
            cells += [Text(fmt(tr[q.key].value, digits)) for _, tr in bt.samples]
            if section == "gradient":
                cells.append(Text(fmt(mean[q.key].value, digits), style="bold"))
            table.add_row(*cells)
        console.print(table)
    for section in ("update", "after"):
        console.print(Text(w("after batch" if section == "after" else section), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value"), justify="right", no_wrap=True)
        for q in bt.quantities:
            if q.section == section:
                formula = Text(q.formula)
                sub = substituted(q, digits)
                if sub:
                    formula.append("\n= " + sub)
                table.add_row(Text(q.key), formula, Text(fmt(q.value, digits)))
        console.print(table)


MATRIX_LIMIT = 12        # larger layers are described by their shape only


def view_rich(tr: Trace, views, console, *, kind: str = "matrix", digits: int = 6,
              lang: str = "en") -> None:
    """The step in matrix form (seed 004 §5) or as seed 002's 校对误差 vectors and Jacobians."""
    from rich.text import Text

    from bptrace.render import text_blocks

    w = words(lang)
    console.print(Text(tr.title, style="bold"))
    console.print(Text(headline(tr, digits, lang)))

    def show(label, parts):
        console.print(Text(label, style="bold"))
        for line in text_blocks(parts, digits):
            console.print(Text(line), soft_wrap=True)

    if kind == "matrix":
        for v in views:
            l = v.layer
            console.print(Text(f"{w('layer')} {l} ({layer_label(v.name, w)}): {', '.join(v.rows)} ← {', '.join(v.cols)}",
                               style="bold underline"))
            if len(v.rows) > MATRIX_LIMIT or len(v.cols) > MATRIX_LIMIT:
                console.print(Text(w("too big", r=len(v.rows), c=len(v.cols))))
                continue
            show(f"z{l} = W{l}·a{l - 1} + b{l}", [v.W, "·", v.a_prev, "+", v.b, "=", v.z])
            show(f"a{l} = f(z{l})", [v.a])
            show(f"δ{l} = ∂E/∂z{l}  (err{l} = ∂E/∂a{l})", ["err =", v.err, "  δ =", v.delta])
            show(f"∂E/∂W{l} = δ{l}·a{l - 1}ᵀ", [v.delta, "·", [v.a_prev], "=", v.dW])
            show(f"∂E/∂b{l} = δ{l}", [v.db])
            for name, users, g, new in v.shared:
                console.print(Text(w("shared bias", b=name, n=", ".join(users), g=fmt(g, digits),
                                     new=fmt(new, digits))))
            show(f"W{l} ← W{l} − η·∂E/∂W{l}", [v.W, "−", fmt(tr.learning_rate, digits), "×", v.dW,
                                               "=", v.W_new])
    else:
        for v in reversed(views):
            l = v.layer
            if len(v.rows) > MATRIX_LIMIT or len(v.cols) > MATRIX_LIMIT:
                console.print(Text(w("too big", r=len(v.rows), c=len(v.cols))))
                continue
            show(f"E{l} = (∂E/∂y{l}) — {w('correction error')} ({', '.join(v.rows)})", [[v.err]])
            if v.jacobian is not None:
                show(f"E{l - 1} = E{l}·J{l},  J{l} = ∂y{l}/∂y{l - 1}",
                     [[v.err], "·", v.jacobian, "=", [views[l - 2].err]])


def perceptron_rich(p, run, grid, xor, console, *, lang: str = "en") -> None:
    """Seed 002's table, sample by sample; the boundary each epoch; the points and regions."""
    from rich.table import Table
    from rich.text import Text

    from bptrace.render import boundary_text

    w = words(lang)
    console.print(Text(p.title, style="bold"))
    console.print(Text(w("perceptron rule", act="u" if p.activation == "step" else "sign",
                         eta=fmt(p.lr, 6))))
    names = p.inputs
    for ep in run.epochs:
        console.print(Text(f"{w('epoch')} {ep['epoch']}", style="bold"))
        table = Table(pad_edge=False)
        for col in ("#", "x", "W", "θ", "W·x + θ", "ŷ", "y", "y − ŷ", "ΔW", "Δθ"):
            table.add_column(col, justify="right" if col not in ("x", "W", "ΔW") else "left", no_wrap=True)
        for s in [s for s in run.steps if s.epoch == ep["epoch"]]:
            table.add_row(str(s.sample), _vec(s.x), _vec(s.W), fmt(s.theta, 6),
                          fmt(s.z, 6), fmt(s.y_hat, 6), fmt(s.y, 6),
                          Text(fmt(s.error, 6), style="bold" if s.error else ""), _vec(s.dW), fmt(s.dtheta, 6))
        console.print(table)
        console.print(Text(w("boundary", eq=boundary_text(names, ep["W"], ep["theta"]),
                             n=ep["misclassified"])))
    if grid is not None:
        console.print(Text(w("regions"), style="bold"))
        console.print(Text(perceptron_plot(p, grid)))
    if run.converged:
        console.print(Text(w("perceptron converged", n=len(run.epochs),
                             eq=boundary_text(names, run.W.tolist(), run.theta)), style="bold"))
        return
    console.print(Text(w("not separable " + run.reason.replace(" ", "_"), n=len(run.epochs)), style="bold"))
    if xor is not None:
        runs, rows = xor
        console.print(Text(w("xor fix"), style="bold"))
        for name in ("nand", "or", "and"):
            r = runs[name]
            console.print(Text(f"  {name.upper()}: {boundary_text(['x1', 'x2'] if name != 'and' else ['NAND', 'OR'], r.W.tolist(), r.theta)}"
                               f"  ({w('learnt in', n=len(r.epochs))})"))
        table = Table(pad_edge=False)
        for col in ("x1", "x2", "NAND", "OR", "AND(NAND, OR) = XOR"):
            table.add_column(col, justify="right")
        for x, h1, h2, out in rows:
            table.add_row(fmt(x[0], 3), fmt(x[1], 3), fmt(h1, 3), fmt(h2, 3), Text(fmt(out, 3), style="bold"))
        console.print(table)


def _vec(v) -> str:
    return "(" + ", ".join(fmt(x, 6) for x in v) + ")"


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
    lines = [f"{p.inputs[1] if i == 0 else '':>4} ┤" + "".join(r) for i, r in enumerate(cells)]
    lines.append("     └" + "─" * width)
    left, right = fmt(lo, 3), fmt(hi, 3)
    lines.append("      " + left + " " * max(1, width - len(left) - len(right) + 1) + right + "  " + p.inputs[0])
    return "\n".join(lines)


MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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
    grid = [[" "] * width for _ in range(height)]

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
    labels = [fmt(hi, 3), fmt(lo, 3)]
    pad = max(len(v) for v in labels)
    lines = [f"{labels[0] if r == 0 else labels[1] if r == height - 1 else '':>{pad}} ┤{''.join(c)}"
             for r, c in enumerate(grid)]
    lines.append(" " * pad + " └" + "─" * width)
    left, right = fmt(x0, 4), fmt(x1, 4)
    lines.append(" " * (pad + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    return lines


def compare_rich(console, title: str, results: list[dict], picture, *, digits: int = 6,
                 target: float | None = None, lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(Text(f"{title} — {w('comparison', n=len(results))}", style="bold"))
    table = Table(pad_edge=False)
    table.add_column("")
    table.add_column(w("variant"))
    table.add_column(w("final loss col"), justify="right")
    has_val = any(r["val_loss"] is not None for r in results)
    if has_val:
        table.add_column(w("validation loss"), justify="right")
    if target is not None:
        table.add_column(w("epochs to", t=fmt(target, 3)), justify="right")
    table.add_column(w("seconds"), justify="right")
    for i, r in enumerate(results):
        loss = fmt(r["values"]["loss"], digits) if not r["diverged"] else r["diverged"]
        cells = [Text(MARKS[i % len(MARKS)]), Text(r["label"]), Text(loss)]
        if has_val:
            cells.append(Text(fmt(r["val_loss"], digits)))
        if target is not None:
            cells.append(Text(str(r["epochs_to_target"]) if r["epochs_to_target"] else "—"))
        cells.append(Text(f"{r['seconds']:.2f}"))
        table.add_row(*cells)
    console.print(table)
    console.print(Text(w("loss curves"), style="bold"))
    series = [([h["epoch"] for h in r["history"]], [h["loss"] for h in r["history"]]) for r in results
              if r["history"]]
    if not series:
        return
    for line in multi_curve(series):
        console.print(Text(line))
    kind, grid, X, T = picture
    if kind == "curve":
        console.print(Text(w("fits"), style="bold"))
        fits = [(grid[:, 0].tolist(), r["grid_outputs"]) for r in results if r["grid_outputs"]]
        for line in multi_curve(fits, log=False, points=(X[:, 0].tolist(), T[:, 0].tolist())):
            console.print(Text(line))
    elif kind == "regions":
        for i, r in enumerate(results):
            if r["grid_outputs"]:
                console.print(Text(f"{MARKS[i % len(MARKS)]}  {r['label']}", style="bold"))
                console.print(region_text(grid, r["grid_outputs"], X, T))


def region_text(grid, outputs, X, T, width: int = 60):
    """A two-class decision map: the class-1 region blue, class 0 red, the points ● (1) ○ (0)."""
    from rich.text import Text

    height = len(outputs) // width
    xs, ys = grid[:width, 0], grid[::width, 1]
    cells = [["1" if outputs[r * width + c] > 0.5 else "0" for c in range(width)] for r in range(height)]
    marks = {}
    for x, t in zip(X, T[:, 0]):
        c = int(round((x[0] - xs[0]) / (xs[-1] - xs[0]) * (width - 1)))
        r = int(round((ys[0] - x[1]) / (ys[0] - ys[-1]) * (height - 1)))
        marks[(r, c)] = "●" if t > 0.5 else "○"
    text = Text()
    for r in range(height):
        for c in range(width):
            ch = marks.get((r, c)) or ("·" if cells[r][c] == "1" else " ")
            text.append(ch, style="on blue" if cells[r][c] == "1" else "on red")
        text.append("\n")
    return text


def grades_rich(console, title: str, rows: list, *, lang: str = "en") -> None:
    """A class set: one row per student (bptrace.check.grading.Grade records)."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(Text(title, style="bold"))
    table = Table(pad_edge=False)
    for col in (w("student"), w("score"), w("first wrong"), w("likely mistake")):
        table.add_column(col)
    from bptrace.render.diagnosis import likely_mistake
    for g in rows:
        table.add_row(Text(g.student), Text(f"{g.score}/{g.of}"), Text(g.first_wrong),
                      Text(likely_mistake(g, lang)))
    console.print(table)
