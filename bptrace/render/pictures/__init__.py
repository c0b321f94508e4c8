"""The network picture as a record: where each neuron, edge and number goes, and the
chain-rule paths of ``--path``. Pure layout over a built trace — no maths of its own and no
drawing (the renderers in :mod:`bptrace.render` format it as SVG, TikZ, DOT, PNG, PDF).

- :mod:`.layout`: the layered picture with the numbers of one step, at given stretches;
- :mod:`.paths`: the chain-rule paths from the loss to a parameter or neuron;
- :mod:`.box`: the geometry the others share, and the summary picture (one box per layer)
  for networks too large to draw neuron by neuron;
- here: :func:`picture`, the stretches that show it largest, for a screen or the page; the
  record in the format asked for; the words and numbers written on it, which every renderer
  (SVG, TikZ, DOT, matplotlib) shares.
"""

from __future__ import annotations

import copy

from bptrace.errors import BadInput
from bptrace.render import fmt, layer_label, symbol
from bptrace.render.pictures.box import (FONT, MAX_LAYERS, MAX_NEURONS, TITLE, Box, LayerShape,
                                         Number, Summary, shape_of, summary, summary_if_too_big,
                                         too_big)
from bptrace.render.pictures.layout import (SCREEN, SHOW, Column, Edge, Picture, layout_at, marked,
                                            overlaps, scale_on)
from bptrace.render.pictures.paths import MAX_PATHS, ChainPath, Factor, mark_differing, paths_to
from bptrace.render.text import operand
from bptrace.trace import Trace
from bptrace.words import words
from bptrace.words.messages import what

__all__ = ["MAX_LAYERS", "MAX_NEURONS", "MAX_PATHS", "SHOW", "Box", "ChainPath", "Column", "Edge",
           "Factor", "LayerShape", "Number", "Picture", "Summary", "check_picture", "draw_record",
           "handout_picture", "mark_differing", "overlaps", "paths_to", "picture", "shape_of", "summary", "too_big"]


def draw_record(cfg, show: tuple[str, ...] = ("values",), path: str | None = None,
                digits: int = 4) -> Picture | Summary:
    """The picture of a loaded config: the layered network with the numbers of one traced
    step, or — beyond what can be read neuron by neuron — one box per layer (no trace
    needed, so a 784-784-10 net is drawn at once)."""
    big = summary_if_too_big(cfg.network, cfg.title, path, cfg.file)
    if big is not None:
        return big
    from bptrace.trace import build_trace
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file=cfg.file)
    return picture(tr, show, path, digits)


def handout_picture(tr, path: str | None = None) -> Picture | Summary:
    """The picture above a step's handout: the net with its values (net and out on the
    neurons, the weights on the edges) as the worked examples draw it, ``path``'s chain-rule
    paths marked."""
    return picture(tr, ("values",), path, 4)


def check_picture(tr, checks, path: str | None = None) -> Picture | Summary:
    """The picture above a check's table: the computed values of the kinds the checks
    compare (net/out and weights; gradients, new values, err, δ where checked), the ones that
    differ from the printed values marked."""
    heads = {c.key.split(".")[0] for c in checks}
    show = ("values",) + tuple(k for k in ("grad", "new", "err", "delta") if k in heads)
    pic = picture(tr, show, path, 4)
    if isinstance(pic, Picture):
        mark_differing(pic, [c.key for c in checks if not c.agree])
    return pic


def sheet_pictures(sheet, path: str | None = None):
    """(the sheet's picture, the key's picture) from one layout (see :func:`sheet_picture`)."""
    from bptrace.render.pictures.layout import marked
    base = picture(sheet.trace, ("values",), None, 4)
    if not isinstance(base, Picture):
        return base, base
    own = copy.copy(base)           # marking changes the picture, its boxes and labels only
    own.boxes = [copy.copy(b) for b in base.boxes]
    own.edges = [copy.copy(e) for e in base.edges]
    for e in own.edges:
        e.label, e.paths = copy.copy(e.label), list(e.paths)
    own.paths = list(base.paths)
    sheet_pic = marked(sheet.trace, own, blanks=tuple(sheet.asked), given=tuple(sheet.shown))
    return sheet_pic, marked(sheet.trace, base, path)


def sheet_picture(sheet, key: bool = False, path: str | None = None):
    """An exercise sheet's network picture: the givens, what the teacher shows and the asked
    quantities as numbered boxes [1], [2], … (on the key, every value, and ``path``'s
    chain-rule paths where given)."""
    return picture(sheet.trace, ("values",), path if key else None, 4,
                   blanks=() if key else tuple(sheet.asked),
                   given=() if key else tuple(sheet.shown))


# --- The picture record in the format asked for: SVG, TikZ and DOT as text, PNG and PDF as
# bytes (through matplotlib, the ``plot`` extra).

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
        from bptrace.render.pictures.svg import dot_picture
        return dot_picture(rec, lang)
    from bptrace.render.pictures.plots import need_matplotlib
    need_matplotlib(f"--format {fmt}")
    from bptrace.render.pictures.mpl import picture_bytes, picture_lang
    return picture_bytes(rec, fmt, picture_lang(lang))


# --- The words and numbers written on the network picture, shared by its renderers (SVG,
# TikZ, DOT, matplotlib): each renderer only escapes and places these strings.

# one colour per path (Okabe–Ito, safe for colour-blind readers), cycled
PATH_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A",
                "#000000")

_PREFIX = {"net": "net", "out": "out", "err": "err", "delta": "δ", "dout": "dout"}


def number_text(n: Number, digits: int, lang: str = "en") -> str:
    """'net = 1.106', 'w5 = 0.4', '∂E/∂w5 = 0.08217', 'w5⁺ = 0.3589', 'target = 0.01'."""
    v = fmt(n.value, digits) if n.blank is None else f"[{n.blank}]"
    if n.kind in _PREFIX:
        return f"{_PREFIX[n.kind]} = {v}"
    name = n.name or "w"            # an unnamed weight: the edge names it
    if n.kind in ("w", "b"):
        return f"{n.name} = {v}" if n.name else v
    if n.kind == "grad":
        return f"∂E/∂{name} = {v}"
    if n.kind == "new":
        return f"{name}⁺ = {v}"
    if n.kind == "target":
        return f"{words(lang)('pic target')} = {v}"
    if n.kind == "loss":
        return f"E = {v}"
    if n.kind == "newloss":
        return f"E⁺ = {v}"
    raise ValueError(f"unknown number kind {n.kind}")


def column_text(c: Column, lang: str = "en") -> str:
    w = words(lang)
    if c.kind == "inputs":
        return w("pic inputs")
    return f"{layer_label(c.name, w)} ({c.activation})" if c.activation else layer_label(c.name, w)


def factor_symbol(key: str) -> str:
    """How the factor is written: err.o1 → ∂E/∂out.o1, dout.h1 → ∂out.h1/∂net.h1, w5 → w5."""
    return symbol(key)


def total_text(pic: Picture, lang: str = "en") -> str:
    """The heading of the list of paths: '∂E/∂w1 = sum over 2 chain-rule paths = 0.000439'."""
    assert pic.total is not None
    sym = symbol(pic.total.key)
    v = fmt(pic.total.value, pic.digits)
    w = words(lang)
    if len(pic.paths) == 1:
        return w("pic one path", sym=sym, v=v)
    return w("pic paths", sym=sym, n=len(pic.paths), v=v)


def path_lines(p: ChainPath, digits: int) -> tuple[str, str]:
    """('(1) i1 → h1 → o1 → E:  ∂E/∂out.o1 × … × out.i1', '= 0.7414 × … × 0.05 = 3.4e-4')."""
    head = f"{circled(p.index)} {' → '.join(p.nodes)}:  "
    syms = " × ".join(factor_symbol(f.key) for f in p.factors)
    nums = " × ".join(operand(f.value, digits) for f in p.factors)
    return head + syms, f"= {nums} = {fmt(p.product, digits)}"


def circled(i: int) -> str:
    """A path's number as printed: (1), (2), … (every font has these glyphs)."""
    return f"({i + 1})"


def colour(i: int) -> str:
    return PATH_COLOURS[i % len(PATH_COLOURS)]


# --- Where the network picture goes: of the layouts of :mod:`bptrace.render.pictures.layout`
# at several stretches (wider, taller; on the page also narrower and lower), the one that
# shows largest with no number covering another — on a 16:9 screen (1280 × 720) for the files
# (SVG, TikZ, PNG), or, for the classroom page (render/documents/html.py), where every text
# reads at ≥ 16 px (one text size, no smaller headings), in the box under the page's header:
# 1,240 × 580 px (1,280 less the page's margins and a scroll bar) at 16 px to a FONT, the title
# band cropped (:data:`PAGE`).

PAGE = (1240 * FONT / 16, 580 * FONT / 16 + TITLE)


def picture(tr: Trace, show: tuple[str, ...] = ("values",), path: str | None = None,
            digits: int = 4, blanks: tuple[str, ...] = (),
            given: tuple[str, ...] = (), page: bool = False) -> Picture | Summary:
    """The picture of one traced step (a :class:`Summary` beyond 6 layers × 10 neurons).
    ``blanks``: trace keys shown as numbered boxes [1], [2], … (an exercise sheet's blanks,
    in its order) and not as numbers; a sheet then shows only the givens, the blanks and
    ``given`` (the computed keys the teacher shows). ``page``: for the classroom page, every
    text one size, as compact as its labels let it be for the page's box (:data:`PAGE`)."""
    big = summary_if_too_big(tr, tr.title, path, tr.file, minor=0 if page else 2)
    if big is not None:
        return big
    bad = [s for s in show if s not in SHOW]
    if bad:
        raise BadInput(key="show unknown", args={"value": bad[0], "known": list(SHOW)})
    if tr.learning_rate is None:      # no η, no update: no new values to show (the command says so)
        show = tuple(s for s in show if s != "new")
    # wider and taller until no number covers another, keeping it as large as possible on a
    # 16:9 screen (1280 × 720): tries the stretches in the order of the scale they would leave
    n = sum(p.kind == "w" for p in tr.params)
    memo: dict = {}                 # what every stretch shares
    found = _page_layout(tr, show, digits, n, memo) if page else None
    if found is not None:
        return marked(tr, found[0], path, blanks, given)
    screen, minor = (PAGE, 0) if page else (SCREEN, 2)
    # a layout that must overlap is given up at its first covering label, but for the last
    # one tried: where none fits, that one is shown
    pic, boxes = layout_at(tr, show, digits, 1.0, 1.0, screen=screen, minor=minor, give_up=True,
                           memo=memo)
    if pic is None or overlaps(pic):
        w0, h0 = boxes if pic is None else (pic.width, pic.height)
        tries = sorted(((sw, sh) for sw in (1.0, 1.25, 1.5, 1.8, 2.2)
                        for sh in (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.3) if (sw, sh) != (1.0, 1.0)),
                       key=lambda s: (max(s[0] * w0 / screen[0], s[1] * h0 / screen[1]), s[1]))
        if n > 120:                                   # big: a few tries only
            tries = [(1.5, 1.5), (2.2, 2.3)]
        best, more = None, 0 if n > 40 else 4       # the first that fits, and a few after it
        for i, (sw, sh) in enumerate(tries):
            if best is not None:
                if more == 0:
                    break
                more -= 1
            pic, boxes = layout_at(tr, show, digits, sw, sh, None if best is None else best[0],
                                   screen, minor, give_up=i < len(tries) - 1, memo=memo)
            if pic is not None and not overlaps(pic):
                scale = scale_on(pic.width, pic.height, screen)
                if best is None or scale > best[0]:
                    best = (scale, pic, boxes)
        if best is not None:
            _, pic, boxes = best
    return marked(tr, pic, path, blanks, given)


def _page_layout(tr: Trace, show, digits: int, n: int,
                 memo: dict | None = None) -> tuple[Picture, dict] | None:
    """The page's picture: of the stretches (narrower and lower than the files' too) that are
    no wider than :data:`PAGE` (taller, it scrolls with the page), the one that shows largest
    there with no number covering another — of equals, the roomiest; None where none of the
    first few does (then the files' search, for the page: the picture's own box scrolls)."""
    if n > 120:
        return None
    sizes = []
    for sw in (0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.0, 1.25, 1.5, 1.8, 2.2):
        for sh in (0.85, 0.92, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.3):
            w, h = layout_at(tr, show, digits, sw, sh, screen=PAGE, minor=0, size_only=True,
                             memo=memo)
            if w <= PAGE[0]:
                sizes.append((-round(scale_on(w, h, PAGE), 2), -sh, -sw))
    for _, sh, sw in sorted(sizes)[:40 if n <= 40 else 8]:
        pic, boxes = layout_at(tr, show, digits, -sw, -sh, screen=PAGE, minor=0, memo=memo)
        if not overlaps(pic):
            return pic, boxes
    return None
