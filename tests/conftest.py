import pytest
from click.testing import CliRunner

from bptrace.cli import cli


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
