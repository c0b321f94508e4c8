"""The hints for the commonest YAML mistakes: full-width punctuation from a Chinese input
method, tabs, and misspelt names."""

import pytest

from bptrace.config.names import close_matches, yaml_syntax

GOOD = """title: 测试（全角括号在标题里没问题）
network:
  inputs: [i1, i2]
  layers:
    - neurons: [o1]
      activation: sigmoid
      weights: {w1: [i1, o1, 0.1], w2: [i2, o1, 0.2]}
learning_rate: 0.5
sample: {input: [1, 2], target: [1]}
"""


@pytest.mark.parametrize("old,new,line,column,phrase", [
    ("learning_rate: 0.5", "learning_rate： 0.5", 8, 14, "full-width colon '：' — use ':'"),
    ("inputs: [i1, i2]", "inputs: [i1， i2]", 3, 14, "full-width comma '，' — use ','"),
    ("inputs: [i1, i2]", "inputs: 【i1, i2】", 3, 11, "full-width bracket '【' — use '['"),
    ("  layers:", "\tlayers:", 4, 1, "tabs are not allowed in YAML — indent with spaces"),
])
def test_full_width_marks_and_tabs_are_named_with_line_column_and_fix(run, write, old, new, line,
                                                                       column, phrase):
    cfg = write(GOOD.replace(old, new))
    res = run("step", cfg)
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert f"line {line}" in res.stderr and f"column {column}" in res.stderr, res.stderr
    assert phrase in res.stderr


def test_the_hint_in_chinese(run, write):
    cfg = write(GOOD.replace("learning_rate: 0.5", "learning_rate： 0.5"))
    err = run("step", cfg, "--lang", "zh").stderr
    assert "第 8 行，第 14 列" in err and "全角冒号 '：'——请改用半角的 ':'" in err
    cfg = write(GOOD.replace("  layers:", "\tlayers:"))
    assert "YAML 不允许用 Tab" in run("step", cfg, "--lang", "zh").stderr


def test_full_width_marks_in_comments_and_titles_are_not_blamed():
    text = "title: 异或（XOR）\n# 注释：可以用全角\nnetwork:\n  inputs: [a\n"
    assert yaml_syntax(text, 4, 11) is None
    hint = yaml_syntax("a: 1\nb： 2\nc: 3\n", 3, 1)
    assert hint.line == 2 and hint.column == 2


@pytest.mark.parametrize("old,new,phrase", [
    ("sample:", "sampel:", "did you mean 'sample'?"),
    ("activation: sigmoid", "activation: sigmoidd", "did you mean 'sigmoid'?"),
    ("learning_rate: 0.5", "learning_rate: 0.5\nloss: half_see", "did you mean 'half_sse'?"),
    ("    - neurons: [o1]", "    - nuerons: [o1]", "did you mean 'neurons'?"),
])
def test_did_you_mean_everywhere(run, write, old, new, phrase):
    res = run("step", write(GOOD.replace(old, new)))
    assert res.exit_code == 2 and phrase in res.stderr, res.stderr


def test_close_matches():
    assert close_matches("sampel", ["sample", "seed", "data"]) == ["sample"]
    assert close_matches("zzz", ["sample"]) == []
