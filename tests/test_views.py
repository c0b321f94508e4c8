"""The matrix and Jacobian views hold exactly the scalar view's numbers."""

import json

import numpy as np
import pytest

ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "softsign", "softplus", "linear"]


def net_config(act, out_act, loss, seed):
    return (f"seed: {seed}\nnetwork:\n  inputs: 3\n  layers:\n"
            f"    - {{neurons: 4, activation: {act}, weights: {{init: normal}}, bias: [0.1, -0.2, 0.3, 0.0]}}\n"
            f"    - {{neurons: 3, activation: {act}, weights: {{init: normal}}, bias: 0.2}}\n"
            f"    - {{neurons: 2, activation: {out_act}, weights: {{init: normal}}}}\n"
            f"loss: {loss}\nlearning_rate: 0.3\n"
            "sample: {input: [0.5, -0.4, 0.9], target: [0.3, 0.7]}\n")


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("out_act,loss", [("sigmoid", "half_sse"), ("softmax", "cross_entropy")])
def test_views_equal_scalars(run, write, act, out_act, loss):
    cfg = write(net_config(act, out_act, loss, seed=len(act)))
    values = json.loads(run("step", cfg, "--format", "json").stdout)["values"]
    m = json.loads(run("step", cfg, "--view", "matrix", "--format", "json").stdout)
    assert m["values"] == values
    for layer in m["matrices"]:
        for j, n in enumerate(layer["rows"]):
            assert layer["z"][j] == values[f"net.{n}"] and layer["a"][j] == values[f"out.{n}"]
            assert layer["delta"][j] == values[f"delta.{n}"] and layer["err"][j] == values[f"err.{n}"]
            for k, src in enumerate(layer["columns"]):
                name = f"w_{src}_{n}"
                assert layer["W_new"][j][k] == values[f"new.{name}"]
                assert layer["dW"][j][k] == values[f"grad.{name}"]
                # ∂E/∂W = δ·aᵀ holds entry by entry
                assert layer["dW"][j][k] == pytest.approx(layer["delta"][j] * layer["a_prev"][k], rel=1e-12, abs=1e-300)
    jac = json.loads(run("step", cfg, "--view", "jacobian", "--format", "json").stdout)["jacobians"]
    for upper, lower in zip(jac, jac[1:]):
        E = np.array(upper["E"]) @ np.array(upper["J"])             # E^(l−1) = E^l·J^l
        assert np.allclose(E, lower["E"], rtol=1e-12, atol=1e-15)
        assert lower["E"] == [values[f"err.{n}"] for n in lower["neurons"]]


def test_matrix_view_terminal_and_documents(run, tmp_path):
    out = run("step", "--view", "matrix").stdout
    assert "z1 = W1·a0 + b1" in out and "⎡0.15  0.2⎤" in out and "0.358916" in out
    out = run("step", "--view", "jacobian").stdout
    assert "E1 = E2·J2" in out
    tex = run("step", "--view", "matrix", "--format", "latex").stdout
    assert r"\begin{bmatrix}" in tex
    md = run("step", "--view", "jacobian", "--format", "markdown").stdout
    assert "$$" in md and "E^{1} = E^{2} J^{2}" in md
    assert run("step", "--view", "matrix", "--format", "csv").exit_code == 2


# one linear neuron with one weight: the smallest config that runs
ONE_WEIGHT = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_nonfinite_values_in_views_and_batches_are_null(run, write):
    cfg = write(ONE_WEIGHT.replace("[[0.5]]", "[[1e308]]").replace("input: [1]", "input: [10]")
                .replace("sample:", "data:\n  - {input: [10], target: [1]}\nsample:"))
    for args in (["--view", "matrix"], ["--batch"]):
        res = run("step", cfg, *args, "--format", "json")
        assert res.exit_code in (0, 1) and "not finite" in res.stderr
        json.loads(res.stdout)
