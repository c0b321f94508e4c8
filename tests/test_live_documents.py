"""The live page where it is embedded or written for other commands (interface contract §7):
the notebook API's ``_repr_html_`` (a fragment with its own id, its state kept in the page,
nothing global), ``check --format html`` (the check as made, the step below it live) and
``exercise --format html`` (a sheet's blanks as practice boxes, a key in review). The page's
script is put together once and parsed by Node; the browser's part is tests/test_live_page.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from bptrace import api
from tests.live.engine import NODE


def bptrace(*args) -> str:
    return subprocess.run([sys.executable, "-m", "bptrace", *args], capture_output=True,
                          text=True, check=False).stdout


def data(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="bp-data">(.*?)</script>', html, re.S)
    assert m, "no live data"
    return json.loads(m.group(1))


def scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_notebook_output_is_a_live_fragment_of_its_own():
    s = api.step("mazur")
    one, two = s._repr_html_(), s._repr_html_()
    ids = [re.match(r'<div id="(bp-[0-9a-f]+)"', h).group(1) for h in (one, two)]
    assert ids[0] != ids[1]                                   # two outputs, two pages
    assert "<html" not in one and "<!DOCTYPE" not in one
    d = data(one)
    assert d["embedded"] is True and d["mode"] == "step"
    (code,) = scripts(one)
    assert code.startswith("(function (root) {") and code.endswith(f'}})(document.getElementById("{ids[0]}"));')
    # nothing outside the page: no global engine, no patched history, no keys taken from the document
    assert "history.replaceState =" not in code and "window.BPE" not in code
    assert "(embedded ? root : document).addEventListener" in code
    assert 'data-given="w5"' in one


def test_a_page_is_found_by_its_script_and_keeps_its_state_in_the_address():
    html = api.step("mazur").html()
    d = data(html)
    assert "embedded" not in d
    (code,) = scripts(html)
    assert code.endswith("})(document.currentScript.parentNode);")


@pytest.mark.skipif(NODE is None, reason="Node is not installed")
def test_the_assembled_script_parses(tmp_path):
    for html in (api.step("mazur")._repr_html_(), bptrace("exercise", "--format", "html")):
        p = tmp_path / "page.js"
        p.write_text(scripts(html)[-1], encoding="utf-8")
        done = subprocess.run([NODE, "--check", str(p)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_check_page_is_live_below_the_check():
    html = api.check("mazur").html()          # what check --format html writes
    d = data(html)
    assert d["mode"] == "check" and d["model"]["inputs"] == ["i1", "i2"]
    check = html[html.index("<h2>"):html.index("</table>")]
    assert "data-step" not in check                     # the check as it was made
    assert 'data-given="w5"' in html                      # every given a field
    assert len(re.findall(r'<tr data-step="', html)) >= 40   # the step's rows, revealed in turn
    assert 'data-key="grad.w5"' in html


def test_check_in_a_notebook_is_live_too():
    checked = api.check("mazur")
    h = checked._repr_html_()
    assert data(h)["embedded"] and h.startswith('<div id="bp-')


def test_exercise_sheet_is_practice_and_key_is_review():
    sheet = bptrace("exercise", "--from", "mazur", "--format", "html")
    d = data(sheet)
    assert d["mode"] == "sheet"
    rows = re.findall(r'<tr data-step="(\d+)" data-key="([^"]+)" data-formula="([^"]*)"[^>]*>(.*?)</tr>',
                      sheet)
    assert len(rows) == 50 and rows[0][1] == "net.h1" and rows[0][2]
    # printed (or with no script) a blank is still a blank: no answer in a row
    assert all("= ______________" in r[3] for r in rows)
    assert "0.593269992" not in "".join(r[3] for r in rows)
    key = bptrace("exercise", "--from", "mazur", "--format", "html", "--key")
    assert data(key)["mode"] == "key"
    assert '<td class="bp-n">2.</td><td class="bp-k">out.h1</td>' in key
    zh = bptrace("exercise", "--format", "html", "--lang", "zh")
    assert data(zh)["lang"] == "zh" and data(zh)["words"]["practice"] != d["words"]["practice"]


def test_every_picture_says_what_it_shows():
    """<title> and <desc> in the network picture (draw's SVG and the page's), in the page's
    language; the page's own pictures (loss curve, regions) write theirs from the word table."""
    from bptrace.render.pictures.svg import svg_picture
    s = api.step("mazur")
    svg = svg_picture(s.picture(), "zh")
    m = re.search(r"<svg [^>]*role=\"img\">\n<title>(.*?)</title><desc>(.*?)</desc>", svg)
    assert m and "Mazur" in m.group(1)
    assert "网络从左到右" in m.group(2) and "h1, h2" in m.group(2) and "o1, o2" in m.group(2)
    assert "<title>" in s.html() and "<desc>The network, left to right" in s.html()
    import bptrace.render.pictures as P
    big = svg_picture(P.summary("MNIST", [P.LayerShape("inputs", 784),
                                          P.LayerShape("output", 10, "softmax", 7840, 10)]))
    assert "<desc>One box per layer" in big
    d = data(s.html())
    assert "{n}" in d["words"]["loss desc"] and d["words"]["regions desc"]
    page = s.html()
    train = scripts(page)[-1]
    assert train.count("<desc>") == 2 and 'w("loss desc"' in train and 'w("regions desc")' in train
