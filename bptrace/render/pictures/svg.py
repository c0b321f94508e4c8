"""The network picture as SVG — crisp on a projector, opens in any browser, embeds in
Markdown — and as graphviz DOT (at the end), where graphviz chooses the positions. It formats a :mod:`bptrace.render.pictures` record and computes nothing. Every number
carries its trace key (``data-key``) so the picture can be checked against the trace."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from bptrace.render.pictures import (Box, Picture, Summary, colour, column_text, number_text,
                                     path_lines, total_text)
from bptrace.render.safe import terminal
from bptrace.words import title as localized, words

FONTS = "DejaVu Sans, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Zen Hei, " \
        "Microsoft YaHei, PingFang SC, SimHei, Arial, sans-serif"
FILL = {"input": "#e8f0fb", "neuron": "#ffffff", "bias": "#fff4d6", "target": "#e6f5e6",
        "loss": "#fde8e8", "label": "#ffffff", "layer": "#f3f3f3"}


def svg_picture(rec: Picture | Summary, lang: str = "en", fonts: str = FONTS,
                marks: bool = False) -> str:
    """The picture as SVG text. ``marks``: every box and edge also carries its id
    (``data-node``, ``data-edge``), for a page that highlights them (render.html)."""
    if isinstance(rec, Summary):
        return _summary(rec, lang, fonts)
    out = _head(rec.width, rec.height, fonts, rec.font, localized(rec.title, lang), _desc(rec, lang))
    out.append(_text(rec.width / 2, 40, localized(rec.title, lang), size=rec.font + 4, weight="bold"))
    for c in rec.columns:
        out.append(_text(c.x, 40 + rec.line * 1.6, column_text(c, lang), size=rec.font - rec.minor,
                         fill="#555"))
    for e in rec.edges:                                # thin grey lines under everything
        dash = ' stroke-dasharray="8 6"' if e.kind == "bias" else ""
        if marks:
            dash += f' data-edge={quoteattr(e.id)}'
        out.append(f'<line x1="{e.x1:.1f}" y1="{e.y1:.1f}" x2="{e.x2:.1f}" y2="{e.y2:.1f}" '
                   f'stroke="#9a9a9a" stroke-width="2"{dash}/>')
    for e in rec.edges:                                # the chain-rule paths: bold, one colour each
        n = len(e.paths)
        for k, i in enumerate(e.paths):
            dx, dy = _offset(e, (k - (n - 1) / 2) * 7)
            out.append(f'<line class="path" data-path="{i + 1}" x1="{e.x1 + dx:.1f}" '
                       f'y1="{e.y1 + dy:.1f}" x2="{e.x2 + dx:.1f}" y2="{e.y2 + dy:.1f}" '
                       f'stroke="{colour(i)}" stroke-width="7" stroke-linecap="round"/>')
    on_path = {node for p in rec.paths for node in p.nodes}
    for b in rec.boxes:
        out += _box(b, rec, lang, b.id in on_path, node=b.id if marks else None)
    for e in rec.edges:
        if e.label is not None:
            out += _box(e.label, rec, lang, False, opacity=0.92,
                        path_colour=colour(e.paths[0]) if e.paths else None)
    if rec.paths:
        y = rec.panel_y
        out.append(_text(40, y, total_text(rec, lang), size=rec.font, weight="bold", anchor="start"))
        for p in rec.paths:
            first, second = path_lines(p, rec.digits)
            y += rec.line
            out.append(_text(40, y, first, size=rec.font - rec.minor, fill=colour(p.index), anchor="start",
                             weight="bold"))
            y += rec.line
            out.append(_text(80, y, second, size=rec.font - rec.minor, fill=colour(p.index), anchor="start"))
    out.append("</svg>")
    return well_formed("\n".join(out) + "\n")


# what XML 1.0 does not allow in a document, even escaped: C0 controls but tab, LF and CR
# (shown as their control pictures, BEL as ␇), U+FFFE, U+FFFF and lone surrogates (as U+FFFD)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def well_formed(text: str) -> str:
    """An SVG document whose titles and names hold characters XML forbids, made well-formed."""
    return _NOT_XML.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\ufffd", text)


def _desc(rec: Picture, lang: str) -> str:
    """What the picture shows, in words (its <desc>, for a screen reader)."""
    w = words(lang)
    columns = []
    for c in rec.columns:
        members = [b.name for b in rec.boxes if abs(b.cx - c.x) < 1 and b.kind in ("input", "neuron")]
        columns.append(w("pic desc column", name=column_text(c, lang), members=", ".join(members))
                       if members else column_text(c, lang))
    return w("pic desc", columns="; ".join(columns))


def _head(width, height, fonts, font, title: str, desc: str) -> list[str]:
    """The SVG's element with its title and description (what a screen reader says)."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family={quoteattr(fonts)} '
            f'font-size="{font}" role="img">',
            f"<title>{escape(terminal(title))}</title><desc>{escape(terminal(desc))}</desc>",
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>']


def _offset(e, d: float) -> tuple[float, float]:
    """A shift of d pixels across the edge (parallel paths on one edge stay visible)."""
    lx, ly = e.x2 - e.x1, e.y2 - e.y1
    norm = (lx * lx + ly * ly) ** 0.5 or 1.0
    return -ly / norm * d, lx / norm * d


def _box(b: Box, rec: Picture, lang: str, highlight: bool, opacity: float = 1.0,
         path_colour: str | None = None, node: str | None = None) -> list[str]:
    stroke = "#222" if highlight else "#666"
    width = 4 if highlight else 2
    if b.kind == "label":               # a weight on a path: framed in the path's colour
        stroke, width = (path_colour, 3) if path_colour else ("#bbbbbb", 1)
    mark = "" if node is None else f" data-node={quoteattr(node)}"
    out = [f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="12" '
           f'fill="{FILL[b.kind]}" fill-opacity="{opacity}" stroke="{stroke}" stroke-width="{width}"{mark}/>']
    y = b.y + 10 + rec.line * 0.75
    if b.kind in ("input", "neuron"):
        out.append(_text(b.cx, y, b.name, weight="bold"))
        y += rec.line
    for n in b.numbers:
        out.append(_text(b.cx, y, number_text(n, rec.digits, lang), key=n.key,
                         value=n.value if n.blank is None else None,
                         fill="#c0392b" if n.differs else None, weight="bold" if n.differs else None))
        y += rec.line
    return out


def _text(x, y, s, size=None, weight=None, fill=None, anchor="middle", key=None, value=None) -> str:
    attrs = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
    if size:
        attrs += f' font-size="{size}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if fill:
        attrs += f' fill="{fill}"'
    if key is not None:
        attrs += f' data-key={quoteattr(key)}'
    if value is not None:
        attrs += f' data-value="{value!r}"'
    # a control character is not allowed in XML at all (BEL made the SVG not well-formed):
    # shown as its escape, as on the terminal
    return f"<text {attrs}>{escape(terminal(s))}</text>"


def _summary(rec: Summary, lang: str, fonts: str) -> str:
    w = words(lang)
    names = [w("pic inputs") if s.name == "inputs" else column_text(_col(s.name), lang)
             for s, _ in rec.boxes]
    out = _head(rec.width, rec.height, fonts, rec.font, localized(rec.title, lang),
                w("pic desc summary", columns="; ".join(names)) + " "
                + w("pic summary", p=f"{rec.parameters:,}"))
    out.append(_text(rec.width / 2, 40, localized(rec.title, lang), size=rec.font + 4, weight="bold"))
    prev = None
    for s, b in rec.boxes:
        if prev is not None:
            y = b.cy
            out.append(f'<line x1="{prev.x + prev.w:.1f}" y1="{y:.1f}" x2="{b.x - 8:.1f}" '
                       f'y2="{y:.1f}" stroke="#666" stroke-width="4"/>')
            out.append(f'<polygon points="{b.x - 4:.1f},{y:.1f} {b.x - 20:.1f},{y - 9:.1f} '
                       f'{b.x - 20:.1f},{y + 9:.1f}" fill="#666"/>')
        out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" '
                   f'rx="12" fill="{FILL["layer"]}" stroke="#444" stroke-width="2"/>')
        name = w("pic inputs") if s.name == "inputs" else column_text(
            _col(s.name), lang)
        lines = [(name, "bold"), (w("pic neurons", n=f"{s.size:,}"), None)]
        lines.append((f"{s.activation}, {w('pic params', n=f'{s.weights + s.biases:,}')}"
                      if s.activation else "", None))
        for k, (text, weight) in enumerate(lines):
            out.append(_text(b.cx, b.y + 10 + rec.line * (0.75 + k), text, weight=weight,
                             size=rec.font - rec.minor))
        prev = b
    out.append(_text(rec.width / 2, rec.height - rec.line, w("pic summary", p=f"{rec.parameters:,}"),
                     size=rec.font - 2 * rec.minor, fill="#444"))
    out.append("</svg>")
    return well_formed("\n".join(out) + "\n")


def _col(name):
    from bptrace.render.pictures import Column
    return Column(name, "layer", 0)


# --- The network picture in graphviz DOT (``dot -Tsvg``): the same nodes, numbers and paths;
# graphviz chooses the positions. It formats a :mod:`bptrace.render.pictures` record only.

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
