"""--help of every command in Chinese: by --lang (before or after --help, before or after the
command), by a zh locale and by BPTRACE_LANG; Traditional Chinese from a zh_TW locale; every
help text of every option has its words in every catalogue."""

import inspect
import os
import re
import subprocess
import sys

import pytest

from bptrace.cli import COMMANDS, cli, load
from bptrace.words import has

from tests.test_messages import english_sentences


def _helps():
    yield inspect.cleandoc(cli.help)
    for p in cli.params:
        yield p.help
    for name, (where, short) in COMMANDS.items():
        cmd = load(where)
        yield short
        yield inspect.cleandoc(cmd.help)
        for p in cmd.params:
            if getattr(p, "help", None) and not getattr(p, "hidden", False):
                yield p.help


def test_every_help_text_has_every_language():
    missing = [(lang, h[:60]) for h in _helps() for lang in ("en", "zh", "zh_TW")
               if not has("help", inspect.cleandoc(h), lang) and not has("click", h, lang)]
    assert not missing, missing


def _help(args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES",
                                                            "BPTRACE_LANG")}
    env.update(env_extra or {})
    code = ("import sys; from bptrace.cli.launch import main; "
            f"sys.argv = ['bptrace', *{list(args)!r}]; main()")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       encoding="utf-8", env=env, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.mark.parametrize("command", [None, *sorted(COMMANDS)])
def test_help_of_every_command_in_chinese_by_option(run, command):
    where = [command] if command else []
    for args in ([*where, "--help", "--lang", "zh"], ["--lang", "zh", *where, "--help"],
                 [*where, "--lang=zh", "-h"]):
        out = run(*args).stdout
        assert "用法" in out and "选项" in out and "显示这条帮助并退出" in out, args
        body = out.split("\n", 2)[2]
        examples = [line for line in body.splitlines() if line.strip().startswith("bptrace ")]
        prose = "\n".join(line for line in body.splitlines() if line not in examples)
        prose = re.sub(r"\b[A-Z][A-Z_]+(?: [A-Z]+)*\b", " ", prose)      # metavars: FILE, WHAT
        left = [s for s in english_sentences(prose) if "Mazur" not in s]
        assert not left, (args, left)


def test_help_in_chinese_by_locale_and_by_variable():
    assert "用法" in _help(["step", "--help"], {"LANG": "zh_CN.UTF-8"})
    tw = _help(["step", "--help"], {"LC_ALL": "zh_TW.UTF-8"})
    assert "選項" in tw and "輸出格式" in tw and "网络" not in tw
    assert "顯示這則說明" in _help(["--help"], {"LANG": "zh_HK.UTF-8"})
    out = _help(["train", "--help"], {"BPTRACE_LANG": "zh", "LANG": "en_US.UTF-8"})
    assert "用法" in out and "轮数" in out
    # the option beats the variable
    assert "Usage:" in _help(["train", "--help", "--lang", "en"], {"BPTRACE_LANG": "zh"})


def test_zh_tw_output_from_a_zh_tw_locale(run, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    out = run("step").stdout
    assert "前向傳播" in out and "網路結構" in out and "权" not in out


@pytest.mark.parametrize("lang,word", [("en", "training the variants"), ("zh", "训练各种设置"),
                                       ("zh_TW", "訓練各種設定")])
def test_the_progress_bar_speaks_the_language(lang, word):
    import io

    from rich.console import Console

    from bptrace.cli.options import progress_bar
    from bptrace.training.loop import Progress
    buf = io.StringIO()
    screen = Console(file=buf, force_terminal=True, width=100)
    with progress_bar(lang, screen) as callback:
        callback(Progress("trainings", 1, 3))
        screen.print("")                    # (the bar is transient: printed while it runs)
    assert word in buf.getvalue()
