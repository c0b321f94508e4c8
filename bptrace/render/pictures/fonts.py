"""Finding a font that has Chinese glyphs for matplotlib pictures (plots, the network picture
as PNG/PDF). Where none is installed, pictures fall back to English labels — never empty
boxes — and say so once on stderr, naming the package that provides one."""

from __future__ import annotations

import sys

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
    if not str(lang).startswith("zh") or cjk_font() is not None:
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
