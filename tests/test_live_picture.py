"""The live page's network picture in a real browser (headless Chromium over the DevTools
protocol; slow). On a projector (1280 × 720) every text of the picture — neuron names, their
values, the edges' labels, the column headings — is drawn at ≥ 16 CSS px, measured twice
(the computed font size times the SVG's scale from its screen matrix, and from its rendered
width against its viewBox); no two texts cover each other; no picture is wider than the
screen, and Mazur's shows whole, above the line that says the current quantity. On a phone
(375 × 667) nothing but the tables and the picture's own box is wider than the screen; the
picture's box scrolls to the current number, and its button shows it whole. Screenshots kept
in tests/artefacts/live/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.browser import CHROMIUM

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")]
ART = Path(__file__).parent / "artefacts" / "live"

# Mazur's 2-2-2; a 2-3-3 (softmax, 9 weights between two layers of 3); a net of three layers
# (regression, 1-4-3-1)
NETS = ("mazur", "softmax", "regression")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("picture")
    out = {}
    for name in NETS:
        for lang in ("en", "zh"):
            p = d / f"{name}-{lang}.html"
            p.write_text(subprocess.run([sys.executable, "-m", "bptrace", "step", name, "--format",
                                         "html", "--lang", lang], capture_output=True, text=True,
                                        check=True).stdout, encoding="utf-8")
            out[name, lang] = p.as_uri()
    return out


def _art(name: str) -> Path:
    ART.mkdir(parents=True, exist_ok=True)
    return ART / name


# every text of the page's network picture that is shown (inside the picture's viewBox: the
# title above it is cropped, the page's header says it): its text, its size in CSS px by the
# screen matrix and by the SVG's width against its viewBox, and its box on the screen
PICTURE_TEXTS = """(function(){
  var svg=document.querySelector('.bp-pic svg'),vb=svg.viewBox.baseVal,s=svg.getBoundingClientRect();
  var k=s.width/vb.width,out=[];
  [].forEach.call(svg.querySelectorAll('text'),function(t){
    var cs=getComputedStyle(t),r=t.getBoundingClientRect(),px=parseFloat(cs.fontSize);
    if(!t.textContent.trim()||cs.visibility==='hidden'||r.bottom<=s.top)return;
    out.push([t.textContent,px*t.getScreenCTM().a,px*k,[r.left,r.top,r.right,r.bottom]])});
  return out})()"""


def _covering(texts, slack=3.0):
    """Pairs of texts whose boxes overlap by more than ``slack`` px both ways (lines of one
    box touch: a glyph's box is about as tall as the line)."""
    out = []
    for i, (a, _, _, (l1, t1, r1, b1)) in enumerate(texts):
        for c, _, _, (l2, t2, r2, b2) in texts[i + 1:]:
            if min(r1, r2) - max(l1, l2) > slack and min(b1, b2) - max(t1, t2) > slack:
                out.append((a, c))
    return out


@pytest.mark.parametrize("name", NETS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_of_the_picture_reads_at_16px_on_a_projector(b, pages, name, lang):
    b.size(1280, 720)
    b.open(pages[name, lang] + "#all")         # every number shown
    texts = b.js(PICTURE_TEXTS)
    keys = b.js("document.querySelectorAll('.bp-pic svg text[data-key]').length")
    assert len(texts) >= keys > 10
    small = min(texts, key=lambda t: min(t[1], t[2]))
    assert min(small[1], small[2]) >= 16, small
    assert all(abs(t[1] - t[2]) < 0.01 for t in texts)          # the two measures agree
    assert not _covering(texts)
    b.screenshot(str(_art(f"picture-{name}-{lang}-1280x720.png")))
    _shot_of_picture(b, _art(f"picture-{name}-{lang}-1280-whole.png"))
    # as wide as the screen at most (a taller one scrolls with the page)
    assert b.js("(function(){var p=document.querySelector('.bp-pic');return p.scrollWidth<=p.clientWidth})()")
    if name == "mazur":         # whole: above the now line, no button to fit it
        assert b.js("document.querySelector('.bp-pic svg').getBoundingClientRect().bottom"
                    "<=document.querySelector('.bp-now').getBoundingClientRect().top")
        assert b.js("document.querySelector('.bp-zoom').hidden") is True


def _shot_of_picture(b, path: Path):
    """A screenshot of the whole picture's box, beyond the screen where it is taller."""
    import base64
    r = b.js("(function(){var r=document.querySelector('.bp-pic').getBoundingClientRect();"
             "document.querySelector('.bp-now').style.visibility='hidden';"     # it stays on the screen
             "return [r.left+scrollX,r.top+scrollY,r.width,r.height]})()")
    data = b.page("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                  clip={"x": r[0], "y": r[1], "width": r[2], "height": r[3], "scale": 1})["data"]
    b.js("document.querySelector('.bp-now').style.visibility='';1")
    path.write_bytes(base64.b64decode(data))


# elements wider than the screen or beyond its right edge, but those inside a table or the
# picture's box (which scroll)
BEYOND = """(function(){var out=[];
  [].forEach.call(document.querySelectorAll('.bp *'),function(e){
    if(e.closest('table')||e.closest('.bp-pic')||e.closest('template'))return;
    var r=e.getBoundingClientRect();
    if(r.width&&(r.right>innerWidth+0.5||r.left<-0.5))out.push(e.tagName+'.'+e.className+' '+Math.round(r.right))});
  return out})()"""


@pytest.mark.parametrize("name", NETS)
def test_on_a_phone_only_the_tables_and_the_picture_scroll(b, pages, name):
    b.size(375, 667, mobile=True)
    try:
        b.open(pages[name, "zh"])
        assert b.js("document.documentElement.scrollWidth") <= 375
        assert b.js(BEYOND) == []
        texts = b.js(PICTURE_TEXTS)
        assert min(min(t[1], t[2]) for t in texts) >= 16     # readable, in its own scroll box
        for _ in range(2):                                   # net.h1, out.h1: off to the right
            b.key("ArrowRight")
        where = b.js("(function(){var t=document.querySelector('.bp-pic svg .bp-hl-cur').getBoundingClientRect(),"
                     "p=document.querySelector('.bp-pic').getBoundingClientRect();"
                     "return [t.left-p.left,p.right-t.right,document.querySelector('.bp-pic').scrollLeft]})()")
        assert where[0] >= 0 and where[1] >= 0 and where[2] > 0, where
        b.screenshot(str(_art(f"picture-{name}-zh-375x667.png")))
        zoom = "document.querySelector('.bp-zoom')"
        assert b.js(f"{zoom}.hidden") is False
        b.js(f"{zoom}.click();1")
        assert b.js("document.querySelector('.bp-pic svg').getBoundingClientRect().width"
                    "<=document.querySelector('.bp-pic').clientWidth")
        assert b.js(BEYOND) == []
        b.screenshot(str(_art(f"picture-{name}-zh-375x667-whole.png")))
        b.js(f"{zoom}.click();1")
        assert b.js("document.querySelector('.bp-pic svg').getBoundingClientRect().width"
                    ">document.querySelector('.bp-pic').clientWidth")
    finally:
        b.size(1280, 720)


@pytest.mark.parametrize("args", [("step", "mazur", "--round", "4"), ("check", "mazur")],
                         ids=["hand-rounded step", "check"])
def test_on_a_phone_the_other_pages_scroll_only_their_tables_and_picture(b, tmp_path, args):
    """Pages that are not live (a hand-rounded step) and the check page: as the live page,
    nothing but the tables and the picture's box is wider than a phone's screen."""
    p = tmp_path / "page.html"
    p.write_text(subprocess.run([sys.executable, "-m", "bptrace", *args, "--format", "html",
                                 "--lang", "zh"], capture_output=True, text=True).stdout,
                 encoding="utf-8")
    b.size(375, 667, mobile=True)
    try:
        b.open(p.as_uri())
        assert b.js("document.documentElement.scrollWidth") <= 375
        assert b.js(BEYOND) == []
        b.screenshot(str(_art(f"page-{args[0]}-{len(args)}-zh-375x667.png")))
    finally:
        b.size(1280, 720)
