"""The classroom page's network picture (render/pictures/fit.py, render/documents/html.py):
one text size (no smaller column headings), laid out for the box under the page's header
so that its smallest text reads at ≥ 16 px on a projector (1280 × 720) — Mazur's whole,
bigger nets in a box that scrolls — with no number covering another; the files' picture is
another (its output is held by the golden outputs). In a browser: test_live_picture.py."""

from __future__ import annotations

import re

import pytest

from bptrace import api
from bptrace.render.pictures import Picture, overlaps, picture
from bptrace.render.pictures import PAGE

SHOWN = ("values", "err", "delta", "grad")


def test_mazurs_page_picture_fits_the_projector_at_16px():
    tr = api.step("mazur").trace
    page, files = picture(tr, SHOWN, None, 4, page=True), picture(tr, SHOWN, None, 4)
    assert page.minor == 0 and files.minor == 2
    assert page.width <= PAGE[0] and page.height <= PAGE[1] and not overlaps(page)
    assert files.width > PAGE[0]              # the files' layout would not fit at 16 px


@pytest.mark.parametrize("name", ["softmax", "regression", "han-kamber", "hagan", "cs231n"])
def test_no_number_covers_another_and_the_page_is_not_wider_than_the_files(name):
    tr = api.step(name).trace
    page, files = picture(tr, SHOWN, None, 4, page=True), picture(tr, SHOWN, None, 4)
    assert isinstance(page, Picture) and not overlaps(page)
    assert page.width <= max(files.width, PAGE[0])


@pytest.mark.parametrize("name", ["mazur", "curve"])     # a picture, a summary of the layers
def test_the_page_shows_the_picture_at_16px_to_its_smallest_font(name):
    html = api.step(name).html()
    svg = re.search(r"<svg [^>]*>", html).group(0)
    least, ratio = re.search(r'style="--bp-w:(\d+)px;--bp-ar:([\d.]+)"', svg).groups()
    x, y, w, h = map(float, re.search(r'viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"', svg).groups())
    picture_part = html[html.index(svg):html.index("</svg>", html.index(svg))]
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', picture_part)]
    assert min(sizes) == 26               # one size (the title, larger, is cropped on a step's page)
    assert int(least) >= w * 16 / min(sizes) > int(least) - 1
    assert abs(float(ratio) - w / h) < 1e-3
    assert "--bp-w" in api.step(name).html(reveal=False)    # the notebook's plain fragment: same svg


def test_the_column_headings_of_the_files_picture_stay_smaller():
    from bptrace.render.pictures.svg import svg_picture
    svg = svg_picture(api.step("mazur").picture())
    assert 'font-size="24"' in svg
