"""`bptrace verify`: the comparison, the table, the exit statuses — with the exported program
replaced by a stand-in where PyTorch is not needed, and for real where it is installed."""

import json

import pytest

import bptrace.export.verify as verify_mod
from bptrace.export.verify import Comparison, compare


def fake_program(shift_key=None, factor=1.0, drop=None):
    """A stand-in for running the exported program: bptrace's own numbers, one changed."""
    def run(cfg, args, python=None):
        from bptrace.trace import build_trace
        v = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
        if shift_key:
            v[shift_key] *= factor
        v.pop(drop, None)
        return {"torch": "stand-in", "device": "cpu", "values": v}
    return run


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(verify_mod, "torch_available", lambda python=None: True)
    return lambda **kw: monkeypatch.setattr(verify_mod, "run_program", fake_program(**kw))


def test_agreeing_numbers_pass(run, stand_in):
    stand_in()
    res = run("verify", "mazur")
    assert res.exit_code == 0 and "all 72 keys agree" in res.stdout


def test_one_difference_fails_and_leads_the_table(run, stand_in):
    stand_in(shift_key="grad.w5", factor=1 + 1e-8)
    res = run("verify", "mazur", "--top", "3")
    assert res.exit_code == 1
    assert "grad.w5" in res.stdout.split("┡")[1].splitlines()[1] and "DIFFERS" in res.stdout
    assert "1 of 72 keys differ" in res.stdout


def test_a_missing_key_is_a_difference(run, stand_in):
    stand_in(drop="new.loss")
    res = run("verify", "mazur", "--format", "json")
    out = json.loads(res.stdout)
    assert res.exit_code == 1 and out["differences"] == 1
    assert out["comparisons"][0]["key"] == "new.loss" and out["comparisons"][0]["rel"] is None


def test_without_torch_exit_2_says_how_to_install(run, monkeypatch):
    monkeypatch.setattr(verify_mod, "torch_available", lambda python=None: False)
    res = run("verify", "mazur")
    assert res.exit_code == 2 and "pip install 'bptrace[torch]'" in res.stderr
    assert "Traceback" not in res.output


def test_tolerances_floor_and_noise():
    assert Comparison("grad.w1", 1.0, 1.0 + 2e-10, 1e-9).agree
    assert not Comparison("grad.w1", 1.0, 1.0 + 2e-9, 1e-9).agree
    assert Comparison("grad.c", 3e-17, -2e-17, 1e-9).agree              # round-off of a zero
    assert not Comparison("trained.w", 0.1, 0.1001, 1e-7).agree
    assert Comparison("trained.w", 0.1, 0.1001, 1e-7, noise=2e-5).agree   # chaotic training
    rows = compare({"trained.w": 1.0, "loss": 2.0}, {"trained.w": 1.0 + 5e-8, "loss": 2.0 + 5e-8})
    assert [r.agree for r in rows] == [True, False]                     # 1e-7 against 1e-9


def test_training_runs_whole_epochs_up_to_100_updates():
    from bptrace.config import load_config
    assert verify_mod.training_epochs(load_config("xor"), 100) == (25, 100)
    assert verify_mod.training_epochs(load_config("redblue"), 100) == (12, 96)
    assert verify_mod.training_epochs(load_config("softmax"), 100) == (100, 100)


@pytest.mark.slow
def test_verify_against_the_installed_pytorch(run):
    pytest.importorskip("torch")
    res = run("verify", "xor", "--train", "--updates", "8")
    assert res.exit_code == 0, res.stdout
    words = " ".join(res.stdout.split())            # (the heading wraps at 80 columns)
    assert "2 epochs of training (8 updates)" in words and "all 93 keys agree" in words


@pytest.mark.slow
@pytest.mark.parametrize("name", ["hagan", "han-kamber", "negnevitsky"])
def test_textbook_notation_agrees_with_the_installed_pytorch(run, name):
    """Thresholds (net = W·a − θ) and error_signal: negative, exported and run by PyTorch."""
    pytest.importorskip("torch")
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "configs" / "textbooks" / f"{name}.yaml"
    res = run("verify", str(path))
    assert res.exit_code == 0 and "keys agree" in res.stdout, res.stdout
