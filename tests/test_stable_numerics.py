"""The loss and its derivative in a stable form (from the logits) where the output
activation allows; targets a loss cannot take are bad input; non-finite values are always
reported."""

import json

import numpy as np
import pytest

from bptrace.maths.losses import BINARY_CROSS_ENTROPY, CROSS_ENTROPY

SATURATED = """\
network:
  inputs: [a]
  layers:
    - neurons: [o]
      activation: sigmoid
      weights: [[{w}]]
loss: binary_cross_entropy
learning_rate: 0.5
data: [{{input: [1], target: [{t}]}}]
"""


def test_saturated_sigmoid_bce_trains_instead_of_diverging(run, write):
    # σ(40) is 1.0 exactly in float64: ln(1 − y) and 1/(y(1 − y)) are infinite
    res = run("train", write(SATURATED.format(w=40, t=0.99)), "--epochs", "20", "--format", "json")
    assert res.exit_code == 0, res.stderr
    loss = json.loads(res.stdout)["values"]["loss"]
    assert np.isfinite(loss) and loss > 0


def test_saturated_step_is_finite(run, write):
    res = run("step", write(SATURATED.format(w=40, t=1.0)), "--format", "json")
    assert res.exit_code == 0 and "not finite" not in res.stderr, res.stderr
    v = json.loads(res.stdout)["values"]
    assert v["loss"] == pytest.approx(np.log1p(np.exp(-40.0)), rel=1e-12)


def test_logits_forms_agree_with_the_textbook_forms():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 3))
    y = 1 / (1 + np.exp(-z))
    t = rng.uniform(size=(5, 3))
    f = BINARY_CROSS_ENTROPY.in_logits["sigmoid"]
    np.testing.assert_allclose(f.parts(z, t), BINARY_CROSS_ENTROPY.parts(y, t), rtol=1e-12)
    np.testing.assert_allclose(f.grad(z, y, t), BINARY_CROSS_ENTROPY.grad(y, t), rtol=1e-9)
    ys = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
    g = CROSS_ENTROPY.in_logits["softmax"]
    np.testing.assert_allclose(g.parts(z, t), CROSS_ENTROPY.parts(ys, t), rtol=1e-12)
    np.testing.assert_allclose(g.grad(z, ys, t), CROSS_ENTROPY.grad(ys, t), rtol=1e-9)
    assert np.isfinite(g.parts(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]]))).all()


@pytest.mark.parametrize("t", [2, -1])
def test_bce_target_outside_0_1_is_bad_input(run, write, t):
    res = run("step", write(SATURATED.format(w=1, t=t)))
    assert res.exit_code == 2 and "between 0 and 1" in res.stderr and "data" in res.stderr


def test_check_json_never_turns_nonfinite_into_a_silent_null(run, write):
    cfg = write("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
                "      weights: [[1.0e200]]\nloss: half_sse\nlearning_rate: 0.5\n"
                "sample: {input: [1.0e200], target: [0]}\nexpect:\n  out.o: 1.0e300\n")
    res = run("check", cfg, "--format", "json")
    assert res.exit_code == 1 and "not finite" in res.stderr
    obj = json.loads(res.stdout)
    assert obj["values"]["loss"] is None and "loss" in obj["nonfinite"]
