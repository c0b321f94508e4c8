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
