"""A title a teacher types — with a blank line, a zero-width space, 𝐀 (mathematical bold),
an emoji — keeps the LaTeX documents compilable (the sweep in test_latex_sweep compiles
them) and the answer file readable."""

import re

import pytest
import yaml

from bptrace.config import examples

BLANK_LINE = "Worked example\n\nafter the lecture"
UNICODE = "Zero\u200bwidth, \U0001d400 bold, emoji \U0001f600"


def _config(title: str) -> str:
    text = examples.text("mazur")
    return re.sub(r"(?m)^title:.*$", "title: " + yaml.safe_dump(title, allow_unicode=True)
                  .removesuffix("\n...\n").strip().replace("\n", "\n  "), text, count=1)


def _pdflatex_knows(text: str) -> bool:
    """Every character is ASCII, Latin-1 or Latin Extended-A (or usual punctuation)."""
    return all(ord(c) < 0x180 or c in "–—‘’‚“”„†‡•…‰‹›€™←↑→↓" for c in text)


@pytest.mark.parametrize("args", [("step",), ("check",), ("step", "--view", "matrix"),
                                  ("exercise", "--seed", "3"), ("exercise", "--seed", "3", "--key")])
def test_a_title_with_a_blank_line_stays_one_heading(run, write, args):
    path = write(_config(BLANK_LINE))
    cmd = (args[0], "--from", path, *args[1:]) if args[0] == "exercise" else (args[0], path, *args[1:])
    tex = run(*cmd, "--format", "latex").stdout
    assert "\n\n" not in tex.split(r"\begin{document}")[1].split("\n", 2)[1] + "\n"
    assert re.search(r"\\section\*\{[^\n}]*Worked example after the lecture", tex)


def test_a_picture_title_with_a_blank_line_is_one_node(run, write):
    tikz = run("draw", write(_config(BLANK_LINE)), "--format", "tikz").stdout
    assert "Worked example after the lecture" in tikz and "\n\n" not in tikz


@pytest.mark.parametrize("args", [("step", "--format", "latex"), ("check", "--format", "latex"),
                                  ("draw", "--format", "tikz")])
def test_zero_width_math_bold_and_emoji_are_mapped_for_pdflatex(run, write, args):
    out = run(args[0], write(_config(UNICODE)), *args[1:]).stdout
    assert "ctex" not in out and _pdflatex_knows(out)
    assert "Zerowidth, A bold, emoji \\mbox{[U+1F600]}" in out


def test_chinese_documents_keep_the_characters_for_xelatex(run, write):
    out = run("step", write(_config(UNICODE)), "--format", "latex", "--lang", "zh").stdout
    assert "ctex" in out and "\U0001d400" in out and "\u200b" not in out


def test_the_answer_file_of_a_title_with_a_blank_line_reads_back(run, write, tmp_path):
    res = run("exercise", "--from", write(_config(BLANK_LINE)), "--seed", "3", "--out", tmp_path / "sheets")
    assert res.exit_code == 0, res.output
    answers = (tmp_path / "sheets" / "answers-A.yaml").read_text(encoding="utf-8")
    assert answers.startswith("# Exercise A (Worked example after the lecture): ")
    data = yaml.safe_load(answers)
    assert data["sheet"] == "exercise-A.yaml" and len(data) > 1
