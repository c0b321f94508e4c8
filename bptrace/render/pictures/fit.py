"""Where the network picture goes: of the layouts of :mod:`bptrace.render.pictures.layout`
at several stretches (wider, taller; on the page also narrower and lower), the one that
shows largest with no number covering another — on a 16:9 screen (1280 × 720) for the files
(SVG, TikZ, PNG), or, for the classroom page (render/documents/html.py), where every text
reads at ≥ 16 px (one text size, no smaller headings), in the box under the page's header:
1,240 × 580 px (1,280 less the page's margins and a scroll bar) at 16 px to a FONT, the title
band cropped (:data:`PAGE`)."""

from __future__ import annotations

from bptrace.errors import BadInput
from bptrace.render.pictures.box import FONT, TITLE
from bptrace.render.pictures.layout import (SCREEN, SHOW, Picture, layout_at, marked, overlaps,
                                            scale_on)
from bptrace.render.pictures.summary import Summary, summary_if_too_big
from bptrace.trace import Trace

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
    found = _page_layout(tr, show, digits, n) if page else None
    if found is not None:
        return marked(tr, found[0], path, blanks, given)
    screen, minor = (PAGE, 0) if page else (SCREEN, 2)
    pic, boxes = layout_at(tr, show, digits, 1.0, 1.0, screen=screen, minor=minor)
    if overlaps(pic):
        w0, h0 = pic.width, pic.height
        tries = sorted(((sw, sh) for sw in (1.0, 1.25, 1.5, 1.8, 2.2)
                        for sh in (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.3) if (sw, sh) != (1.0, 1.0)),
                       key=lambda s: (max(s[0] * w0 / screen[0], s[1] * h0 / screen[1]), s[1]))
        if n > 120:                                   # big: a few tries only
            tries = [(1.5, 1.5), (2.2, 2.3)]
        best, more = None, 0 if n > 40 else 4       # the first that fits, and a few after it
        for sw, sh in tries:
            if best is not None:
                if more == 0:
                    break
                more -= 1
            pic, boxes = layout_at(tr, show, digits, sw, sh, None if best is None else best[0],
                                 screen, minor)
            if pic is not None and not overlaps(pic):
                scale = scale_on(pic.width, pic.height, screen)
                if best is None or scale > best[0]:
                    best = (scale, pic, boxes)
        if best is not None:
            _, pic, boxes = best
    return marked(tr, pic, path, blanks, given)


def _page_layout(tr: Trace, show, digits: int, n: int) -> tuple[Picture, dict] | None:
    """The page's picture: of the stretches (narrower and lower than the files' too) that are
    no wider than :data:`PAGE` (taller, it scrolls with the page), the one that shows largest
    there with no number covering another — of equals, the roomiest; None where none of the
    first few does (then the files' search, for the page: the picture's own box scrolls)."""
    if n > 120:
        return None
    sizes = []
    for sw in (0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.0, 1.25, 1.5, 1.8, 2.2):
        for sh in (0.85, 0.92, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.3):
            w, h = layout_at(tr, show, digits, sw, sh, screen=PAGE, minor=0, size_only=True)
            if w <= PAGE[0]:
                sizes.append((-round(scale_on(w, h, PAGE), 2), -sh, -sw))
    for _, sh, sw in sorted(sizes)[:40 if n <= 40 else 8]:
        pic, boxes = layout_at(tr, show, digits, -sw, -sh, screen=PAGE, minor=0)
        if not overlaps(pic):
            return pic, boxes
    return None
