import sys

import pytest
from click.testing import CliRunner

# Keep compiled modules (and pytest's assertion-rewritten test modules) between runs, as
# Python and pytest do by default, also where PYTHONDONTWRITEBYTECODE is set: otherwise every
# worker rewrites and recompiles every test module and hypothesis at collection (≈ 2.5 s each),
# and every command the tests start as a process recompiles bptrace. Only this process is
# affected; the cache directories are git-ignored.
sys.dont_write_bytecode = False

from bptrace.cli import cli  # noqa: E402 (after the line above)


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
    from bptrace import examples
    text = "\n".join(line for line in examples.text("mazur").splitlines()
                     if not line.strip().startswith("trained."))
    path = tmp_path / "mazur-page.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)
