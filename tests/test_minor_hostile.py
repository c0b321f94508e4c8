"""Smaller faults under hostile input: long names stay linear in LaTeX, duplicate layer
names are refused, errors on big networks do not list every node."""

import time

from tests.test_bad_input import MAZUR


def test_latex_of_a_very_long_name_is_quick(run, write):
    name = "a" * 64_000
    text = MAZUR.replace("h1", name)
    start = time.monotonic()
    res = run("step", write(text), "--format", "latex")
    assert res.exit_code == 0, res.stderr
    assert time.monotonic() - start < 10


def test_duplicate_layer_names_are_bad_input(run, write):
    text = MAZUR.replace("    - neurons: [h1, h2]", "    - name: same\n      neurons: [h1, h2]")
    text = text.replace("    - neurons: [o1, o2]", "    - name: same\n      neurons: [o1, o2]")
    res = run("step", write(text))
    assert res.exit_code == 2 and "used twice" in res.stderr and "line" in res.stderr


def test_error_on_a_big_network_lists_a_few_names(run, write):
    text = ("network:\n  inputs: 2\n  layers:\n    - neurons: 5000\n      activation: sigmoid\n"
            "      weights: {init: uniform}\n      bias: [1, 2, 3]\n"
            "    - {neurons: 1, activation: sigmoid, weights: {init: uniform}}\n"
            "learning_rate: 0.1\nsample: {input: [1, 2], target: [1]}\n")
    res = run("step", write(text))
    assert res.exit_code == 2 and "5,000 in all" in res.stderr and len(res.stderr) < 600
