"""The classroom page (--format html): one self-contained file, with no external address, and
its step-by-step reveal driven in a real browser (headless Chromium, where installed)."""

import fcntl
import json
import os
import re
import select
import signal
import shutil
import time
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from bptrace.cli import cli

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

# one test process runs this module: one Chromium (≈ 1 s to start) and one page for all of it
pytestmark = pytest.mark.xdist_group("classroom page")


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


def page(run, *args):
    r = run(*args)
    assert r.exit_code in (0, 1), r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def mazur_html():
    """`bptrace step --format html`, made once for the tests that only read it."""
    r = CliRunner().invoke(cli, ["step", "--format", "html"], env={"COLUMNS": "80", "NO_COLOR": "1"},
                           catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return r.stdout


class Browser:
    """One headless Chromium for the module's pages, driven over its DevTools pipe (fd 3:
    commands in, fd 4: answers and events out, each a JSON text ended by NUL)."""

    def __init__(self, timeout=120.0):
        theirs_in, self._out = os.pipe()
        self._in, theirs_out = os.pipe()
        # copies above 4, so that placing them on 3 and 4 cannot overwrite one another
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5) for fd in (theirs_in, theirs_out)]
        self.timeout = timeout
        self.pid = os.posix_spawn(
            CHROMIUM, [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--disable-extensions", "--remote-debugging-pipe", "about:blank"],
            os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, high[0], 3),
                                      (os.POSIX_SPAWN_DUP2, high[1], 4),
                                      (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                      (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
        for fd in (theirs_in, theirs_out, *high):
            os.close(fd)
        self._buf, self._id = b"", 0

    def _send(self, method, session=None, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._out, json.dumps(msg).encode() + b"\0")
        return self._id

    def _next(self):
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            assert left > 0 and select.select([self._in], [], [], left)[0], "Chromium is silent"
            chunk = os.read(self._in, 1 << 16)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=None, **params):
        i = self._send(method, session, **params)
        while (m := self._next()).get("id") != i:
            pass
        assert "error" not in m, m
        return m["result"]

    def dom(self, url):
        """The page's DOM once it has loaded (its script has run), in a fresh tab."""
        tab = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=tab, flatten=True)["sessionId"]
        self.call("Page.enable", session)
        i = self._send("Page.navigate", session, url=url)
        answered = loaded = False
        while not (answered and loaded):
            m = self._next()
            assert "error" not in m, m
            answered |= m.get("id") == i
            loaded |= m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session
        html = self.call("Runtime.evaluate", session, returnByValue=True,
                         expression="document.documentElement.outerHTML")["result"]["value"]
        self.call("Target.closeTarget", targetId=tab)
        return html

    def close(self):
        try:
            self.call("Browser.close")
        finally:
            os.close(self._out)
            os.close(self._in)
            deadline = time.monotonic() + 30
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.05)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


def browse(browser, path, html, fragment="", script=""):
    """The DOM of the page `html` (written to `path`, with `script` run at its end) after its
    own script ran, in a real browser."""
    if script:
        html = html.replace("</body>", f"<script>{script}</script></body>")
    path.write_text(html, encoding="utf-8")
    dom = browser.dom(f"file://{path}{fragment}")
    assert "<html" in dom
    return Elements(dom)


EXTERNAL = re.compile(r"(https?:|ftp:|//[\w.-]+\.\w|\bsrc=|\bhref=|url\(|@import)", re.I)


@pytest.mark.parametrize("args", [
    ["step"], ["step", "--round", "4", "--lang", "zh"], ["check", "--diagnose"],
    ["train", "--epochs", "50"], ["exercise", "--seed", "7"], ["exercise", "--seed", "7", "--key"],
    ["compare", "cubic", "--vary", "epochs=5,10"]])
def test_one_file_with_no_external_address(run, args, mazur_page):
    if args[0] == "check":                  # Mazur's page without the 10,000 updates
        args = [*args, mazur_page]
    text = page(run, *args, "--format", "html")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert EXTERNAL.findall(text) == []
    assert "<style>" in text


def test_the_tables_show_formulas_with_the_numbers_put_in(run, mazur_html):
    text = mazur_html
    assert "w1·i1 + w2·i2 + b1<span class=\"bp-s\"> = 0.15×0.05 + 0.2×0.1 + 0.35</span>" in text
    assert ">0.000438567734<" in text
    zh = page(run, "step", "--format", "html", "--lang", "zh")
    assert 'lang="zh-CN"' in zh and "前向传播" in zh and "下一步" in zh


def test_html_refuses_a_selection(run):
    r = run("step", "--format", "html", "--only", "grad.*")
    assert r.exit_code == 2 and "--format html cannot be combined with --only" in r.stderr


@needs_chromium
@pytest.mark.slow                                   # drives Chromium: CI's second step
def test_the_fragment_keeps_the_position(browser, mazur_html, tmp_path):
    dom = browse(browser, tmp_path / "mazur.html", mazur_html, "#grad.w1")
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
@pytest.mark.slow                                   # drives Chromium: CI's second step
def test_keys_step_forward_and_back_and_show_all(browser, mazur_html, tmp_path):
    path = tmp_path / "mazur.html"
    press = ("function k(x){document.dispatchEvent(new KeyboardEvent('keydown',{key:x}))}"
             "k('ArrowRight');k(' ');k('ArrowRight');k('ArrowRight');k('ArrowLeft');")
    rows = browse(browser, path, mazur_html, "", press).rows()
    states = [r["data-state"] for r in rows]
    assert states[:3] == ["shown", "shown", "current"] and set(states[3:]) == {"pending"}
    assert [r["data-key"] for r in rows[:3]] == ["net.h1", "out.h1", "net.h2"]   # 4 on, 1 back
    rows = browse(browser, path, mazur_html, "#net.h1",
                  "document.dispatchEvent(new KeyboardEvent('keydown',{key:'a'}))").rows()
    assert {r["data-state"] for r in rows} == {"shown"}
    assert {r["data-state"] for r in browse(browser, path, mazur_html, "#start").rows()} == {"pending"}


@needs_chromium
@pytest.mark.slow                                   # drives Chromium: CI's second step
def test_check_reveals_the_printed_values_one_by_one(run, browser, mazur_page, tmp_path):
    html = page(run, "check", mazur_page, "--diagnose", "--format", "html")
    rows = browse(browser, tmp_path / "check.html", html, "#err.h1.o2").rows()
    at = [r["data-key"] for r in rows].index("err.h1.o2")
    assert rows[at]["data-state"] == "current"
    assert {r["data-state"] for r in rows[at + 1:]} == {"pending"}


def test_print_shows_everything(mazur_html):
    """Hiding and marking are for the screen only; printed, the controls go."""
    text = mazur_html
    screen = text[text.index("@media screen{"):]
    screen = screen[:screen.index("\n}")]
    assert "visibility:hidden" in screen and "bp-hidden" in screen and "bp-hl-node" in screen
    outside = text.replace(screen, "")
    assert "visibility:hidden" not in outside and "bp-hl" not in outside.split("<script>")[0]
    printed = text[text.index("@media print{"):]
    assert ".bp-bar" in printed[:printed.index("\n}")]


def _dense(n: int, outputs: int = 10) -> str:
    return (f"network:\n  inputs: {n}\n  layers:\n"
            f"    - {{neurons: {n}, activation: sigmoid, weights: {{init: uniform, low: -0.1, high: 0.1}}, "
            "bias: {init: zeros}}\n"
            f"    - {{neurons: {outputs}, activation: sigmoid, weights: {{init: uniform, low: -0.1, high: 0.1}}, "
            "bias: {init: zeros}}\n"
            f"loss: half_sse\nlearning_rate: 0.5\nseed: 1\nsample:\n  input: {[0.5] * n}\n"
            f"  target: {[0.0] * (outputs - 1) + [1.0]}\n")


def test_a_step_too_big_to_show_number_by_number_is_summarised():
    """A page of 40-40-10 (over 2,000 quantities): its large layers as ranges (as the
    terminal shows them), the message saying how to see one neuron's numbers, no live
    page; the output layer's forward pass row by row."""
    import bptrace
    html = bptrace.step(_dense(40)).html()
    assert "--only" in html and "too many numbers" in html
    assert "40 × out: 0.5 … 0.5" in html
    assert 'data-key="out.o1"' in html and 'data-key="grad.w_x1_h1_1"' not in html
    assert "bp-data" not in html                      # not live
    assert "x1, x2, x3, …, x40 (40)" in html
    small = bptrace.step(_dense(4, 2)).html()
    assert "too many numbers" not in small and "bp-data" in small
    assert 'data-key="grad.w_x1_h1_1"' in small


@pytest.mark.slow
def test_784_784_10_page_returns(run, tmp_path):
    """784-784-10 (623,290 parameters): the summarised page comes back (it never finished
    when every scalar was a row)."""
    path = tmp_path / "big.yaml"
    path.write_text(_dense(784))
    t0 = time.perf_counter()
    r = run("step", str(path), "--format", "html")
    assert r.exit_code == 0
    assert "784 × out" in r.output and "too many numbers" in r.output
    assert time.perf_counter() - t0 < 60
