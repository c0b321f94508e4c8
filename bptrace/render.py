"""Renderers: traces → Rich tables, JSON, CSV. They format; they never compute.

User text (names, titles) always goes through ``rich.text.Text`` so it is never parsed as
markup: a parameter called ``w[1]`` prints as written.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

from bptrace import __version__
from bptrace.trace import Quantity, Trace, stats

SUMMARY_ROWS = 12        # a layer with more neurons than this is summarised in Rich output
BIG_JSON = 20000         # beyond this many values, JSON is compact and carries no formulas
MAX_ROWS_PER_LAYER = 40  # … and so is a layer's part of a section with more rows than this

SECTIONS = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass — 校对误差 err = ∂E/∂out, dout = ∂out/∂net, delta = ∂E/∂net",
    "gradient": "Gradients — ∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P",
    "update": "Update — P ← P − η·∂E/∂P",
    "after": "After the update (same sample)",
}


def fmt(v: float, digits: int = 9) -> str:
    """A number with `digits` significant digits, as a textbook prints it."""
    if v is None:
        return "—"
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "−inf")
    if v == 0:
        return "0"
    text = f"{v:.{digits}g}"
    return text


def substituted(q: Quantity, digits: int) -> str:
    """The formula with the numbers put in: '0.15×0.05 + 0.2×0.1 + 0.35'."""
    if q.terms is not None:
        parts = []
        for term in q.terms:
            parts.append("×".join(_operand(v, digits) for _, v in term))
        text = " + ".join(parts) if parts else "0"
        return text.replace("+ −", "− ")
    if q.template is not None:
        return q.template.format(*(_operand(v, digits) for v in q.args))
    return ""


def _operand(v: float, digits: int) -> str:
    s = fmt(v, digits)
    return f"({s})" if s.startswith("-") else s


# --------------------------------------------------------------------------------- JSON
def step_json(tr: Trace, keys: Iterable[str] | None = None, extra: dict | None = None) -> str:
    """SPEC §4: one object; `values` maps every key to its float64 number."""
    wanted = set(keys) if keys is not None else None
    qs = [q for q in tr.quantities if wanted is None or q.key in wanted]
    values, nonfinite = {}, []
    for q in qs:
        if math.isfinite(q.value):
            values[q.key] = q.value
        else:
            values[q.key] = None
            nonfinite.append(q.key)
    obj = {
        "bptrace": __version__,
        "command": "step",
        "config": tr.file,
        "title": tr.title,
        "network": network_json(tr),
        "values": values,
    }
    if len(qs) <= BIG_JSON:
        obj["formulas"] = {q.key: q.formula for q in qs}
    if nonfinite:
        obj["nonfinite"] = nonfinite
    if extra:
        obj.update(extra)
    return dumps(obj, big=len(qs) > BIG_JSON)


def network_json(tr: Trace) -> dict:
    return {
        "inputs": list(tr.inputs),
        "layers": [{"name": l.name, "neurons": list(l.neurons), "activation": l.activation}
                   for l in tr.layers],
        "loss": tr.loss_name,
        "learning_rate": tr.learning_rate,
        "train_biases": tr.train_biases,
        "parameters": [{"name": p.name, "layer": p.layer, "kind": "weight" if p.kind == "w" else "bias",
                        "from": p.source, "to": list(p.targets), "value": p.value,
                        "trainable": p.trainable} for p in tr.params],
    }


def dumps(obj, big: bool = False) -> str:
    """Deterministic JSON; a NaN or infinity is an error here, never silent output.
    Large objects are written compactly (the indenting encoder is ten times slower)."""
    import json

    return json.dumps(obj, ensure_ascii=False, indent=None if big else 1, allow_nan=False)


# ---------------------------------------------------------------------------------- CSV
def step_csv(tr: Trace, keys: Iterable[str] | None = None, digits: int = 17) -> str:
    import csv
    import io

    wanted = set(keys) if keys is not None else None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["key", "value", "formula", "substituted"])
    for q in tr.quantities:
        if wanted is None or q.key in wanted:
            w.writerow([q.key, repr(q.value), q.formula, substituted(q, digits)])
    return buf.getvalue()


# --------------------------------------------------------------------------------- Rich
def step_rich(tr: Trace, console, *, digits: int = 9, selected: Callable[[Quantity], bool] | None = None,
              explain: list[str] = (), exact: Trace | None = None,
              drift_rows: list | None = None, round_to: int | None = None) -> None:
    """The whole trace as Rich tables. `selected` narrows it (then nothing is summarised)."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(tr.title, style="bold"))
    arch = " → ".join([f"{len(tr.inputs)} inputs"] +
                      [f"{len(l.neurons)} {l.activation}" for l in tr.layers])
    console.print(Text(f"{arch}; loss {tr.loss_name}: {tr.loss_formula}; η = "
                       f"{fmt(tr.learning_rate, digits)}; biases "
                       f"{'trained' if tr.train_biases else 'frozen'}"))
    big_layers = {l for l, layer in enumerate(tr.layers, start=1) if len(layer.neurons) > SUMMARY_ROWS}
    if len(tr.inputs) > SUMMARY_ROWS:
        big_layers.add(0)
    if selected is None:
        _network_table(tr, console, digits, big_layers)
    any_summary = False
    ranges_all = None
    for section, heading in SECTIONS.items():
        rows = [q for q in tr.quantities if q.section == section and
                (selected(q) if selected else True)]
        if not rows:
            continue
        console.print(Text(heading, style="bold"))
        table = Table(expand=False, show_lines=False, pad_edge=False)
        table.add_column("quantity", no_wrap=True)
        table.add_column("formula", overflow="fold")
        table.add_column("value" if exact is None else f"by hand ({round_to} dp)",
                         justify="right", no_wrap=True)
        if exact is not None:
            table.add_column("exact", justify="right", no_wrap=True)
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
                    name = "inputs" if q.layer == 0 else tr.layers[q.layer - 1].name
                    table.add_row(Text(name, style="italic"), Text(info, style="italic"), Text(""))
                    any_summary = True
                continue
            if section in ("backward", "gradient", "update") and q.layer != current_layer \
                    and q.layer > 0:
                current_layer = q.layer
                table.add_section()
            formula = Text(q.formula)
            sub = substituted(q, digits)
            if sub:
                formula.append("\n= " + sub)
            if q.note:
                formula.append(f"\n({q.note})", style="italic")
            cells = [Text(q.key), formula, Text(fmt(q.value, digits))]
            if exact is not None:
                cells.append(Text(fmt(exact[q.key].value, digits)))
            table.add_row(*cells)
        console.print(table)
    if any_summary:
        console.print(Text("Large layers are summarised. Select what to see with "
                           "--only 'grad.w_*' or --layer N, or use --format json for every value.",
                           style="italic"))
    for name in explain:
        explain_rich(tr, console, name, digits)
    if drift_rows:
        console.print(Text(f"Drift: rounding every intermediate to {round_to} decimals moves the "
                           "final numbers by", style="bold"))
        table = Table(pad_edge=False)
        for col in ("quantity", "by hand", "exact", "hand − exact"):
            table.add_column(col, justify="left" if col == "quantity" else "right")
        for key, hand, ex, diff in drift_rows[:10]:
            table.add_row(Text(key), Text(fmt(hand, digits)), Text(fmt(ex, digits)), Text(fmt(diff, 3)))
        console.print(table)


def _network_table(tr: Trace, console, digits: int, big_layers: set[int]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text("Network", style="bold"), title_justify="left", pad_edge=False)
    table.add_column("layer", no_wrap=True)
    table.add_column("neurons")
    table.add_column("activation")
    table.add_column("parameters", overflow="fold")
    table.add_row(Text("input"), Text(_names(tr.inputs)), Text("—"), Text(""))
    for l, layer in enumerate(tr.layers, start=1):
        params = [p for p in tr.params if p.layer == l]
        if l in big_layers or len(params) > 3 * SUMMARY_ROWS:
            text = f"{len(params)} parameters"
        else:
            text = "\n".join(
                f"{p.name} = {fmt(p.value, digits)}  ({p.source}→{p.targets[0]})" if p.kind == "w"
                else f"{p.name} = {fmt(p.value, digits)}  (bias of {', '.join(p.targets)})"
                + ("" if p.trainable else ", frozen") for p in params)
        table.add_row(Text(layer.name), Text(_names(layer.neurons)),
                      Text(f"{layer.activation}\n{layer.formula.format(net='net')}"), Text(text))
    console.print(table)


def _names(names) -> str:
    names = list(names)
    if len(names) > SUMMARY_ROWS:
        return f"{', '.join(names[:3])}, …, {names[-1]} ({len(names)})"
    return ", ".join(names)


# ------------------------------------------------------------------------------ explain
_SYMBOL = {"err": "∂E/∂out.{0}", "dout": "∂out.{0}/∂net.{0}", "delta": "∂E/∂net.{0}",
           "grad": "∂E/∂{0}"}
_EXPLAINED = ("err.", "dout.", "delta.")


def symbol(key: str) -> str:
    """How a textbook writes a key: err.h1 → ∂E/∂out.h1, err.h1.o1 → ∂E/∂net.o1·∂net.o1/∂out.h1."""
    parts = key.split(".")
    if parts[0] == "err" and len(parts) == 3:
        return f"∂E/∂net.{parts[2]}·∂net.{parts[2]}/∂out.{parts[1]}"
    if parts[0] in _SYMBOL and len(parts) == 2:
        return _SYMBOL[parts[0]].format(parts[1])
    return key


def explain_rich(tr: Trace, console, name: str, digits: int) -> None:
    """Mazur's walkthrough for one parameter: every factor, down to the output layer."""
    from rich.text import Text
    from rich.tree import Tree

    grad = tr[f"grad.{name}"]
    new = tr[f"new.{name}"]
    root = Tree(Text(f"How {name} changes (every path spelled out)", style="bold"))
    seen: set[str] = set()

    def line(q: Quantity) -> Text:
        head = f"{q.key} = {symbol(q.key)}" if symbol(q.key) != q.key else q.key
        t = Text(f"{head} = {q.formula}")
        sub = substituted(q, digits)
        if sub:
            t.append(f" = {sub}")
        t.append(f" = {fmt(q.value, digits)}", style="bold")
        return t

    def grow(node, q: Quantity) -> None:
        labels = [lab for term in (q.terms or ()) for lab, _ in term]
        if q.key.startswith("delta.") and q.template:          # softmax: err and out feed it
            labels = [f"err.{q.key[6:]}"]
        for lab in labels:
            if lab.startswith(_EXPLAINED) and lab in tr and lab not in seen:
                seen.add(lab)
                child = node.add(line(tr[lab]))
                grow(child, tr[lab])

    g = root.add(line(grad))
    grow(g, grad)
    root.add(line(new))
    console.print(root)


# -------------------------------------------------------------------------------- train
def train_json(title: str, file: str, report: dict, outputs: list[dict] | None) -> str:
    obj = {"bptrace": __version__, "command": "train", "config": file, "title": title}
    obj.update(report)
    if outputs is not None:
        obj["outputs"] = outputs
    return dumps(obj, big=len(report["values"]) > BIG_JSON)


def train_rich(console, title: str, arch: str, report: dict, outputs: list[dict],
               names: tuple[list[str], list[str]], params: list[tuple[str, float, float]],
               *, digits: int = 8, every: int | None = None) -> None:
    """The loss falling, the outputs against the targets, the trained parameters."""
    from rich.table import Table
    from rich.text import Text

    s = report["settings"]
    hist = report["history"]
    console.print(Text(title, style="bold"))
    console.print(Text(f"{arch}; {s['mode']} (batch {s['batch_size']}), {s['optimizer']}, "
                       f"η = {fmt(s['learning_rate'], digits)}, {s['epochs']} epochs"
                       + (", shuffled" if s["shuffle"] else "")))
    rows = hist if every else _spread(hist, 12)
    table = Table(pad_edge=False)
    table.add_column("epoch", justify="right")
    table.add_column("mean loss", justify="right")
    has_val = any("val_loss" in h for h in hist)
    if has_val:
        table.add_column("validation loss", justify="right")
    for h in rows:
        cells = [Text(str(h["epoch"])), Text(fmt(h["loss"], digits))]
        if has_val:
            cells.append(Text(fmt(h.get("val_loss"), digits)))
        table.add_row(*cells)
    console.print(Text("Loss (mean over the data set, after each epoch)", style="bold"))
    console.print(table)
    if len(hist) >= 3:
        console.print(Text(loss_curve([h["epoch"] for h in hist], [h["loss"] for h in hist])))
    in_names, out_names = names
    if outputs and len(in_names) == 1 and len(out_names) == 1 and len(outputs) >= 10:
        console.print(Text("Fit: targets (·) and the trained network's outputs (•)", style="bold"))
        console.print(Text(fit_plot([r["input"][0] for r in outputs], [r["target"][0] for r in outputs],
                                    [r["output"][0] for r in outputs], in_names[0], out_names[0])))
    if outputs:
        console.print(Text("Outputs after training", style="bold"))
        table = Table(pad_edge=False)
        table.add_column("#", justify="right")
        table.add_column("input")
        table.add_column("target")
        table.add_column("output")
        shown = outputs if len(outputs) <= 20 else outputs[:8] + outputs[-4:]
        for i, row in enumerate(shown):
            if len(outputs) > 20 and i == 8:
                table.add_row(Text("…"), Text(f"{len(outputs) - 12} more"), Text(""), Text(""))
            table.add_row(Text(str(row["index"] + 1)),
                          Text(", ".join(fmt(v, 4) for v in row["input"])),
                          Text(", ".join(fmt(v, 4) for v in row["target"])),
                          Text(", ".join(fmt(v, digits) for v in row["output"])))
        console.print(table)
    console.print(Text("Parameters after training", style="bold"))
    if len(params) <= 60:
        table = Table(pad_edge=False)
        table.add_column("parameter")
        table.add_column("before", justify="right")
        table.add_column("after", justify="right")
        for name, before, after in params:
            table.add_row(Text(name), Text(fmt(before, digits)), Text(fmt(after, digits)))
        console.print(table)
    else:
        console.print(Text(f"{len(params)} parameters: see --format json or --save FILE."))
    stop = report.get("stopped")
    tail = {"early stopping": " (early stopping)", "interrupted": " (interrupted)"}.get(stop, "")
    console.print(Text(f"loss after {s['epochs_run']} epochs{tail}: "
                       f"{fmt(report['values']['loss'], digits)}", style="bold"))


def _spread(rows: list, n: int) -> list:
    if len(rows) <= n:
        return rows
    step = (len(rows) - 1) / (n - 1)
    return [rows[round(i * step)] for i in range(n)]


def loss_curve(epochs: list[int], losses: list[float], width: int = 60, height: int = 12) -> str:
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
    lines.append(" " * (pad + 2) + ("epoch (loss on a log scale)" if log else "epoch"))
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
STATUS_NOTE = {"agree": "✓", "truncated": "✗ agrees only if truncated", "sign": "✗ agrees only up to sign",
               "differ": "✗"}


def diagnosis_json(findings, explained) -> dict:
    return {"diagnosis": [{"variant": f.name, "agree": f.agree, "of": f.of} for f in findings],
            "explanations": explained}


def checks_json(checks) -> list[dict]:
    return [{"key": c.key, "expected": c.expected, "computed": c.computed, "agree": c.agree,
             "status": c.status} for c in checks]


def check_rich(console, title: str, file: str, checks, digits: int = 9, diagnosis=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"{title}: the printed values against bptrace", style="bold"))
    table = Table(pad_edge=False)
    table.add_column("key", no_wrap=True)
    table.add_column("printed", justify="right")
    table.add_column("bptrace", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("note")
    for c in checks:
        note = ""
        if c.status == "differ":
            note = f"differs from significant digit {c.digit}; exact {fmt(c.computed, 12)}"
        elif c.status != "agree":
            note = f"{STATUS_NOTE[c.status][2:]}; exact {fmt(c.computed, 12)}"
        mark = Text("✓", style="green") if c.agree else Text("✗", style="red")
        table.add_row(Text(c.key), Text(c.expected), Text(c.rounded), mark, Text(note))
    console.print(table)
    bad = [c for c in checks if not c.agree]
    if bad:
        console.print(Text(f"{len(checks) - len(bad)} of {len(checks)} printed values agree; "
                           f"{len(bad)} differ: {', '.join(c.key for c in bad)}.", style="bold"))
    else:
        console.print(Text(f"all {len(checks)} printed values agree.", style="bold"))
    if diagnosis is not None:
        findings, explained, base_agree, why = diagnosis
        console.print(Text("Diagnosis: what reproduces the printed values", style="bold"))
        table = Table(pad_edge=False)
        table.add_column("variant")
        table.add_column("agree", justify="right")
        table.add_column("reproduces (of those that differ)")
        table.add_row(Text("textbook-correct backpropagation"), Text(f"{base_agree}/{len(checks)}"), Text(""))
        differing = [c.key for c in checks if not c.agree]
        for f in [f for f in findings if set(f.agreeing) & set(differing)][:8]:
            table.add_row(Text(f.name), Text(f"{f.agree}/{f.of}"),
                          Text(", ".join(k for k in f.agreeing if k in differing)))
        console.print(table)
        for c in checks:
            if c.agree:
                continue
            names = explained.get(c.key, [])
            if names:
                console.print(Text(f"{c.key} = {c.expected}: reproduced by “{'” or “'.join(names)}”"
                                   + (" — " + " ".join(why.get(c.key, [])) if why.get(c.key) else "")))
            else:
                console.print(Text(f"{c.key} = {c.expected}: no variant of the catalogue reproduces it "
                                   "(a misprint, or a convention bptrace does not know)."))
