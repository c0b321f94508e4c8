"""The classroom page (--format html): one self-contained file, with no external address, and
its step-by-step reveal driven in a real browser (headless Chromium, where installed)."""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


class Elements(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def rows(self):
        return [a for t, a in self.found if t == "tr" and "data-step" in a]

    def svg(self, tag, attr, value):
        return next(a for t, a in self.found if t == tag and a.get(attr) == value)


def mazur_page_only(tmp_path) -> str:
    """Mazur's config with its printed page values but without the "after 10,000 updates"
    ones, so that a diagnosis trains nothing (the misprint err.h1.o2 stays)."""
    from bptrace import examples
    text = "\n".join(line for line in examples.text("mazur").splitlines()
                     if not line.strip().startswith("trained."))
    path = tmp_path / "mazur-page.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def page(run, *args):
    r = run(*args)
    assert r.exit_code in (0, 1), r.stderr
    return r.stdout


def browse(path, fragment="", script=""):
    """The page's DOM after its script ran, as Chromium dumps it."""
    if script:
        path.write_text(path.read_text(encoding="utf-8").replace(
            "</body>", f"<script>{script}</script></body>"), encoding="utf-8")
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", "--disable-extensions", "--dump-dom",
                          "--virtual-time-budget=2000", f"file://{path}{fragment}"],
                         capture_output=True, text=True, timeout=120)
    assert "<html" in out.stdout, out.stderr[-2000:]
    return Elements(out.stdout)


EXTERNAL = re.compile(r"(https?:|ftp:|//[\w.-]+\.\w|\bsrc=|\bhref=|url\(|@import)", re.I)


@pytest.mark.parametrize("args", [
    ["step"], ["step", "--round", "4", "--lang", "zh"], ["check", "--diagnose"],
    ["train", "--epochs", "50"], ["exercise", "--seed", "7"], ["exercise", "--seed", "7", "--key"],
    ["compare", "cubic", "--vary", "epochs=5,10"]])
def test_one_file_with_no_external_address(run, args, tmp_path):
    if args[0] == "check":
        args = [*args, mazur_page_only(tmp_path)]
    text = page(run, *args, "--format", "html")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert EXTERNAL.findall(text) == []
    assert "<style>" in text


def test_the_tables_show_formulas_with_the_numbers_put_in(run):
    text = page(run, "step", "--format", "html")
    assert "w1·i1 + w2·i2 + b1<span class=\"bp-s\"> = 0.15×0.05 + 0.2×0.1 + 0.35</span>" in text
    assert ">0.000438567734<" in text
    zh = page(run, "step", "--format", "html", "--lang", "zh")
    assert 'lang="zh-CN"' in zh and "前向传播" in zh and "下一步" in zh


def test_html_refuses_a_selection(run):
    r = run("step", "--format", "html", "--only", "grad.*")
    assert r.exit_code == 2 and "--format html cannot be combined with --only" in r.stderr


@needs_chromium
def test_the_fragment_keeps_the_position(run, tmp_path):
    path = tmp_path / "mazur.html"
    path.write_text(page(run, "step", "--format", "html"), encoding="utf-8")
    dom = browse(path, "#grad.w1")
    rows = dom.rows()
    keys = [r["data-key"] for r in rows]
    at = keys.index("grad.w1")
    assert [r["data-state"] for r in rows[:at]] == ["shown"] * at
    assert rows[at]["data-state"] == "current"
    assert {r["data-state"] for r in rows[at + 1:]} == {"pending"}
    # the operands' rows are marked, and on the picture: grad.w1, its factors, both paths
    ops = {r["data-key"] for r in rows if "bp-op" in r.get("class", "")}
    assert ops == {"err.h1", "dout.h1"}                     # out.i1 is given: no step
    assert "bp-hl-cur" in dom.svg("text", "data-key", "grad.w1")["class"]
    assert "bp-hl-op" in dom.svg("text", "data-key", "out.i1")["class"]
    assert "bp-hl-op" in dom.svg("text", "data-key", "w5")["class"]
    assert "bp-hl-op" in dom.svg("text", "data-key", "w7")["class"]
    for node in ("i1", "h1", "o1", "o2", "E"):
        assert "bp-hl-node" in dom.svg("rect", "data-node", node)["class"], node
    for edge in ("w1", "w5", "w7"):
        assert "bp-hl-edge" in dom.svg("line", "data-edge", edge)["class"], edge
    assert "bp-hl-edge" not in dom.svg("line", "data-edge", "w6").get("class", "")
    # not yet revealed: hidden on the picture; weights are given: shown
    assert "bp-hidden" in dom.svg("text", "data-key", "grad.w2")["class"]
    assert "bp-hidden" not in dom.svg("text", "data-key", "grad.w5").get("class", "")
    assert "bp-hidden" not in dom.svg("text", "data-key", "w2").get("class", "")


@needs_chromium
def test_keys_step_forward_and_back_and_show_all(run, tmp_path):
    path = tmp_path / "mazur.html"
    path.write_text(page(run, "step", "--format", "html"), encoding="utf-8")
    press = ("function k(x){document.dispatchEvent(new KeyboardEvent('keydown',{key:x}))}"
             "k('ArrowRight');k(' ');k('ArrowRight');k('ArrowRight');k('ArrowLeft');")
    rows = browse(path, "", press).rows()
    states = [r["data-state"] for r in rows]
    assert states[:3] == ["shown", "shown", "current"] and set(states[3:]) == {"pending"}
    assert [r["data-key"] for r in rows[:3]] == ["net.h1", "out.h1", "net.h2"]   # 4 on, 1 back
    path.write_text(page(run, "step", "--format", "html"), encoding="utf-8")
    rows = browse(path, "#net.h1", "document.dispatchEvent(new KeyboardEvent('keydown',{key:'a'}))").rows()
    assert {r["data-state"] for r in rows} == {"shown"}
    path.write_text(page(run, "step", "--format", "html"), encoding="utf-8")
    assert {r["data-state"] for r in browse(path, "#start").rows()} == {"pending"}


@needs_chromium
def test_check_reveals_the_printed_values_one_by_one(run, tmp_path):
    path = tmp_path / "check.html"
    path.write_text(page(run, "check", mazur_page_only(tmp_path), "--diagnose", "--format", "html"),
                    encoding="utf-8")
    rows = browse(path, "#err.h1.o2").rows()
    at = [r["data-key"] for r in rows].index("err.h1.o2")
    assert rows[at]["data-state"] == "current"
    assert {r["data-state"] for r in rows[at + 1:]} == {"pending"}


def test_print_shows_everything(run):
    """Hiding and marking are for the screen only; printed, the controls go."""
    text = page(run, "step", "--format", "html")
    screen = text[text.index("@media screen{"):]
    screen = screen[:screen.index("\n}")]
    assert "visibility:hidden" in screen and "bp-hidden" in screen and "bp-hl-node" in screen
    outside = text.replace(screen, "")
    assert "visibility:hidden" not in outside and "bp-hl" not in outside.split("<script>")[0]
    printed = text[text.index("@media print{"):]
    assert ".bp-bar" in printed[:printed.index("\n}")]
