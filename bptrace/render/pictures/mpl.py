"""The network picture as PNG or PDF, drawn with matplotlib (the ``plot`` extra) from the
same record as the SVG: same boxes, lines, words and numbers. Formats; never computes."""

from __future__ import annotations

import io
import sys

from bptrace.render.pictures import Picture, Summary
from bptrace.render.pictures.text import colour, column_text, number_text, path_lines, total_text
from bptrace.words import title as localized

DPI = 100
PT = 72 / DPI           # a picture pixel in points
FILL = {"input": "#e8f0fb", "neuron": "#ffffff", "bias": "#fff4d6", "target": "#e6f5e6",
        "loss": "#fde8e8", "label": "#ffffff", "layer": "#f3f3f3"}


def picture_bytes(rec: Picture | Summary, fmt: str, lang: str = "en") -> bytes:
    """PNG or PDF bytes. ``lang`` must be one the installed fonts can draw
    (:func:`bptrace.render.pictures.mpl.picture_lang`)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    from bptrace.render.pictures.mpl import font_families

    with plt.rc_context({"font.family": font_families(),
                         "axes.unicode_minus": False, "pdf.fonttype": 42}):
        fig = plt.figure(figsize=(rec.width / DPI, rec.height / DPI), dpi=DPI)
        ax = fig.add_axes([0, 0, 1, 1])
        ax.set_xlim(0, rec.width)
        ax.set_ylim(rec.height, 0)
        ax.axis("off")

        def text(x, y, s, size=rec.font, bold=False, color="black", ha="center"):
            ax.text(x, y, s, fontsize=size * PT, fontweight="bold" if bold else "normal",
                    color=color, ha=ha, va="baseline", zorder=4,
                    parse_math=False, usetex=False)     # a title or name drawn as written

        def box(b, kind, stroke="#666", lw=2):
            ax.add_patch(FancyBboxPatch((b.x, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=12",
                                        facecolor=FILL[kind], edgecolor=stroke, linewidth=lw * PT,
                                        zorder=3))

        text(rec.width / 2, 40, localized(rec.title, lang), rec.font + 4, bold=True)
        if isinstance(rec, Summary):
            from bptrace.words import words
            w = words(lang)
            prev = None
            for s, b in rec.boxes:
                if prev is not None:
                    ax.annotate("", (b.x, b.cy), (prev.x + prev.w, b.cy),
                                arrowprops={"arrowstyle": "-|>", "color": "#666", "lw": 3})
                box(b, "layer", "#444")
                lines = [w("pic inputs") if s.name == "inputs" else s.name,
                         w("pic neurons", n=f"{s.size:,}"),
                         f"{s.activation}, {w('pic params', n=f'{s.weights + s.biases:,}')}"
                         if s.activation else ""]
                for k, line in enumerate(lines):
                    text(b.cx, b.y + 10 + rec.line * (0.75 + k), line, rec.font - 2, bold=k == 0)
                prev = b
            text(rec.width / 2, rec.height - rec.line, w("pic summary", p=f"{rec.parameters:,}"),
                 rec.font - 4, color="#444")
        else:
            for c in rec.columns:
                text(c.x, 40 + rec.line * 1.6, column_text(c, lang), rec.font - 2, color="#555")
            for e in rec.edges:
                ax.plot([e.x1, e.x2], [e.y1, e.y2], color="#9a9a9a", lw=2 * PT,
                        ls="--" if e.kind == "bias" else "-", zorder=1)
            for e in rec.edges:
                n = len(e.paths)
                for k, i in enumerate(e.paths):
                    d = (k - (n - 1) / 2) * 7
                    ax.plot([e.x1, e.x2], [e.y1 + d, e.y2 + d], color=colour(i), lw=7 * PT,
                            solid_capstyle="round", zorder=2)
            on_path = {node for p in rec.paths for node in p.nodes}
            labels = [e.label for e in rec.edges if e.label is not None]
            framed = {e.label.id: colour(e.paths[0]) for e in rec.edges if e.label and e.paths}
            for b in rec.boxes + labels:
                hot = b.id in on_path
                if b.kind == "label":       # a weight on a path: framed in the path's colour
                    box(b, b.kind, framed.get(b.id, "#bbbbbb"), 3 if b.id in framed else 1)
                else:
                    box(b, b.kind, "#222" if hot else "#666", 4 if hot else 2)
                y = b.y + 10 + rec.line * 0.75
                if b.kind in ("input", "neuron"):
                    text(b.cx, y, b.name, bold=True)
                    y += rec.line
                for num in b.numbers:
                    text(b.cx, y, number_text(num, rec.digits, lang))
                    y += rec.line
            if rec.paths:
                y = rec.panel_y
                text(40, y, total_text(rec, lang), bold=True, ha="left")
                for p in rec.paths:
                    first, second = path_lines(p, rec.digits)
                    text(40, y + rec.line, first, rec.font - 2, True, colour(p.index), "left")
                    text(80, y + 2 * rec.line, second, rec.font - 2, False, colour(p.index), "left")
                    y += 2 * rec.line
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=DPI)
        plt.close(fig)
    return buf.getvalue()


# --- Finding a font that has Chinese glyphs for matplotlib pictures (plots, the network picture
# as PNG/PDF). Where none is installed, pictures fall back to English labels — never empty
# boxes — and say so once on stderr, naming the package that provides one.

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC",
                "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UKai CN",
                "AR PL SungtiL GB", "AR PL New Sung", "SimHei", "Microsoft YaHei", "PingFang SC",
                "Hiragino Sans GB", "Heiti SC", "STHeiti", "Noto Serif CJK SC", "Droid Sans Fallback")

_warned = False


def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs that matplotlib can use."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return None


def picture_lang(lang: str) -> str:
    """The language a matplotlib picture can be drawn in: Chinese only with a CJK font."""
    global _warned
    if lang != "zh" or cjk_font() is not None:
        return lang
    if not _warned:
        from bptrace.words import words
        sys.stderr.write(f"bptrace: {words('en')('no cjk font')}\n")
        _warned = True
    return "en"


def font_families() -> list[str]:
    """matplotlib's sans-serif list: DejaVu Sans first (every digit and symbol), then the CJK
    font for the characters DejaVu lacks (matplotlib ≥ 3.6 falls back glyph by glyph)."""
    cjk = cjk_font()
    return ["DejaVu Sans"] + ([cjk] if cjk else [])
