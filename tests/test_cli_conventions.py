"""Conventions of a good CLI: help with examples and for every option, stdin as '-',
completion of CONFIG, packaging metadata, the install hint under pipx."""

import subprocess
import sys
from pathlib import Path

import click
import pytest

from bptrace.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_top_level_help_has_examples(run):
    out = run("--help").stdout
    assert "Examples:" in out and "bptrace step --lang zh" in out and "bptrace check --expect" in out


def test_every_option_has_help():
    ctx = click.Context(cli)
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    assert "step" in commands
    missing = [f"{name} {p.opts}" for name, cmd in commands.items() for p in cmd.params
               if p.param_type_name == "option" and not p.hidden and not p.help
               and "--help" not in p.opts]
    assert not missing, missing


def test_a_dash_reads_the_config_from_stdin(run):
    text = run("examples", "xor").stdout
    res = run("step", "-", "--only", "out.z1", input=text)
    assert res.exit_code == 0 and "0.742605307" in res.stdout
    res = run("step", "-", input="")
    assert res.exit_code == 2 and "standard input" in res.stderr


@pytest.mark.parametrize("words,expect", [("bptrace step ma", "plain,mazur"),
                                          ("bptrace perceptron x", "plain,xor"),
                                          ("bptrace examples perceptron/n", "plain,perceptron/nand")])
def test_config_completes_example_names_and_files(words, expect):
    import os
    env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1),
           "_BPTRACE_COMPLETE": "bash_complete"}
    proc = subprocess.run([sys.executable, "-c", "from bptrace.cli.launch import main; main()"],
                          capture_output=True, text=True, env=env, timeout=60)
    lines = proc.stdout.splitlines()
    assert expect in lines
    if "examples" not in words:
        assert any(l.startswith("file,") for l in lines)        # the shell completes files too


def test_packaging_metadata():
    try:
        import tomllib
    except ImportError:
        pytest.skip("tomllib needs Python 3.11")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = meta["project"]
    assert project["license"] == "MIT" and (ROOT / "LICENSE").is_file()
    assert "Intended Audience :: Education" in project["classifiers"]
    assert "Natural Language :: Chinese (Simplified)" in project["classifiers"]
    packages = meta["tool"]["setuptools"]["packages"]
    assert "bptrace.configs.perceptron" in packages
    found = {str(p.parent.relative_to(ROOT)).replace("/", ".") for p in (ROOT / "bptrace").rglob("__init__.py")}
    assert found <= set(packages), found - set(packages)


def test_the_plot_hint_under_pipx(monkeypatch):
    from bptrace.render.pictures.plots import install_hint
    monkeypatch.setattr(sys, "prefix", "/home/t/.local/pipx/venvs/bptrace")
    assert install_hint() == "pipx inject bptrace matplotlib"
    monkeypatch.setattr(sys, "prefix", "/home/t/src/bptrace/.venv")
    assert install_hint().startswith("pip install 'bptrace[plot]'")
