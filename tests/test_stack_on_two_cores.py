"""check --diagnose's stack of networks split in two groups by the ways they compute, one
group trained in a forked process: the same trained values to the last bit as the whole
stack and as one-at-a-time training; the config's own training taken from the stack."""

from pathlib import Path

import numpy as np
import pytest

from bptrace.check import applied as A
from bptrace.check import parallel as S
from bptrace.check.together import train_together, trained_with_variants
from bptrace.check.variants import CATALOGUE
from bptrace.config import parse_config
from bptrace.errors import Diverged
from bptrace.trace import build_trace
from bptrace.train import trained_values

CONFIGS = Path(__file__).parent.parent / "configs"
SINGLES = [(v.name,) for v in CATALOGUE]


def _mazur(epochs: int = 30) -> str:
    return (CONFIGS / "mazur.yaml").read_text(encoding="utf-8").replace(
        "epochs: 10000", f"epochs: {epochs}")


def _xor_batches() -> str:
    """The XOR slides (biases trained) in shuffled minibatches with a short last one."""
    head, rest = (CONFIGS / "xor.yaml").read_text(encoding="utf-8").split("\ntrain:\n")
    return (head + "\ntrain:\n  epochs: 12\n  mode: minibatch\n  batch_size: 3\n  shuffle: true\n"
            + rest[rest.index("expect:"):] + "  trained.loss: 0.25\n")


def _step(cfg) -> dict:
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()


def _bits(values: dict) -> dict:
    return {k: np.float64(v).tobytes() for k, v in values.items()}


def _one_at_a_time(cfg, key, base) -> dict:
    c, s, _ = A.applied(cfg, key, True, base)
    return A.trained_alone(c, s)


@pytest.fixture
def forked(monkeypatch):
    """Every stack split, however little it trains; the groups that went to a process."""
    monkeypatch.setattr(S, "MIN_WORK", 0)
    monkeypatch.setattr(S, "can_fork", lambda: True)
    sent = []
    real = S.in_child

    def in_child(work):
        sent.append(work)
        return real(work)
    monkeypatch.setattr(S, "in_child", in_child)
    return sent


@pytest.mark.parametrize("text", [_mazur(), _xor_batches()], ids=["mazur", "xor"])
def test_a_split_stack_trains_as_one_at_a_time(text, forked):
    cfg = parse_config(text, "cfg.yaml")
    base = _step(cfg)
    base.update(trained_values(cfg))
    cache: dict = {}
    train_together(cfg, SINGLES, base, cache)
    assert forked, "no group went to another process"
    keys = [k for k in cache if k]
    assert len(keys) >= 12
    for key in keys:
        assert _bits(cache[key]) == _bits(_one_at_a_time(cfg, key, base)), key


def test_a_group_whose_process_fails_trains_here(forked, monkeypatch):
    cfg = parse_config(_mazur(), "cfg.yaml")
    base = _step(cfg)
    whole: dict = {}
    monkeypatch.setattr(S, "MIN_WORK", 10 ** 9)
    train_together(cfg, SINGLES, base, whole, base=True)
    assert not forked
    monkeypatch.setattr(S, "MIN_WORK", 0)
    monkeypatch.setattr(S, "in_child", lambda work: lambda cancel=False: None)
    split: dict = {}
    train_together(cfg, SINGLES, base, split, base=True)
    assert {k: _bits(v) for k, v in split.items()} == {k: _bits(v) for k, v in whole.items()}


def test_the_groups_hold_networks_that_compute_alike():
    from bptrace.check.batched import Run
    cfg = parse_config(_mazur(), "cfg.yaml")
    runs = []
    for name, lr in (("sequential update", 0.5), ("loss without ½", 0.5),
                     ("sequential update", 0.1), ("loss without ½", 0.1)):
        c, s, _ = A.applied(cfg, (name,), True, _step(cfg))
        runs.append(Run(c.network, lr, A.training_convention(s["conv"]), {}))
    a, b = S.halves(runs)
    assert sorted([a, b]) == [[0, 2], [1, 3]]      # a convention apart from a loss
    feats = S.features(runs)
    assert max(S.cost([feats[i] for i in g]) for g in (a, b)) < S.cost(feats)


def test_the_config_trains_in_the_stack_as_alone(forked):
    cfg = parse_config(_mazur(), "cfg.yaml")
    step = _step(cfg)
    cache = trained_with_variants(cfg, step)
    assert _bits(cache[()]) == _bits(trained_values(cfg))
    for key in cache:
        if key:
            assert _bits(cache[key]) == _bits(_one_at_a_time(cfg, key, step)), key


def test_a_config_the_stack_cannot_hold_trains_alone():
    text = (CONFIGS / "softmax.yaml").read_text(encoding="utf-8").replace("epochs: 500", "epochs: 5")
    cfg = parse_config(text + "expect:\n  trained.loss: 0.5\n", "cfg.yaml")
    assert trained_with_variants(cfg, _step(cfg)) == {}


def test_a_diverging_config_says_so_with_diagnose():
    from bptrace.check.grading import check_config
    text = (CONFIGS / "textbooks" / "hagan-lms.yaml").read_text(encoding="utf-8")
    text = text.replace("learning_rate: 0.2", "learning_rate: 3").replace("epochs: 1", "epochs: 40")
    cfg = parse_config(text, "cfg.yaml")
    assert any(e.key.startswith("trained.") for e in cfg.expect)
    assert trained_with_variants(cfg, _step(cfg)) == {}
    with pytest.raises(Diverged):
        check_config(cfg, None, diagnose=True)


def test_checking_for_a_diagnosis_checks_the_same(forked):
    from bptrace.check.grading import check_config
    plain = check_config(parse_config(_mazur(), "cfg.yaml"), None)
    stacked = check_config(parse_config(_mazur(), "cfg.yaml"), None, diagnose=True)
    assert () in stacked.trained and not plain.trained
    assert _bits(stacked.values) == _bits(plain.values)
    assert [(c.key, c.agree) for c in stacked.checks] == [(c.key, c.agree) for c in plain.checks]


def test_an_error_here_ends_the_other_process(forked, monkeypatch):
    import os
    import time

    from bptrace.check import batched
    here = os.getpid()

    def train_stack(runs, *args):
        if os.getpid() != here:
            time.sleep(60)              # the other process: still training
        raise RuntimeError("stopped")
    monkeypatch.setattr(batched, "train_stack", train_stack)
    pids = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: pids.append(fork()) or pids[-1])
    cfg = parse_config(_mazur(), "cfg.yaml")
    with pytest.raises(RuntimeError):
        train_together(cfg, SINGLES, _step(cfg), {}, base=True)
    (pid,) = pids
    try:
        os.waitpid(pid, os.WNOHANG)     # still there: not ended
    except ChildProcessError:
        return                          # ended and waited for
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("the other process was left running")


def test_variants_that_do_not_apply_start_no_worker_process():
    """Mazur's page: every variant that applies trains in the stack; the five that do not
    (biases frozen, a threshold added, …) are found so at once, not in worker processes."""
    from bptrace.check import diagnose as D
    cfg = parse_config(_mazur(), "cfg.yaml")
    base = _step(cfg)
    base.update(trained_values(cfg))

    def pool():
        raise AssertionError("a worker process was started")
    d = D._diagnose(cfg, base, True, {}, pool)
    assert ("sequential update",) in [f.variants for f in d.findings]
    assert "biases frozen" in D.CATALOGUE_BY_NAME
    assert ("biases frozen",) not in [f.variants for f in d.findings]


def test_an_interrupt_while_waiting_ends_the_other_process(forked, monkeypatch):
    import os
    import signal
    import time

    from bptrace.check import batched
    here = os.getpid()

    class Interrupted(Exception):
        pass

    def ring(*_):
        raise Interrupted

    def train_stack(runs, *args):
        if os.getpid() != here:
            time.sleep(60)              # the other process: still training
        signal.setitimer(signal.ITIMER_REAL, 0.2)   # this one: done, and interrupted while it waits
        return {}
    monkeypatch.setattr(batched, "train_stack", train_stack)
    pids = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: pids.append(fork()) or pids[-1])
    old = signal.signal(signal.SIGALRM, ring)
    try:
        cfg = parse_config(_mazur(), "cfg.yaml")
        with pytest.raises(Interrupted):
            train_together(cfg, SINGLES, _step(cfg), {}, base=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    (pid,) = pids
    with pytest.raises(ChildProcessError):      # ended and waited for
        os.waitpid(pid, os.WNOHANG)
