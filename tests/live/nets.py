"""Random networks for holding the live page's engine to the Python engine: configs as
mappings (the config format), depths 1–4, every activation and loss, every bias form, both
error-signal conventions, both update orders, missing edges, no learning rate."""

from __future__ import annotations

import random

ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "softsign", "softplus", "linear"]
LOSSES = ["half_sse", "sse", "mse", "cross_entropy", "binary_cross_entropy", "kl_divergence",
          "cosine", "logcosh"]


def _v(r: random.Random, lo=-1.0, hi=1.0) -> float:
    return round(r.uniform(lo, hi), 3)


def random_config(seed: int, data: bool = False) -> dict:
    r = random.Random(seed)
    depth = 1 + seed % 4
    n_in = r.randint(1, 3)
    sizes = [r.randint(1, 4) for _ in range(depth)]
    loss = LOSSES[seed % len(LOSSES)]
    out_act = r.choice(ACTS)
    if loss == "cross_entropy":
        out_act = "softmax"
        sizes[-1] = max(2, sizes[-1])
    elif loss in ("binary_cross_entropy", "kl_divergence"):
        out_act = r.choice(["sigmoid", "softmax"])
    elif loss == "cosine":
        # (an output of exactly 0 makes the other's gradient an exact 0 that both engines
        # leave as rounding noise, which the trace's residue bounds do not cover for cosine)
        out_act = r.choice(["sigmoid", "tanh", "softsign", "softplus", "softmax"])
    elif r.random() < 0.15:
        out_act = "softmax"
    if out_act == "softmax" or loss == "cosine":
        # (cosine of one output is constant: its gradient, exactly 0, is rounding noise in
        # both engines, which no relative comparison can hold)
        sizes[-1] = max(2, sizes[-1])
    inputs = [f"x{i + 1}" for i in range(n_in)]
    layers, below, count = [], inputs, 0
    for l, n in enumerate(sizes):
        last = l == depth - 1
        neurons = [f"o{j + 1}" for j in range(n)] if last else [f"h{l + 1}_{j + 1}" for j in range(n)]
        act = out_act if last else r.choice(ACTS)
        layer = {"neurons": neurons, "activation": act if act != "leaky_relu" or r.random() < 0.5
                 else {"leaky_relu": 0.2}}
        if r.random() < 0.3 and len(below) * n > 1:        # named edges, some left out
            edges = {}
            for j, to in enumerate(neurons):
                for k, fr in enumerate(below):
                    if r.random() < 0.8 or (k == 0):
                        count += 1
                        edges[f"w{count}"] = [fr, to, _v(r)]
            layer["weights"] = edges
        else:
            layer["weights"] = [[_v(r) for _ in below] for _ in neurons]
        kind = r.choice(["none", "number", "list", "shared", "named", "explicit"])
        key = "threshold" if r.random() < 0.25 else "bias"
        if kind == "number":
            layer[key] = _v(r)
        elif kind == "list":
            layer[key] = [_v(r) for _ in neurons]
        elif kind == "shared":
            layer[key] = {f"b{l + 1}": _v(r)}
        elif kind == "named" and n > 1:
            layer[key] = {f"c{l + 1}_{j}": _v(r) for j in range(n)}
        elif kind == "explicit":
            layer[key] = {f"e{l + 1}_{j}": [neurons[j], _v(r)] for j in range(n) if j % 2 == 0}
        layers.append(layer)
        below = neurons
    outs = below
    x = [_v(r, -2, 2) for _ in inputs]
    if loss in ("cross_entropy", "kl_divergence") and out_act == "softmax":
        raw = [r.random() + 0.01 for _ in outs]
        t = [round(v / sum(raw), 3) for v in raw]
        if r.random() < 0.5:
            t = [0.0] * len(outs)
            t[r.randrange(len(outs))] = 1.0
    elif loss in ("binary_cross_entropy", "kl_divergence", "cross_entropy"):
        t = [round(r.random(), 3) for _ in outs]
    else:
        t = [_v(r) for _ in outs]
    cfg = {"title": f"random {seed}", "network": {"inputs": inputs, "layers": layers},
           "loss": loss, "sample": {"input": x, "target": t},
           "train_biases": r.random() < 0.7,
           "conventions": {"error_signal": r.choice(["gradient", "negative"])}}
    if r.random() < 0.92:
        cfg["learning_rate"] = r.choice([0.1, 0.5, 1.0, 0.05])
        if depth > 1 and r.random() < 0.2:
            cfg["conventions"]["update"] = "sequential"
    if data:
        cfg["learning_rate"] = cfg.get("learning_rate", 0.1)
        cfg["conventions"].pop("update", None)
        ns = r.randint(2, 6)
        X = [[_v(r, -2, 2) for _ in inputs] for _ in range(ns)]
        T = []
        for _ in range(ns):
            if loss in ("cross_entropy", "kl_divergence") and out_act == "softmax":
                tt = [0.0] * len(outs)
                tt[r.randrange(len(outs))] = 1.0
            elif loss in ("binary_cross_entropy", "kl_divergence", "cross_entropy"):
                tt = [float(r.randint(0, 1)) for _ in outs]
            else:
                tt = [_v(r) for _ in outs]
            T.append(tt)
        cfg["data"] = [{"input": a, "target": b} for a, b in zip(X, T)]
        opt = r.choice(["sgd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop",
                        "rmsprop_momentum", "adam"])
        mode = r.choice(["online", "batch", "minibatch"])
        tr = {"epochs": 100, "mode": mode, "optimizer": opt}
        if mode == "minibatch":
            tr["batch_size"] = r.randint(1, ns)
        if r.random() < 0.3:
            tr["l2"] = 0.001
        if r.random() < 0.2:
            tr["decay"] = {"rate": 0.9, "steps": 10, "staircase": r.random() < 0.5}
        elif r.random() < 0.2:
            tr["step_decay"] = {"factor": 0.5, "every": 30}
        cfg["train"] = tr
    return cfg
