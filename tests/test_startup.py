"""Start-up: the command line imports a command's module only when that command runs, so
`bptrace --help` loads none of them (nor numpy, YAML or Rich's tables) and `bptrace step`
only its own; the list of commands in `--help` comes from a table that must match the
commands themselves."""

import importlib
import json
import pkgutil
import subprocess
import sys

import click
import pytest

import bptrace.cli
from bptrace.cli import COMMANDS, cli, load

HEAVY = ("numpy", "yaml", "rich.console", "rich.table", "matplotlib")


def test_the_table_names_each_command_with_its_own_help():
    for name, (where, summary) in COMMANDS.items():
        command = load(where)
        assert command.name == name
        assert command.get_short_help_str(10**6) == summary, name


def test_every_command_is_in_the_table():
    modules = {info.name for info in pkgutil.iter_modules(bptrace.cli.__path__, "bptrace.cli.")}
    commands = {(m if name == "command" else f"{m}:{name}")
                for m in modules for name, value in vars(importlib.import_module(m)).items()
                if isinstance(value, click.Command) and not name.startswith("_")}
    assert commands == {where for where, _ in COMMANDS.values()}


@pytest.mark.parametrize("width", [40, 80, 100, 200])
def test_help_lists_the_commands_exactly_as_click_lists_the_loaded_ones(width):
    lazy = type(cli)(name="bptrace")                    # a fresh group: nothing loaded yet
    loaded = click.Group(name="bptrace", commands=[load(where) for where, _ in COMMANDS.values()])
    ctx = click.Context(lazy)
    got, want = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    lazy.format_commands(ctx, got)
    assert lazy.commands == {}                          # the table was enough
    loaded.format_commands(ctx, want)
    assert got.getvalue() == want.getvalue() and "step" in got.getvalue()


def test_each_command_loads_only_what_it_needs():
    """--help loads no command and nothing heavy; a step loads its own command and no other
    command's module (nor the check package or matplotlib)."""
    code = """if True:
        import contextlib, io, json, sys
        before = set(sys.modules)
        from bptrace.cli.launch import _run
        seen = {}
        for argv in (["--help"], ["step", "--format", "json"], ["step"]):
            sys.argv = ["bptrace", *argv]
            with contextlib.redirect_stdout(io.StringIO()):
                assert _run() == 0
            seen[" ".join(argv)] = sorted(set(sys.modules) - before)
        print(json.dumps(seen))
    """
    seen = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, check=True, timeout=120).stdout)
    helped = seen["--help"]
    assert not [m for m in helped if m in HEAVY or m.split(".")[0] in HEAVY]
    assert [m for m in helped if m.startswith("bptrace.cli.")] == [
        "bptrace.cli.help", "bptrace.cli.launch", "bptrace.cli.options"]
    other = {where.partition(":")[0] for where, _ in COMMANDS.values()} - {"bptrace.cli.step"}
    for argv in ("step --format json", "step"):
        loaded = set(seen[argv])
        assert "numpy" in loaded and "bptrace.cli.step" in loaded, argv
        assert not other & loaded, (argv, other & loaded)
        assert "bptrace.checking" not in loaded and "matplotlib" not in loaded, argv
