"""Small tables and text charts for the terminal: the list of built-in examples
(bptrace.config.examples.Entry records), verify's worst keys, a layer's weights in the row
form the slides print, an optimizer's traced step; a loss curve, a 1-D fit, several curves
with marks, a perceptron's line."""

from __future__ import annotations

import math

from bptrace.render.text import fmt
from bptrace.words import words


def examples_rich(console, entries, lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    from bptrace.render.terminal import block, para
    from bptrace.words import title, words
    w = words(lang)
    table = Table(title=Text(w("examples title"), style="bold"), title_justify="left",
                  pad_edge=False)
    table.add_column(w("examples name"), no_wrap=True)
    table.add_column(w("examples what"))
    table.add_column(w("examples commands"))
    for e in entries:
        table.add_row(Text(e.name), para(title(e.summary, lang)), Text(e.commands))
    console.print(table)
    console.print(block(w("examples use")))


def examples_json(entries, lang: str = "en") -> str:
    """The examples as a JSON list: name, title (in `lang`), commands."""
    import json

    from bptrace.words import title
    return json.dumps([{"name": e.name, "title": title(e.summary, lang),
                        "commands": [c.strip() for c in e.commands.split(",")]}
                       for e in entries], ensure_ascii=False, indent=2)


# --- `bptrace verify`'s table: the worst keys of a :class:`~bptrace.export.verify.Verification`
# (bptrace's value, PyTorch's, the relative difference), as text or JSON. Formats only.

def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.12g}"


def verify_rich(v, console, top: int = 10) -> None:
    from rich.table import Table
    from rich.text import Text

    what = (f"step and {v.epochs} epoch{'s' if v.epochs != 1 else ''} of training "
            f"({v.updates} updates)" if v.train else "one step")
    console.print(Text(f"{v.title}: bptrace against PyTorch ({v.device}), {what}"))
    table = Table(title=f"the {min(top, len(v.rows))} worst of {len(v.rows)} keys", title_justify="left")
    for name, justify in (("key", "left"), ("bptrace", "right"), ("PyTorch", "right"),
                          ("rel. diff.", "right")):
        table.add_column(name, justify=justify, no_wrap=True)
    if v.train:
        table.add_column("noise", justify="right", no_wrap=True)
    for r in v.rows[:top]:
        if r.missing:
            rel = f"only in {'PyTorch' if r.missing == 'bptrace' else 'bptrace'}"
        else:
            rel = "—" if r.rel == float("inf") else f"{r.rel:.1e}"
        cells = [r.key, _num(r.bptrace), _num(r.pytorch), rel + ("" if r.agree else " DIFFERS")]
        if v.train:
            cells.append(f"{r.noise:.1e}" if r.key.startswith("trained.") else "")
        table.add_row(*cells)
    console.print(table)
    bad = v.differences
    tol = "a step to 1e-9" + ("; training to 1e-7 plus ten times the round-off noise, what "
                              "bptrace's own training moves a value by from initial values "
                              "scaled by 1 ± 1e-12" if v.train else "")
    if bad:
        console.print(Text(f"{len(bad)} of {len(v.rows)} keys differ ({tol})."))
    else:
        console.print(Text(f"all {len(v.rows)} keys agree ({tol})."))


def verify_json(v) -> str:
    from bptrace.render import dumps

    return dumps({"command": "verify", "config": v.config, "title": v.title,
                  "torch": v.torch_version, "device": v.device, "train": v.train,
                  "epochs": v.epochs, "updates": v.updates, "agree": v.ok,
                  "keys": len(v.rows), "differences": len(v.differences),
                  "comparisons": [{"key": r.key, "bptrace": r.bptrace, "pytorch": r.pytorch,
                                   "rel": None if r.rel == float("inf") else r.rel,
                                   "tolerance": r.tolerance, "noise": r.noise, "agree": r.agree}
                                  for r in v.rows]})


# --- A layer whose config wrote its matrix row by input (``matrix_rows: inputs``), shown as the
# course slides 《神经元、感知机与 BP 神经网络》 write it: y_l = f(y_(l−1)·W_l + θ_l) with W_l as
# printed (row k = node k below, column j = neuron j), the weights named w_l^(k,j), the row
# vectors of the slides and their 校对误差 E_l. Formatting only.

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def slide_weight(l: int, k: int, j: int) -> str:
    """w₁⁽¹'²⁾: layer l's weight from node k below to neuron j (1-based), as the slides write it."""
    return "w" + str(l).translate(_SUB) + f"({k}'{j})".translate(_SUP)


def transposed(m):
    return [list(col) for col in zip(*m)] if m else m


def row_equations(tr, v, w, digits: int):
    """(label, parts) lines of one layer in the slides' row form."""
    from bptrace.render.text import fmt

    l = v.layer
    below = "x" if l == 1 else f"y{l - 1}"
    th = "θ" if v.theta else "b"
    m = "−" if v.threshold else "+"
    W = transposed(v.W)                         # as written: rows = the nodes below
    names = [[slide_weight(l, k + 1, j + 1) if W[k][j] is not None else None
              for j in range(len(v.rows))] for k in range(len(v.cols))]
    eta = fmt(tr.learning_rate, digits) if tr.learning_rate is not None else None
    fd = [d for d in v.delta]
    lines = [(f"W{l} = ", [names, "=", W]),
             (f"y{l} = f({below}·W{l} {m} {th}{l})" + (f"   {th}{l}: {w('slides theta')}" if v.theta else ""),
              [[v.a_prev], "·", W, m, [v.b], "=", [v.z]]),
             (f"y{l} = f(·)", [[v.a]]),
             (f"E{l} = ∂E/∂y{l}  ({w('correction error')})", [[v.err]])]
    if v.dout is not None:
        lines.append((f"E{l} ⊙ f′ = ∂E/∂({below}·W{l} {m} {th}{l})", [[v.err], "⊙", [v.dout], "=", [fd]]))
    dW = transposed(v.dW)
    lines.append((f"∂E/∂W{l} = {below}ᵀ·(E{l} ⊙ f′)", [[[a] for a in v.a_prev], "·", [fd], "=", dW]))
    if v.W_new is not None:
        lines.append((f"W{l} ← W{l} − α·∂E/∂W{l}", [W, "−", eta, "×", dW, "=", transposed(v.W_new)]))
    if v.b_new is not None and any(x is not None for x in v.b_new):
        lines.append((f"{th}{l} ← {th}{l} − α·∂E/∂{th}{l}", [[v.b], "−", eta, "×", [v.db], "=", [v.b_new]]))
    return lines


# --- train --trace-at K with another optimizer than plain gradient descent: its iteration formula
# as the course slides 《神经元、感知机与 BP 神经网络》 write it, then for every parameter the same
# formula with the numbers put in (state before → after, the parameter before → after).
# Formatting only: every number comes from the training's record.

def _n(v, d):
    t = fmt(v, d)
    return f"({t})" if t.startswith("-") else t


def step_lines(st, digits: int) -> list[str]:
    """One line per parameter: the formula with its numbers."""
    s, eta = st.settings, st.eta
    lines = []
    for r in st.rows:
        P, g, b, a = r.P, r.g, r.before, r.after
        n = lambda v: _n(v, digits)
        if st.optimizer in ("momentum", "nesterov"):
            at = "g(P + β·θ)" if st.lookahead else "g"
            parts = [f"θ ← β·θ − η·{at} = {n(s['momentum'])} × {n(b['θ'])} − {n(eta)} × {n(g)} = {fmt(a['θ'], digits)}",
                     f"P ← P + θ = {n(P)} + {n(a['θ'])} = {fmt(r.new, digits)}"]
        elif st.optimizer == "adagrad":
            parts = [f"r ← r + g² = {n(b['r'])} + {n(g)}² = {fmt(a['r'], digits)}",
                     f"P ← P − η/(√r + ε)·g = {n(P)} − {n(eta)}/(√{n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(r.new, digits)}"]
        elif st.optimizer == "rmsprop":
            parts = [f"r ← ρ·r + (1−ρ)·g² = {n(s['rho'])} × {n(b['r'])} + {n(st.derived['1−ρ'])} × {n(g)}² = {fmt(a['r'], digits)}",
                     f"P ← P − η/(√r + ε)·g = {n(P)} − {n(eta)}/(√{n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(r.new, digits)}"]
        elif st.optimizer == "rmsprop_momentum":
            parts = [f"r ← ρ·r + (1−ρ)·g² = {n(s['rho'])} × {n(b['r'])} + {n(st.derived['1−ρ'])} × {n(g)}² = {fmt(a['r'], digits)}",
                     f"θ ← β·θ + η/√(r + ε)·g = {n(s['momentum'])} × {n(b['θ'])} + {n(eta)}/√({n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(a['θ'], digits)}",
                     f"P ← P − θ = {n(P)} − {n(a['θ'])} = {fmt(r.new, digits)}"]
        elif st.optimizer == "adam":
            b1, b2, t = s["beta1"], s["beta2"], st.t
            parts = [f"m ← β₁·m + (1−β₁)·g = {n(b1)} × {n(b['m'])} + {n(st.derived['1−β₁'])} × {n(g)} = {fmt(a['m'], digits)}",
                     f"v ← β₂·v + (1−β₂)·g² = {n(b2)} × {n(b['v'])} + {n(st.derived['1−β₂'])} × {n(g)}² = {fmt(a['v'], digits)}",
                     f"m̂ = m/(1−β₁^{t}) = {n(a['m'])}/{n(st.derived['1−β₁ᵗ'])} = {fmt(r.extra['m̂'], digits)}",
                     f"v̂ = v/(1−β₂^{t}) = {n(a['v'])}/{n(st.derived['1−β₂ᵗ'])} = {fmt(r.extra['v̂'], digits)}",
                     f"P ← P − η·m̂/(√v̂ + ε) = {n(P)} − {n(eta)} × {n(r.extra['m̂'])}/(√{n(r.extra['v̂'])} + {n(s['eps'])}) = {fmt(r.new, digits)}"]
        else:
            parts = [f"P ← P − η·g = {n(P)} − {n(eta)} × {n(g)} = {fmt(r.new, digits)}"]
        lines.append(f"{r.name}:")
        lines += [f"  {p}" for p in parts]
    return lines


def optimizer_step_rich(st, console, *, digits: int = 8, lang: str = "en") -> None:
    from rich.text import Text

    from bptrace.render.terminal import block

    w = words(lang)
    settings = ", ".join(f"{k} = {fmt(v, digits)}" for k, v in st.settings.items())
    console.print(block(w("optimizer step", name=st.optimizer, t=st.t), style="bold"))
    console.print(block(f"{st.formula}" + (f"   ({settings})" if settings else "")))
    console.print(block(f"η = {fmt(st.eta, digits)}; g = ∂E/∂P " + w("of this update")
                        + (" — " + w("at lookahead") if st.lookahead else "")))
    for line in step_lines(st, digits):
        console.print(Text(line), soft_wrap=True)


# --- Text charts for the terminal: a loss curve, a 1-D fit, several curves with marks, and a
# perceptron's regions. Each draws its points on a grid of characters; :func:`framed` puts
# the one kind of axes around every one of them.

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
