"""The matrix and Jacobian views in LaTeX (``step --view matrix|jacobian --format latex``);
:func:`view_lines` is shared with the Markdown document. Formatting only."""

from __future__ import annotations

from bptrace.render.documents.latex import _document, _tex_para, to_latex
from bptrace.render.text import fmt, headline
from bptrace.trace.quantity import Trace


def _bmatrix(m, digits: int) -> str:
    rows = m if m and isinstance(m[0], list) else [[v] for v in m]
    body = r" \\ ".join(" & ".join("\\cdot" if v is None else to_latex(fmt(v, digits)) for v in row)
                        for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def view_lines(tr: Trace, views, kind: str, digits: int, lang: str = "en"):
    """(heading, [(lhs, [rhs parts…])]) per layer, shared by Markdown and LaTeX."""
    out = []
    if kind == "matrix":
        for v in views:
            l = v.layer
            if v.as_written:                # the course slides' row form y = f(x·W + θ)
                from bptrace.words import words
                theta = f" — θ{l}: {words(lang)('slides theta')}" if v.theta else ""
                out.append((f"{v.name}: {', '.join(v.rows)} ← {', '.join(v.cols)}{theta}",
                            _row_form(tr, v, digits)))
                continue
            b, m = ("\\theta", "-") if v.threshold else ("b", "+")
            neg = "-" if v.negative else ""
            eqs = [(f"z^{{{l}}} = W^{{{l}}} a^{{{l - 1}}} {m} {b}^{{{l}}}",
                    [_bmatrix(v.W, digits), _bmatrix(v.a_prev, digits), m, _bmatrix(v.b, digits),
                     "=", _bmatrix(v.z, digits)]),
                   (f"a^{{{l}}} = f(z^{{{l}}})", [_bmatrix(v.a, digits)]),
                   (f"\\delta^{{{l}}} = {neg}\\partial E/\\partial z^{{{l}}}", [_bmatrix(v.delta, digits)]),
                   (f"\\partial E/\\partial W^{{{l}}} = {neg}\\delta^{{{l}}} (a^{{{l - 1}}})^T",
                    [neg, _bmatrix(v.delta, digits), _bmatrix([v.a_prev], digits), "=", _bmatrix(v.dW, digits)]
                    if neg else
                    [_bmatrix(v.delta, digits), _bmatrix([v.a_prev], digits), "=", _bmatrix(v.dW, digits)])]
            if v.W_new is not None:
                eqs.append((f"W^{{{l}}} - \\eta\\, \\partial E/\\partial W^{{{l}}}",
                            [_bmatrix(v.W, digits), "-", to_latex(fmt(tr.learning_rate, digits)), r"\times",
                             _bmatrix(v.dW, digits), "=", _bmatrix(v.W_new, digits)]))
            if v.b_new is not None and any(x is not None for x in v.b_new):
                eqs.append((f"{b}^{{{l}}} - \\eta\\, \\partial E/\\partial {b}^{{{l}}}",
                            [_bmatrix(v.b, digits), "-", to_latex(fmt(tr.learning_rate, digits)), r"\times",
                             _bmatrix(v.db, digits), "=", _bmatrix(v.b_new, digits)]))
            out.append((f"{v.name}: {', '.join(v.rows)} ← {', '.join(v.cols)}", eqs))
    else:
        for v in reversed(views):
            l = v.layer
            eqs = [(f"E^{{{l}}}", [_bmatrix([v.err], digits)])]
            if v.jacobian is not None:
                eqs.append((f"E^{{{l - 1}}} = E^{{{l}}} J^{{{l}}}",
                            [_bmatrix([v.err], digits), _bmatrix(v.jacobian, digits), "=",
                             _bmatrix([views[l - 2].err], digits)]))
            out.append((f"{v.name}: {', '.join(v.rows)}", eqs))
    return out


def _row_form(tr: Trace, v, digits: int):
    """The course slides' y_l = f(y_(l−1)·W_l + θ_l), W_l as written, its weights w_l^{(k,j)}."""
    from bptrace.render.terminal.tables import transposed

    l = v.layer
    below = "x" if l == 1 else f"y_{{{l - 1}}}"
    th = r"\theta" if v.theta else "b"
    m = "-" if v.threshold else "+"
    W = transposed(v.W)
    names = " \\\\ ".join(" & ".join(f"w_{{{l}}}^{{({k + 1},{j + 1})}}" if W[k][j] is not None
                                     else r"\cdot" for j in range(len(v.rows)))
                          for k in range(len(v.cols)))
    eqs = [(f"W_{{{l}}}", [r"\begin{bmatrix} " + names + r" \end{bmatrix}", "=", _bmatrix(W, digits)]),
           (f"y_{{{l}}} = f({below} W_{{{l}}} {m} {th}_{{{l}}})",
            [_bmatrix([v.a_prev], digits), _bmatrix(W, digits), m, _bmatrix([v.b], digits), "=",
             _bmatrix([v.z], digits), r"\;\to\;", _bmatrix([v.a], digits)]),
           (f"E_{{{l}}} = \\partial E/\\partial y_{{{l}}}", [_bmatrix([v.err], digits)])]
    if v.dout is not None:
        eqs.append((f"E_{{{l}}} \\odot f'", [_bmatrix([v.err], digits), r"\odot", _bmatrix([v.dout], digits),
                                              "=", _bmatrix([v.delta], digits)]))
    dW = transposed(v.dW)
    eqs.append((f"\\partial E/\\partial W_{{{l}}} = {below}^T (E_{{{l}}} \\odot f')",
                [_bmatrix([[a] for a in v.a_prev], digits), _bmatrix([v.delta], digits), "=",
                 _bmatrix(dW, digits)]))
    if v.W_new is not None:
        eqs.append((f"W_{{{l}}} - \\alpha\\, \\partial E/\\partial W_{{{l}}}",
                    [_bmatrix(W, digits), "-", to_latex(fmt(tr.learning_rate, digits)), r"\times",
                     _bmatrix(dW, digits), "=", _bmatrix(transposed(v.W_new), digits)]))
    if v.b_new is not None and any(x is not None for x in v.b_new):
        eqs.append((f"{th}_{{{l}}} - \\alpha\\, \\partial E/\\partial {th}_{{{l}}}",
                    [_bmatrix([v.b], digits), "-", to_latex(fmt(tr.learning_rate, digits)), r"\times",
                     _bmatrix([v.db], digits), "=", _bmatrix([v.b_new], digits)]))
    return eqs


def _widest(views) -> int:
    """The most columns of any matrix the views show (W, ∂E/∂W, aᵀ, E as a row, J)."""
    n = 0
    for v in views:
        for m in (getattr(v, "W", None), getattr(v, "jacobian", None)):
            if m:
                n = max(n, max(len(row) for row in m))
        for row in (getattr(v, "a_prev", None), getattr(v, "err", None)):
            if row:
                n = max(n, len(row))
    return n


def view_latex(tr: Trace, views, *, kind: str = "matrix", digits: int = 6, lang: str = "en") -> str:
    out = [_tex_para(headline(tr, digits, lang)) + r"\par"]
    if _widest(views) > 10:         # amsmath sets 10 columns unless told: a 24-neuron layer has 24
        out.append(rf"\setcounter{{MaxMatrixCols}}{{{_widest(views)}}}")
    for heading, eqs in view_lines(tr, views, kind, digits, lang):
        out.append(r"\subsection*{" + _tex_para(heading) + "}")
        out.append(r"\begin{align*}")
        out.append(" \\\\\n".join(f"{lhs} &= {' '.join(rhs)}" for lhs, rhs in eqs))
        out.append(r"\end{align*}")
    return _document(lang, tr.title, out)
