"""Every activation's and loss's derivative against central finite differences; whole
networks against finite differences; and proof that the checker catches a wrong one."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bptrace.maths.activations import ACTIVATIONS, SIGMOID, leaky_relu
from bptrace.config import parse_config
from bptrace.maths.losses import LOSSES
from bptrace.maths.gradcheck import gradient_check

H = 1e-6
finite = st.floats(-6, 6, allow_nan=False)


def central(f, z, h=H):
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.elementwise])
@given(z=finite)
@settings(max_examples=60, deadline=None)
def test_activation_derivative(name, z):
    act = ACTIVATIONS[name]
    # away from the kinks: relu's in f′, softsign's in f″ (|z|: central differences there
    # are only first-order accurate, off by h)
    if name in ("relu", "leaky_relu", "softsign") and abs(z) < 1e-3:
        z = 0.5 if z >= 0 else -0.5
    zz = np.array([z])
    analytic = act.d(zz, act.f(zz))[0]
    numeric = central(lambda v: act.f(np.array([v]))[0], z)
    assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_kinks_follow_pytorch():
    z = np.array([0.0])
    assert ACTIVATIONS["relu"].d(z, z)[0] == 0.0
    assert ACTIVATIONS["leaky_relu"].d(z, z)[0] == 0.01
    assert leaky_relu(0.2).d(z, z)[0] == 0.2


@given(z=st.lists(finite, min_size=2, max_size=5), e=st.lists(finite, min_size=5, max_size=5))
@settings(max_examples=60, deadline=None)
def test_softmax_jacobian_product(z, e):
    sm = ACTIVATIONS["softmax"]
    z = np.array(z)
    err = np.array(e[: len(z)])
    a = sm.f(z)
    analytic = sm.jvp(z, a, err)
    numeric = np.array([central(lambda v, j=j: float(err @ sm.f(np.where(np.arange(len(z)) == j, v, z))), z[j])
                        for j in range(len(z))])
    assert np.allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


probs = st.floats(0.02, 0.98)


@pytest.mark.parametrize("name", list(LOSSES))
@given(y=st.lists(probs, min_size=3, max_size=3), t=st.lists(st.floats(0.05, 1), min_size=3, max_size=3))
@settings(max_examples=60, deadline=None)
def test_loss_derivative(name, y, t):
    loss = LOSSES[name]
    y, t = np.array(y), np.array(t)
    analytic = loss.grad(y, t)
    for j in range(3):
        def f(v, j=j):
            yy = y.copy()
            yy[j] = v
            return float(loss.value(yy, t))
        assert analytic[j] == pytest.approx(central(f, y[j]), rel=1e-5, abs=1e-7)


def test_loss_parts_sum_to_total():
    y, t = np.array([0.2, 0.7]), np.array([0.0, 1.0])
    for loss in LOSSES.values():
        if loss.splits:
            assert np.sum(loss.parts(y, t)) == pytest.approx(float(loss.value(y, t)))


def test_new_losses_agree_where_they_coincide():
    from bptrace.maths.losses import get_loss
    y, t = np.array([0.2, 0.7, 0.1]), np.array([0.0, 1.0, 0.0])      # one-hot target
    kl, ce = get_loss("kl_divergence"), get_loss("cross_entropy")
    assert float(kl.value(y, t)) == pytest.approx(float(ce.value(y, t)))   # H(t) = 0
    assert np.allclose(kl.grad(y, t), ce.grad(y, t))
    lc, half = get_loss("logcosh"), get_loss("half_sse")
    small_y = t + 1e-4 * np.array([1.0, -2.0, 3.0])                     # ln cosh x ≈ x²/2
    assert float(lc.value(small_y, t)) == pytest.approx(float(half.value(small_y, t)), rel=1e-7)
    cos = get_loss("cosine")
    assert float(cos.value(2 * t, t)) == pytest.approx(0.0, abs=1e-15)  # same direction
    assert float(cos.value(np.array([0.0, 0.0, 1.0]), t)) == pytest.approx(1.0)
    y2, t2 = np.array([0.3, 0.7]), np.array([0.0, 1.0])                  # binary CE = CE on
    bce = get_loss("binary_cross_entropy")                             # one output
    assert float(bce.value(y2[1:], t2[1:])) == pytest.approx(float(ce.value(y2, t2)))


def random_config(rng, depth, activations, loss, bias_form):
    sizes = [int(rng.integers(1, 4)) for _ in range(depth)] + [3]
    layers = []
    for L, (n, act) in enumerate(zip(sizes, activations), start=1):
        bias = {"none": "", "shared": "      bias: 0.3\n",
                "list": f"      bias: {[round(float(v), 3) for v in rng.uniform(-1, 1, n)]}\n",
                "partial": "      bias: {bb%d: [%s, 0.2]}\n" % (L, "o1" if L == len(sizes) else f"h{L}_1")}[bias_form]
        layers.append(f"    - neurons: {n}\n      activation: {act}\n"
                      f"      weights: {{init: normal, std: 0.8}}\n{bias}")
    seed = int(rng.integers(0, 10**6))
    target = "[0.2, 0.5, 0.3]" if loss in ("cross_entropy", "kl_divergence") else "[0.1, 0.8, 0.4]"
    return (f"seed: {seed}\nnetwork:\n  inputs: 2\n  layers:\n" + "".join(layers) +
            f"loss: {loss}\nlearning_rate: 0.1\nsample: {{input: [0.3, -0.7], target: {target}}}\n")


HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "softsign", "softplus", "linear"]


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("bias_form", ["none", "shared", "list", "partial"])
def test_network_gradients_match_finite_differences(depth, loss, bias_form):
    rng = np.random.default_rng(zlib.crc32(f"{depth}{loss}{bias_form}".encode()))
    for trial in range(3):
        acts = [HIDDEN[int(rng.integers(0, len(HIDDEN)))] for _ in range(depth)]
        out = "softmax" if loss == "cross_entropy" or trial == 2 else "sigmoid"
        if loss in ("binary_cross_entropy",) and out == "softmax":
            out = "sigmoid"
        cfg = parse_config(random_config(rng, depth, acts + [out], loss, bias_form))
        worst, where, rows = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
        assert worst < 1e-6, (acts, out, loss, bias_form, where, rows.get(where))


def test_checker_catches_a_wrong_derivative():
    cfg = parse_config(random_config(np.random.default_rng(1), 2, ["sigmoid", "sigmoid", "sigmoid"],
                                     "half_sse", "list"))
    worst, _, _ = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
    assert worst < 1e-6
    wrong = SIGMOID.replace(d=lambda z, a: a)          # forgot the (1 − a)
    cfg.network.layers[0].activation = wrong
    worst, where, _ = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t)
    assert worst > 1e-3 and where.startswith(("w_x", "b"))


def test_float64_throughout():
    cfg = parse_config(random_config(np.random.default_rng(2), 1, ["tanh", "sigmoid"], "mse", "list"))
    p = cfg.network.run(cfg.sample.x, cfg.sample.t)
    for arr in p.net + p.out + p.delta + p.nabla_w + p.nabla_b:
        assert arr.dtype == np.float64
