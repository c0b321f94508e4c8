"""Smaller faults under hostile input: long names stay linear in LaTeX, duplicate layer
names are refused, errors on big networks do not list every node."""

import time

import pytest

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


def _titled(tmp_path, title):
    import yaml

    from bptrace.config import examples
    from bptrace.config.dump import yaml_text
    raw = yaml.safe_load(examples.text("mazur"))
    raw["title"] = title
    p = tmp_path / "titled.yaml"
    p.write_text(yaml_text(raw), encoding="utf-8")
    return p


def test_svg_of_a_title_with_control_characters_is_well_formed(run, tmp_path):
    import xml.etree.ElementTree as ET
    for show in ("values", "values,grad"):
        res = run("draw", _titled(tmp_path, "bell\x07 nul\x00 esc\x1b del\x7f \ufffe end"),
                  "--format", "svg", "-o", tmp_path / "p.svg", "--show", show)
        assert res.exit_code == 0, res.stderr
        root = ET.fromstring((tmp_path / "p.svg").read_bytes())
        text = "".join(root.itertext())         # (the characters shown as their escapes)
        assert "bell" in text and not any(c in text for c in "\x07\x00\x1b")


def _dot_strings(text):
    """The quoted strings of a DOT document (as graphviz's scanner reads them)."""
    import re
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text, re.S)


def test_dot_of_a_very_long_title_stays_within_graphviz(run, tmp_path):
    title = "Ω" * 20_000 + "\nsecond line"
    res = run("draw", _titled(tmp_path, title), "--format", "dot")
    assert res.exit_code == 0, res.stderr
    strings = _dot_strings(res.stdout)
    assert max(len(s.encode("utf-8")) for s in strings) < 16384   # graphviz's bound of one
    label = next(s for s in strings if s.startswith("Ω"))
    assert label.endswith("…\\nsecond line") and len(label) < 400


@pytest.mark.parametrize("call", [
    lambda api: api.step(round_to="x"), lambda api: api.step(round_to=400),
    lambda api: api.train("xor", lr="a", epochs=2), lambda api: api.train("xor", lr=float("nan"), epochs=2),
    lambda api: api.train("xor", trace_at=0, epochs=2),
    lambda api: api.check("mazur", expect=5), lambda api: api.check("mazur", decimals=-1),
    lambda api: api.draw(digits="a"), lambda api: api.draw(show=5), lambda api: api.draw(show=None),
    lambda api: api.draw(path=5),
    lambda api: api.compare("xor", vary=5), lambda api: api.compare("xor", vary="epochs=1,2", jobs="a"),
    lambda api: api.compare("xor", vary="epochs=1,2", target="a"),
    lambda api: api.perceptron(5),
])
def test_api_arguments_are_checked_as_the_command_line_checks_them(call):
    from bptrace import api
    from bptrace.errors import BadInput
    with pytest.raises(BadInput):
        call(api)
