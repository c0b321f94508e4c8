"""Shell completion through click's mechanism, as the docs tell users to set it up
(`eval "$(_BPTRACE_COMPLETE=bash_source bptrace)"`): the generated scripts are sourced in the
real shells — bash, zsh, fish — and asked to complete. CONFIG offers the example names (and
files), --explain the config's parameters, --path its parameters and neurons, --only its keys.
A shell that is not installed skips (CI installs all three: .ci/run)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_BPTRACE", "COMP_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    if shutil.which("bptrace", path=_env()["PATH"]) is None:
        pytest.skip("the bptrace command is not installed in this environment")
    return path


def bash(line: str) -> list[str]:
    words = line.split(" ")
    script = f"""
source <(_BPTRACE_COMPLETE=bash_source bptrace)
COMP_WORDS=({' '.join(repr(w) if w else "''" for w in words)}); COMP_CWORD={len(words) - 1}
_bptrace_completion bptrace 2>/dev/null
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    p = subprocess.run([_shell("bash"), "--norc", "-c", script], capture_output=True, text=True,
                       env=_env(), timeout=60)
    return [w for w in p.stdout.splitlines() if w]


def zsh(line: str) -> list[str]:
    words = line.split(" ")
    script = f"""
autoload -U compinit && compinit -u -D
source <(_BPTRACE_COMPLETE=zsh_source bptrace)
compadd() {{ print -rl -- ${{(P)${{@[-1]}}}} }}
_describe() {{ local item; for item in ${{(P)3}}; do print -r -- ${{item%%:*}}; done }}
_path_files() {{ print -r -- '<files>' }}
words=({' '.join(repr(w) if w else "''" for w in words)}); CURRENT={len(words)}
_bptrace_completion
"""
    p = subprocess.run([_shell("zsh"), "-f", "-c", script], capture_output=True, text=True,
                       env=_env(), timeout=60)
    return [w for w in p.stdout.splitlines() if w]


def fish(line: str) -> list[str]:
    script = f"_BPTRACE_COMPLETE=fish_source bptrace | source; complete -C '{line}'"
    p = subprocess.run([_shell("fish"), "--no-config", "-c", script], capture_output=True,
                       text=True, env=_env(), timeout=60)
    return [w.split("\t")[0] for w in p.stdout.splitlines() if w]


def test_bash_completes_an_example_name_before_files():
    assert bash("bptrace step mazu") == ["mazur"]


SHELLS = [pytest.param(bash, id="bash"), pytest.param(zsh, id="zsh"), pytest.param(fish, id="fish")]


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_config_names_in_every_shell(shell):
    assert "mazur" in shell("bptrace step mazu")
    assert "xor" in shell("bptrace perceptron x")


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_options_offer_the_config_names(shell):
    assert {f"w{i}" for i in range(1, 9)} <= set(shell("bptrace step --explain w"))
    assert {"y11", "y12"} <= set(shell("bptrace step xor --path y"))
    assert "new.w5" in shell("bptrace step --only new.w")
    assert shell("bptrace step nosuchfile.yaml --explain w") == [] or \
        all(not w.startswith("w") for w in shell("bptrace step nosuchfile.yaml --explain w"))
