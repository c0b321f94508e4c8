"""LaTeX documents: what every handout shares (formulas and names in LaTeX, the preamble,
the network picture across the page), the checks and the exercise sheets. The step's
handout is :mod:`.latex_step`, the matrix and Jacobian views :mod:`.latex_views`. In English
they compile with pdflatex; in Chinese (``--lang zh``, or Chinese in the user's own text)
with xelatex (ctex). Formatting only: nothing here computes."""

from __future__ import annotations

import re
from functools import lru_cache

from bptrace.render.safe import for_pdflatex, one_line
from bptrace.render.text import check_note, check_summary, fmt
from bptrace.trace.quantity import Trace
from bptrace.words import title as localized, words

_TEX_TEXT = str.maketrans({"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$",
                           "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                           "^": r"\textasciicircum{}"})


_FUNCS = {"sigmoid": r"\operatorname{sigmoid}", "tanh": r"\tanh", "relu": r"\operatorname{relu}",
          "leaky_relu": r"\operatorname{leaky\_relu}", "softsign": r"\operatorname{softsign}",
          "softplus": r"\operatorname{softplus}", "linear": r"\operatorname{linear}",
          "softmax": r"\operatorname{softmax}", "ln": r"\ln", "max": r"\max", "if": r"\text{ if }",
          "else": r"\text{ else }", "input": r"\text{input}"}


_SYMBOLS = {"·": r"\cdot ", "×": r"\times ", "−": "-", "½": r"\tfrac{1}{2}", "²": "^{2}",
            "Σ": r"\sum ", "η": r"\eta ", "∂": r"\partial ", "δ": r"\delta ", "|": r"\lvert ",
            "→": r"\to ", "…": r"\ldots ", "≤": r"\le ", "≥": r"\ge "}


_PREFIX = {"net": r"\mathrm{net}", "out": r"\mathrm{out}", "err": r"\mathrm{err}",
           "dout": r"\mathrm{dout}", "delta": r"\delta", "grad": r"\nabla", "loss": "E",
           "target": "t", "new": r"\mathrm{new}"}


_TOKEN = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|\S")


def tex_text(text: str) -> str:
    return one_line(text).translate(_TEX_TEXT)


_WRITTEN = {"≈": r"\ensuremath{\approx}", "∼": r"\ensuremath{\sim}", "≃": r"\ensuremath{\simeq}",
            "≅": r"\ensuremath{\cong}", "−": "-", "–": "--", "µ": r"\ensuremath{\mu}",
            "Ω": r"\ensuremath{\Omega}", "°": r"\ensuremath{^\circ}"}


def tex_written(text: str) -> str:
    """A value as someone wrote it (a student's answer: ≈0.0208, 0.75 µ), as text that pdflatex
    and xelatex typeset: the signs a number is written with as LaTeX, Chinese and full-width
    characters kept (the document is then Chinese), any other character beyond Latin-1 as ?."""
    out = []
    for ch in tex_text(text):
        if ch in _WRITTEN:
            out.append(_WRITTEN[ch])
        elif ord(ch) < 0x100 or _CJK.match(ch):
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


@lru_cache(maxsize=4096)           # pure; the same names on every sheet and key
def tex_name(name: str) -> str:
    """w1 → w_{1}; theta1_1 → \\mathit{theta1\\_1}; keys → their symbol."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] in _PREFIX:
        if parts[0] == "grad":
            return r"\frac{\partial E}{\partial " + tex_name(".".join(parts[1:])) + "}"
        if parts[0] == "new":
            return r"\mathrm{new}\," + tex_name(".".join(parts[1:]))
        sub = ",".join(tex_text(p) for p in parts[1:])
        return f"{_PREFIX[parts[0]]}_{{{sub}}}"
    if name in ("loss", "E"):
        return "E"
    m = _LETTER_NUMBER.fullmatch(name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if _LETTER.fullmatch(name):
        return name
    return r"\mathit{" + tex_text(name) + "}"


_LETTER_NUMBER, _LETTER = re.compile(r"([A-Za-z])(\d+)"), re.compile(r"[A-Za-z]")
_DIGITS = frozenset("0123456789")
_NUMBER, _NAME = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?"), re.compile(r"[A-Za-z_]")


@lru_cache(maxsize=4096)           # pure; a formula repeats on every sheet and key
def to_latex(formula: str) -> str:
    """A formula as bptrace writes it (w1·i1 + b1, 1/(1+e^(−0.3775)), …) in LaTeX math."""
    out = []
    tokens = _TOKEN.findall(formula)
    depth_exp: list[int] = []        # parenthesis depths at which an e^( … ) group closes
    depth = 0
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[0] in _DIGITS and "e" not in tok:     # a plain number (most tokens): as it is
            out.append(tok)
            i += 1
            continue
        if tok == "e" and i + 2 < len(tokens) and tokens[i + 1] == "^" and tokens[i + 2] == "(":
            out.append("e^{")
            depth += 1
            depth_exp.append(depth)
            i += 3
            continue
        if tok == "^":
            out.append("^")
        elif tok == "(":
            depth += 1
            out.append("(")
        elif tok == ")":
            if depth_exp and depth_exp[-1] == depth:
                depth_exp.pop()
                out.append("}")
            else:
                out.append(")")
            depth -= 1
        elif tok in _FUNCS:
            out.append(_FUNCS[tok])
        elif tok in _SYMBOLS:
            out.append(_SYMBOLS[tok])
        elif _NUMBER.fullmatch(tok):
            if "e" in tok:
                mant, exp = tok.split("e")
                tok = f"{mant} \\times 10^{{{int(exp)}}}"
            out.append(tok)
        elif _NAME.match(tok):
            out.append(tex_name(tok))
        else:
            out.append(tex_text(tok))
        i += 1
    return " ".join(out).replace("  ", " ")


# starts only where a run of letters starts (a match inside a run means one at its start):
# linear in the length of a long name, where a search from every letter is quadratic
_PROSE = re.compile(r"(?<![a-z])[a-z]{4,} [a-z]{3,}")


def _math_or_text(formula: str) -> str:
    if _PROSE.search(formula) or _CJK.search(formula):
        return r"\text{" + _tex_para(formula) + "}"
    return to_latex(formula)


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _document(lang: str, title: str, body: list[str]) -> str:
    """A whole document; Chinese (in the labels or in the user's own text) needs ctex."""
    from bptrace.words import title as localized
    title = localized(title, lang)
    cjk = str(lang).startswith("zh") or bool(_CJK.search(title)) or any(_CJK.search(line) for line in body)
    text = "\n".join(_preamble(cjk, title) + body + [r"\end{document}"]) + "\n"
    return text if cjk else for_pdflatex(text)      # xelatex takes any character


def _preamble(cjk: bool, title: str) -> list[str]:
    lines = [r"\documentclass[10pt,a4paper]{article}"]
    if cjk:
        lines += [r"\usepackage[UTF8]{ctex}     % Chinese text: compile with xelatex",
                  r"\AtBeginDocument{\linespread{1.0}\selectfont}   % the handout stays two pages"]
    else:
        lines += [r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}"]
    lines += [r"\usepackage{amsmath,amssymb,multicol,tikz}", r"\usepackage[margin=1.5cm]{geometry}",
              r"\setlength{\columnsep}{1.5em}",
              r"\makeatletter\renewcommand\section{\@startsection{section}{1}{0pt}"
              r"{0.5ex}{1ex}{\normalfont\Large\bfseries}}",
              r"\renewcommand\subsection{\@startsection{subsection}{2}{0pt}"
              r"{1.2ex}{0.6ex}{\normalfont\bfseries}}\makeatother",
              r"\AtBeginDocument{\setlength{\abovedisplayskip}{3pt}"
              r"\setlength{\belowdisplayskip}{3pt}}",
              r"\allowdisplaybreaks", r"\setlength{\parindent}{0pt}", r"\begin{document}",
              r"\section*{" + _tex_para(title) + "}"]
    return lines


@lru_cache(maxsize=4096)           # pure; the same sentences on every sheet and key
def _tex_para(text: str) -> str:
    """Prose with the occasional formula symbol, for a paragraph."""
    out = []
    for ch in one_line(text):
        if ch in "Σ½²ηθ→∂·×−≈":
            out.append("$" + _SYMBOLS.get(ch, {"θ": r"\theta ", "≈": r"\approx "}.get(ch, ch)).strip()
                       + "$")
        else:
            out.append(ch.translate(_TEX_TEXT))
    return "".join(out)


TEXT_WIDTH = 18.0       # cm: A4 less the handout's 1.5 cm margins
FOOTNOTE = 8 / (26 * 28.45)     # cm per picture pixel at which its 26-pixel numbers are 8 pt


def figure(picture, lang: str, width_cm: float = TEXT_WIDTH) -> list[str]:
    """The network picture (a :mod:`bptrace.render.pictures` record) centred across the page: at
    most ``width_cm`` wide, and no larger than where its numbers are 8 pt (a small net stays
    small); without its title (the document has one)."""
    if picture is None:
        return []
    from bptrace.render.pictures.tikz import tikz_picture
    k = min(width_cm / picture.width, FOOTNOTE * 26 / picture.font)
    tikz = tikz_picture(picture, lang, width_cm=picture.width * k, title=False)
    return [r"\begin{center}", tikz.rstrip("\n"), r"\end{center}"]


def check_latex(title: str, checks, *, lang: str = "en", diagnosis=None, picture=None,
                student: bool = False) -> str:
    """The printed values against bptrace's: the network picture (where given; the numbers
    that differ in red), then the table, its summary and the diagnosis (``student``: a
    student's answers, worded for the student)."""
    w = words(lang, student)
    out = [*figure(picture, lang), r"\begin{tabular}{lrrp{6cm}}", r"\hline",
            f"{tex_text(w('key'))} & {tex_text(w('printed'))} & bptrace & {tex_text(w('note'))} \\\\",
            r"\hline"]
    for c in checks:
        mark = r"$\checkmark$" if c.agree else r"$\times$"
        out.append(f"\\texttt{{{tex_text(c.key)}}} & {tex_written(c.expected)} & {tex_text(c.rounded)} & "
                   f"{mark} {_tex_para(check_note(c, w))} \\\\")
    out += [r"\hline", r"\end{tabular}", "", r"\medskip", r"\textbf{" + _tex_para(check_summary(checks, w)) + "}"]
    if diagnosis is not None:
        from bptrace.render import explanation_lines, likely_line
        out += [r"\subsection*{" + _tex_para(w("diagnosis")) + "}"]
        if student and likely_line(diagnosis, checks, w):
            out += [r"\textbf{" + _tex_para(likely_line(diagnosis, checks, w)) + "}"]
        out += [r"\begin{itemize}"]
        out += [r"\item " + _tex_para(line) for line in explanation_lines(checks, diagnosis, w)]
        out.append(r"\end{itemize}")
    return _document(lang, w("check title", t=title), out)


def exercise_latex(tr: Trace, blanks: list[str], *, key: bool = False, lang: str = "en",
                   digits: int = 9, picture=None, shown=(), text=None) -> str:
    """A sheet (or its key): the network picture with the blanks as numbered boxes (where
    given), the problem, and the numbered blanks; ``text``: the sheet's texts (a SheetText),
    where made already."""
    from bptrace.render.documents.sheet_text import SheetText

    text = text or SheetText(tr, blanks, lang, digits)
    w = words(lang)
    title = localized(tr.title, lang) + (f" — {w('answer key')}" if key else "")
    out = [*figure(picture, lang), r"\begin{itemize}"]
    out += [r"\item " + (r"\textbf{" + _tex_para(label) + "}: " if label else "") + _tex_para(said)
            for label, said in text.problem]
    if shown:
        out.append(r"\item \textbf{" + _tex_para(w("exercise given")) + "}: " + ", ".join(
            "$" + tex_name(k) + " = " + to_latex(fmt(tr[k].value, 6)) + "$" for k in shown))
    out += [r"\end{itemize}", _tex_para(w("exercise task", d=4)) + r"\par",
            *([] if key else [r"\begin{multicols}{2}"]), r"\begin{enumerate}"]
    for i, k in enumerate(blanks):
        if key:
            formula, sub, value = text.answers[i]
            steps = [_math_or_text(formula)] + ([to_latex(sub)] if sub else []) + [to_latex(value)]
            out.append(r"\item $\displaystyle " + tex_name(k) + " = " + " = ".join(steps) + "$")
        else:
            out.append(r"\item $" + tex_name(k) + r" = \underline{\hspace{4cm}}$ \medskip")
    out.append(r"\end{enumerate}")
    out += [] if key else [r"\end{multicols}"]       # the blanks side by side
    return _document(lang, title, out)
