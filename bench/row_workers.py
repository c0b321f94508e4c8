"""The in-process workers of bench_rows.py: each times one side of a row (bptrace, or the
hand-written numpy / PyTorch reference) in a fresh process and returns (work seconds, a
second number: the final loss, or the training time beside the post-processing)."""

from __future__ import annotations

import time

from common import net_config

def w_mazur_bptrace():
    from bptrace.config import load_config
    from bptrace.training.loop import Settings, train
    cfg = load_config("mazur")
    s = Settings()
    s.epochs, s.every = 10_000, 1
    t0 = time.perf_counter()
    res = train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_mazur_numpy():
    """Mazur's 2-2-2 net, 10,000 online updates and the loss after each (bptrace records it)."""
    import numpy as np
    W1 = np.array([[0.15, 0.20], [0.25, 0.30]])
    W2 = np.array([[0.40, 0.45], [0.50, 0.55]])
    b1, b2 = 0.35, 0.60
    x, t = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])

    def sig(z):
        return 1 / (1 + np.exp(-z))
    t0 = time.perf_counter()
    for _ in range(10_000):
        h = sig(x @ W1.T + b1)
        y = sig(h @ W2.T + b2)
        d2 = (y - t) * y * (1 - y)
        d1 = (d2 @ W2) * h * (1 - h)
        W2 -= 0.5 * (d2.T @ h)
        W1 -= 0.5 * (d1.T @ x)
        y = sig(sig(x @ W1.T + b1) @ W2.T + b2)
        final = float((0.5 * (t - y) ** 2).sum())
    return time.perf_counter() - t0, final


def w_mazur_torch():
    """Mazur's 10,000 updates in PyTorch float64: the same loop bench_train.py times."""
    from bench_train import torch_a
    return torch_a("float64")


def _epoch_data(n):
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(0))
    X = rng.random((n, 784))
    T = np.zeros((n, 10))
    T[np.arange(n), rng.integers(0, 10, n)] = 1.0
    return X, T, _epoch_init()


def _epoch_init():
    """The initial parameters of the 784-784-10 epoch (He, Xavier, zero biases)."""
    import numpy as np
    r = np.random.Generator(np.random.PCG64(1))
    return (r.normal(0, (2 / 784) ** 0.5, (784, 784)), np.zeros(784),
            r.normal(0, (1 / 784) ** 0.5, (10, 784)), np.zeros(10))


def w_epoch_bptrace(n):
    import numpy as np
    from bptrace.config import parse_config
    from bptrace.training.loop import Settings, train
    X, T, init = _epoch_data(n)
    cfg = parse_config(net_config([784, 784, 10]))
    cfg.network.set_arrays([np.array(a) for a in init])
    s = Settings()
    s.epochs, s.mode, s.batch_size, s.every = 1, "minibatch", 200, 1
    t0 = time.perf_counter()
    res = train(cfg.network, X, T, 0.1, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_epoch_numpy(n):
    """One epoch, batch 200, relu → softmax, cross-entropy, then the mean loss."""
    import numpy as np
    X, T, (W1, b1, W2, b2) = _epoch_data(n)
    t0 = time.perf_counter()
    for s in range(0, n, 200):
        x, t = X[s:s + 200], T[s:s + 200]
        z1 = x @ W1.T + b1
        h = np.maximum(z1, 0)
        z2 = h @ W2.T + b2
        e = np.exp(z2 - z2.max(axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
        d2 = (y - t) / len(x)
        d1 = (d2 @ W2) * (z1 > 0)
        W2 -= 0.1 * (d2.T @ h)
        b2 -= 0.1 * d2.sum(0)
        W1 -= 0.1 * (d1.T @ x)
        b1 -= 0.1 * d1.sum(0)
    losses = []
    for s in range(0, n, 4096):
        z = np.maximum(X[s:s + 4096] @ W1.T + b1, 0) @ W2.T + b2
        z -= z.max(axis=1, keepdims=True)
        losses.append(-(T[s:s + 4096] * (z - np.log(np.exp(z).sum(1, keepdims=True)))).sum(1))
    return time.perf_counter() - t0, float(np.concatenate(losses).mean())


def w_epoch_torch(n):
    import torch
    X, T, init = _epoch_data(n)
    Xt, Tt = torch.tensor(X), torch.tensor(T)
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in init)
    opt = torch.optim.SGD([W1, b1, W2, b2], lr=0.1)
    t0 = time.perf_counter()
    for s in range(0, n, 200):
        opt.zero_grad()
        z = torch.relu(Xt[s:s + 200] @ W1.T + b1) @ W2.T + b2
        (-(Tt[s:s + 200] * torch.log_softmax(z, 1)).sum(1).mean()).backward()
        opt.step()
    with torch.no_grad():
        z = torch.relu(Xt @ W1.T + b1) @ W2.T + b2
        final = float(-(Tt * torch.log_softmax(z, 1)).sum(1).mean())
    return time.perf_counter() - t0, final


WIDE, WIDE_N, WIDE_EPOCHS = 8000, 100, 50


def w_wide_bptrace():
    """1-8000-1, a bias per neuron, tanh → linear, MSE, batch mode: build and train."""
    from bptrace.config import parse_config
    from bptrace.training.loop import Settings, train
    t0 = time.perf_counter()
    cfg = parse_config(net_config([1, WIDE, 1], acts=("tanh", "linear"), loss="mse",
                                  data=f"{{builtin: curve, n: {WIDE_N}}}"))
    s = Settings()
    s.epochs, s.mode, s.every = WIDE_EPOCHS, "batch", 1
    res = train(cfg.network, *cfg.dataset, 0.00001, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_wide_numpy():
    import numpy as np
    from bptrace.config.examples import curve
    t0 = time.perf_counter()
    X, T = curve(WIDE_N, 0)
    r = np.random.Generator(np.random.PCG64(1))
    W1, b1 = r.normal(0, 2 ** 0.5, (WIDE, 1)), np.zeros(WIDE)
    W2, b2 = r.uniform(-1, 1, (1, WIDE)) * (6 / (WIDE + 1)) ** 0.5, np.zeros(1)
    n = len(X)
    for _ in range(WIDE_EPOCHS):
        h = np.tanh(X @ W1.T + b1)
        y = h @ W2.T + b2
        d2 = 2 * (y - T) / n
        d1 = (d2 @ W2) * (1 - h * h)
        W2 -= 0.00001 * (d2.T @ h)
        b2 -= 0.00001 * d2.sum(0)
        W1 -= 0.00001 * (d1.T @ X)
        b1 -= 0.00001 * d1.sum(0)
        y = np.tanh(X @ W1.T + b1) @ W2.T + b2
        final = float(((y - T) ** 2).mean())
    return time.perf_counter() - t0, final


def w_post(data):
    """After training (1 epoch, batch 200): the report as `train` makes it (summary, rows,
    parameters before/after, JSON and Rich), timed against the training itself; then the
    part of `train --format json` (summary, JSON) and of `train` (summary, rows, Rich)."""
    import io

    from rich.console import Console

    from bptrace.training import loop as T
    from bptrace.training import views as V
    from bptrace.config import load_config, train_settings
    from bptrace.render import train_json
    from bptrace.render.terminal.step import train_rich
    cfg = load_config(data)
    net = cfg.network
    s = train_settings(cfg.train, net, cfg.seed)
    X, Tg = cfg.dataset
    t0 = time.perf_counter()
    before = V.parameters(net)
    res = T.train(net, X, Tg, cfg.learning_rate, s)
    t1 = time.perf_counter()
    report = V.summary(net, X, Tg, res, s, cfg.learning_rate)
    rows = V.output_rows(net, X, Tg)
    params = V.before_after(before, net)
    t2 = time.perf_counter()
    train_json(cfg.title, cfg.file, report, list(rows) if len(rows) <= 1000 else None)
    t3 = time.perf_counter()
    train_rich(Console(file=io.StringIO(), width=100), cfg.title, "784-784-10", report, rows,
               (net.inputs, net.outputs), params, every=s.every)
    t4 = time.perf_counter()
    import json                     # the floor of any JSON of these values: the standard
    floats = [float(v) for layer in net.layers for a in (layer.W, layer.b) for v in a.ravel()]
    t5 = time.perf_counter()        # library's encoder writing the same floats as a list
    json.dumps(floats)
    t6 = time.perf_counter()
    return (t4 - t1, t1 - t0, (t2 - t1) + (t3 - t2), (t2 - t1) + (t4 - t3), t6 - t5,
            len(floats))


WORKERS = {"mazur_bptrace": w_mazur_bptrace, "mazur_numpy": w_mazur_numpy,
           "mazur_torch": w_mazur_torch, "epoch_bptrace": w_epoch_bptrace,
           "epoch_numpy": w_epoch_numpy, "epoch_torch": w_epoch_torch,
           "wide_bptrace": w_wide_bptrace, "wide_numpy": w_wide_numpy, "post": w_post}
