"""The live page's model of a config: the network (names, weights, biases, edges in the
config's order), the sample, η, the data set and the training settings, as plain data for
JSON. The page's engine (``page/engine.js``) computes on it; nothing here computes or
formats a number — the values are the config's own."""

from __future__ import annotations

import math

from bptrace.trace.wiring import Wiring


def _floats(a) -> list:
    return [float(v) for v in a]


def network_model(net, x, t, lr) -> dict:
    """The network as the page's engine reads it."""
    layers = []
    for layer in net.layers:
        wr = Wiring(layer)
        act = layer.activation
        layers.append({
            "neurons": list(layer.neurons),
            "act": act.name.split("(")[0],
            "slope": act.param if act.param is not None else 0.01,
            "W": [_floats(r) for r in layer.W],
            "edges": [[int(j), int(k), n] for j, k, n in zip(wr.J.tolist(), wr.K.tolist(), wr.names)],
            "biases": list(layer.bias_names),
            "b": _floats(layer.b),
            "of": [int(i) for i in layer.bias_of],
            "threshold": bool(layer.threshold),
        })
    return {"inputs": list(net.inputs), "layers": layers, "loss": net.loss.name,
            "lr": None if lr is None else float(lr), "train_biases": bool(net.train_biases),
            "error_signal": net.error_signal, "update": net.update,
            "x": _floats(x), "t": _floats(t)}


def config_model(cfg) -> dict:
    """The whole config: the network and its sample, and, where it has ``data:``, the data
    set and the training settings (``train:``)."""
    m = network_model(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    m["data"] = None
    m["train"] = None
    if cfg.data is not None and cfg.learning_rate is not None:
        from bptrace.config import train_settings
        from bptrace.maths.optimizers import OPTIMIZERS

        from bptrace.training.loop import split

        s = train_settings(cfg.train, cfg.network, cfg.seed)
        (X, T), val = split(*cfg.data, s)         # the validation part as training draws it
        m["data"] = {"X": [_floats(r) for r in X], "T": [_floats(r) for r in T]}
        tr = {"epochs": s.epochs, "mode": s.mode, "batch_size": s.batch_size,
              "shuffle": bool(s.shuffle), "optimizer": s.optimizer,
              "opt": {**OPTIMIZERS[s.optimizer].settings, **s.optimizer_settings},
              "decay": list(s.decay) if s.decay else None,
              "step_decay": list(s.step_decay) if s.step_decay else None,
              "l2": [float(s.l2.get(l, 0.0)) for l in range(len(cfg.network.layers))],
              "dropout": any(v > 0 for v in s.dropout.values()),
              "patience": s.patience, "min_delta": float(s.min_delta)}
        if val is not None:
            tr["val_X"] = [_floats(r) for r in val[0]]
            tr["val_T"] = [_floats(r) for r in val[1]]
        m["train"] = tr
    return m


def finite(m) -> bool:
    """Whether every number of the model is finite (JSON has no NaN)."""
    if isinstance(m, float):
        return math.isfinite(m)
    if isinstance(m, dict):
        return all(finite(v) for v in m.values())
    if isinstance(m, list):
        return all(finite(v) for v in m)
    return True
