"""Numbers put into formulas, in every display: a number in scientific form (or negative) is
grouped where an operator binds to it, so a handout compiles and a formula reads as meant."""

import pytest

from bptrace.render.text import operand, substituted
from bptrace.trace.quantity import Quantity

# a tanh net whose output is 1e-05: dout = 1 − out² has a number in scientific form squared
TINY_TANH = """\
title: A tiny tanh output
network:
  inputs: [x]
  layers:
    - neurons: [y]
      activation: tanh
      weights: {w: [x, y, 1.0e-5]}
loss: half_sse
learning_rate: 0.5
sample:
  input: {x: 1}
  target: {y: 0.5}
"""


def test_a_number_in_scientific_form_is_grouped_where_an_operator_binds_to_it():
    assert operand(1e-05, 9) == "(1e-05)"
    assert operand(1e-05, 9, bound=False) == "1e-05"            # alone in a sum
    assert operand(1e-05, 9, enclosed=True) == "1e-05"          # tanh(1e-05)
    assert operand(-0.3, 9, bound=False) == "(-0.3)"            # negatives as before
    assert operand(0.25, 9) == "0.25"
    dout = Quantity("dout.y", 1.0, "backward", 1, "1−out.y²", template="1−{0}²", args=(1e-05,))
    assert substituted(dout, 9) == "1−(1e-05)²"
    e = Quantity("e.y", 0.5, "loss", 1, "target.y − out.y", template="{0} − {1}", args=(0.5, 1e-05))
    assert substituted(e, 9) == "0.5 − 1e-05"                   # nothing binds: no parentheses
    new = Quantity("new.w", 0.2, "update", 1, "w − η·grad.w", template="{0} − {1}×{2}",
                   args=(0.2, 0.5, 3e-07))
    assert substituted(new, 9) == "0.2 − 0.5×(3e-07)"
    net = Quantity("net.y", 1e-05, "forward", 1, "w·x + b",
                   terms=((("w", 1e-05), ("x", 1.0)), (("b", 2e-06),)))
    assert substituted(net, 9) == "(1e-05)×1 + 2e-06"


def test_the_terminal_groups_a_squared_number_in_scientific_form(run, write):
    out = run("step", write(TINY_TANH), "--only", "dout.y").stdout
    assert "1−(1e-05)²" in out and "1−1e-05²" not in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_group_it_too(run, write, fmt):
    out = run("step", write(TINY_TANH), "--format", fmt).stdout
    assert "1−(1e-05)²" in out and "1−1e-05²" not in out


def test_the_latex_handout_has_no_double_superscript(run, write):
    tex = run("step", write(TINY_TANH), "--format", "latex").stdout
    assert r"1 - ( 1 \times 10^{-5} ) ^{2}" in tex
    assert r"10^{-5} ^{2}" not in tex and r"10^{-5}^{2}" not in tex


def test_a_chain_rule_path_groups_its_factors(run, write):
    tiny_input = TINY_TANH.replace("input: {x: 1}", "input: {x: 1.0e-5}")
    out = run("draw", write(tiny_input), "--path", "w", "--format", "dot").stdout
    assert "× 1 × (1e-05) = " in out


def test_a_perceptron_boundary_groups_a_weight_in_scientific_form():
    from bptrace.render.text import boundary_text
    assert boundary_text(["x1", "x2"], [1e-07, -2e-07], 0.5) == "(1e-07)·x1 + -(2e-07)·x2 + 0.5 = 0" \
        .replace("+ -", "− ")
    assert boundary_text(["x1", "x2"], [0.5, -0.25], -0.1) == "0.5·x1 − 0.25·x2 − 0.1 = 0"


# --- float residue of an exact 0 is shown as 0 ------------------------------------------------
# −0.3·1 + 0.5·0.5 + 0.05 is 0 in decimal, 1.3877787807814457e-17 in float64
ZERO_NET = """\
title: A net input of exactly 0
network:
  inputs: [x1, x2]
  layers:
    - neurons: [y]
      activation: tanh
      weights: {w1: [x1, y, -0.3], w2: [x2, y, 0.5]}
      bias: {b: 0.05}
loss: half_sse
learning_rate: 0.5
sample:
  input: {x1: 1, x2: 0.5}
  target: {y: 0.5}
"""

# a linear output 0.1 + 0.2 against the target 0.3: e, the loss and every gradient are 0 in
# decimal; and an update 0.3 − 0.1×3 that is 0 in decimal
ZERO_ERROR = """\
title: An output that equals its target
network:
  inputs: [x1, x2]
  layers:
    - neurons: [y]
      activation: linear
      weights: {w1: [x1, y, 1], w2: [x2, y, 1]}
loss: half_sse
learning_rate: 0.1
sample:
  input: {x1: 0.1, x2: 0.2}
  target: {y: 0.3}
"""

ZERO_UPDATE = """\
title: An update to exactly 0
network:
  inputs: [x]
  layers:
    - neurons: [y]
      activation: linear
      weights: {w: [x, y, 0.3]}
loss: half_sse
learning_rate: 0.1
sample:
  input: {x: 1}
  target: {y: -2.7}
"""

RESIDUE = "1.38777878e-17", "1.388e-17", "1.3878e-17", r"10^{-17}", "e-17"


def _rows(text: str) -> dict[str, str]:
    """key → the value column of `step`'s tables (80 columns, one row per key)."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) == 3 and cells[0] and cells[0][0].isalpha():
            out[cells[0]] = cells[2]
    return out


def test_the_residue_is_float64_and_a_display_shows_it_as_0():
    import json

    from bptrace.render.text import fmt
    from bptrace.trace.residue import Residue, tag
    r = tag(1.3877787807814457e-17, 1e-15)
    assert isinstance(r, Residue) and r == 1.3877787807814457e-17
    assert fmt(r, 9) == "0" and fmt(r, 4) == "0" and operand(r, 9) == "0"
    assert json.dumps(r) == "1.3877787807814457e-17"           # data keeps the value
    assert not isinstance(tag(1e-05, 1e-15), Residue)           # a small number is a number
    assert not isinstance(tag(0.0, 1e-15), Residue)


def test_a_net_input_of_exactly_0_is_0_in_the_terminal(run, write):
    out = run("step", write(ZERO_NET)).stdout
    rows = _rows(out)
    assert rows["net.y"] == "0" and rows["out.y"] == "0"
    assert "tanh(0)" in out and "1−0²" in out
    assert not any(r in out for r in RESIDUE)


@pytest.mark.parametrize("args", [("step", "--format", "markdown"), ("step", "--format", "latex"),
                                  ("step", "--format", "html"), ("step", "--view", "matrix"),
                                  ("draw", "--format", "svg"), ("draw", "--format", "tikz"),
                                  ("draw", "--format", "dot"), ("step", "--format", "markdown", "--lang", "zh")])
def test_a_net_input_of_exactly_0_is_0_in_every_display(run, write, args):
    out = run(args[0], write(ZERO_NET), *args[1:]).stdout
    shown = out.replace('data-value="1.3877787807814457e-17"', "")   # the page's data: float64
    assert not any(r in shown for r in RESIDUE), args
    assert "= 0" in out or "&= 0" in out or "0" in out


def test_json_keeps_the_float64_value(run, write):
    import json
    values = json.loads(run("step", write(ZERO_NET), "--format", "json").stdout)["values"]
    assert values["net.y"] == 1.3877787807814457e-17 == values["out.y"]


def test_an_output_equal_to_its_target_has_no_error_left(run, write):
    out = run("step", write(ZERO_ERROR)).stdout
    rows = _rows(out)
    for key in ("e.y", "loss.y", "loss", "err.y", "delta.y", "grad.w1", "grad.w2", "change.w1"):
        assert rows[key] == "0", (key, rows[key])
    assert rows["net.y"] == "0.3" and rows["new.w1"] == "1"
    assert "e-17" not in out and "e-18" not in out and "e-33" not in out and "e-34" not in out


def test_an_update_to_exactly_0_is_0(run, write):
    rows = _rows(run("step", write(ZERO_UPDATE)).stdout)
    assert rows["grad.w"] == "3" and rows["new.w"] == "0"


def test_a_small_value_that_is_not_residue_is_shown(run, write):
    rows = _rows(run("step", write(TINY_TANH)).stdout)
    assert rows["net.y"] == "1e-05" and rows["out.y"] == "1e-05"
    tiny = TINY_TANH.replace("1.0e-5", "1.0e-300")
    rows = _rows(run("step", write(tiny)).stdout)
    assert rows["net.y"] == "1e-300" and rows["out.y"] == "1e-300"
