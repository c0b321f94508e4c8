"""step --view delta on the terminal: the 《神经网络》 blog post's vectorised backward pass
(§5.2), from the output layer down, each vector equation with its numbers and its scalar
form (:mod:`bptrace.trace.deltas` assembles the numbers). Formatting only."""

from __future__ import annotations

from bptrace.render.text import fmt, headline, layer_label, text_blocks
from bptrace.trace.quantity import Trace
from bptrace.words import title as localized
from bptrace.words import words

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

    from bptrace.render.terminal.cjk import block

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
