"""An independent oracle that always runs: every section-3 key of a step (SPEC §3) against a
forward pass written here with HIPS autograd (pure numpy), differentiated by autograd. The
oracle shares no code with bptrace: it reads a plain description of the network (names,
edges, values) and computes everything itself — the random networks are even described by
this file's own generator, not by bptrace's parser."""

from collections import Counter
from pathlib import Path

import numpy as onp
import pytest

import autograd.numpy as np          # in the test extra: this oracle always runs
from autograd import elementwise_grad, grad

from bptrace.config import load_config, parse_config
from bptrace.trace import build_trace

_SHIPPED = Path(__file__).resolve().parent.parent.joinpath("configs")
CONFIGS = sorted(_SHIPPED.glob("*.yaml")) + sorted(_SHIPPED.glob("textbooks/*.yaml"))
REL, ABS = 1e-9, 1e-13


# --- the oracle ---------------------------------------------------------------------------
def act(name, slope=0.01):
    return {
        "sigmoid": lambda z: 0.5 * (np.tanh(0.5 * z) + 1.0),
        "tanh": np.tanh,
        "relu": lambda z: np.where(z > 0, z, 0.0 * z),
        "leaky_relu": lambda z: np.where(z > 0, z, slope * z),
        "softsign": lambda z: z / (1.0 + np.abs(z)),
        "softplus": lambda z: np.logaddexp(0.0, z),
        "linear": lambda z: z,
        "softmax": lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z))),
    }[name]


def loss_fn(name):
    """(per-output shares or None, total)."""
    parts = {
        "half_sse": lambda y, t: 0.5 * (y - t) ** 2,
        "sse": lambda y, t: (y - t) ** 2,
        "mse": lambda y, t: (y - t) ** 2 / len(t),
        "cross_entropy": lambda y, t: -t * np.log(y),
        "binary_cross_entropy": lambda y, t: -(t * np.log(y) + (1 - t) * np.log(1 - y)),
        "kl_divergence": lambda y, t: np.where(t > 0, t * (np.log(np.where(t > 0, t, 1.0)) - np.log(y)),
                                               0.0 * y),      # 0·ln 0 = 0 (the kl example's target 0)
        "logcosh": lambda y, t: np.log(np.cosh(y - t)),
    }.get(name)
    if parts is None:          # cosine: does not split by output
        return None, lambda y, t: 1 - np.dot(y, t) / (np.sqrt(np.dot(y, y)) * np.sqrt(np.dot(t, t)))
    return parts, lambda y, t: np.sum(parts(y, t))


def oracle(d, x, t):
    """Every key of one step for network description ``d`` (see describe/random_network)."""
    L = len(d["layers"])
    index = {}                                     # parameter name → position in theta
    theta0 = onp.array([p[-1] for p in d["weights"]] + [b[-1] for b in d["biases"]], dtype=float)
    for i, p in enumerate(d["weights"] + d["biases"]):
        index[p[0]] = i
    below = [d["inputs"]] + [ly["neurons"] for ly in d["layers"][:-1]]
    fs = [act(ly["activation"], ly.get("slope", 0.01)) for ly in d["layers"]]
    parts, total = loss_fn(d["loss"])

    def layer_net(l, a, theta):
        ly = d["layers"][l]
        rows = []
        for n in ly["neurons"]:
            s = 0.0
            for name, lw, frm, to, _ in d["weights"]:
                if lw == l and to == n:
                    s = s + theta[index[name]] * a[below[l].index(frm)]
            for name, lb, users, _ in d["biases"]:
                if lb == l and n in users:      # a threshold (SPEC §6) is subtracted
                    s = s - theta[index[name]] if ly.get("threshold") else s + theta[index[name]]
            rows.append(s)
        return np.array(rows)

    def run_from(l, a, theta, start="out"):
        """From layer l's output (start="out") or net input ("net") to the total loss."""
        if start == "net":
            a = fs[l](a)
        for m in range(l + 1, L):
            a = fs[m](layer_net(m, a, theta))
        return total(a, t)

    def forward(theta):
        nets, outs, a = [], [], x
        for l in range(L):
            z = layer_net(l, a, theta)
            a = fs[l](z)
            nets.append(z)
            outs.append(a)
        return nets, outs

    sign = -1.0 if d.get("negative") else 1.0      # error_signal: negative reports −∂E/∂·
    v = {f"out.{n}": float(x[k]) for k, n in enumerate(d["inputs"])}
    nets, outs = forward(theta0)
    y = outs[-1]
    for l, ly in enumerate(d["layers"]):
        delta = grad(lambda z: run_from(l, z, theta0, "net"))(nets[l])
        err = grad(lambda a: run_from(l, a, theta0))(outs[l])
        for j, n in enumerate(ly["neurons"]):
            v[f"net.{n}"], v[f"out.{n}"] = nets[l][j], outs[l][j]
            v[f"err.{n}"], v[f"delta.{n}"] = sign * err[j], sign * delta[j]
        if ly["activation"] != "softmax":
            dout = elementwise_grad(fs[l])(nets[l])
            for j, n in enumerate(ly["neurons"]):
                v[f"dout.{n}"] = dout[j]
        if l > 0:
            for name, lw, frm, to, _ in d["weights"]:
                if lw == l:
                    v[f"err.{frm}.{to}"] = sign * delta[ly["neurons"].index(to)] * theta0[index[name]]
    if parts is not None:
        for j, o in enumerate(d["layers"][-1]["neurons"]):
            v[f"loss.{o}"] = parts(y, t)[j]
    v["loss"] = total(y, t)
    for j, o in enumerate(d["layers"][-1]["neurons"]):
        v[f"e.{o}"] = t[j] - y[j]
    g = grad(lambda th: total(forward(th)[1][-1], t))(theta0)
    new = theta0.copy()
    for name, i in index.items():
        v[f"grad.{name}"] = g[i]
    if d["lr"] is None:                            # no learning rate: no update (SPEC §6)
        return {k: float(val) for k, val in v.items()}
    for name, i in index.items():
        trained = d["train_biases"] or i < len(d["weights"])
        if trained:
            new[i] = theta0[i] - d["lr"] * g[i]
        v[f"new.{name}"] = new[i]
        v[f"change.{name}"] = new[i] - theta0[i]
    nets2, outs2 = forward(new)
    for l, ly in enumerate(d["layers"]):
        for j, n in enumerate(ly["neurons"]):
            v[f"new.net.{n}"], v[f"new.out.{n}"] = nets2[l][j], outs2[l][j]
    if parts is not None:
        for j, o in enumerate(d["layers"][-1]["neurons"]):
            v[f"new.loss.{o}"] = parts(outs2[-1], t)[j]
    v["new.loss"] = total(outs2[-1], t)
    return {k: float(val) for k, val in v.items()}


# --- network descriptions ------------------------------------------------------------------
def describe(cfg):
    """A shipped config as a plain description: names, edges and values only."""
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    layers = [{"neurons": list(ly.neurons), "activation": ly.activation.split("(")[0]}
              for ly in tr.layers]
    for ly, layer in zip(layers, cfg.network.layers):
        if layer.activation.param is not None:
            ly["slope"] = layer.activation.param
        ly["threshold"] = bool(getattr(layer, "threshold", False))
    return {"inputs": list(tr.inputs), "layers": layers, "loss": tr.loss_name,
            "negative": getattr(cfg.network, "error_signal", "gradient") == "negative",
            "lr": tr.learning_rate, "train_biases": tr.train_biases,
            "weights": [(p.name, p.layer - 1, p.source, p.targets[0], p.value)
                        for p in tr.params if p.kind == "w"],
            "biases": [(p.name, p.layer - 1, list(p.targets), p.value)
                       for p in tr.params if p.kind == "b"]}


HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "softsign", "softplus", "linear", "leaky_relu:0.2"]
LOSS_OUTPUTS = {"half_sse": ["sigmoid", "tanh", "linear", "softmax", "softplus"],
                "sse": ["tanh", "sigmoid", "relu", "softsign"],
                "mse": ["linear", "sigmoid", "leaky_relu", "softmax"],
                "cross_entropy": ["softmax"],
                "binary_cross_entropy": ["sigmoid", "softmax"],
                "kl_divergence": ["softmax"],
                "cosine": ["sigmoid", "linear", "tanh"],
                "logcosh": ["linear", "tanh", "sigmoid"]}
BIAS_FORMS = ["none", "number", "shared", "list", "per_neuron", "explicit", "matrix_weights"]


def random_network(i):
    """(description, YAML) of random network number i: its own names and values."""
    r = onp.random.default_rng(1000 + i)
    loss = list(LOSS_OUTPUTS)[i % len(LOSS_OUTPUTS)]
    out_act = LOSS_OUTPUTS[loss][(i // len(LOSS_OUTPUTS)) % len(LOSS_OUTPUTS[loss])]
    hidden = [HIDDEN[(i + h) % len(HIDDEN)] for h in range(int(r.integers(0, 3)))]
    sizes = [int(r.integers(1, 4)) for _ in hidden] + [int(r.integers(2, 4))]
    inputs = [f"i{k}" for k in range(int(r.integers(1, 4)))]
    train_biases = bool(i % 2)
    negative = i % 3 == 1
    d = {"inputs": inputs, "layers": [], "loss": loss, "lr": 0.3, "train_biases": train_biases,
         "weights": [], "biases": [], "negative": negative}
    text = f"network:\n  inputs: [{', '.join(inputs)}]\n  layers:\n"
    prev = inputs
    for l, (n, a) in enumerate(zip(sizes, hidden + [out_act])):
        neurons = [f"n{l}_{j}" for j in range(n)]
        name, _, slope = a.partition(":")
        ly = {"neurons": neurons, "activation": name}
        act_yaml = f"{{leaky_relu: {slope}}}" if slope else name
        if slope:
            ly["slope"] = float(slope)
        d["layers"].append(ly)
        form = BIAS_FORMS[(i + 3 * l) % len(BIAS_FORMS)]
        text += f"    - neurons: [{', '.join(neurons)}]\n      activation: {act_yaml}\n"
        W = onp.round(r.uniform(-1.5, 1.5, (n, len(prev))), 3)
        if form == "matrix_weights":
            text += f"      weights: {W.tolist()}\n"
            for j in range(n):
                for k in range(len(prev)):
                    d["weights"].append((f"w_{prev[k]}_{neurons[j]}", l, prev[k], neurons[j], W[j, k]))
        else:
            edges = []
            for j in range(n):
                for k in range(len(prev)):
                    if (j + k + i) % 5 == 4 and len(prev) > 1:     # a missing edge
                        continue
                    wn = f"w{l}_{j}_{k}"
                    edges.append(f"{wn}: [{prev[k]}, {neurons[j]}, {W[j, k]}]")
                    d["weights"].append((wn, l, prev[k], neurons[j], W[j, k]))
            text += "      weights: {" + ", ".join(edges) + "}\n"
        b = onp.round(r.uniform(-1, 1, n), 3)
        threshold = (i + l) % 4 == 2                       # threshold: subtracted (SPEC §6)
        ly["threshold"] = threshold
        key, auto = ("threshold", "theta") if threshold else ("bias", "b")
        mark = len(text)
        if form == "number":
            text += f"      bias: {b[0]}\n"
            d["biases"].append((f"{auto}{l + 1}", l, neurons, b[0]))
        elif form == "shared":
            text += f"      bias: {{s{l}: {b[0]}}}\n"
            d["biases"].append((f"s{l}", l, neurons, b[0]))
        elif form == "list":
            text += f"      bias: {b.tolist()}\n"
            d["biases"] += [(f"{auto}_{nm}", l, [nm], b[j]) for j, nm in enumerate(neurons)]
        elif form == "per_neuron" and n > 1:
            text += "      bias: {" + ", ".join(f"c{l}_{j}: {b[j]}" for j in range(n)) + "}\n"
            d["biases"] += [(f"c{l}_{j}", l, [nm], b[j]) for j, nm in enumerate(neurons)]
        elif form == "explicit":
            text += f"      bias: {{e{l}: [{neurons[-1]}, {b[-1]}]}}\n"
            d["biases"].append((f"e{l}", l, [neurons[-1]], b[-1]))
        text = text[:mark] + text[mark:].replace("      bias: ", f"      {key}: ")
        prev = neurons
    x = onp.round(r.uniform(-1, 1, len(inputs)), 3)
    if loss in ("cross_entropy", "kl_divergence"):
        t = onp.round(r.dirichlet(onp.ones(sizes[-1])), 3)
        t = onp.maximum(t, 0.001)
    elif loss == "binary_cross_entropy":
        t = onp.round(r.uniform(0.05, 0.95, sizes[-1]), 3)
    else:
        t = onp.round(r.uniform(-0.9, 0.9, sizes[-1]), 3)
    if negative:
        text += "conventions: {error_signal: negative}\n"
    text += (f"loss: {loss}\nlearning_rate: 0.3\ntrain_biases: {str(train_biases).lower()}\n"
             f"sample: {{input: {x.tolist()}, target: {t.tolist()}}}\n")
    return d, text, x, t


# --- the checks ----------------------------------------------------------------------------
def mismatches(got, want):
    assert set(got) == set(want), sorted(set(got) ^ set(want))
    return [(k, got[k], w) for k, w in want.items()
            if not abs(got[k] - w) <= REL * max(abs(got[k]), abs(w)) + ABS]


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_every_key_of_every_shipped_config_agrees_with_the_oracle(path):
    cfg = load_config(str(path))
    got = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    assert mismatches(got, oracle(describe(cfg), cfg.sample.x, cfg.sample.t)) == []


def _random_mismatches(count):
    bad = []
    for i in range(count):
        d, text, x, t = random_network(i)
        cfg = parse_config(text)
        got = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
        bad += [(i, *m) for m in mismatches(got, oracle(d, x, t))]
    return bad


# 80 networks: every loss with each of its output activations at least twice (the 23 pairs
# come round every 40 networks), each time with other hidden layers, bias forms, signs and sizes
RANDOM_NETWORKS = 80


def test_every_key_of_the_random_networks_agrees_with_the_oracle():
    assert _random_mismatches(RANDOM_NETWORKS) == []


def test_the_random_networks_cover_every_activation_loss_and_bias_form():
    seen, pairs = set(), Counter()
    for i in range(RANDOM_NETWORKS):
        d, text, _, _ = random_network(i)
        seen |= {("act", ly["activation"]) for ly in d["layers"]} | {("loss", d["loss"])}
        seen |= {("frozen", d["train_biases"])} | {("bias", len(b[2]) > 1) for b in d["biases"]}
        seen |= {("threshold", ly["threshold"]) for l, ly in enumerate(d["layers"])
                 if any(b[1] == l for b in d["biases"])}
        seen |= {("negative", d["negative"])}
        seen |= {("missing edge", "weights: {" in text and len(d["weights"]) < 99)}
        pairs[d["loss"], d["layers"][-1]["activation"], d["layers"][-1].get("slope")] += 1
    assert {a for k, a in seen if k == "act"} == {"sigmoid", "tanh", "relu", "leaky_relu", "softsign",
                                                   "softplus", "linear", "softmax"}
    assert {a for k, a in seen if k == "loss"} == set(LOSS_OUTPUTS)
    assert {("frozen", True), ("frozen", False), ("bias", True), ("bias", False),
            ("threshold", True), ("threshold", False), ("negative", True), ("negative", False)} <= seen
    assert len(pairs) == sum(len(outs) for outs in LOSS_OUTPUTS.values()) and min(pairs.values()) >= 2


def test_the_oracle_fails_when_one_derivative_is_broken(monkeypatch):
    from bptrace.maths import activations
    right = activations.TANH.d
    monkeypatch.setattr(activations.TANH, "d", lambda z, a: right(z, a) * (1 + 1e-6))
    bad = _random_mismatches(16)
    assert bad and {k.split(".")[0] for _, k, _, _ in bad} >= {"dout", "delta", "grad"}
