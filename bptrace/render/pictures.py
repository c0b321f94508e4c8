"""The picture record in the format asked for: SVG, TikZ and DOT as text, PNG and PDF as
bytes (through matplotlib, the ``plot`` extra)."""

from __future__ import annotations


def render_picture(rec, fmt: str, lang: str) -> str | bytes:
    """The record in one format (text for svg, tikz and dot; bytes for png and pdf)."""
    if fmt == "svg":
        from bptrace.render.svg import svg_picture
        return svg_picture(rec, lang)
    if fmt == "tikz":
        from bptrace.render.tikz import tikz_picture
        return tikz_picture(rec, lang)
    if fmt == "dot":
        from bptrace.render.dot import dot_picture
        return dot_picture(rec, lang)
    from bptrace.render.plots import need_matplotlib
    need_matplotlib()
    from bptrace.render.fonts import picture_lang
    from bptrace.render.picture_mpl import picture_bytes
    return picture_bytes(rec, fmt, picture_lang(lang))
