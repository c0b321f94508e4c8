"""step --view delta in Markdown (with $$ math) and LaTeX: the 《神经网络》 blog post's vectorised
backward pass (§5.2) from the output layer down, each equation tagged with the post's number,
its numbers put in, then its scalar form. Formatting only."""

from __future__ import annotations

from bptrace.render.documents.latex import _document, _tex_para, tex_name, to_latex
from bptrace.render.documents.latex_views import _bmatrix
from bptrace.render.documents.markdown import md
from bptrace.render.terminal.views import shape, wide
from bptrace.render.text import fmt, headline, layer_label
from bptrace.trace.quantity import Trace
from bptrace.words import title as localized
from bptrace.words import words


def _label(lab: str) -> str:
    neg = lab.startswith("−")
    body = lab.lstrip("−")
    return ("-" if neg else "") + tex_name(body)


def _num(v, digits) -> str:
    t = to_latex(fmt(v, digits))
    return f"({t})" if t.startswith("-") else t


def _scalar(s, digits: int) -> str:
    sym = " + ".join(r" \cdot ".join(_label(lab) for lab, _ in p) for p in s.terms)
    num = " + ".join(r" \times ".join(_num(v, digits) for _, v in p) for p in s.terms)
    if s.times:
        wrap = len(s.terms) > 1
        sym = (rf"\left({sym}\right)" if wrap else sym) + "".join(
            rf" \cdot {_label(lab)}" for lab, _ in s.times)
        num = (f"({num})" if wrap else num) + "".join(rf" \times {_num(v, digits)}"
                                                     for _, v in s.times)
    lhs = _label(s.key)
    if len(s.terms) == 1 and len(s.terms[0]) == 1 and not s.times:
        return f"{lhs} = {sym} = {to_latex(fmt(s.value, digits))}"
    return f"{lhs} = {sym} = {num} = {to_latex(fmt(s.value, digits))}"


def _part(p, digits):
    if isinstance(p, str):
        return p
    return _bmatrix(p, digits)


def delta_equations(tr: Trace, layers, digits: int, lang: str):
    """(heading, [(tag, lhs, rhs, scalars)]) per layer, output first; ``tag`` the post's
    equation numbers, ``scalars`` LaTeX lines of the scalar form."""
    w = words(lang)
    half = tr.loss_name == "half_sse"
    out = []

    def eq(tag, lhs, parts, scalars=(), stag=""):
        vecs = [p for p in parts if not isinstance(p, str)]
        rhs = (r"\quad ".join(r"\text{" + shape(p) + "}" if not isinstance(p, str) else p
                              for p in parts) if wide(*vecs)
               else " ".join(_part(p, digits) for p in parts))
        return (tag, lhs, rhs, [_scalar(s, digits) for s in scalars], stag)

    for d in layers:
        l = d.layer
        eqs = []
        e1 = f"{d.equations[1]}, {d.equations[2]}"
        if d.output and d.fprime is not None:
            src = r"(\hat{y} - y)" if half else rf"\partial E/\partial a^{{{l}}}"
            eqs.append(eq("20, 21", rf"\delta^{{{l}}} = {src} \odot f'(z^{{{l}}})",
                          [d.dJda, r"\odot", d.fprime, "=", d.delta], d.delta_scalars, e1))
        elif d.output:
            eqs.append(eq("20", rf"\delta^{{{l}}} = \partial E/\partial z^{{{l}}}", [d.delta],
                          d.delta_scalars, e1))
        else:
            eqs.append(eq("22", rf"(W^{{{l + 1}}})^T \delta^{{{l + 1}}}",
                          [d.W_next_T, d.delta_next, "=", d.dJda]))
            if d.fprime is not None:
                eqs.append(eq("20, 22", rf"\delta^{{{l}}} = \left((W^{{{l + 1}}})^T \delta^{{{l + 1}}}"
                                        rf"\right) \odot f'(z^{{{l}}})",
                              [d.dJda, r"\odot", d.fprime, "=", d.delta], d.delta_scalars, e1))
        eqs.append(eq("23, 24", rf"\partial E/\partial W^{{{l}}} = \delta^{{{l}}} (a^{{{l - 1}}})^T",
                      [d.delta, [d.a_prev], "=", d.dW], d.weight_scalars, d.equations[1]))
        b = r"\theta" if d.threshold else "b"
        eqs.append(eq("25, 26", rf"\partial E/\partial {b}^{{{l}}} = {'-' if d.threshold else ''}"
                                rf"\delta^{{{l}}}", [d.db], d.bias_scalars, d.equations[2]))
        head = (f"{w('layer')} {l} ({layer_label(d.name, w)}): {', '.join(d.rows)} ← "
                f"{', '.join(d.cols)}")
        notes = []
        if d.output and d.fprime is None:
            notes.append(w("softmax delta"))
        if d.too_wide:
            notes.append(w("scalars left out", n=max(len(d.rows), len(d.cols))))
        out.append((head, eqs, notes))
    return out


def _ref(w, tag: str) -> str:
    return w("post eqs", n=tag) if "," in tag else w("post eq", n=tag)


def delta_markdown(tr: Trace, layers, *, digits: int = 6, lang: str = "en") -> str:
    w = words(lang)
    out = [f"# {md(localized(tr.title, lang))}", "", md(headline(tr, digits, lang)), "",
           md(w("delta view intro")), ""]
    for head, eqs, notes in delta_equations(tr, layers, digits, lang):
        out += [f"## {md(head)}", ""]
        for tag, lhs, rhs, scalars, stag in eqs:
            out += [f"*{md(_ref(w, tag))}*", "", "$$", f"{lhs} = {rhs}", "$$", ""]
            if scalars:
                out += [f"{md(w('scalar form'))}, {md(_ref(w, stag))}:", "", "$$", r"\begin{aligned}",
                        " \\\\\n".join(s.replace(" = ", " &= ", 1) for s in scalars),
                        r"\end{aligned}", "$$", ""]
        out += [f"*{md(n)}*\n" for n in notes]
    return "\n".join(out)


def delta_latex(tr: Trace, layers, *, digits: int = 6, lang: str = "en") -> str:
    w = words(lang)
    out = [_tex_para(headline(tr, digits, lang)) + r"\par", _tex_para(w("delta view intro")) + r"\par"]
    widest = max([len(d.cols) for d in layers] + [len(d.rows) for d in layers] + [1])
    if widest > 10:
        out.append(rf"\setcounter{{MaxMatrixCols}}{{{widest}}}")
    for head, eqs, notes in delta_equations(tr, layers, digits, lang):
        out.append(r"\subsection*{" + _tex_para(head) + "}")
        for tag, lhs, rhs, scalars, stag in eqs:
            out.append(r"\begin{align*}")
            rows = [f"{lhs} &= {rhs} && \\text{{({tag})}}"]
            rows += [s.replace(" = ", " &= ", 1) + (f" && \\text{{({stag})}}" if i == 0 else "")
                     for i, s in enumerate(scalars)]
            out.append(" \\\\\n".join(rows))
            out.append(r"\end{align*}")
        out += [r"\emph{" + _tex_para(n) + r"}\par" for n in notes]
    return _document(lang, tr.title, out)
