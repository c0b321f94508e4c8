"""The training loop specialised at its start (dense layers, plain SGD) makes the same
numbers, to the last bit, as the general engine — biases, shared biases, thresholds, frozen
biases, softmax with cross-entropy and sigmoid with binary cross-entropy (both from the
logits), every mode."""

from pathlib import Path

import numpy as np
import pytest

import bptrace.training.loop as T
from bptrace.config import load_config, train_settings
from bptrace.maths.fastloop import plain_update

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
    from bptrace.maths.conventions import Convention
    s.l2 = {}
    assert plain_update(cfg.network, s, Convention(first_path_only=True)) is None
    assert plain_update(cfg.network, s, Convention()) is not None
    cfg.network.update = "sequential"       # conventions: {update: sequential}
    assert plain_update(cfg.network, s, Convention()) is None


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
