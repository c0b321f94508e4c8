"""Textbook checks whose words must not mislead (issue 25): the per-output loss after the
update (new.loss.O), the sequential update as a config's convention, "agrees only up to
sign" only where the sign explains the value, and values printed truncated."""

import json

import numpy as np
import pytest

from bptrace.config import from_dict, parse_config
from bptrace.examples import text as example_text
from bptrace.trace import build_trace


def _trace(cfg, **kw):
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, **kw)


# ------------------------------------------------------------------------ new.loss.O
def test_new_loss_per_output_is_the_split_of_new_loss_and_sums_to_it():
    cfg = parse_config(example_text("mazur"))
    v = _trace(cfg).values()
    t = dict(zip(cfg.network.outputs, cfg.sample.t))
    for o in cfg.network.outputs:
        assert v[f"new.loss.{o}"] == pytest.approx(0.5 * (t[o] - v[f"new.out.{o}"]) ** 2,
                                                   rel=1e-15, abs=0)
    assert v["new.loss.o1"] + v["new.loss.o2"] == pytest.approx(v["new.loss"], rel=1e-15, abs=0)
    assert round(v["new.loss"], 9) == 0.291027774          # SPEC §5


@pytest.mark.parametrize("loss", ["sse", "mse", "binary_cross_entropy"])
def test_new_loss_per_output_for_other_losses_that_split(loss):
    data = {"network": {"inputs": 2, "layers": [
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.1, -0.2], [0.3, 0.4]], "bias": 0.1},
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.5, -0.6], [0.7, 0.2]]}]},
        "loss": loss, "learning_rate": 0.5,
        "sample": {"input": [0.3, 0.9], "target": [0.0, 1.0]}}
    cfg = from_dict(data)
    v = _trace(cfg).values()
    assert cfg.network.loss.splits
    assert v["new.loss.o1"] + v["new.loss.o2"] == pytest.approx(v["new.loss"], rel=1e-14)
    # each share is the loss's own share computed at the new outputs
    y = np.array([[v["new.out.o1"], v["new.out.o2"]]])
    parts = cfg.network.loss.parts(y, np.array([cfg.sample.t]))[0]
    assert [v["new.loss.o1"], v["new.loss.o2"]] == pytest.approx(parts.tolist(), rel=1e-12)


def test_new_loss_per_output_absent_where_the_loss_does_not_split():
    data = {"network": {"inputs": 2, "layers": [
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.1, -0.2], [0.3, 0.4]]}]},
        "loss": "cosine", "learning_rate": 0.5,
        "sample": {"input": [0.3, 0.9], "target": [0.2, 1.0]}}
    cfg = from_dict(data)
    assert not cfg.network.loss.splits
    v = _trace(cfg).values()
    assert "new.loss" in v and not any(k.startswith(("new.loss.", "loss.")) for k in v)


def test_new_loss_per_output_in_json_step_and_check(run, write):
    out = run("step", "--format", "json")
    values = json.loads(out.output)["values"]
    assert values["new.loss.o1"] + values["new.loss.o2"] == pytest.approx(values["new.loss"])
    shown = run("step")
    assert "new.loss.o1" in shown.output and "½(target.o1 − new.out.o1)²" in shown.output
    path = write(example_text("mazur").split("expect:")[0]
                 + "expect:\n  new.loss.o1: 0.267976501\n  new.loss.o2: 0.0230512724\n")
    checked = run("check", path, "--format", "json")
    assert checked.exit_code == 0, checked.output
    checks = json.loads(checked.output)["checks"]
    assert [c["key"] for c in checks] == ["new.loss.o1", "new.loss.o2"]
    assert all(c["agree"] for c in checks)
    # printed as a hand calculation: the printed shares make the printed new.loss
    hand = run("check", path, "--round", "printed", "--format", "json")
    assert hand.exit_code == 0, hand.output
