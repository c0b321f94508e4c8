"""The training loop specialised at its start (dense layers, plain SGD) makes the same
numbers, to the last bit, as the general engine — biases, shared biases, thresholds, frozen
biases, softmax with cross-entropy and sigmoid with binary cross-entropy (both from the
logits), every mode. Its arrays' memory stays in the process between updates."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bptrace.train as T
from bptrace.config import load_config, train_settings
from bptrace.fastloop import plain_update

CASES = ["mazur", "xor", "softmax", "redblue", "regression", "cubic", str(Path(__file__).parents[1] / "configs" / "textbooks" / "negnevitsky.yaml")]


def trained(name, mode, general, monkeypatch):
    cfg = load_config(name)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.epochs, s.every, s.mode, s.shuffle = 7, 1, mode, mode == "minibatch"
    s.batch_size = min(2, len(cfg.dataset[0])) if mode == "minibatch" else None
    s.optimizer, s.optimizer_settings, s.decay, s.step_decay = "sgd", {}, None, None
    s.validation = None
    assert plain_update(cfg.network, s, None) is not None     # the two loops are compared
    if general:
        monkeypatch.setattr(T, "plain_update", lambda *a: None)
    res = T.train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    return cfg.network.arrays(), res.history


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("mode", ["online", "batch", "minibatch"])
def test_same_numbers_as_the_general_engine(name, mode, monkeypatch):
    fast, h_fast = trained(name, mode, False, monkeypatch)
    slow, h_slow = trained(name, mode, True, monkeypatch)
    assert h_fast == h_slow
    for a, b in zip(fast, slow):
        assert np.array_equal(a, b)


def test_general_engine_where_the_loop_cannot_specialise():
    cfg = load_config("mazur")
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    assert plain_update(cfg.network, s, None) is not None
    s.optimizer = "adam"
    assert plain_update(cfg.network, s, None) is None
    s.optimizer = "sgd"
    s.l2 = {0: 0.1}
    assert plain_update(cfg.network, s, None) is None
    from bptrace.convention import Convention
    s.l2 = {}
    assert plain_update(cfg.network, s, Convention(sequential=True)) is None
    assert plain_update(cfg.network, s, Convention()) is not None


@pytest.mark.parametrize("name", ["softmax", "redblue"])
def test_losses_in_the_logits_take_the_specialised_loop(name):
    cfg = load_config(name)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.optimizer, s.optimizer_settings = "sgd", {}
    assert cfg.network.loss.logits_form(cfg.network.layers[-1].activation.name) is not None
    assert plain_update(cfg.network, s, None) is not None


def test_a_saturated_softmax_trains_as_the_general_engine(monkeypatch):
    """Outputs at exactly 0 and 1: the loss and δ from the logits stay finite, in both loops."""
    cfg = load_config("softmax")
    for layer in cfg.network.layers:
        layer.W *= 400.0
    weights = [a.copy() for a in cfg.network.arrays()]
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.epochs, s.every, s.optimizer, s.optimizer_settings = 3, 1, "sgd", {}
    runs = []
    for general in (False, True):
        for a, w in zip(cfg.network.arrays(), weights):
            a[...] = w
        if general:
            monkeypatch.setattr(T, "plain_update", lambda *a: None)
        res = T.train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
        runs.append(([a.copy() for a in cfg.network.arrays()], res.history))
    (fast, h_fast), (slow, h_slow) = runs
    assert all(np.isfinite(loss) for _, loss, _ in h_fast)
    assert h_fast == h_slow
    for a, b in zip(fast, slow):
        assert np.array_equal(a, b)


def _libc() -> str:
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError):
        return ""


_HEAP = """if True:
    import ctypes, json
    import numpy as np
    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks",
                    "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = Info
    def made(mib):                  # (mapped, heap) in MiB while an array lives, heap after
        a = np.ones(mib << 17)
        mapped, heap = libc.mallinfo2().hblkhd >> 20, libc.mallinfo2().arena >> 20
        del a
        return mapped, heap, libc.mallinfo2().arena >> 20
    before = made(20)               # glibc's own way: mapped on its own, unmapped on free
    from bptrace.heap import keep_freed_memory
    assert keep_freed_memory()
    # 30 MiB: above the threshold glibc raised to 20 MiB by itself, below the one set
    print(json.dumps([before, made(30)]))
"""


@pytest.mark.skipif(not hasattr(os, "confstr") or "glibc" not in _libc(), reason="glibc's malloc")
def test_an_update_s_arrays_stay_in_the_process_for_the_next_update():
    """After training starts, an array of up to 32 MiB (a wide layer's weight gradient)
    comes from the heap and its memory stays there when freed (the next update reuses it,
    without a page fault per 4 KiB); glibc by itself maps such an array on its own and
    unmaps it on free."""
    import json
    out = subprocess.run([sys.executable, "-c", _HEAP], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    (mapped, heap, _), (kept_mapped, kept_heap, kept_after) = json.loads(out)
    assert mapped >= 20 and heap < 20
    assert kept_mapped == 0 and kept_heap >= 30 and kept_after >= 30
