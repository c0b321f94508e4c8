"""A layer whose config wrote its matrix row by input (``matrix_rows: inputs``), shown as the
course slides 《神经元、感知机与 BP 神经网络》 write it: y_l = f(y_(l−1)·W_l + θ_l) with W_l as
printed (row k = node k below, column j = neuron j), the weights named w_l^(k,j), the row
vectors of the slides and their 校对误差 E_l. Formatting only."""

from __future__ import annotations

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
