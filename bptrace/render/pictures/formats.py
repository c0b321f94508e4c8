"""The picture record in the format asked for: SVG, TikZ and DOT as text, PNG and PDF as
bytes (through matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from bptrace.errors import BadInput
from bptrace.words.messages import what

SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".tex": "tikz", ".tikz": "tikz",
            ".dot": "dot", ".gv": "dot"}


def picture_format(fmt: str | None, out: str | None) -> str:
    """--format, or the suffix of -o, or svg."""
    if out is None:
        return fmt or "svg"
    from pathlib import Path
    suffix = Path(out).suffix.lower()
    by_suffix = SUFFIXES.get(suffix)
    if fmt is None:
        if by_suffix is None:
            raise BadInput(key="picture suffix", args={"out": out,
                                                       "suffix": suffix or what("no suffix")})
        return by_suffix
    if by_suffix is not None and by_suffix != fmt:
        raise BadInput(key="picture format", args={"out": out, "by": by_suffix, "fmt": fmt})
    return fmt


def render_picture(rec, fmt: str, lang: str) -> str | bytes:
    """The record in one format (text for svg, tikz and dot; bytes for png and pdf)."""
    if fmt == "svg":
        from bptrace.render.pictures.svg import svg_picture
        return svg_picture(rec, lang)
    if fmt == "tikz":
        from bptrace.render.pictures.tikz import tikz_picture
        return tikz_picture(rec, lang)
    if fmt == "dot":
        from bptrace.render.pictures.dot import dot_picture
        return dot_picture(rec, lang)
    from bptrace.render.pictures.plots import need_matplotlib
    need_matplotlib(f"--format {fmt}")
    from bptrace.render.pictures.mpl import picture_lang
    from bptrace.render.pictures.mpl import picture_bytes
    return picture_bytes(rec, fmt, picture_lang(lang))
