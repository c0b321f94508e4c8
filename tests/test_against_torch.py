"""Every key of `step --format json` against PyTorch autograd (float64), on random networks
of every activation, loss and bias form. Skipped where PyTorch is not installed."""

import json

import numpy as np
import pytest

from bptrace.config import parse_config

pytestmark = [pytest.mark.filterwarnings("ignore::UserWarning"),
              pytest.mark.slow]       # (PyTorch: with the tests that drive other programs)

torch = None            # imported by the first test that runs, not where the tests are listed
ACTS = {}


@pytest.fixture(autouse=True, scope="module")
def _pytorch():
    global torch
    torch = pytest.importorskip("torch")
    ACTS.update({"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                 "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
                 "softsign": torch.nn.functional.softsign,
                 "softplus": torch.nn.functional.softplus,
                 "linear": lambda z: z, "softmax": lambda z: torch.softmax(z, dim=-1)})


def loss_parts(name, y, t):
    n = y.shape[-1]
    if name == "half_sse":
        return 0.5 * (t - y) ** 2
    if name == "sse":
        return (t - y) ** 2
    if name == "mse":
        return (t - y) ** 2 / n
    if name == "cross_entropy":
        return -torch.xlogy(t, y)
    if name == "kl_divergence":
        return torch.xlogy(t, t) - torch.xlogy(t, y)
    if name == "logcosh":
        return torch.log(torch.cosh(y - t))
    if name == "cosine":
        return (1 - torch.nn.functional.cosine_similarity(y, t, dim=0))[None]
    return -(torch.xlogy(t, y) + torch.xlogy(1 - t, 1 - y))


def torch_values(cfg):
    net = cfg.network
    lr = cfg.learning_rate
    x = torch.tensor(cfg.sample.x, dtype=torch.float64)
    t = torch.tensor(cfg.sample.t, dtype=torch.float64)
    Ws = [torch.tensor(l.W, dtype=torch.float64, requires_grad=True) for l in net.layers]
    bs = [torch.tensor(l.b, dtype=torch.float64, requires_grad=True) for l in net.layers]
    Bs = [torch.tensor(l.B, dtype=torch.float64) for l in net.layers]
    masks = [torch.tensor(l.mask if l.mask is not None else np.ones_like(l.W), dtype=torch.float64)
             for l in net.layers]

    def forward(Ws, bs, keep=False):
        a = x
        nets, outs = [], []
        for l, layer in enumerate(net.layers):
            z = (Ws[l] * masks[l]) @ a + (Bs[l] @ bs[l] if len(layer.bias_names) else 0.0)
            a = ACTS[layer.activation.name](z)
            if keep:
                z.retain_grad()
                a.retain_grad()
            nets.append(z)
            outs.append(a)
        return nets, outs

    nets, outs = forward(Ws, bs, keep=True)
    parts = loss_parts(net.loss.name, outs[-1], t)
    E = parts.sum()
    E.backward()
    v = {}
    for k, name in enumerate(net.inputs):
        v[f"out.{name}"] = float(x[k])
    for l, layer in enumerate(net.layers):
        for j, n in enumerate(layer.neurons):
            v[f"net.{n}"] = float(nets[l][j])
            v[f"out.{n}"] = float(outs[l][j])
            v[f"err.{n}"] = float(outs[l].grad[j])
            v[f"delta.{n}"] = float(nets[l].grad[j])
            if layer.activation.name != "softmax":
                z = nets[l].detach()[j].clone().requires_grad_(True)
                (g,) = torch.autograd.grad(ACTS[layer.activation.name](z), z)
                v[f"dout.{n}"] = float(g)
        if l + 1 < len(net.layers):
            nxt = net.layers[l + 1]
            for (jn, j), _ in nxt.weight_names.items():
                v[f"err.{layer.neurons[j]}.{nxt.neurons[jn]}"] = float(nets[l + 1].grad[jn] * Ws[l + 1][jn, j])
    if net.loss.splits:
        for j, o in enumerate(net.outputs):
            v[f"loss.{o}"] = float(parts[j])
    v["loss"] = float(E)
    for j, o in enumerate(net.outputs):
        v[f"e.{o}"] = float(t[j] - outs[-1][j])
    newW, newb = [], []
    for l, layer in enumerate(net.layers):
        gW = Ws[l].grad * masks[l]
        gb = bs[l].grad if bs[l].grad is not None else torch.zeros_like(bs[l])
        for (j, k), name in layer.weight_names.items():
            v[f"grad.{name}"] = float(gW[j, k])
            v[f"new.{name}"] = float(Ws[l][j, k] - lr * gW[j, k])
            v[f"change.{name}"] = v[f"new.{name}"] - float(Ws[l][j, k])
        for i, name in enumerate(layer.bias_names):
            v[f"grad.{name}"] = float(gb[i])
            v[f"new.{name}"] = float(bs[l][i] - lr * gb[i]) if net.train_biases else float(bs[l][i])
            v[f"change.{name}"] = v[f"new.{name}"] - float(bs[l][i])
        newW.append((Ws[l] - lr * gW).detach())
        newb.append((bs[l] - lr * gb).detach() if net.train_biases else bs[l].detach())
    with torch.no_grad():
        nets2, outs2 = forward(newW, newb)
        for l, layer in enumerate(net.layers):
            for j, n in enumerate(layer.neurons):
                v[f"new.net.{n}"], v[f"new.out.{n}"] = float(nets2[l][j]), float(outs2[l][j])
        parts2 = loss_parts(net.loss.name, outs2[-1], t)
        if net.loss.splits:
            for j, o in enumerate(net.outputs):
                v[f"new.loss.{o}"] = float(parts2[j])
        v["new.loss"] = float(parts2.sum())
    return v


def config(rng, hidden_acts, out_act, loss, bias_form, train_biases):
    sizes = [int(rng.integers(1, 4)) for _ in hidden_acts] + [3]
    layers = ""
    for L, (n, act) in enumerate(zip(sizes, hidden_acts + [out_act]), start=1):
        neurons = [f"n{L}_{j}" for j in range(n)]
        bias = {"none": "", "shared": f"      bias: {{s{L}: 0.2}}\n",
                "per": "      bias: " + str([round(float(b), 3) for b in rng.uniform(-1, 1, n)]) + "\n",
                "explicit": f"      bias: {{e{L}: [{neurons[-1]}, -0.3]}}\n"}[bias_form]
        layers += (f"    - neurons: [{', '.join(neurons)}]\n      activation: {act}\n"
                   f"      weights: {{init: uniform, low: -1.5, high: 1.5}}\n{bias}")
    t = "[0.2, 0.7, 0.1]" if loss in ("cross_entropy", "kl_divergence") else "[0.1, 0.9, 0.4]"
    return (f"seed: {int(rng.integers(0, 1000))}\nnetwork:\n  inputs: [a, b]\n  layers:\n{layers}"
            f"loss: {loss}\nlearning_rate: 0.3\ntrain_biases: {str(train_biases).lower()}\n"
            f"sample: {{input: [0.4, -0.9], target: {t}}}\n")


LOSS_OUT = {"half_sse": "sigmoid", "sse": "tanh", "mse": "linear", "cross_entropy": "softmax",
            "binary_cross_entropy": "sigmoid", "kl_divergence": "softmax", "cosine": "sigmoid",
            "logcosh": "linear"}
HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "softsign", "softplus", "linear"]


@pytest.mark.parametrize("loss", list(LOSS_OUT))
@pytest.mark.parametrize("bias_form", ["none", "shared", "per", "explicit"])
def test_every_key_agrees_with_autograd(run, write, loss, bias_form):
    rng = np.random.default_rng(len(loss) * 7 + len(bias_form))
    for trial, hidden in enumerate([[HIDDEN[i % 7]] for i in range(7)] + [["tanh", "relu"]]):
        out = LOSS_OUT[loss] if trial % 3 else ("softmax" if loss != "binary_cross_entropy" else "sigmoid")
        text = config(rng, hidden, out, loss, bias_form, train_biases=trial % 2 == 0)
        got = json.loads(run("step", write(text), "--format", "json").stdout)["values"]
        want = torch_values(parse_config(text))
        assert set(got) == set(want), set(got) ^ set(want)
        for key, w in want.items():
            assert got[key] == pytest.approx(w, rel=1e-9, abs=1e-15), (key, hidden, out, loss)
