"""The published worked examples of configs/textbooks/, each in its book's own notation, and
the diagnoses that explain a book's conventions (error-signal sign, thresholds, a matrix
typed transposed, values computed from printed ones)."""

import copy
import json

import pytest

from bptrace.config import examples
from bptrace.checking.diagnose import diagnose
from bptrace.checking.grading import check_config
from bptrace.config import load_config, parse_config

# each book's documented misprints (its config's comments say why) and what explains them
MISPRINTS = {
    "hagan": {"delta.a2", "delta.a1_1"},        # s computed from the printed e = 1.261
    "han-kamber": {"delta.n6"},                 # Err6 computed from the printed O6 = 0.474
}


def test_the_textbooks_are_built_in_examples(run):
    names = examples.textbook_names()
    assert {"hagan", "han-kamber", "negnevitsky", "goodfellow", "cs231n", "hagan-lms"} <= set(names)
    listing = run("examples").stdout
    assert all(n in listing for n in ("hagan", "han-kamber", "negnevitsky"))
    assert run("examples", "negnevitsky").stdout.startswith("# Negnevitsky")


@pytest.mark.parametrize("name", examples.textbook_names())
def test_every_textbook_passes_check_but_its_documented_misprints(name):
    cfg = load_config(name)
    assert "# " in examples.text(name).splitlines()[0]          # the source is named
    checked = check_config(cfg, None)
    wrong = {c.key for c in checked.checks if not c.agree}
    assert wrong == MISPRINTS.get(name, set()), name
    if wrong:
        d = diagnose(cfg, checked.values)
        for key in wrong:
            assert [m.kind for fit in d.explained[key] for m in fit] == \
                ["computed from the printed values"], key
        assert all(c.agree for c in check_config(cfg, "printed").checks)


def _diagnosed(cfg):
    values = check_config(cfg, None).values
    return diagnose(cfg, values)


def _kinds(d, key):
    return [tuple(m.kind for m in fit) for fit in d.explained.get(key, [])]


def test_the_error_signal_sign_is_a_convention_not_t_minus_y():
    text = examples.text("han-kamber").replace("conventions: {error_signal: negative}\n", "")
    cfg = parse_config(text)
    d = _diagnosed(cfg)
    # the printed updates are right: the naming convention beats "sign of t − y"
    assert _kinds(d, "delta.n5") == [("error signal negative",)]
    top = d.findings[0]
    assert top.mistakes[0].kind == "error signal negative"
    sign_flip = next(f for f in d.findings if f.variants == ("sign of t − y",))
    naming = next(f for f in d.findings if f.variants == ("error signal",))
    assert naming.agree > sign_flip.agree


def test_the_sign_of_t_minus_y_where_the_updates_go_uphill():
    # a book that really took t − y: its printed update goes the wrong way
    cfg = parse_config("""
network:
  inputs: [x]
  layers:
    - {neurons: [y], activation: linear, weights: {w: [x, y, 0.5]}}
learning_rate: 0.1
sample: {input: [1], target: [1]}
expect: {delta.y: 0.5, new.w: 0.45}
""")
    assert _kinds(_diagnosed(cfg), "new.w") == [("sign of t − y",)]


def test_a_threshold_typed_as_a_bias_and_back():
    as_bias = parse_config(examples.text("negnevitsky").replace("threshold:", "bias:"))
    d = _diagnosed(as_bias)
    assert _kinds(d, "out.y5") == [("bias subtracted",)]
    assert d.findings[0].agree == d.findings[0].of
    han = examples.text("han-kamber").replace("      bias: {θ", "      threshold: {θ")
    assert _kinds(_diagnosed(parse_config(han)), "out.n6") == [("threshold added",)]


def test_a_matrix_typed_transposed_suggests_matrix_rows():
    text = "\n".join(line for line in examples.text("xor").splitlines()
                     if "matrix_rows" not in line)
    d = _diagnosed(parse_config(text))
    assert _kinds(d, "out.z1") == [("matrix transposed",)]
    assert not any(k == ("implied learning rate",) for key in d.explained for k in _kinds(d, key))


def test_computed_from_the_printed_values():
    d = _diagnosed(load_config("hagan"))
    assert _kinds(d, "delta.a2") == [("computed from the printed values",)]


def test_diagnose_never_offers_a_variant_worse_than_the_correct_computation():
    from bptrace.words import words
    from bptrace.render import explanation_lines

    cfg = load_config("mazur")
    cfg.expect = [e for e in cfg.expect if not e.key.startswith("trained.")]
    checked = check_config(cfg, None)
    d = diagnose(cfg, checked.values)
    for f in d.findings:
        for key in f.agreeing:
            if key in d.explained and key not in d.worse and d.explained[key]:
                best = [g for g in d.findings if g.mistakes in d.explained[key]]
                assert all(g.agree >= d.base_agree for g in best), key
    assert "new.loss" in d.worse            # only "sequential update" reproduces it
    lines = explanation_lines(checked.checks, d, words("en"))
    said = [line for line in lines if line.startswith("new.loss")]
    assert "sequential update" in said[0] and "makes more printed values disagree" in said[0]


def test_the_explanation_names_the_config_line(run):
    text = examples.text("han-kamber").replace("conventions: {error_signal: negative}\n", "")
    import pathlib
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        p = pathlib.Path(tmp, "hk.yaml")
        p.write_text(text, encoding="utf-8")
        res = run("check", p, "--diagnose")
        assert res.exit_code == 1
        assert "conventions: {error_signal: negative}" in res.stdout
        obj = json.loads(run("check", p, "--diagnose", "--format", "json").stdout)
        assert obj["explanations"]["delta.n5"] == ["δ named −∂E/∂net (error_signal: negative)"]


def test_the_books_formulas_under_their_conventions(run):
    out = run("step", "negnevitsky").stdout
    assert "w35·y3 + w45·y4 − θ5" in out and "threshold of y3" in out
    assert "delta = −∂E/∂net" in out and "w35 + η·delta.y5·out.y3" in out
    matrix = run("step", "negnevitsky", "--view", "matrix").stdout
    assert "z1 = W1·a0 − θ1" in matrix and "θ1 ← θ1 − η·∂E/∂θ1" in matrix
    per_neuron = run("step", "xor", "--view", "matrix").stdout     # the slides' row form, θ per neuron
    assert "θ2 ← θ2 − α·∂E/∂θ2" in per_neuron


def test_a_config_copy_keeps_its_conventions():
    cfg = load_config("negnevitsky")
    c = copy.deepcopy(cfg)
    assert c.network.error_signal == "negative" and c.network.layers[0].threshold


def test_explanations_and_jacobians_follow_the_sign_convention(run):
    explained = run("step", "negnevitsky", "--explain", "w13").stdout
    assert "err.y3 = −∂E/∂out.y3" in explained and "delta.y5 = −∂E/∂net.y5" in explained
    assert "(−∂E/∂y2)" in run("step", "negnevitsky", "--view", "jacobian").stdout
    assert "err.h1 = ∂E/∂out.h1" in run("step", "--explain", "w1").stdout
