"""The network picture in graphviz DOT (``dot -Tsvg``): the same nodes, numbers and paths;
graphviz chooses the positions. It formats a :mod:`bptrace.render.pictures` record only."""

from __future__ import annotations

from bptrace.words import title as localized, words
from bptrace.render.pictures import Picture, Summary
from bptrace.render.pictures import colour, column_text, number_text, path_lines, total_text


LINE = 300     # characters of a label's line shown: a 20,000-character title is cut, marked …
PIECE = 2000   # characters of one quoted string: graphviz reads at most 16,384 bytes of one


def _q(text: str) -> str:
    """A DOT string: quoted (control characters shown as their escapes), and as pieces
    joined by '+' where it is long."""
    from bptrace.render.safe import terminal
    text = terminal(text)
    pieces = [text[i:i + PIECE] for i in range(0, len(text), PIECE)] or [""]
    return " + ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                      + '"' for p in pieces)


def _label(text: str) -> str:
    """A label's DOT string, each line cut at LINE characters."""
    return _q("\n".join(line if len(line) <= LINE else line[:LINE - 1] + "…"
                         for line in text.split("\n")))


def dot_picture(rec: Picture | Summary, lang: str = "en") -> str:
    out = ["digraph network {", "  rankdir=LR; splines=line; nodesep=0.5; ranksep=2.2;",
           '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="DejaVu Sans"];',
           '  edge [arrowhead=none, color=gray50, fontname="DejaVu Sans"];']
    if isinstance(rec, Summary):
        w = words(lang)
        ids = []
        for s, b in rec.boxes:
            name = w("pic inputs") if s.name == "inputs" else s.name
            text = [name, w("pic neurons", n=f"{s.size:,}")]
            if s.activation:
                text.append(f"{s.activation}, {w('pic params', n=f'{s.weights + s.biases:,}')}")
            out.append(f"  {b.id} [label={_label(chr(10).join(text))}];")
            ids.append(b.id)
        out.append("  " + " -> ".join(ids) + " [arrowhead=normal];")
        out.append(f"  label={_label(localized(rec.title, lang) + chr(10) + w('pic summary', p=f'{rec.parameters:,}'))};")
        return "\n".join(out + ["}"]) + "\n"
    label = [localized(rec.title, lang)]
    if rec.paths:
        label.append(total_text(rec, lang))
        for p in rec.paths:
            label += list(path_lines(p, rec.digits))
    out.append(f"  label={_label(chr(10).join(label))}; labelloc=b; labeljust=l;")
    fills = {"input": "#e8f0fb", "bias": "#fff4d6", "target": "#e6f5e6", "loss": "#fde8e8"}
    on_path = {node for p in rec.paths for node in p.nodes}
    for layer in sorted({b.layer for b in rec.boxes}):
        here = [b for b in rec.boxes if b.layer == layer]
        out.append("  { rank=same; " + " ".join(_q(b.id) for b in here) + " }")
    for b in rec.boxes:
        lines = ([b.name] if b.kind in ("input", "neuron") else []) + \
            [number_text(n, rec.digits, lang) for n in b.numbers]
        extra = ", penwidth=3" if b.id in on_path else ""
        out.append(f"  {_q(b.id)} [label={_label(chr(10).join(lines))}, "
                   f"fillcolor={_q(fills.get(b.kind, 'white'))}{extra}];")
    for c in rec.columns:
        out.append(f"  // column: {' '.join(column_text(c, lang).splitlines())}")
    for e in rec.edges:
        attrs = []
        if e.label is not None:
            attrs.append(f"label={_label(chr(10).join(number_text(n, rec.digits, lang) for n in e.label.numbers))}")
        if e.kind == "bias":
            attrs.append("style=dashed")
        if e.paths:
            attrs.append(f"color={_q(':'.join(colour(i) for i in e.paths))}, penwidth=4")
        out.append(f"  {_q(e.source)} -> {_q(e.target)} [{', '.join(attrs)}];")
    return "\n".join(out + ["}"]) + "\n"
