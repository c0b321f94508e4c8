"""Experiments (bptrace compare): the same data trained under several settings, side by
side (the course slides' architectures and epoch counts, 《BP神经网络算法推导》's hidden sizes, the optimizers).
Each variant is a changed copy of the config, trained by the same `train` as `bptrace
train`. Nothing here prints."""

from __future__ import annotations

import itertools
import os
import sys
import time
from contextlib import contextmanager

import numpy as np

from bptrace.errors import BadInput
from bptrace.words.messages import what
from bptrace.training.loop import Callback, tell

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
    from bptrace.training.loop import summary, train

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


@contextmanager
def worker_pool(jobs: int):
    """N worker processes whose numpy uses one BLAS thread each (so the N workers and their
    BLAS threads do not fight over the cores). Where this process's BLAS was asked for one
    thread before numpy loaded (:func:`~bptrace.training.cores.one_blas_thread`, as ``compare --jobs``
    does), the workers are forked from it, ready at once; otherwise they start from a fresh
    interpreter (forkserver, else spawn) with the thread variables set, before numpy is
    imported there."""
    import multiprocessing as mp
    import os
    import warnings
    from concurrent.futures import ProcessPoolExecutor

    from bptrace.training.cores import THREAD_VARIABLES, can_fork, has_one_blas_thread

    if has_one_blas_thread() and can_fork():
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    saved = {k: os.environ.get(k) for k in THREAD_VARIABLES}
    os.environ.update({k: "1" for k in THREAD_VARIABLES})       # (forked: "1" already)
    try:
        with warnings.catch_warnings():     # Python 3.12 warns of fork beside threads (a
            warnings.simplefilter("ignore", DeprecationWarning)    # progress bar's): the
            pool = ProcessPoolExecutor(max_workers=jobs,            # workers only compute
                                       mp_context=mp.get_context(method),
                                       initializer=worker_start, initargs=(os.getpid(),))
        with ended_with_this_process(pool):
            yield pool
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def ended_with_this_process(pool):
    """Use a process pool whose workers began with :func:`worker_start`: an exception here
    (Ctrl-C too) or SIGTERM/SIGHUP ends its workers at once, not after the work they hold;
    then the pool is shut down."""
    with _ended_by_signals():
        try:
            yield pool
        except BaseException:
            end_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP while worker processes run: this process ends as on Ctrl-C, with
    its workers (exit status 128 + the signal's number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _ended_by_signals():
    """While worker processes run, SIGTERM and SIGHUP raise :class:`Stopped` in this process
    (the main thread), so that the workers are ended before it ends — never left behind
    holding the caller's pipe open."""
    import signal
    import threading
    kinds = [getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Stopped(signum)
    old = {k: signal.signal(k, stop) for k in kinds}
    try:
        yield
    finally:
        for k, handler in old.items():
            signal.signal(k, handler)


def end_workers(pool) -> None:
    """End a pool's worker processes now (their results are no longer wanted), without
    waiting for the variants they are training."""
    for p in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            p.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def worker_start(parent: int) -> None:
    """The first thing each worker process does: end with the process that started it. Ctrl-C
    is left to that process (it ends the workers); the kernel kills the worker when its
    parent dies (Linux's PR_SET_PDEATHSIG), and a watcher thread notices where ``parent``
    (the process that made the pool) has gone — elsewhere, and where a forkserver, which
    lives as long as its workers do, started the worker — so a worker never outlives a
    killed ``compare``."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    first = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)     # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != first:
        os._exit(1)                                         # gone before the line above

    def watch():            # (a forkserver's worker: its parent lives while it does)
        while os.getppid() == first and (first == parent or _alive(parent)):
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def picture_grid(X: np.ndarray, n_out: int):
    """Where to evaluate the trained networks for a picture: a line over the inputs' range
    (1-D regression) or a square grid (2-D, one output); None otherwise."""
    if X.shape[1] == 1 and n_out == 1:
        return "curve", np.linspace(X[:, 0].min(), X[:, 0].max(), 200)[:, None]
    if X.shape[1] == 2 and n_out == 1:
        lo, hi = X.min(axis=0), X.max(axis=0)
        # a side of no extent (one sample, or every sample on one line) is given one unit
        pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
        xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 60)
        ys = np.linspace(hi[1] + pad[1], lo[1] - pad[1], 24)
        return "regions", np.array([[x, y] for y in ys for x in xs])
    return None, None
