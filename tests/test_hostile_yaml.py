"""The one YAML loader under hostile input: bounded depth, bounded expansion (aliases and
merge keys), and scalars that can only become the types a config holds."""

import time

import pytest

from bptrace.config.yamlsource import parse_yaml
from bptrace.errors import BadInput

from tests.test_bad_input import MAZUR


def _bad(run, write, text, *needles, name="cfg.yaml", command=("step",)):
    res = run(*command, write(text, name))
    assert res.exit_code == 2, res.output
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    for n in needles:
        assert n in res.stderr, res.stderr
    return res.stderr


def test_deep_list_and_mapping_are_bad_input_not_a_crash(run, write):
    _bad(run, write, "network: " + "[" * 30_000 + "]" * 30_000 + "\n", "nested too deeply", "line 1")
    _bad(run, write, "network: " + "{a: " * 40_000 + "1" + "}" * 40_000 + "\n", "nested too deeply")


def test_deep_answer_file_is_bad_input(run, write):
    cfg = write(MAZUR)
    answers = write("out.o1: " + "[" * 30_000 + "]" * 30_000 + "\n", "answers.yaml")
    res = run("check", cfg, "--expect", answers)
    assert res.exit_code == 2 and "nested too deeply" in res.stderr and "answers.yaml" in res.stderr


def test_merge_key_bomb_is_stopped_by_the_budget(run, write):
    lines = ["a0: &a0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1}"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 9)}], k{i}x: 1}}")
    text = "\n".join(lines) + "\n"
    assert len(text) < 1000
    start = time.monotonic()
    _bad(run, write, text, "expands far beyond")
    assert time.monotonic() - start < 5


def test_merge_key_with_local_override_is_accepted():
    root = parse_yaml("base: &b {activation: sigmoid, size: 2}\n"
                      "layer: {<<: *b, activation: tanh}\n")
    assert root.get("layer").value == {"activation": "tanh", "size": 2}
    root = parse_yaml("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc: {<<: [*a, *b]}\n")
    assert root.get("c").value == {"x": 1, "y": 3}        # the earlier merge wins


def test_local_duplicate_still_refused():
    with pytest.raises(BadInput, match="given twice"):
        parse_yaml("a: 1\na: 2\n")


@pytest.mark.parametrize("scalar, needle", [
    ("!!int abc", "cannot be read as a whole number"),
    ("!!bool maybe", "cannot be read as true or false"),
    ("!!float abc", "cannot be read as a number"),
    ("!!binary aGVsbG8=", "tag"),
    ("!!int " + "7" * 5000, "too many digits"),
    ("7" * 5000, "too many digits"),
])
def test_scalar_tags_only_give_config_types(run, write, scalar, needle):
    text = MAZUR.replace("w5: [h1, o1, 0.40]", f"w5: [h1, o1, {scalar}]")
    err = _bad(run, write, text, needle, "network.layers[1].weights.w5[2]", "line 16")
    assert len(err) < 400


@pytest.mark.parametrize("scalar", ["2001-13-45", "2024-02-30", "!!timestamp foo", "2024-01-01"])
def test_dates_stay_text(run, write, scalar):
    res = run("step", write(MAZUR.replace("title: Mazur", f"title: {scalar}")))
    assert res.exit_code == 0, res.stderr
    err = _bad(run, write, MAZUR.replace("w5: [h1, o1, 0.40]", f"w5: [h1, o1, {scalar}]"),
               "must be a number", "w5")
    assert "Traceback" not in err
