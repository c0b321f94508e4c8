"""The step's matrix and Jacobian views for the terminal: the 《神经网络》 blog post's matrix
form, layer by layer, and the lecture slides' 校对误差 vectors with their Jacobians."""

from __future__ import annotations

from bptrace.words import title as localized
from bptrace.words import words
from bptrace.render.terminal import block
from bptrace.render.text import fmt, headline, layer_label, text_blocks
from bptrace.trace.quantity import Trace

MATRIX_LIMIT = 12        # larger layers are described by their shape only


def view_rich(tr: Trace, views, console, *, kind: str = "matrix", digits: int = 6,
              lang: str = "en") -> None:
    """The step in matrix form (the 《神经网络》 blog post, §5) or as the lecture slides' 校对误差 vectors and Jacobians."""
    from rich.text import Text

    w = words(lang)
    console.print(block(localized(tr.title, lang), style="bold"))
    console.print(block(headline(tr, digits, lang)))

    def show(label, parts):
        console.print(block(label, style="bold"))
        for line in text_blocks(parts, digits):
            console.print(Text(line), soft_wrap=True)

    if kind == "matrix":
        for v in views:
            l = v.layer
            console.print(block(f"{w('layer')} {l} ({layer_label(v.name, w)}): {', '.join(v.rows)} ← {', '.join(v.cols)}",
                               style="bold underline"))
            if len(v.rows) > MATRIX_LIMIT or len(v.cols) > MATRIX_LIMIT:
                _shapes(console, v, block, w)
                continue
            if v.as_written:                # the slides' row form y = f(x·W + θ)
                from bptrace.render.terminal.tables import row_equations
                for label, parts in row_equations(tr, v, w, digits):
                    show(label, parts)
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
                console.print(block(w("shared bias", b=name, n=", ".join(users), g=fmt(g, digits),
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
                console.print(block(w("too big", r=len(v.rows), c=len(v.cols))))
                continue
            neg = "−" if v.negative else ""
            show(f"E{l} = ({neg}∂E/∂y{l}) — {w('correction error')} ({', '.join(v.rows)})", [[v.err]])
            if v.jacobian is not None:
                show(f"E{l - 1} = E{l}·J{l},  J{l} = ∂y{l}/∂y{l - 1}",
                     [[v.err], "·", v.jacobian, "=", [views[l - 2].err]])


def _shapes(console, v, block, w) -> None:
    """A layer too wide to print: its equations with the shapes of their matrices."""
    r, c = len(v.rows), len(v.cols)
    l = v.layer
    for text in (f"z{l} ({r}×1) = W{l} ({r}×{c}) · a{l - 1} ({c}×1) + b{l} ({r}×1)",
                 f"a{l} ({r}×1) = f(z{l})", f"δ{l} ({r}×1) = ∂E/∂z{l}",
                 f"∂E/∂W{l} ({r}×{c}) = δ{l} ({r}×1) · a{l - 1}ᵀ (1×{c})"):
        console.print(block(text))
    console.print(block(w("shapes only", r=r, c=c)))


# --- step --view delta on the terminal: the 《神经网络》 blog post's vectorised backward pass
# (§5.2), from the output layer down, each vector equation with its numbers and its scalar
# form (:mod:`bptrace.trace.deltas` assembles the numbers). Formatting only.

MATRIX_LIMIT = 12        # wider vectors and matrices are shown by their shape


def _num(v, digits: int) -> str:
    t = fmt(v, digits)
    return f"({t})" if t.startswith("-") else t


def scalar_text(s, digits: int) -> str:
    """'delta.h1 = (delta.y1 × W11 + delta.y2 × W21) × dout.h1 = (…) × … = value'."""
    sym = " + ".join(" × ".join(lab for lab, _ in prod) for prod in s.terms)
    num = " + ".join(" × ".join(_num(v, digits) for _, v in prod) for prod in s.terms)
    if s.times:
        wrap = len(s.terms) > 1
        sym = (f"({sym})" if wrap else sym) + "".join(f" × {lab}" for lab, _ in s.times)
        num = (f"({num})" if wrap else num) + "".join(f" × {_num(v, digits)}" for _, v in s.times)
    if len(s.terms) == 1 and len(s.terms[0]) == 1 and not s.times:
        return f"{s.key} = {sym} = {fmt(s.value, digits)}"
    return f"{s.key} = {sym} = {num} = {fmt(s.value, digits)}"


def shape(part) -> str:
    if part and isinstance(part[0], list):
        return f"{len(part)}×{len(part[0])}"
    return f"{len(part)}×1"


def wide(*parts) -> bool:
    return any(p is not None and (len(p) > MATRIX_LIMIT or (p and isinstance(p[0], list)
                                                              and len(p[0]) > MATRIX_LIMIT))
               for p in parts)


def delta_lines(tr: Trace, layers, digits: int, lang: str):
    """(style, text) lines: 'head' a layer, 'eq' an equation with its reference, 'block' a
    line of vectors side by side, 'scalar' a line of the scalar form, 'note'."""
    w = words(lang)
    half = tr.loss_name == "half_sse"
    lines = []

    def blocks(lhs, parts, ref):
        lines.append(("eq", f"{lhs}    ({ref})"))
        if wide(*[p for p in parts if not isinstance(p, str)]):
            lines.append(("block", "  ".join(shape(p) if not isinstance(p, str) else p
                                             for p in parts)))
        else:
            lines.extend(("block", t) for t in text_blocks(parts, digits))

    for d in layers:
        l = d.layer
        lines.append(("head", f"{w('layer')} {l} ({layer_label(d.name, w)}): "
                              f"{', '.join(d.rows)} ← {', '.join(d.cols)}"))
        if d.output:
            if d.fprime is not None:
                src = "(ŷ − y)" if half else f"∂E/∂a{l}"
                blocks(f"δ{l} = {src} ⊙ f′(z{l})", [d.dJda, "⊙", d.fprime, "=", d.delta],
                       w("post eqs", n="20, 21"))
            else:
                blocks(f"δ{l} = ∂E/∂z{l}", [d.delta], w("post eq", n="20"))
                lines.append(("note", w("softmax delta")))
        else:
            blocks(f"(W{l + 1})ᵀ·δ{l + 1} = ∂E/∂a{l}", [d.W_next_T, "·", d.delta_next, "=", d.dJda],
                   w("post eq", n="22"))
            if d.fprime is not None:
                blocks(f"δ{l} = ((W{l + 1})ᵀ·δ{l + 1}) ⊙ f′(z{l})",
                       [d.dJda, "⊙", d.fprime, "=", d.delta], w("post eqs", n="20, 22"))
        scal = w("scalar form") + ", " + w("post eqs", n=f"{d.equations[1]}, {d.equations[2]}")
        _scalars(lines, d.delta_scalars, scal, digits)
        if d.too_wide:
            lines.append(("note", w("scalars left out", n=max(len(d.rows), len(d.cols)))))
        blocks(f"∂E/∂W{l} = δ{l}·(a{l - 1})ᵀ", [d.delta, "·", [d.a_prev], "=", d.dW],
               w("post eqs", n="23, 24"))
        _scalars(lines, d.weight_scalars, w("scalar form") + ", " + w("post eq", n=d.equations[1]),
                 digits)
        b = "θ" if d.threshold else "b"
        blocks(f"∂E/∂{b}{l} = {'−' if d.threshold else ''}δ{l}", [d.db], w("post eqs", n="25, 26"))
        _scalars(lines, d.bias_scalars, w("scalar form") + ", " + w("post eq", n=d.equations[2]),
                 digits)
    return lines


def _scalars(lines, scalars, label, digits):
    if scalars:
        lines.append(("scalar", f"  {label}:"))
        lines += [("scalar", "    " + scalar_text(s, digits)) for s in scalars]


def delta_rich(tr: Trace, layers, console, *, digits: int = 6, lang: str = "en") -> None:
    from rich.text import Text

    from bptrace.render.terminal import block

    w = words(lang)
    console.print(block(localized(tr.title, lang), style="bold"))
    console.print(block(headline(tr, digits, lang)))
    console.print(block(w("delta view intro")))
    styles = {"head": "bold underline", "eq": "bold", "note": "italic"}
    for style, text in delta_lines(tr, layers, digits, lang):
        if style in ("block", "scalar"):
            console.print(Text(text), soft_wrap=True)
        else:
            console.print(block(text, style=styles[style]))


# --- step --batch --view matrix on the terminal: the batch as matrices, samples as rows, with
# each matrix's shape (《BP神经网络拟合非线性函数》's 100×1 → 100×24 → 100×3 → 100×1) and, where
# every matrix is small, its numbers. Formatting only.

SMALL = 12          # every dimension at most this: the numbers are printed too


def _s(a) -> str:
    return "×".join(str(d) for d in (a.shape if a.ndim == 2 else (a.shape[0], 1)))


def batch_lines(bm, digits: int, lang: str) -> list[tuple[str, str]]:
    w = words(lang)
    B = len(bm.samples)
    small = B <= SMALL and all(max(x.shape) <= SMALL for L in bm.layers for x in (L.W, L.Z))
    lines = [("note", w("batch matrices intro", n=B))]

    def show(label, parts):
        lines.append(("eq", label))
        if small:
            lines.extend(("block", t) for t in text_blocks(
                [p if isinstance(p, str) else p.tolist() for p in parts], digits))

    shapes = [f"{_s(bm.layers[0].A_prev)}"] + [_s(L.A) for L in bm.layers]
    lines.append(("eq", w("batch shapes") + " " + " → ".join(shapes)))
    for L in bm.layers:
        l = L.layer
        lines.append(("head", f"{w('layer')} {l}: " + (', '.join(L.rows) if len(L.rows) <= SMALL
                                                           else w('pic neurons', n=len(L.rows)))))
        show(f"Z{l} ({_s(L.Z)}) = A{l - 1} ({_s(L.A_prev)}) · W{l}ᵀ ({L.W.shape[1]}×{L.W.shape[0]})"
             f" + b{l}ᵀ (1×{len(L.b)})", [L.A_prev, "·", L.W.T, "+", L.b[None, :], "=", L.Z])
        show(f"A{l} ({_s(L.A)}) = f(Z{l})", [L.A])
    lines.append(("eq", w("batch loss", n=B, v=fmt(bm.mean_loss, digits))))
    last = len(bm.layers)
    for L in reversed(bm.layers):
        l = L.layer
        rule = (f"∂E/∂Z{l}" if l == last else f"(Δ{l + 1}·W{l + 1}) ⊙ f′(Z{l})")
        show(f"Δ{l} ({_s(L.Delta)}) = {rule}", [L.Delta])
        show(f"∂E/∂W{l} ({_s(L.dW)}) = (1/{B})·Δ{l}ᵀ ({L.Delta.shape[1]}×{B}) · A{l - 1} ({_s(L.A_prev)})"
             f"   ({w('post eq', n='17')})", [L.dW])
        if L.W_new is not None:
            show(f"W{l} ← W{l} − η·∂E/∂W{l}   (η = {fmt(bm.learning_rate, digits)})", [L.W_new])
    return lines


def batch_matrix_rich(title: str, bm, console, *, digits: int = 6, lang: str = "en") -> None:
    from rich.text import Text

    from bptrace.render.terminal import block

    console.print(block(localized(title, lang), style="bold"))
    styles = {"head": "bold underline", "eq": "bold", "note": ""}
    for style, text in batch_lines(bm, digits, lang):
        if style == "block":
            console.print(Text(text), soft_wrap=True)
        else:
            console.print(block(text, style=styles[style]))
