"""Classroom formats (Markdown, LaTeX) and languages."""

import functools
import shutil
import subprocess

import pytest


def test_step_markdown_is_a_worked_solution(run):
    out = run("step", "--format", "markdown").stdout
    assert out.startswith("# Mazur's worked example")
    assert "## 1. Forward pass" in out and "## 6. After the update (same sample)" in out
    assert "| `net.h1` | w1·i1 + w2·i2 + b1 = 0.15×0.05 + 0.2×0.1 + 0.35 | 0.3775 |" in out


def test_markdown_escapes_names(run):
    out = run("step", "xor", "--format", "markdown", "--only", "new.w_x1_y11").stdout
    assert r"w\_x1\_y11 − η·grad.w\_x1\_y11" in out


def test_step_latex_has_align_with_numbers(run):
    out = run("step", "--format", "latex").stdout
    assert out.startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")
    assert r"\mathrm{net}_{h1} &= w_{1} \cdot i_{1} + w_{2} \cdot i_{2} + b_{1}" in out
    assert r"&= 0.15 \times 0.05 + 0.2 \times 0.1 + 0.35" in out
    assert r"\frac{\partial E}{\partial w_{5}}" in out


def _compile(compile_latex, text, engine):
    _need(engine)
    done = compile_latex(text, engine)
    assert done.returncode == 0, done.stdout[-2000:]
    assert done.pdf


def _need(engine):
    """Look the program up before any work: a missing one skips at once."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")


# the diagnosis in LaTeX: Mazur's step printed as if E = Σ (t − y)² (no training to diagnose)
NO_HALF = "expect:\n  err.o1: 1.48273014\n  new.w5: 0.31783296\n  out.o1: 0.7514\n"


# (Mazur's step itself is compiled once, by the handout test at the end, in both languages)
# the softmax and regression handouts are also compiled by test_picture_handouts: one compile
_SHARED = pytest.mark.xdist_group("latex small nets")
ENGLISH = [("step", "bp-notes", "--round", "3"), ("check", "--diagnose"),
           pytest.param(("step", "softmax"), marks=_SHARED),
           pytest.param(("step", "regression"), marks=_SHARED)]


def _english(run, write, args):
    if args[0] == "check":
        args = ("check", write(run("examples", "mazur").stdout.split("expect:")[0] + NO_HALF),
                *args[1:])
    res = run(*args, "--format", "latex", "--lang", "en")
    assert res.exit_code in (0, 1)
    return res.stdout


@pytest.mark.parametrize("args", ENGLISH)
def test_english_latex_needs_no_chinese_package(run, write, args):
    assert "ctex" not in _english(run, write, args)


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("args", ENGLISH)
def test_latex_compiles_with_pdflatex(run, write, compile_latex, args):
    _need("pdflatex")
    _compile(compile_latex, _english(run, write, args), "pdflatex")


def test_chinese_in_a_title_asks_for_xelatex(run):
    out = run("step", "xor", "--format", "latex", "--lang", "en").stdout
    assert r"\usepackage[UTF8]{ctex}" in out and "xelatex" in out


@functools.lru_cache(maxsize=1)
def _has_ctex() -> bool:
    """Asked once: kpsewhich takes seconds."""
    return bool(shutil.which("kpsewhich") and subprocess.run(
        ["kpsewhich", "ctex.sty"], capture_output=True, text=True).stdout.strip())


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("args", [("step", "xor"), ("check", "bp-notes", "--diagnose")])
def test_chinese_latex_compiles_with_xelatex(run, compile_latex, args):
    _need("xelatex")
    if not _has_ctex():
        pytest.skip("ctex is not installed")
    _compile(compile_latex, run(*args, "--format", "latex", "--lang", "zh").stdout, "xelatex")


def test_chinese_labels(run):
    out = run("step", "--lang", "zh").stdout
    for word in ("前向传播", "损失", "反向传播", "校对误差", "偏导数", "参数更新", "更新后", "网络结构"):
        assert word in out, word
    out = run("check", "bp-notes", "--lang", "zh").stdout
    assert "书中数值与" in out and "的比较" in out and "个不同" in out
    out = run("train", "--epochs", "5", "--lang", "zh").stdout
    assert "训练后的参数" in out and "5 轮后的损失" in out


def test_language_follows_the_locale(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "前向传播" in run("step", "--only", "out.o1").stdout
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "Forward pass" in run("step", "--only", "out.o1").stdout


def test_check_markdown_with_diagnosis(run):
    out = run("check", "bp-notes", "--format", "markdown", "--diagnose").stdout
    assert "| `out.o1` | 0.75136079 | 0.75136507 | ✗ |" in out
    assert "no variant of the catalogue reproduces it" in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_2_2_2_handout_has_the_net_above_its_columns(run, lang):
    res = run("step", "--format", "latex", "--lang", lang)
    tex = res.stdout
    assert res.exit_code == 0 and "multicols" in tex
    assert tex.index(r"\begin{tikzpicture}") < tex.index(r"\begin{multicols}")   # the net above
    if lang == "zh":
        assert r"\text{输入}" in tex and "Mazur 的逐步反向传播示例" in tex
    else:
        assert "ctex" not in tex                # pdflatex compiles it: no Chinese package


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("lang,engine", [("en", "pdflatex"), ("zh", "xelatex")])
def test_a_2_2_2_handout_is_two_pages_without_overfull_lines(run, compile_latex, lang, engine):
    _need(engine)
    done = compile_latex(run("step", "--format", "latex", "--lang", lang).stdout, engine)
    assert done.returncode == 0, done.stdout[-1500:]
    assert done.pdf
    assert "(2 pages" in done.log and "Overfull" not in done.log
