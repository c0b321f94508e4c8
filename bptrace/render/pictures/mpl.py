"""The network picture as PNG or PDF, drawn with matplotlib (the ``plot`` extra) from the
same record as the SVG: same boxes, lines, words and numbers. Formats; never computes."""

from __future__ import annotations

import io
import os
import sys
import warnings
from contextlib import contextmanager

from bptrace.render.pictures import (Picture, Summary, colour, column_text, number_text, path_lines,
                                     total_text)
from bptrace.words import title as localized

DPI = 100
PT = 72 / DPI           # a picture pixel in points
FILL = {"input": "#e8f0fb", "neuron": "#ffffff", "bias": "#fff4d6", "target": "#e6f5e6",
        "loss": "#fde8e8", "label": "#ffffff", "layer": "#f3f3f3"}


def picture_bytes(rec: Picture | Summary, fmt: str, lang: str = "en") -> bytes:
    """PNG or PDF bytes. ``lang`` must be one the installed fonts can draw
    (:func:`picture_lang`)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch


    with quiet_glyphs(), plt.rc_context({"font.family": font_families(lang),
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
                    text(b.cx, b.y + 10 + rec.line * (0.75 + k), line, rec.font - rec.minor, bold=k == 0)
                prev = b
            text(rec.width / 2, rec.height - rec.line, w("pic summary", p=f"{rec.parameters:,}"),
                 rec.font - 2 * rec.minor, color="#444")
        else:
            for c in rec.columns:
                text(c.x, 40 + rec.line * 1.6, column_text(c, lang), rec.font - rec.minor, color="#555")
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
                    text(40, y + rec.line, first, rec.font - rec.minor, True, colour(p.index), "left")
                    text(80, y + 2 * rec.line, second, rec.font - rec.minor, False, colour(p.index), "left")
                    y += 2 * rec.line
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=DPI)
        plt.close(fig)
    return buf.getvalue()


# --- Fonts. Finding a font with Chinese glyphs for matplotlib pictures (plots, the network picture as
# PNG/PDF). matplotlib knows only the fonts in its cache, which is stale after a font is
# installed (``apt install fonts-noto-cjk`` after the first plot): then the font files are
# looked for where the system keeps them (fontconfig's list, or the usual folders) and added
# to matplotlib directly — no cache rebuild. Where none is installed, pictures fall back to
# English labels — never empty boxes — and say once on stderr exactly what to install;
# matplotlib's own "Glyph missing" warnings never reach the user's terminal.
# by script: Traditional first for zh_TW (its glyph shapes), Simplified first otherwise
SC_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
               "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UKai CN",
               "AR PL SungtiL GB", "AR PL New Sung", "SimHei", "Microsoft YaHei", "PingFang SC",
               "Hiragino Sans GB", "Heiti SC", "STHeiti", "Noto Serif CJK SC")
TC_FAMILIES = ("Noto Sans CJK TC", "Noto Sans CJK HK", "Noto Sans TC", "Source Han Sans TC",
               "Source Han Sans TW", "AR PL UMing TW", "AR PL UKai TW", "Microsoft JhengHei",
               "PingFang TC", "Heiti TC", "Noto Serif CJK TC")
OTHER_FAMILIES = ("Noto Sans CJK JP", "Source Han Sans", "Droid Sans Fallback")
CJK_FAMILIES = SC_FAMILIES + TC_FAMILIES + OTHER_FAMILIES

# font files that carry Chinese glyphs, by a part of their name (lower case)
_FILE_HINTS = ("notosanscjk", "notoserifcjk", "notosanssc", "notosanstc", "sourcehansans",
               "wqy-zenhei", "wqy-microhei", "uming", "ukai", "simhei", "msyh", "msjh",
               "pingfang", "hiragino", "droidsansfallback", "stheiti")
_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
            "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts",
            os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))

_warned = False
_added = False


def _installed() -> set[str]:
    from matplotlib import font_manager
    return {f.name for f in font_manager.fontManager.ttflist}


def _font_files() -> list[str]:
    """Files of installed CJK fonts: fontconfig's list of fonts with Chinese (where fc-list
    exists), else the usual font folders searched by file name."""
    import shutil
    import subprocess
    found: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True,
                                 text=True, timeout=10).stdout
            found = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
        except (OSError, subprocess.SubprocessError):
            found = []
    if not found:
        for folder in _FOLDERS:
            folder = os.path.expanduser(folder)
            for root, _dirs, files in os.walk(folder) if os.path.isdir(folder) else ():
                found += [os.path.join(root, f) for f in files
                          if f.lower().endswith((".ttf", ".ttc", ".otf"))
                          and any(h in f.lower().replace(" ", "") for h in _FILE_HINTS)]
    return [f for f in found if f.lower().endswith((".ttf", ".ttc", ".otf"))]


def _add_system_fonts() -> None:
    """Add the CJK font files matplotlib's cache does not know (once per process)."""
    global _added
    if _added:
        return
    _added = True
    from matplotlib import font_manager
    known = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    for path in _font_files():
        if os.path.realpath(path) not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                pass                                # a file matplotlib cannot read


def cjk_font(lang: str = "zh") -> str | None:
    """The family name of an installed font with Chinese glyphs that matplotlib can use
    (a Traditional one first for zh_TW)."""
    order = (TC_FAMILIES + SC_FAMILIES if str(lang) == "zh_TW" else SC_FAMILIES + TC_FAMILIES) \
        + OTHER_FAMILIES
    for attempt in range(2):
        installed = _installed()
        for family in order:
            if family in installed:
                return family
        if attempt == 0:
            _add_system_fonts()                     # a font installed after the cache was made
    return None


def install_advice() -> str:
    """Exactly what to install here for Chinese in pictures."""
    import platform
    if sys.platform == "darwin" or sys.platform.startswith("win"):
        return "a Chinese font (PingFang or Microsoft YaHei ship with the system; reinstall it)"
    try:
        ids = platform.freedesktop_os_release()
        like = " ".join([ids.get("ID", ""), ids.get("ID_LIKE", "")])
    except (OSError, AttributeError):
        like = ""
    if "debian" in like or "ubuntu" in like:
        return "sudo apt install fonts-noto-cjk"
    if "fedora" in like or "rhel" in like:
        return "sudo dnf install google-noto-sans-cjk-fonts"
    if "arch" in like:
        return "sudo pacman -S noto-fonts-cjk"
    if "suse" in like:
        return "sudo zypper install noto-sans-cjk-fonts"
    if "alpine" in like:
        return "sudo apk add font-noto-cjk"
    return "the Noto Sans CJK fonts (Debian/Ubuntu: sudo apt install fonts-noto-cjk)"


def picture_lang(lang: str) -> str:
    """The language a matplotlib picture can be drawn in: Chinese only with a CJK font."""
    global _warned
    if not str(lang).startswith("zh") or cjk_font(lang) is not None:
        return lang
    if not _warned:
        from bptrace.words import text
        sys.stderr.write(f"bptrace: {text('word', 'no cjk font', lang, how=install_advice())}\n")
        _warned = True
    return "en"


def font_families(lang: str = "zh") -> list[str]:
    """matplotlib's sans-serif list: DejaVu Sans first (every digit and symbol), then the CJK
    font for the characters DejaVu lacks (matplotlib ≥ 3.6 falls back glyph by glyph)."""
    cjk = cjk_font(lang)
    return ["DejaVu Sans"] + ([cjk] if cjk else [])


@contextmanager
def quiet_glyphs():
    """matplotlib's "Glyph … missing from font" warnings (and its font logging) kept out of
    the user's terminal: where a glyph is missing bptrace has already said what to install."""
    import logging
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from")
        warnings.filterwarnings("ignore", message=r".*findfont")
        try:
            yield
        finally:
            logger.setLevel(level)
