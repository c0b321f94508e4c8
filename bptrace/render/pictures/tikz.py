"""The network picture as a TikZ picture for the LaTeX handout (needs \\usepackage{tikz};
Chinese labels need xelatex with ctex). It formats a :mod:`bptrace.render.pictures` record and
computes nothing: the record's pixel coordinates are scaled to centimetres."""

from __future__ import annotations

from bptrace.render.pictures import (PATH_COLOURS, Picture, Summary, column_text, number_text,
                                     path_lines, total_text)
from bptrace.render.safe import for_engine, one_line
from bptrace.words import title as localized, words

NEWLINE = r" \\ "
SCALE = 0.0085          # cm per picture pixel: a 2000-pixel picture is 17 cm wide

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
        "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}
_MATH = {"∂": r"$\partial$", "δ": r"$\delta$", "⁺": r"$^{+}$", "→": r"$\to$", "×": r"$\times$",
         "Σ": r"$\Sigma$", "−": r"$-$", "η": r"$\eta$"}


_AS_TEX = str.maketrans({**_TEX, **_MATH})


def tex(text: str) -> str:
    """Plain text (names, numbers, symbols) as LaTeX that pdflatex accepts."""
    return one_line(text).translate(_AS_TEX)


_SIZES = ((9, r"\small"), (8, r"\footnotesize"), (7, r"\scriptsize"), (5, r"\tiny"))


def _xy(x: float, y: float) -> str:
    """A point in picture pixels: the tikzpicture's x and y units scale them (y downwards)."""
    return f"({x:.1f},{y:.1f})"


def tikz_picture(rec: Picture | Summary, lang: str = "en", width_cm: float | None = None,
                 title: bool = True) -> str:
    """A complete tikzpicture environment of the record, ``width_cm`` wide (default: 0.85 cm
    per 100 picture pixels, at most 16 cm); the font size follows the scale. ``title``: the
    record's title above the net (a handout has its own)."""
    k = min(SCALE, 16 / rec.width) if width_cm is None else width_cm / rec.width
    pt = rec.font * k * 28.45          # the picture's font size in points at this scale
    size = next((cmd for p, cmd in _SIZES if p <= pt * 1.05), r"\tiny")
    out = [rf"\begin{{tikzpicture}}[x={k:.6f}cm, y=-{k:.6f}cm, font={size}, "
           r"every node/.style={inner sep=2pt}]"]
    for i, c in enumerate(PATH_COLOURS):
        out.append(rf"\definecolor{{bppath{i}}}{{HTML}}{{{c[1:]}}}")
    if isinstance(rec, Summary):
        return for_engine("\n".join(out + _summary(rec, lang, size) + [r"\end{tikzpicture}"]) + "\n")
    if title:
        out.append(rf"\node[font={size}\bfseries] at {_xy(rec.width / 2, 40)} {{{tex(localized(rec.title, lang))}}};")
    for c in rec.columns:
        out.append(rf"\node[gray] at {_xy(c.x, 40 + rec.line * 1.6)} {{{tex(column_text(c, lang))}}};")
    for e in rec.edges:
        style = "gray, dashed" if e.kind == "bias" else "gray"
        out.append(rf"\draw[{style}] {_xy(e.x1, e.y1)} -- {_xy(e.x2, e.y2)};")
    for e in rec.edges:
        n = len(e.paths)
        for k, i in enumerate(e.paths):
            d = (k - (n - 1) / 2) * 5
            out.append(rf"\draw[bppath{i % len(PATH_COLOURS)}, line width=1.6pt] "
                       rf"{_xy(e.x1, e.y1 + d)} -- {_xy(e.x2, e.y2 + d)};")
    on_path = {node for p in rec.paths for node in p.nodes}
    for b in rec.boxes + [e.label for e in rec.edges if e.label is not None]:
        lines = [rf"\textbf{{{tex(b.name)}}}"] if b.kind in ("input", "neuron") else []
        lines += [rf"\textcolor{{red!75!black}}{{\bfseries {tex(number_text(n, rec.digits, lang))}}}"
                  if n.differs else tex(number_text(n, rec.digits, lang)) for n in b.numbers]
        fill = {"input": "blue!6", "bias": "yellow!12", "target": "green!8", "loss": "red!8"}.get(
            b.kind, "white")
        frame = "draw=gray!50" if b.kind == "label" else ("draw, very thick" if b.id in on_path else "draw")
        body = NEWLINE.join(lines)
        out.append(rf"\node[{frame}, rounded corners, fill={fill}, align=center] at "
                   rf"{_xy(b.cx, b.cy)} {{{body}}};")
    if rec.paths:
        y = rec.panel_y
        out.append(rf"\node[anchor=west, font={size}\bfseries] at {_xy(40, y)} "
                   rf"{{{tex(total_text(rec, lang))}}};")
        for p in rec.paths:
            first, second = path_lines(p, rec.digits)
            y += rec.line * 2                   # two lines each: the symbols, the numbers
            colour = f"bppath{p.index % len(PATH_COLOURS)}"
            out.append(rf"\node[anchor=west, text={colour}, align=left] at {_xy(40, y)} "
                       rf"{{{tex(first)} \\ \quad {tex(second)}}};")
    out.append(r"\end{tikzpicture}")
    return for_engine("\n".join(out) + "\n")


def _summary(rec: Summary, lang: str, size: str) -> list[str]:
    w = words(lang)
    out = []
    prev = None
    for s, b in rec.boxes:
        name = w("pic inputs") if s.name == "inputs" else s.name
        lines = [rf"\textbf{{{tex(name)}}}", tex(w("pic neurons", n=f"{s.size:,}"))]
        if s.activation:
            lines.append(tex(f"{s.activation}, {w('pic params', n=f'{s.weights + s.biases:,}')}"))
        body = NEWLINE.join(lines)
        out.append(rf"\node[draw, rounded corners, fill=gray!8, align=center, minimum width=2cm] "
                   rf"(L{b.layer}) at {_xy(b.cx, b.cy)} {{{body}}};")
        if prev is not None:
            out.append(rf"\draw[->, thick] (L{prev.layer}) -- (L{b.layer});")
        prev = b
    out.append(rf"\node[text width=12cm, align=center] at {_xy(rec.width / 2, rec.height - rec.line)} "
               rf"{{{tex(w('pic summary', p=f'{rec.parameters:,}'))}}};")
    return out
