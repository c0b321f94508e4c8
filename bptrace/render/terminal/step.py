"""A step as Rich tables for the terminal: the network, every section of the trace (or
summaries of large layers), explanations, drift, a batch side by side (the matrix and
Jacobian views: :mod:`bptrace.render.terminal.views`). User text always goes through ``rich.text.Text`` so it is never parsed as
markup: a parameter called ``w[1]`` prints as written."""

from __future__ import annotations

from typing import Callable

from bptrace.words import title as localized
from bptrace.words import words
from bptrace.render.terminal import Formula, block
from bptrace.trace.views import hardmax
from bptrace.render.text import (bias_label, hand_heading, section_heading, explanation, fmt, formula_text, gradcheck_summary, headline,
                                 layer_label, note_text, substituted)
from bptrace.trace.quantity import PASS_SECTIONS, RESULT_SECTIONS, SECTIONS, Quantity, Trace
from bptrace.trace.views import stats

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
    console.print(block(localized(tr.title, lang), style="bold"))
    console.print(block(headline(tr, digits, lang)))
    big_layers = {l for l, layer in enumerate(tr.layers, start=1) if len(layer.neurons) > SUMMARY_ROWS}
    if len(tr.inputs) > SUMMARY_ROWS:
        big_layers.add(0)
    if selected is None:
        _network_table(tr, console, digits, big_layers, w)
    any_summary = False
    ranges_all = None
    for section in SECTIONS:
        runs = _section_runs(tr, section, selected)
        if not runs:
            continue
        console.print(block(section_heading(tr, section, w), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value") if exact is None else hand_heading(w, round_to),
                         justify="right", no_wrap=True)
        hard = hardmax(tr) if section == "loss" and selected is None else None
        if exact is not None:
            table.add_column(w("exact"), justify="right", no_wrap=True)
        checking = gradcheck is not None and section == "gradient"
        if checking:
            table.add_column(w("numeric"), justify="right", no_wrap=True)
            table.add_column(w("rel. error"), justify="right", no_wrap=True)
        summarised: set[int] = set()
        per_layer: dict[int, int] = {}
        for layer, run in runs:
            per_layer[layer] = per_layer.get(layer, 0) + len(run)
        too_many = {l for l, n in per_layer.items() if n > MAX_ROWS_PER_LAYER} | big_layers
        current_layer = None
        for layer, run in runs:
            if selected is None and layer in too_many and layer >= 0:
                if layer not in summarised:
                    summarised.add(layer)
                    if ranges_all is None:
                        ranges_all = stats(tr)
                    ranges = ranges_all[(section, layer)]
                    info = "; ".join(f"{n} × {k}: {fmt(lo, 4)} … {fmt(hi, 4)}"
                                     for k, (n, lo, hi) in ranges.items())
                    name = w("input") if layer == 0 else layer_label(tr.layers[layer - 1].name, w)
                    # blank cells under the value columns: one, or more with --round or --gradcheck
                    table.add_row(Text(name, style="italic"), Text(info, style="italic"),
                                  *[Text("")] * (len(table.columns) - 2))
                    any_summary = True
                continue
            for q in run() if callable(run) else run:
                if section in ("backward", "gradient", "update") and q.layer != current_layer \
                        and q.layer > 0:
                    current_layer = q.layer
                    if table.rows:          # a line after the last row (Rich 12.0 has no add_section)
                        table.rows[-1].end_section = True
                formula = Formula(formula_text(q, lang))
                sub = substituted(q, digits)
                if sub:
                    formula.append("\n= " + sub)
                if q.note is not None:
                    formula.append(f"\n({note_text(q, lang)})", style="italic")
                cells = [Text(q.key), formula, Text(fmt(q.value, digits))]
                if exact is not None:
                    cells.append(Text(fmt(exact[q.key].value, digits)))
                if checking:
                    a, n, rel, kink = gradcheck[2][q.key[5:]]
                    cells += [Text(fmt(n, digits)), Text(fmt(rel, 2) + (" kink" if kink else ""))]
                table.add_row(*cells)
        if hard:                    # a softmax output: the hardmax beside it, before the loss
            console.print(block(w("hardmax", names=", ".join(hard[0]),
                                  soft=", ".join(fmt(v, digits) for v in hard[1]),
                                  hard=", ".join(str(v) for v in hard[2]))))
        console.print(table)
        if checking:
            console.print(block(gradcheck_summary(gradcheck, w, tr.update == "sequential"),
                                style="bold"))
            _quotients(console, gradcheck, digits, w)
    if any_summary:
        console.print(block(w("summarised"), style="italic"))
    for name in explain:
        explain_rich(tr, console, name, digits, lang)
    if drift_rows:
        console.print(block(w("drift printed") if round_to == "printed" else w("drift", n=round_to),
                            style="bold"))
        table = Table(pad_edge=False)
        for i, col in enumerate((w("quantity"), hand_heading(w, round_to), w("exact"), w("hand - exact"))):
            table.add_column(col, justify="left" if i == 0 else "right")
        for key, hand, ex, diff in drift_rows[:10]:
            table.add_row(Text(key), Text(fmt(hand, digits)), Text(fmt(ex, digits)), Text(fmt(diff, 3)))
        console.print(table)


class _Run:
    """A block's quantities, made only if the table shows them one by one."""

    def __init__(self, tr: Trace, block):
        self.tr, self.block = tr, block

    def __len__(self) -> int:
        return len(self.block)

    def __call__(self) -> list[Quantity]:
        return self.tr.section_block(self.block)


def _section_runs(tr: Trace, section: str, selected) -> list[tuple[int, object]]:
    """(layer, its quantities) of a section, in order: with a selection, the selected
    quantities grouped by layer; without, one run per block of the trace (made when shown)."""
    if selected is None:
        return [(b.layer, _Run(tr, b)) for b in tr.blocks if b.section == section]
    runs: list[tuple[int, list]] = []
    for q in tr.section(section):
        if selected(q):
            if not runs or runs[-1][0] != q.layer:
                runs.append((q.layer, []))
            runs[-1][1].append(q)
    return runs


def _network_table(tr: Trace, console, digits: int, big_layers: set[int], w) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(block(w("network"), style="bold"))
    table = Table(pad_edge=False)
    table.add_column(w("layer"), no_wrap=True)
    table.add_column(w("neurons"))
    table.add_column(w("activation"))
    table.add_column(w("parameters"), overflow="fold")
    table.add_row(Text(w("input")), Text(_names(tr.inputs)), Text("—"), Text(""))
    for l, layer in enumerate(tr.layers, start=1):
        count = tr.param_count(l)
        if l in big_layers or count > 3 * SUMMARY_ROWS:
            text = f"{count} {w('parameters')}"
        else:
            params = [p for p in tr.params if p.layer == l]
            text = "\n".join(
                f"{p.name} = {fmt(p.value, digits)}  ({p.source}→{p.targets[0]})" if p.kind == "w"
                else f"{p.name} = {fmt(p.value, digits)}  ({bias_label(tr, p, w)})"
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

    root = Tree(Text(words(lang)("explain", p=name), style="bold"))

    def grow(node, items):
        for (head, value), children in items:
            t = Text(head)
            t.append(value, style="bold")
            grow(node.add(t), children)
    grow(root, explanation(tr, name, digits))
    console.print(root)


def batch_rich(bt, console, *, digits: int = 9, lang: str = "en") -> None:
    """Samples side by side, the mean gradient and the one update made with it."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    first = bt.samples[0][1]
    labels = [f"s{i}" for i, _ in bt.samples]
    console.print(block(localized(bt.title, lang), style="bold"))
    console.print(block(headline(first, digits, lang)))
    console.print(block(w("batch", s=", ".join(labels), n=len(labels))))
    mean = {q.key: q for q in bt.quantities}
    for section in PASS_SECTIONS:
        console.print(block(section_heading(first, section, w), style="bold"))
        rows = first.section(section)
        columns = [(s, [fmt(tr[q.key].value, digits) for q in rows]) for s, (_, tr) in
                   zip(labels, bt.samples)]
        if section == "gradient":
            columns.append((w("mean"), [fmt(mean[q.key].value, digits) for q in rows]))
        formulas = [formula_text(q, lang) for q in rows]
        for group in _pages(console.width, [q.key for q in rows] + [w("quantity")], formulas,
                            columns):
            table = Table(pad_edge=False)
            table.add_column(w("quantity"), no_wrap=True)
            table.add_column(w("formula"))
            for name, _ in group:
                table.add_column(name, justify="right", no_wrap=True)
            for i, q in enumerate(rows):
                cells = [Text(q.key), Formula(formulas[i])]
                cells += [Text(values[i], style="bold" if name == w("mean") else "")
                          for name, values in group]
                table.add_row(*cells)
            console.print(table)
    for section in RESULT_SECTIONS:
        if not any(q.section == section for q in bt.quantities):
            continue                    # no learning rate: no update, nothing after it
        console.print(block(w("after batch" if section == "after" else section), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value"), justify="right", no_wrap=True)
        for q in bt.quantities:
            if q.section == section:
                formula = Formula(formula_text(q, lang))
                sub = substituted(q, digits)
                if sub:
                    formula.append("\n= " + sub)
                table.add_row(Text(q.key), formula, Text(fmt(q.value, digits)))
        console.print(table)


def _pages(width: int, keys: list[str], formulas: list[str], columns: list) -> list[list]:
    """The value columns in groups that fit the terminal beside the key and formula columns
    (each group is one table): samples side by side where they fit, else a few at a time —
    never a cut number or key."""
    from rich.cells import cell_len

    from bptrace.render.terminal import formula_units
    key_w = max(cell_len(k) for k in keys)
    widest_piece = max((cell_len(f[a:b].strip()) for f in formulas for a, b in formula_units(f)),
                       default=1)
    formula_w = max(widest_piece, min(24, max((cell_len(f) for f in formulas), default=1)))
    groups, current, used = [], [], key_w + formula_w + 7       # borders and padding
    for name, values in columns:
        col = max(cell_len(v) for v in values + [name]) + 3
        if current and used + col > width:
            groups.append(current)
            current, used = [], key_w + formula_w + 7
        current.append((name, values))
        used += col
    return groups + [current] if current else groups


_REPORTS = ("check_rich", "compare_rich", "grades_rich", "perceptron_rich", "train_rich")


def __getattr__(name: str):
    """The reports moved to bptrace.render.terminal.reports; importable from here as before (loaded
    when asked for: a step needs none of them)."""
    if name in _REPORTS:
        from bptrace.render.terminal import reports
        return getattr(reports, name)
    raise AttributeError(f"module 'bptrace.render.terminal.step' has no attribute {name!r}")


QUOTIENT_LINES = 12      # the difference quotients written out (the table has every estimate)


def _quotients(console, gradcheck, digits: int, w) -> None:
    """The central difference quotient of the first parameters, its step h and its losses."""
    q = getattr(gradcheck, "quotients", None)
    if not q:
        return
    console.print(block(w("quotient heading"), style="bold"))
    for name, (h, ep, em) in list(q.items())[:QUOTIENT_LINES]:
        n = gradcheck[2][name][1]
        console.print(block(f"∂E/∂{name} ≈ (E({name} + h) − E({name} − h)) / 2h = "
                            f"({fmt(ep, 12)} − {fmt(em, 12)}) / (2 × {fmt(h, 3)}) = {fmt(n, digits)}"))
    if len(q) > QUOTIENT_LINES:
        console.print(block(w("quotient more", n=len(q) - QUOTIENT_LINES)))
