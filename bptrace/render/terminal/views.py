"""The step's matrix and Jacobian views for the terminal: the 《神经网络》 blog post's matrix
form, layer by layer, and the lecture slides' 校对误差 vectors with their Jacobians."""

from __future__ import annotations

from bptrace.words import title as localized
from bptrace.words import words
from bptrace.render.terminal.cjk import block
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
                from bptrace.render.terminal.rowform import row_equations
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
