"""step --batch --view matrix on the terminal: the batch as matrices, samples as rows, with
each matrix's shape (《BP神经网络拟合非线性函数》's 100×1 → 100×24 → 100×3 → 100×1) and, where
every matrix is small, its numbers. Formatting only."""

from __future__ import annotations

from bptrace.render.text import fmt, text_blocks
from bptrace.words import title as localized
from bptrace.words import words

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

    from bptrace.render.terminal.cjk import block

    console.print(block(localized(title, lang), style="bold"))
    styles = {"head": "bold underline", "eq": "bold", "note": ""}
    for style, text in batch_lines(bm, digits, lang):
        if style == "block":
            console.print(Text(text), soft_wrap=True)
        else:
            console.print(block(text, style=styles[style]))
