"""The live page in a real browser (headless Chromium over the DevTools protocol; slow): type
into a field and every number follows, with Python's numbers for the same givens; the
fragment; → through the reveal; practice boxes graded with the mistake check --expect
--diagnose names; 100 epochs of training with train's loss; the layout on a phone and a
projector, in both languages, kept as screenshots (tests/artefacts/live/)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bptrace import api
from tests.live.browser import CHROMIUM

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")]
ART = Path(__file__).parent / "artefacts" / "live"


def bptrace(*args) -> str:
    return subprocess.run([sys.executable, "-m", "bptrace", *args], capture_output=True,
                          text=True, check=False).stdout


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("live")
    out = {}
    for name, lang in (("mazur", "en"), ("mazur", "zh"), ("xor", "en"), ("xor", "zh")):
        p = d / f"{name}-{lang}.html"
        p.write_text(bptrace("step", name, "--format", "html", "--lang", lang), encoding="utf-8")
        out[name, lang] = p.as_uri()
    return out


def cell(b, key):
    return b.js(f"document.querySelector('tr[data-key=\"{key}\"] .bp-v').textContent")


def fmt9(v):
    return f"{v:.9g}"


def test_typing_into_a_field_recomputes_every_number(b, pages):
    b.open(pages["mazur", "en"])
    assert cell(b, "out.o1") == "0.75136507"
    b.js("document.querySelector('input[data-given=w5]').focus()")
    b.js("document.querySelector('input[data-given=w5]').select()")
    b.type("0.1")
    b.key("Enter")
    want = api.step(api.load({**_mazur(), "network": _with(_mazur()["network"], "w5", 0.1)})).trace.values()
    for key in ("net.o1", "out.o1", "loss", "err.h1", "grad.w1", "new.w5", "new.loss"):
        assert cell(b, key) == fmt9(want[key]), key
    assert "0.1×0.593269992" in b.js("document.querySelector('tr[data-key=\"net.o1\"] .bp-s').textContent")
    assert b.js("location.hash") == "#w5=0.1"
    assert "bp-changed" in b.js("document.querySelector('tr[data-key=\"out.o1\"]').className")
    assert b.js("document.querySelector('svg text[data-key=\"w5\"]').textContent") == "w5 = 0.1"
    b.js("document.querySelector('.bp-undo').click()")
    assert cell(b, "out.o1") == "0.75136507"
    b.screenshot(str(_art("edited-en-1280.png")))


def _mazur():
    import yaml
    return yaml.safe_load(bptrace("examples", "mazur"))


def _with(network, name, value):
    import copy
    net = copy.deepcopy(network)
    for layer in net["layers"]:
        if name in layer.get("weights", {}):
            layer["weights"][name][2] = value
    return net


def test_the_fragment_sets_givens_and_names_what_it_does_not_know(b, pages):
    b.open(pages["mazur", "en"] + "#w5=0.1&lr=0.25&i1=0.5&o2=0.5&nonsense=3&out.h1")
    cfg = _mazur()
    cfg["network"] = _with(cfg["network"], "w5", 0.1)
    cfg["learning_rate"] = 0.25
    cfg["sample"] = {"input": {"i1": 0.5, "i2": 0.1}, "target": {"o1": 0.01, "o2": 0.5}}
    want = api.step(api.load(cfg)).trace.values()
    for key in ("out.o1", "loss", "new.w1", "new.loss"):
        assert cell(b, key) == fmt9(want[key]), key
    assert "nonsense=3" in b.js("document.querySelector('.bp-notes').textContent")
    assert b.js("document.querySelector('tr[data-state=current]').dataset.key") == "out.h1"


def test_arrow_keys_walk_the_reveal(b, pages):
    b.open(pages["mazur", "en"])
    for _ in range(2):          # the inputs are given: net.h1, then out.h1
        b.key("ArrowRight")
    current = b.js("document.querySelector('tr[data-state=current]').dataset.key")
    assert current == "out.h1"
    assert "0.593269992" in b.js("document.querySelector('.bp-now').textContent")
    assert b.js("document.querySelector('.bp-now').getAttribute('aria-live')") == "polite"
    b.key("ArrowLeft")
    assert b.js("document.querySelector('tr[data-state=current]').dataset.key") == "net.h1"


def _practise(b, key, text):
    b.js(f"var f=document.querySelector('tr[data-key=\"{key}\"] input.bp-answer');"
         f"f.value={json.dumps(text)};f.dispatchEvent(new Event('change'));1")
    return b.js(f"(function(){{var m=document.querySelector('tr[data-key=\"{key}\"] .bp-mark');"
                f"return [m.textContent, m.dataset.mistake||'']}})()")


MISTAKES = [("err.o1", {"signFlip": True}), ("grad.w5", {"noDout": "out"}),
            ("err.h1", {"firstPath": True}), ("grad.w5", {"netForOut": True}),
            ("delta.h1", {"noDout": "hidden"}), ("grad.w6", {"signFlip": True})]


def test_practice_names_the_mistake_check_diagnose_names(b, pages, tmp_path):
    b.open(pages["mazur", "en"] + "#practice")
    right = _practise(b, "out.h1", "0.5933")
    assert right[0].startswith("✓")
    for key, variant in MISTAKES:
        b.open(pages["mazur", "en"] + "#practice&answer.out.h1=0.5933")    # one wrong answer each
        v = b.js(f"document.querySelector('.bp').BPE.step(JSON.parse(document.querySelector('.bp-data').textContent).model,"
                 f"{json.dumps(variant)}).v[{json.dumps(key)}]")
        text = f"{v:.4f}"
        shown, mistake = _practise(b, key, text)
        assert shown.startswith("✗") and "book" not in shown.lower() and "misprint" not in shown
        ans = tmp_path / "answers.yaml"
        ans.write_text(f"{key}: {text}\n", encoding="utf-8")
        d = json.loads(bptrace("check", "mazur", "--expect", str(ans), "--diagnose", "--format", "json"))
        full = {x["variant"] for x in d["diagnosis"] if x["agree"] == x["of"] and x["of"]}
        assert mistake in full, (key, text, mistake, full)
    b.open(pages["mazur", "en"] + "#practice&answer.out.h1=0.5933&answer.err.o1=-0.7414")
    carried = _practise(b, "grad.w6", "{:.4f}".format(b.js(
        "document.querySelector('.bp').BPE.step(JSON.parse(document.querySelector('.bp-data').textContent).model,"
        "{signFlip: true}).v['grad.w6']")))
    assert carried[0].startswith("✓") and "err.o1" in carried[0]    # carried forward
    export = b.js("document.querySelector('.bp-export').click(); decodeURIComponent(document.querySelector('.bp-export').href.split(',')[1])")
    assert "out.h1: 0.5933" in export and "err.o1:" in export
    ans = tmp_path / "mine.yaml"
    ans.write_text(export, encoding="utf-8")
    graded = json.loads(bptrace("check", "mazur", "--expect", str(ans), "--format", "json"))
    assert {c["key"] for c in graded["checks"]} >= {"out.h1", "err.o1"}
    assert "answer.out.h1=0.5933" in b.js("location.hash")
    b.screenshot(str(_art("practice-en-1280.png")))


def test_train_100_epochs_gives_trains_loss(b, pages):
    b.open(pages["xor", "en"] + "#train=100")
    time.sleep(0.5)
    info = b.js("document.querySelector('.bp-train-info').textContent")
    loss = json.loads(bptrace("train", "xor", "--epochs", "100", "--format", "json"))["values"]["loss"]
    assert info.endswith(fmt9(loss)), (info, loss)
    assert b.js("document.querySelectorAll('.bp-regions rect').length") > 100
    b.js("document.querySelector('.bp-train').scrollIntoView();1")
    b.screenshot(str(_art("train-en-1280.png")))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screens(b, pages, lang):
    for name in ("mazur", "xor"):
        b.size(1280, 720)
        b.open(pages[name, lang] + ("#train=300" if name == "xor" else "#w5=0.1&net.o1"))
        time.sleep(0.3)
        small, picture = b.js(SMALLEST_TEXT)
        assert small[0] >= 16, small          # a projector: every text of the page, buttons included
        assert picture[0] >= 16, picture      # and of the network picture (test_live_picture.py)
        b.screenshot(str(_art(f"{name}-{lang}-1280x720.png")))
        b.size(375, 667, mobile=True)
        b.open(pages[name, lang] + ("#practice" if name == "mazur" else "#train=100"))
        time.sleep(0.3)
        assert b.js("document.documentElement.scrollWidth") <= 375
        b.screenshot(str(_art(f"{name}-{lang}-375x667.png")))
        b.size(1280, 720, dark=True)
        b.open(pages[name, lang])
        b.screenshot(str(_art(f"{name}-{lang}-dark.png")))
    b.size(1280, 720)


# the smallest text shown, in CSS pixels as drawn: every element with text of its own (buttons and
# fields included) and the texts of the page's own pictures (loss curve, regions: font size times
# the picture's scale); beside it, the network picture's smallest
SMALLEST_TEXT = """(function(){
  var worst=[1e9,''],pic=[1e9,''];
  function seen(e){var r=e.getBoundingClientRect();return r.width>0&&r.height>0&&getComputedStyle(e).visibility!=='hidden'}
  [].forEach.call(document.querySelectorAll('.bp *'),function(e){
    if(e.closest('svg')||!seen(e))return;
    var own=[].some.call(e.childNodes,function(n){return n.nodeType===3&&n.textContent.trim()});
    if(!own&&!/^(BUTTON|INPUT)$/.test(e.tagName))return;
    var px=parseFloat(getComputedStyle(e).fontSize);if(px<worst[0])worst=[px,e.tagName+' '+e.className+' '+e.textContent.slice(0,30)]});
  [].forEach.call(document.querySelectorAll('.bp svg'),function(svg){
    var vb=svg.viewBox&&svg.viewBox.baseVal,r=svg.getBoundingClientRect();if(!vb||!vb.width||!r.width)return;
    var k=r.width/vb.width;
    [].forEach.call(svg.querySelectorAll('text'),function(t){if(!t.textContent.trim()||!seen(t))return;
      var px=parseFloat(getComputedStyle(t).fontSize)*k,w=svg.closest('.bp-pic')?pic:worst;
      if(px<w[0]){w[0]=px;w[1]='svg '+t.textContent.slice(0,30)}})});
  return [worst,pic]})()"""


def _art(name: str) -> Path:
    ART.mkdir(parents=True, exist_ok=True)
    return ART / name


def test_two_notebook_outputs_do_not_meet(b, tmp_path):
    """Two live fragments in one document (as _repr_html_ puts them in a notebook): an edit
    and the keys act on one page only, and the address is left alone."""
    p = tmp_path / "notebook.html"
    p.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                 + api.step("mazur")._repr_html_() + "<hr>" + api.step("mazur")._repr_html_()
                 + "</body></html>", encoding="utf-8")
    b.open(p.as_uri())
    assert b.js("document.querySelectorAll('.bp.bp-live').length") == 2
    b.js("var f=document.querySelectorAll('.bp')[0].querySelector('input[data-given=w5]');"
         "f.value='0.1';f.dispatchEvent(new Event('change'));1")
    outs = b.js("[].map.call(document.querySelectorAll('.bp'),function(r){"
                "return r.querySelector('tr[data-key=\"out.o1\"] .bp-v').textContent})")
    assert outs == ["0.716654117", "0.75136507"]
    assert b.js("location.hash") == ""
    b.js("document.querySelectorAll('.bp')[1].focus();1")
    b.key("ArrowRight")
    states = b.js("[].map.call(document.querySelectorAll('.bp'),function(r){"
                  "var c=r.querySelector('tr[data-state=current]');return c?c.dataset.key:''})")
    assert states == ["", "net.h1"]


def test_check_page_is_live(b, tmp_path):
    p = tmp_path / "check.html"
    p.write_text(bptrace("check", "mazur", "--format", "html"), encoding="utf-8")
    b.open(p.as_uri() + "#w5=0.1")
    assert cell(b, "out.o1") == "0.716654117"
    assert b.js("document.querySelector('.bp-notes').textContent") == ""
    b.key("ArrowRight")
    assert b.js("document.querySelector('tr[data-state=current]').dataset.key") == "net.h1"


def test_exercise_sheet_in_practice_and_key_in_review(b, tmp_path):
    sheet, key = tmp_path / "sheet.html", tmp_path / "key.html"
    sheet.write_text(bptrace("exercise", "--from", "mazur", "--format", "html", "--lang", "zh"),
                     encoding="utf-8")
    key.write_text(bptrace("exercise", "--from", "mazur", "--format", "html", "--key"),
                   encoding="utf-8")
    b.open(sheet.as_uri())
    assert b.js("document.querySelectorAll('input.bp-answer').length") == 50
    assert b.js("document.querySelector('.bp-practice').hidden") is True    # no review on a sheet
    assert b.js("document.querySelector('svg text[data-key=\"out.h1\"]').textContent") == "out = [2]"
    assert _practise(b, "out.h1", "0.5933")[0].startswith("✓")
    v = b.js("document.querySelector('.bp').BPE.step(JSON.parse(document.querySelector('.bp-data')"
             ".textContent).model,{signFlip:true}).v['err.o1']")
    shown, mistake = _practise(b, "err.o1", f"{v:.4f}")
    assert shown.startswith("✗") and mistake == "sign of t − y" and "t − y" in shown
    assert "answer.err.o1=" in b.js("location.hash") and "practice" not in b.js("location.hash")
    b.screenshot(str(_art("sheet-zh-1280.png")))
    b.open(key.as_uri())
    assert b.js("document.querySelectorAll('input.bp-answer').length") == 0
    b.key("ArrowRight")
    b.key("ArrowRight")
    assert b.js("document.querySelector('tr[data-state=current]').dataset.key") == "out.h1"
    assert cell(b, "out.h1") == "0.593269992"


def _all_cells(b):
    return b.js("(function(){var o={};[].forEach.call(document.querySelectorAll('tr[data-key]'),function(r){"
                "var c=r.querySelector('.bp-v');if(c&&!c.querySelector('input'))o[r.dataset.key]=c.textContent});return o})()")


@pytest.mark.parametrize("edited", [False, True])
def test_rounding_noise_of_an_exact_zero_is_shown_as_python_shows_it(b, tmp_path, edited):
    """The trace's residue rule on the page: −0.3·1 + 0.5·0.5 + 0.05 is 0 (float64 leaves
    1.39e-17), shown as 0 in every cell as the terminal shows it — on the config's numbers and
    after an edit makes it so; a small value that is not residue stays shown."""
    from bptrace.render.text import fmt
    from tests.test_handout_numbers import TINY_TANH, ZERO_NET
    for text in (ZERO_NET, TINY_TANH) if not edited else (ZERO_NET,):
        src = text.replace("-0.3]", "-0.2]") if edited else text
        assert src != text or not edited
        p = tmp_path / "z.html"
        p.write_text(api.step(api.load(src)).html(), encoding="utf-8")
        b.open(p.as_uri() + ("#w1=-0.3" if edited else ""))
        want = api.step(api.load(text)).trace
        got = _all_cells(b)
        bad = {k: (got[k], fmt(want[k].value, 9)) for k in got if k in want
               and got[k] != fmt(want[k].value, 9)}
        assert not bad, bad
        if text is ZERO_NET:
            assert got["net.y"] == "0" and got["out.y"] == "0"
