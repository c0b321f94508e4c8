"""A step as Rich tables for the terminal: the network, every section of the trace (or
summaries of large layers), explanations, drift, a batch side by side, the matrix and
Jacobian views. User text always goes through ``rich.text.Text`` so it is never parsed as
markup: a parameter called ``w[1]`` prints as written."""

from __future__ import annotations

from typing import Callable

from bptrace.lang import words
from bptrace.render.text import (bias_label, hand_heading, section_heading, explanation, fmt, formula_text, gradcheck_summary, headline,
                                 layer_label, note_text, substituted, text_blocks)
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
        rows = [q for q in tr.section(section) if (selected(q) if selected else True)]
        if not rows:
            continue
        console.print(Text(section_heading(tr, section, w), style="bold"))
        table = Table(expand=False, show_lines=False, pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value") if exact is None else hand_heading(w, round_to),
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
            formula = Text(formula_text(q, lang))
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
        console.print(table)
        if checking:
            console.print(Text(gradcheck_summary(gradcheck, w), style="bold"))
    if any_summary:
        console.print(Text(w("summarised"), style="italic"))
    for name in explain:
        explain_rich(tr, console, name, digits, lang)
    if drift_rows:
        console.print(Text(w("drift printed") if round_to == "printed" else w("drift", n=round_to),
                           style="bold"))
        table = Table(pad_edge=False)
        for i, col in enumerate((w("quantity"), hand_heading(w, round_to), w("exact"), w("hand - exact"))):
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
    console.print(Text(bt.title, style="bold"))
    console.print(Text(headline(first, digits, lang)))
    console.print(Text(w("batch", s=", ".join(labels), n=len(labels))))
    mean = {q.key: q for q in bt.quantities}
    for section in PASS_SECTIONS:
        console.print(Text(section_heading(first, section, w), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        for s in labels:
            table.add_column(s, justify="right", no_wrap=True)
        if section == "gradient":
            table.add_column(w("mean"), justify="right", no_wrap=True)
        for q in first.section(section):
            cells = [Text(q.key), Text(formula_text(q, lang))]
            cells += [Text(fmt(tr[q.key].value, digits)) for _, tr in bt.samples]
            if section == "gradient":
                cells.append(Text(fmt(mean[q.key].value, digits), style="bold"))
            table.add_row(*cells)
        console.print(table)
    for section in RESULT_SECTIONS:
        console.print(Text(w("after batch" if section == "after" else section), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("quantity"), no_wrap=True)
        table.add_column(w("formula"), overflow="fold")
        table.add_column(w("value"), justify="right", no_wrap=True)
        for q in bt.quantities:
            if q.section == section:
                formula = Text(formula_text(q, lang))
                sub = substituted(q, digits)
                if sub:
                    formula.append("\n= " + sub)
                table.add_row(Text(q.key), formula, Text(fmt(q.value, digits)))
        console.print(table)


MATRIX_LIMIT = 12        # larger layers are described by their shape only


def view_rich(tr: Trace, views, console, *, kind: str = "matrix", digits: int = 6,
              lang: str = "en") -> None:
    """The step in matrix form (the 《神经网络》 blog post, §5) or as the lecture slides' 校对误差 vectors and Jacobians."""
    from rich.text import Text

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
            b, m = ("θ", "−") if v.threshold else ("b", "+")
            neg = "−" if v.negative else ""
            show(f"z{l} = W{l}·a{l - 1} {m} {b}{l}", [v.W, "·", v.a_prev, m, v.b, "=", v.z])
            show(f"a{l} = f(z{l})", [v.a])
            show(f"δ{l} = {neg}∂E/∂z{l}  (err{l} = {neg}∂E/∂a{l})", ["err =", v.err, "  δ =", v.delta])
            show(f"∂E/∂W{l} = {neg}δ{l}·a{l - 1}ᵀ", [neg, v.delta, "·", [v.a_prev], "=", v.dW]
                 if neg else [v.delta, "·", [v.a_prev], "=", v.dW])
            db_sign = "−" if v.threshold != v.negative else ""
            show(f"∂E/∂{b}{l} = {db_sign}δ{l}", [v.db])
            for name, users, g, new in v.shared:
                console.print(Text(w("shared bias", b=name, n=", ".join(users), g=fmt(g, digits),
                                     new=fmt(new, digits) if new is not None else "—")))
            if v.W_new is not None:
                show(f"W{l} ← W{l} − η·∂E/∂W{l}", [v.W, "−", fmt(tr.learning_rate, digits), "×",
                                                   v.dW, "=", v.W_new])
            if v.b_new is not None and any(x is not None for x in v.b_new):
                show(f"{b}{l} ← {b}{l} − η·∂E/∂{b}{l}", [v.b, "−", fmt(tr.learning_rate, digits),
                                                         "×", v.db, "=", v.b_new])
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


# The reports moved to bptrace.render.reports; importable from here as before.
from bptrace.render.reports import (check_rich, compare_rich, grades_rich,  # noqa: E402,F401
                                    perceptron_rich, train_rich)
