"""Seed 002's perceptron rule, against a hand computation."""

import json

import pytest


def hand(table, lr=1.0, epochs=50):
    """The rule written out by hand: W ← W + η(y − ŷ)x, θ ← θ + η(y − ŷ), u(z) = [z > 0]."""
    n = len(table[0][0])
    W, theta, log = [0.0] * n, 0.0, []
    for epoch in range(1, epochs + 1):
        wrong = 0
        for x, y in table:
            z = sum(w * xi for w, xi in zip(W, x)) + theta
            y_hat = 1.0 if z > 0 else 0.0
            e = y - y_hat
            log.append((epoch, z, y_hat, e))
            W = [w + lr * e * xi for w, xi in zip(W, x)]
            theta += lr * e
            wrong += e != 0
        if wrong == 0:
            return W, theta, epoch, log
    return W, theta, None, log


TABLES = {"and": [((0, 0), 0), ((0, 1), 0), ((1, 0), 0), ((1, 1), 1)],
          "or": [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 1)],
          "nand": [((0, 0), 1), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)],
          "not": [((0,), 1), ((1,), 0)]}


@pytest.mark.parametrize("name", list(TABLES))
def test_truth_tables_converge_as_by_hand(run, name):
    res = run("perceptron", name, "--format", "json")
    assert res.exit_code == 0
    obj = json.loads(res.stdout)
    W, theta, epochs, log = hand(TABLES[name])
    assert obj["converged"] is True and obj["epochs"] == epochs
    assert list(obj["W"].values()) == W and obj["theta"] == theta
    assert [(s["epoch"], s["z"], s["y_hat"], s["error"]) for s in obj["steps"]] == log


def test_and_first_epoch_by_hand(run):
    steps = json.loads(run("perceptron", "and", "--format", "json").stdout)["steps"]
    # epoch 1 from W = (0, 0), θ = 0: only (1, 1) is wrong, so W = (1, 1), θ = 1
    assert [s["error"] for s in steps[:4]] == [0, 0, 0, 1]
    assert steps[3]["W_new"] == [1, 1] and steps[3]["theta_new"] == 1
    # epoch 2 starts with (0, 0): z = 1, ŷ = 1, y = 0: θ goes back to 0
    assert steps[4]["z"] == 1 and steps[4]["error"] == -1 and steps[4]["theta_new"] == 0


def test_xor_is_not_linearly_separable(run):
    res = run("perceptron", "xor")
    assert res.exit_code == 1
    assert "not linearly separable" in res.stdout
    obj = json.loads(run("perceptron", "xor", "--format", "json").stdout)
    assert obj["converged"] is False and obj["reason"] == "cycle"
    assert [r["xor"] for r in obj["xor_network"]["truth_table"]] == [0, 1, 1, 0]


def test_plot_and_boundary(run):
    out = run("perceptron", "and").stdout
    assert "decision boundary after the epoch: 2·x1 + 1·x2 − 2 = 0" in out
    assert "●" in out and "○" in out


def test_perceptron_config_errors(run, write):
    bad = write("inputs: [x1, x2]\nactivation: relu\ndata: {builtin: and}\n")
    res = run("perceptron", bad)
    assert res.exit_code == 2 and "unknown activation 'relu'" in res.stderr and "line 2" in res.stderr
    res = run("perceptron", "nope")
    assert res.exit_code == 2 and "built-in" in res.stderr
    bad = write("inputs: [x1, x2]\ndata: [{input: [0, 0], target: 2}]\n")
    assert "targets must be 0 or 1" in run("perceptron", bad).stderr


def test_sign_perceptron(run, write):
    cfg = write("inputs: 2\nactivation: sign\ndata: {builtin: or}\n")
    obj = json.loads(run("perceptron", cfg, "--format", "json").stdout)
    assert obj["converged"] and obj["activation"] == "sign"


def test_markdown(run):
    out = run("perceptron", "or", "--format", "markdown").stdout
    assert out.startswith("# OR by the perceptron rule") and "| # | x | W |" in out


def test_examples_list_perceptrons(run):
    out = run("examples").stdout
    assert "perceptron/and" in out and "perceptron/xor" in out
    assert run("examples", "perceptron/nand").stdout.startswith("# The perceptron of the course slides")


def test_xor_fix_only_for_xor(run, write):
    cfg = write("inputs: 2\ndata: {builtin: and}\nmax_epochs: 2\n")
    res = run("perceptron", cfg)
    assert res.exit_code == 1 and "did not converge within 2 epochs" in res.stdout
    assert "NAND" not in res.stdout


@pytest.mark.parametrize("target", ["{a: 1}", "[]"])
def test_perceptron_odd_targets(run, write, target):
    res = run("perceptron", write(f"inputs: 1\ndata: [{{input: [0], target: {target}}}]\n"))
    assert res.exit_code == 2 and "Traceback" not in res.stderr


def test_perceptron_non_utf8_and_points_off_the_unit_square(run, write, tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_bytes(b"\xff\xfe inputs: 2")
    assert run("perceptron", bad).exit_code == 2
    cfg = write("inputs: 2\ndata: [{input: [3, -2], target: 1}, {input: [0, 0], target: 0}]\n")
    res = run("perceptron", cfg)
    assert res.exit_code == 0 and "●" in res.stdout
