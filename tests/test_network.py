"""The maths the trace asks for: the layer Jacobians, the loss after an update, a batch step."""

import numpy as np
import pytest

from bptrace.config import load_config
from bptrace.trace import build_batch_trace, build_trace


@pytest.mark.parametrize("name", ["mazur", "softmax", "bp-notes"])
def test_jacobian_carries_the_error_down_a_layer(name):
    """err^(l−1) = err^l·J^l, the lecture slides' row-vector form of BP2."""
    cfg = load_config(name)
    net = cfg.network
    p = net.run(cfg.sample.x, cfg.sample.t)
    for l in range(1, len(net.layers)):
        J = net.out_jacobian(p, l)
        assert J.shape == (net.layers[l].size, net.layers[l - 1].size)
        np.testing.assert_allclose(p.err[l][0] @ J, p.err[l - 1][0], rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_is_diag_minus_outer():
    cfg = load_config("softmax")
    net = cfg.network
    p = net.run(cfg.sample.x, cfg.sample.t)
    L = len(net.layers) - 1
    a = p.out[-1][0]
    np.testing.assert_allclose(net.out_jacobian(p, L), (np.diag(a) - np.outer(a, a)) @ p.w_back[L])


def test_loss_after_the_update_is_the_maths_own():
    cfg = load_config("mazur")
    net = cfg.network
    tr = build_trace(net, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    p = net.run(cfg.sample.x, cfg.sample.t)
    new = net.updated_arrays(net.gradient_arrays(p), cfg.learning_rate)
    _, out, parts, total = net.after_update(cfg.sample.x, cfg.sample.t, new)
    assert tr["new.loss"].value == float(total[0]) == pytest.approx(0.291027774, abs=5e-10)
    assert tr["new.out.o1"].value == float(out[-1][0, 0])
    assert parts.shape == (1, 2) and float(parts.sum()) == pytest.approx(float(total[0]))


def test_batch_step_is_one_update_with_the_mean_gradient():
    cfg = load_config("xor")
    net = cfg.network
    X, T = cfg.data
    rows = list(range(len(X)))
    step = net.batch_step(X, T, cfg.learning_rate)
    singles = [net.gradient_arrays(net.run(X[i], T[i])) for i in rows]
    for k, g in enumerate(step.mean):
        np.testing.assert_allclose(g, sum(s[k] for s in singles) / len(rows), atol=1e-15)
    bt = build_batch_trace(net, X, T, cfg.learning_rate, rows)
    values = bt.values()
    assert values["new.loss"] == step.mean_new_loss
    assert values["loss"] == pytest.approx(np.mean([values[f"s{i + 1}.loss"] for i in rows]))


@pytest.mark.parametrize("widths", [(784, 784, 10), (3, 2000, 2), (2, 2, 2)])
def test_forward_only_passes_keep_each_array_under_4_mib(widths):
    """The loss after an epoch and predictions run in chunks of rows whose arrays stay under
    numpy's huge-page threshold; the per-row numbers are those of one row at a time (within
    the last bits a BLAS may order a longer product in)."""
    from bptrace.config import parse_config
    n_in, hidden, n_out = widths
    cfg = parse_config(
        f"network:\n  inputs: {n_in}\n  layers:\n"
        f"    - {{neurons: {hidden}, activation: relu, weights: {{init: he}}, bias: {{init: zeros}}}}\n"
        f"    - {{neurons: {n_out}, activation: softmax, weights: {{init: xavier}}, bias: {{init: zeros}}}}\n"
        "loss: cross_entropy\nseed: 3\ndata:\n  - {input: " + str([0.5] * n_in) + ", target: "
        + str([1] + [0] * (n_out - 1)) + "}\n", "net.yaml")
    net = cfg.network
    rows = net.chunk_rows()
    assert rows * 8 * max(widths[1:]) <= 4 << 20 and rows >= 64
    seen = []
    real = net.forward
    net.forward = lambda x, *a, **k: seen.append(len(x)) or real(x, *a, **k)
    rng = np.random.default_rng(0)
    X = rng.random((2 * rows + 5, n_in))
    T = np.eye(n_out)[rng.integers(0, n_out, len(X))]
    per = net.losses(X, T)
    assert seen == [rows, rows, 5]
    one = np.concatenate([net.losses(X[i:i + 1], T[i:i + 1]) for i in range(0, len(X), 97)])
    assert np.allclose(per[::97], one, rtol=1e-13, atol=0)
