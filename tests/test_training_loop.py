"""The training loop specialised at its start (dense layers, plain SGD) makes the same
numbers, to the last bit, as the general engine — biases, shared biases, thresholds, frozen
biases, softmax with cross-entropy, every mode."""

from pathlib import Path

import numpy as np
import pytest

import bptrace.train as T
from bptrace.config import load_config, train_settings
from bptrace.fastloop import plain_update

CASES = ["mazur", "xor", "softmax", "regression", "cubic", str(Path(__file__).parents[1] / "configs" / "textbooks" / "negnevitsky.yaml")]


def trained(name, mode, general, monkeypatch):
    cfg = load_config(name)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.epochs, s.every, s.mode, s.shuffle = 7, 1, mode, mode == "minibatch"
    s.batch_size = min(2, len(cfg.dataset[0])) if mode == "minibatch" else None
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
