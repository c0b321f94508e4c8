"""One step as a LaTeX handout (``step --format latex``): the network picture across the
top, then two columns in which every quantity shows its formula, the numbers put in and
its value. Formatting only: nothing here computes."""

from __future__ import annotations

import re

from bptrace.words import words
from bptrace.render.documents.latex import (_CJK, _PROSE, _document, _math_or_text, _tex_para, figure, tex_name, tex_text, to_latex)
from bptrace.render.text import (fmt, formula_text, headline, note_text, section_heading,
                                 substituted)
from bptrace.trace.quantity import SECTIONS, Trace

SPLIT_AT = 44          # a substitution longer than this goes on several lines, at its + signs
ONE_LINE = 46           # formula, numbers and value on one line up to this _width

_SUB = re.compile(r"_\{([^{}]*)\}")
_FRAC = re.compile(r"\\frac\{\\partial E\}\{\\partial ([^{}]*(?:\{[^{}]*\})?)\}")
_OPS = re.compile(r"\\(?:cdot|times)|[-+=]")


def _width(latex: str) -> float:
    """About how wide a formula in LaTeX is set, in digit widths (a column of the handout
    holds about 50): subscripts are smaller, ∂E/∂w a fraction, operators have room."""
    latex = _FRAC.sub(lambda m: "d" * max(2, round(_width(m.group(1)))), latex)
    latex = _SUB.sub(lambda m: "s" * round(0.7 * len(m.group(1))), latex)
    ops = len(_OPS.findall(latex))
    latex = _OPS.sub("", latex)
    latex = re.sub(r"\\(?:mathrm|mathit|operatorname)\{([^{}]*)\}", r"\1", latex)
    latex = re.sub(r"\\[a-z]+|[{}\\, ]", lambda m: "x" if m.group(0).startswith("\\") and len(m.group(0)) > 2 else "", latex)
    return len(latex) + 1.8 * ops


def _substitution_lines(sub: str, lhs: float = 0) -> list[str]:
    """A long substituted formula in pieces at its ' + ' (each piece stays whole), so that
    a step fits a column of the two-column handout beside a left side ``lhs`` wide."""
    room = ONE_LINE - 2 - lhs
    if " + " not in sub or (len(sub) <= SPLIT_AT and _width(to_latex(sub)) <= room):
        return [to_latex(sub)]
    pieces, current = [], ""
    for term in sub.split(" + "):
        if current and (len(current) + 3 + len(term) > SPLIT_AT
                        or _width(to_latex(f"{current} + {term}")) > room):
            pieces.append(current)
            current = term
        else:
            current = f"{current} + {term}" if current else term
    pieces.append(current)
    return [to_latex(pieces[0])] + [r"\phantom{=}\; + " + to_latex(p) for p in pieces[1:]]


def _recomputed(q) -> bool:
    """A value after the update, recomputed with the new parameters (said once per section):
    the numbers put in and the value on one line, the formula being the one above."""
    return q.section == "after" or (q.prose is not None and q.prose.key == "formula recomputed")


def _quantity_rows(q, digits: int, lang: str, w, exact: Trace | None,
                   lhs: float = 0) -> list[str]:
    """The align* rows of one quantity: its formula, the numbers put in, its value (short
    ones share a line: ``lhs``, the widest left side of its align*, counts too), its note."""
    ftext = formula_text(q, lang)
    sub = substituted(q, digits)
    value = to_latex(fmt(q.value, digits))
    if exact is not None:
        value += (r" \\ &\phantom{=}\; (\text{" + tex_text(w("exact")) + r"}\ "
                  + to_latex(fmt(exact[q.key].value, digits)) + ")")
    short = fmt(q.value, digits)
    if _recomputed(q):                              # the section's line says how
        rows = ["&= " + to_latex(sub) + " = " + value] if sub else ["&= " + value]
    elif exact is None and sub and not (_PROSE.search(ftext) or _CJK.search(ftext)) \
            and lhs + _width(to_latex(ftext) + to_latex(sub) + value) + 6 <= ONE_LINE:
        rows = ["&= " + to_latex(ftext) + " = " + to_latex(sub) + " = " + value]   # one line
    else:
        if _PROSE.search(ftext) or _CJK.search(ftext):
            rows = ["&= " + _math_or_text(ftext)]
        else:                                       # a long sum: on several lines, at its +
            head, *tail = _substitution_lines(ftext, lhs)
            rows = ["&= " + head] + ["&" + m for m in tail]
        if sub:
            first, *more = _substitution_lines(sub, lhs)
            rows.append("&= " + first)
            rows += ["&" + m for m in more]
        if exact is None and len(rows) > 1 and len(sub or "") + len(short) < 34 \
                and not rows[-1].startswith("&\\phantom"):
            rows[-1] += " = " + value               # a short step: numbers and value on one line
        elif exact is None and len(rows) == 1 and len(ftext) + len(short) < 30:
            rows[-1] += " = " + value               # an input: its value on the same line
        else:
            rows.append("&= " + value)
    if q.note is not None:
        rows.append(r"&\phantom{=}\; \text{\footnotesize (" + tex_text(note_text(q, lang)) + ")}")
    return rows


TABLE_FROM = 11         # parameters from which the update is a table, one row per parameter
CHUNK = 12              # rows per tabular: the columns break between them


def _update_table(tr: Trace, rows, digits: int, lang: str) -> list[str] | None:
    """The update of a larger net as a table, one row per parameter: P, ∂E/∂P and new P (its
    formula, P − η·∂E/∂P, is the heading's; the change new P − P, which a column of the
    handout has no room for, is in the other formats); None where the rows are not all that
    plain update (another convention, --round, a selection) or the net is small."""
    new = [q for q in rows if q.key.startswith("new.")]
    change = {q.key[7:]: q for q in rows if q.key.startswith("change.")}
    if len(new) < TABLE_FROM or len(new) + len(change) != len(rows):
        return None
    table, notes = [], {}
    value = {p.name: p.value for p in tr.params}
    for q in new:
        name = q.key[4:]
        if name not in change or name not in value or f"grad.{name}" not in tr or \
                q.formula not in (f"{name} − η·grad.{name}", name):
            return None
        mark = ""
        if q.note is not None:
            mark = "$^{" + "*" * notes.setdefault(note_text(q, lang), len(notes) + 1) + "}$"
        cells = [value[name], tr[f"grad.{name}"].value, q.value]
        table.append(f"${tex_name(name)}${mark} & " + " & ".join(
            f"${to_latex(fmt(v, digits))}$" for v in cells) + r" \\")
    head = r" & $P$ & $\partial E/\partial P$ & $\mathrm{new}\,P$ \\ \hline"
    out = []
    for i in range(0, len(table), CHUNK):
        out += [r"\par\noindent{\footnotesize\setlength{\tabcolsep}{2pt}"
                r"\begin{tabular}{@{}lrrr@{}}", head if i == 0 else "", *table[i:i + CHUNK],
                r"\end{tabular}}\par"]
    out += [r"{\footnotesize $^{" + "*" * k + "}$ " + tex_text(text) + r"}\par"
            for text, k in notes.items()]
    return out


def step_latex(tr: Trace, *, digits: int = 9, keys=None, lang: str = "en",
               exact: Trace | None = None, round_to: int | None = None, picture=None) -> str:
    """One step as a handout: the network picture across the top (where given), then two
    columns, each quantity its formula, the numbers put in, and its value (a 2-2-2 step
    with its picture fits on two pages)."""
    w = words(lang)
    wanted = set(keys) if keys is not None else None
    out = [_tex_para(headline(tr, digits, lang)) + r"\par", *figure(picture, lang),
           r"\begin{multicols}{2}\small"]
    for section in SECTIONS:
        rows = [q for q in tr.section(section) if wanted is None or q.key in wanted]
        if not rows:
            continue
        heading = section_heading(tr, section, w, latex=True)
        out.append(r"\subsection*{" + _tex_para(heading) + "}")
        table = _update_table(tr, rows, digits, lang) if section == "update" and exact is None \
            and wanted is None else None
        if table is not None:
            out += table
            continue
        again = [q for q in rows if _recomputed(q)]
        if again:
            heads = ", ".join(dict.fromkeys(q.key.split("new.", 1)[-1].split(".")[0] for q in again))
            out.append(_tex_para(w("formula recomputed", f=heads)) + r"\par")
        if again and exact is None and len(again) == len(rows):    # two to a line
            rows_of = {q.key: tex_name(q.key) + " " + _quantity_rows(q, digits, lang, w, exact)[0]
                       for q in rows}
            alone = [rows_of[q.key] for q in rows if substituted(q, digits)]    # a sum: its own line
            short = [rows_of[q.key] for q in rows if not substituted(q, digits)]
            if short:
                out += [r"\begin{alignat*}{2}", " \\\\\n".join(
                    r" &\quad ".join(short[i:i + 2]) for i in range(0, len(short), 2)),
                    r"\end{alignat*}"]
            if alone:
                out += [r"\begin{align*}", " \\\\\n".join(alone), r"\end{align*}"]
            continue
        lhs = max(_width(tex_name(q.key)) for q in rows)     # align* lines them up at =
        out.append(r"\begin{align*}")
        out.append(" \\\\\n".join(
            tex_name(q.key) + " " + " \\\\\n  ".join(_quantity_rows(q, digits, lang, w, exact, lhs))
            for q in rows))
        out.append(r"\end{align*}")
    out.append(r"\end{multicols}")
    return _document(lang, tr.title, out)
