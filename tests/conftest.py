import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

# Keep compiled modules (and pytest's assertion-rewritten test modules) between runs, as
# Python and pytest do by default, also where PYTHONDONTWRITEBYTECODE is set: otherwise every
# worker rewrites and recompiles every test module and hypothesis at collection (≈ 2.5 s each),
# and every command the tests start as a process recompiles bptrace. Only this process is
# affected; the cache directories are git-ignored.
sys.dont_write_bytecode = False

from bptrace.cli import cli  # noqa: E402 (after the line above)

# The user's own defaults never reach the tests: no settings file (a test that wants one sets
# BPTRACE_CONFIG_DIR itself), no BPTRACE_LANG or BPTRACE_DIGITS (processes the tests start
# inherit this)
import os  # noqa: E402
os.environ["BPTRACE_CONFIG_DIR"] = os.path.join(os.path.dirname(__file__), "no-settings-here")
os.environ.pop("BPTRACE_LANG", None)
os.environ.pop("BPTRACE_DIGITS", None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under `--dist loadgroup`, the tests marked with one `xdist_group` run in one test process
    (so that what they share is made once). pytest-xdist 3.8 asks for it by appending
    "@group" to `item._nodeid`, which pytest 9.2 no longer reads (pytest-xdist issue #1386):
    the grouping silently stopped. Here the same name is given where pytest reads it; with a
    pytest or pytest-xdist where the grouping works, nothing is changed."""
    if not getattr(config.option, "loadgroup", False):     # only in an xdist loadgroup worker
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:                                     # a pytest before 9.2
        return
    for item in items:
        groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                         for m in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid and isinstance(getattr(item, "_id", None), NodeId):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Invoke the CLI like a user: fixed width, no colour; stderr kept apart."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def invoke(*args, input=None):
        runner = CliRunner()
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return invoke


@pytest.fixture
def write(tmp_path):
    """Write a config file and return its path."""
    def make(text, name="cfg.yaml"):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p
    return make


@pytest.fixture
def mazur_page(tmp_path):
    """Mazur's config with the values of his page but without the "after 10,000 updates"
    ones: checking it trains nothing (for tests about the step, not the training)."""
    from bptrace.config import examples
    text = "\n".join(line for line in examples.text("mazur").splitlines()
                     if not line.strip().startswith("trained."))
    path = tmp_path / "mazur-page.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def _mazur_page_diagnosed():
    """`check mazur --diagnose`'s result: the whole page diagnosed, every variant trained
    10,000 updates (≈ 2.5 s), made once per test process."""
    from bptrace import api
    return api.check(api.load("mazur"), diagnose=True)


@pytest.fixture
def mazur_diagnosed(_mazur_page_diagnosed, monkeypatch):
    """The Mazur page's diagnosis, computed once: while the test runs, the check command asked
    exactly that (Mazur's config, --diagnose, nothing else that changes the result) is handed
    it; everything else it does (options, rendering, exit status) runs as usual, and any other
    check is computed. For tests of how the diagnosis is shown, not of how it is found."""
    from bptrace import api
    real, file = api.check, _mazur_page_diagnosed.checked.cfg.file

    def check(cfg, *, expect=None, round_to=None, diagnose=False, gradcheck=False, **rest):
        if (getattr(cfg, "file", None) == file and diagnose and expect is None
                and round_to is None and not gradcheck):
            return _mazur_page_diagnosed
        return real(cfg, expect=expect, round_to=round_to, diagnose=diagnose,
                    gradcheck=gradcheck, **rest)
    monkeypatch.setattr(api, "check", check)
    return _mazur_page_diagnosed


@dataclass(frozen=True)
class Compiled:
    """What one LaTeX run left: its exit status, its terminal output and log, and whether a
    PDF was written."""
    returncode: int
    stdout: str
    log: str
    pdf: bool


@pytest.fixture(scope="session")
def compile_latex(tmp_path_factory):
    """compile_latex(text, engine) -> Compiled: each distinct document is compiled once per test
    process (a LaTeX run takes 0.5-1.5 s; several tests assert on the same document). A
    missing engine skips at once, before any work."""
    done: dict[tuple[str, str], Compiled] = {}

    def compile(text: str, engine: str) -> Compiled:
        if shutil.which(engine) is None:
            pytest.skip(f"{engine} is not installed")
        if (engine, text) not in done:
            folder = tmp_path_factory.mktemp(engine)
            (folder / "doc.tex").write_text(text, encoding="utf-8")
            proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                                  cwd=folder, capture_output=True, text=True, timeout=240)
            log = folder / "doc.log"
            done[engine, text] = Compiled(proc.returncode, proc.stdout,
                                          log.read_text(errors="replace") if log.exists() else "",
                                          (folder / "doc.pdf").exists())
        return done[engine, text]
    return compile


@pytest.fixture(scope="module")
def b():
    """A headless Chromium (tests/live/browser.py) shared by one test module's tests."""
    from tests.live.browser import Browser
    br = Browser()
    yield br
    br.close()
