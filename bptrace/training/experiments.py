"""Experiments (bptrace compare): the same data trained under several settings, side by
side (the course slides' architectures and epoch counts, 《BP神经网络算法推导》's hidden sizes, the optimizers).
Each variant is a changed copy of the config, trained by the same `train` as `bptrace
train`. Nothing here prints."""

from __future__ import annotations

import itertools
import time

import numpy as np

from bptrace.errors import BadInput
from bptrace.training.loop import Callback, tell
from bptrace.training.workers import end_workers, worker_pool
from bptrace.words.messages import what

VARY = ("hidden", "epochs", "learning_rate", "optimizer", "activation", "batch_size", "mode", "seed",
        "loss", "l2", "dropout")


def parse_vary(specs: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """--vary NAME=V1,V2 (hidden takes ; between variants: hidden=1;2;5-5)."""
    out = []
    for spec in specs:
        if "=" not in spec:
            raise BadInput(key="vary form", args={"spec": spec})
        name, values = spec.split("=", 1)
        name = name.strip()
        if name not in VARY:
            raise BadInput(key="vary unknown", args={"name": name, "known": list(VARY)})
        sep = ";" if name == "hidden" else ","
        vals = [v.strip() for v in values.split(sep) if v.strip()]
        if name == "hidden" and len(vals) == 1 and "," in values:
            vals = [v.strip() for v in values.split(",") if v.strip()]
        if not vals:
            raise BadInput(key="vary empty", args={"name": name})
        if len(set(vals)) != len(vals):
            raise BadInput(key="vary twice", args={"name": name})
        out.append((name, vals))
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        raise BadInput(key="vary once")
    return out


def variants(vary: list[tuple[str, list[str]]]) -> list[dict[str, str]]:
    """The product of the --vary lists, in order."""
    names = [n for n, _ in vary]
    return [dict(zip(names, combo)) for combo in itertools.product(*[v for _, v in vary])]


def _number(name: str, text: str, kind=float):
    try:
        v = kind(text)
    except ValueError:
        raise BadInput(key="vary number", args={
            "name": name, "text": text, "kind": what("a whole number" if kind is int else "a number")}) from None
    if v < 0 or (v == 0 and name not in ("seed", "l2", "dropout")):
        raise BadInput(key="vary positive", args={"name": name, "text": text})
    return v


def apply(raw: dict, setting: dict[str, str]) -> dict:
    """A copy of the config (as plain data) with one variant's settings."""
    import copy
    cfg = copy.deepcopy(raw)
    train = cfg.setdefault("train", {}) or {}
    cfg["train"] = train
    layers = cfg["network"]["layers"]
    for name, value in setting.items():
        if name == "hidden":
            sizes = [_number("hidden", s, int) for s in value.split("-")]
            if any(not isinstance(l.get("weights"), dict) or "init" not in l["weights"] for l in layers):
                raise BadInput(key="vary hidden")
            template, out = layers[0] if len(layers) > 1 else layers[-1], layers[-1]
            hidden = []
            for size in sizes:
                layer = {k: v for k, v in template.items() if k not in ("neurons", "name")}
                layer["neurons"] = size
                if isinstance(layer.get("bias"), list):
                    layer["bias"] = {"init": "zeros"}
                hidden.append(layer)
            cfg["network"]["layers"] = hidden + [out]
            layers = cfg["network"]["layers"]
        elif name == "activation":
            for layer in layers[:-1]:
                layer["activation"] = value
        elif name == "learning_rate":
            cfg["learning_rate"] = _number(name, value)
        elif name == "epochs":
            train["epochs"] = _number(name, value, int)
        elif name == "batch_size":
            train["batch_size"] = _number(name, value, int)
            if "mode" not in setting:
                train["mode"] = "minibatch"
        elif name == "mode":
            train["mode"] = value
        elif name == "optimizer":
            train["optimizer"] = value
        elif name == "seed":
            cfg["seed"] = train["seed"] = _number(name, value, int)
        elif name == "loss":                    # the slides' cross-entropy against MSE
            cfg["loss"] = value
        elif name == "l2":                      # Keras' l2(λ) on every layer's weights
            train["l2"] = _number(name, value)
        elif name == "dropout":                 # RATE after every hidden layer, or L:RATE after layer L
            where, _, rate = value.rpartition(":")
            hidden = range(1, len(layers)) if not where else [_number(name, where, int)]
            train["dropout"] = {int(l): _number(name, rate) for l in hidden}
    cfg.pop("expect", None)
    return cfg


def run_variant(raw: dict, setting: dict[str, str], file: str, target: float | None,
                grid: np.ndarray | None) -> dict:
    """Train one variant (in this process or a worker); plain data back."""
    from bptrace.config import from_dict, train_settings
    from bptrace.training.loop import train
    from bptrace.training.views import summary

    try:
        cfg = from_dict(apply(raw, setting), file)
        s = train_settings(cfg.train, cfg.network, cfg.seed)
    except BadInput as exc:
        raise BadInput(key="variant", args={"variant": describe(setting), "error": exc}) from None
    if cfg.learning_rate is None:
        raise BadInput(key="compare needs a learning rate")
    s.every = 1 if s.epochs <= 20000 else s.epochs // 20000
    X, T = cfg.dataset
    from bptrace.errors import Diverged
    t0 = time.perf_counter()
    try:
        res = train(cfg.network, X, T, cfg.learning_rate, s)
    except Diverged as exc:                     # the other variants still count
        return {"setting": setting, "label": describe(setting), "values": {"loss": None}, "history": [], "val_loss": None,
                "epochs_to_target": None, "seconds": time.perf_counter() - t0,
                "diverged": f"diverged at epoch {exc.epoch}: {exc}",
                **({"grid_outputs": None} if grid is not None else {})}
    seconds = time.perf_counter() - t0
    report = summary(cfg.network, X, T, res, s, cfg.learning_rate)
    reached = None
    if target is not None:
        reached = next((h["epoch"] for h in report["history"] if h["loss"] <= target), None)
    out = {"setting": setting, "label": describe(setting), "values": dict(report["values"].items()), "history": report["history"],
           "val_loss": report["history"][-1].get("val_loss"), "epochs_to_target": reached,
           "seconds": seconds, "diverged": None}
    if grid is not None:
        out["grid_outputs"] = cfg.network.predict(grid)[:, 0].tolist()
    return out


def describe(setting: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in setting.items())


def run_all(raw: dict, settings: list[dict], file: str, target: float | None,
            grid: np.ndarray | None, jobs: int = 1, progress: Callback = None) -> list[dict]:
    """Train every variant (in `jobs` processes); `progress` hears of each one finished."""
    results = []
    if jobs <= 1 or len(settings) == 1:
        for k, s in enumerate(settings):
            results.append(run_variant(raw, s, file, target, grid))
            tell(progress, "trainings", k + 1, len(settings))
        return results
    # this process is one of the N, and each of the N takes the next variant when it is free
    # (one at a time: nothing is queued ahead, so no variant waits on a busy worker while
    # another is idle); this process starts while the N − 1 workers start
    from collections import deque
    from threading import Lock, Thread

    out: list = [None] * len(settings)
    left, lock, done, failed = deque(range(len(settings))), Lock(), [0], []

    def take() -> int | None:
        with lock:
            return left.popleft() if left and not failed else None

    def finished(i: int, result: dict) -> None:
        with lock:
            out[i] = result
            done[0] += 1
            tell(progress, "trainings", done[0], len(settings))

    def feed(pool) -> None:                 # one worker's turn: submit, wait, take the next
        try:
            while (i := take()) is not None:
                finished(i, pool.submit(run_variant, raw, settings[i], file, target, grid).result())
        except BaseException as exc:        # raised again in this process's thread below
            failed.append(exc)

    workers = min(jobs, len(settings)) - 1
    with worker_pool(workers) as pool:
        pool.submit(int).result()   # the workers start here, from this thread alone (a fork
        feeders = [Thread(target=feed, args=(pool,), daemon=True) for _ in range(workers)]
        for t in feeders:           # copies only the thread that forks: not one that computes)
            t.start()
        try:
            while (i := take()) is not None:
                finished(i, run_variant(raw, settings[i], file, target, grid))
        except BaseException as exc:
            failed.append(exc)
            end_workers(pool)       # at once: the feeders' variants are not waited for
        for t in feeders:
            t.join()
    if failed:
        raise failed[0]
    return out
