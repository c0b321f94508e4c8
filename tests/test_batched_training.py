"""check --diagnose trains its variants as one stack of networks: every trained value the
stack gives is the one-at-a-time training's value to the last bit, and no diagnosis changes."""

from pathlib import Path

import numpy as np
import pytest

from bptrace.checking import applied as A
from bptrace.checking import diagnose as D
from bptrace.checking.together import UPDATES, train_together
from bptrace.checking.variants import CATALOGUE
from bptrace.config import load_config, parse_config
from bptrace.errors import Diverged
from bptrace.trace import build_trace
from bptrace.training.loop import trained_values

CONFIGS = Path(__file__).parent.parent / "configs"


def _text(name: str) -> str:
    path = CONFIGS / f"{name}.yaml"
    return path.read_text(encoding="utf-8")


def _mazur(epochs: int = 40) -> str:
    return _text("mazur").replace("epochs: 10000", f"epochs: {epochs}")


def _xor(train: str = "mode: online", epochs: int = 15) -> str:
    """The XOR slides (biases trained, four samples) with a trained value to diagnose."""
    head, rest = _text("xor").split("\ntrain:\n")
    train = "".join(f"  {line.strip()}\n" for line in train.split(";"))
    return (head + f"\ntrain:\n  epochs: {epochs}\n" + train + rest[rest.index("expect:"):]
            + "  trained.loss: 0.25\n")


def _base(cfg) -> dict:
    values = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    values.update(trained_values(cfg))
    return values


def _one_at_a_time(cfg, key, base) -> dict:
    c, s, _ = A.applied(cfg, key, True, base)
    return A.trained_alone(c, s)


def _bits(values: dict) -> dict:
    return {k: np.float64(v).tobytes() for k, v in values.items()}


def _jobs(pairs: bool) -> list:
    names = [v.name for v in CATALOGUE if v.family != "rounding"]
    jobs = [(v.name,) for v in CATALOGUE]
    if pairs:
        fam = D.CATALOGUE_BY_NAME
        jobs += [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
                 if fam[a].family != fam[b].family]
    return jobs


def _same_as_one_at_a_time(text: str, pairs: bool = False) -> int:
    cfg = parse_config(text, "cfg.yaml")
    base = _base(cfg)
    cache: dict = {}
    train_together(cfg, _jobs(pairs), base, cache)
    keys = [k for k in cache if k]
    assert keys, "nothing was trained as a stack"
    for key in keys:
        assert _bits(cache[key]) == _bits(_one_at_a_time(cfg, key, base)), key
    return len(keys)


def test_every_variant_of_mazur_trains_as_one_at_a_time():
    # every single variant, and each one update fewer and one more
    assert _same_as_one_at_a_time(_mazur()) >= 3 * 12


def test_pairs_of_mazur_train_as_one_at_a_time():
    assert _same_as_one_at_a_time(_mazur(12), pairs=True) > 100


@pytest.mark.parametrize("train", [
    "mode: online",                                     # four samples, one update each
    "mode: batch",                                      # sums over the batch rows
    "mode: minibatch; batch_size: 3; shuffle: true",    # shuffled, a short last batch
])
def test_trained_biases_and_batches_train_as_one_at_a_time(train):
    assert _same_as_one_at_a_time(_xor(train)) >= 12


def test_thresholds_and_a_linear_layer_train_as_one_at_a_time():
    text = _xor("mode: batch").replace("activation: sigmoid\n      matrix_rows: inputs\n"
                                           "      weights: [[0.4", "activation: linear\n"
                                           "      matrix_rows: inputs\n      weights: [[0.4")
    text = text.replace("bias: {theta1_1: [y11, 0.3], theta1_2: [y12, 0.3]}",
                        "threshold: {theta1: 0.3}")
    cfg = parse_config(text, "cfg.yaml")
    assert cfg.network.layers[0].threshold and cfg.network.layers[1].activation.name == "linear"
    assert _same_as_one_at_a_time(text) >= 12


def test_hagan_lms_and_a_diverging_rate_train_as_one_at_a_time():
    text = (CONFIGS / "textbooks" / "hagan-lms.yaml").read_text(encoding="utf-8")
    assert _same_as_one_at_a_time(text) >= 3
    runaway = text.replace("learning_rate: 0.2", "learning_rate: 3").replace("epochs: 1", "epochs: 40")
    cfg = parse_config(runaway, "cfg.yaml")
    with pytest.raises(Diverged):
        trained_values(cfg)
    cfg.expect = [e for e in cfg.expect if not e.key.startswith("trained.")]
    base = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    cache = {(): {}}
    train_together(cfg, _jobs(False), base, cache)
    diverged = [k for k, v in cache.items() if k and not v]
    assert diverged
    for key in cache:
        if key:
            assert _bits(cache[key]) == _bits(_one_at_a_time(cfg, key, base)), key


def test_runs_that_train_alike_share_one_place_in_the_stack(monkeypatch):
    import bptrace.checking.batched as B
    seen = []
    real = B.train_stack
    monkeypatch.setattr(B, "train_stack", lambda runs, *a: seen.append(runs) or real(runs, *a))
    cfg = parse_config(_mazur(), "cfg.yaml")
    cache: dict = {}
    train_together(cfg, _jobs(False), _base(cfg), cache)
    (runs,) = seen
    places = [{k for m in [r] + r.twins for ks in m.targets.values() for k in ks} for r in runs]
    # a naming convention and a bias per neuron that is not trained change no number:
    # they train as the config itself does (read one update fewer for it)
    (place,) = [p for p in places if ("one update fewer",) in p]
    assert {("error signal",), ("one bias per neuron",)} <= place
    assert ("sequential update",) not in place and sum(len(r.twins) for r in runs) >= 2


def test_update_variants_are_read_from_the_same_training():
    cfg = parse_config(_mazur(), "cfg.yaml")
    cache: dict = {}
    train_together(cfg, _jobs(False), _base(cfg), cache)
    for u in UPDATES:
        assert (u,) in cache and ("sequential update", u) in cache


def _diagnosis(text: str, batched: bool, monkeypatch):
    import bptrace.checking.together as T
    cfg = parse_config(text, "cfg.yaml")
    base = _base(cfg)
    with monkeypatch.context() as m:
        if not batched:
            m.setattr(T, "train_together", lambda *a: None)
        return D._diagnose(cfg, base, True, {}, None)


@pytest.mark.parametrize("text", [_mazur(60), _xor()], ids=["mazur", "xor"])
def test_batching_changes_no_diagnosis(text, monkeypatch):
    one = _diagnosis(text, False, monkeypatch)
    stack = _diagnosis(text, True, monkeypatch)
    assert [(f.variants, f.agree, f.agreeing) for f in stack.findings] == \
        [(f.variants, f.agree, f.agreeing) for f in one.findings]
    assert (stack.explained, stack.worse, stack.base_agree) == \
        (one.explained, one.worse, one.base_agree)


@pytest.mark.xdist_group("mazur page diagnosed")
def test_mazur_page_diagnosis_from_the_stack(mazur_diagnosed):
    """The page's diagnosis (D.diagnose of its values, as check --diagnose finds it: made once
    per test process, for the tests that show it too)."""
    d = mazur_diagnosed.diagnosis
    assert [m.kind for m in d.fits("trained.loss")[0]] == ["updates"]
    assert ("sequential update",) in [f.variants for f in d.findings]


def test_networks_the_stack_cannot_hold_train_one_at_a_time_in_workers():
    """Softmax with cross-entropy from the logits: not stacked, trained in the pool's
    processes, the same diagnosis as in this process."""
    text = _text("softmax").replace("epochs: 500", "epochs: 20")
    text += "expect:\n  out.c1: 0.3\n  trained.loss: 0.5\n"
    cfg = parse_config(text, "cfg.yaml")
    base = _base(cfg)
    cache: dict = {}
    train_together(cfg, _jobs(False), base, cache)
    assert set(cache) == {()}                       # nothing stacked
    here = D._diagnose(cfg, base, True, {}, None)
    workers = D.diagnose(cfg, base)
    assert [(f.variants, f.agreeing) for f in workers.findings] == \
        [(f.variants, f.agreeing) for f in here.findings]
    assert workers.explained == here.explained


def _step(cfg) -> dict:
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()


def test_the_config_trains_in_the_stack_as_alone():
    from bptrace.checking.together import trained_with_variants
    cfg = parse_config(_mazur(30), "cfg.yaml")
    step = _step(cfg)
    cache = trained_with_variants(cfg, step)
    assert _bits(cache[()]) == _bits(trained_values(cfg))
    for key in cache:
        if key:
            assert _bits(cache[key]) == _bits(_one_at_a_time(cfg, key, step)), key


def test_a_config_the_stack_cannot_hold_trains_alone():
    from bptrace.checking.together import trained_with_variants
    text = _text("softmax").replace("epochs: 500", "epochs: 5")
    cfg = parse_config(text + "expect:\n  trained.loss: 0.5\n", "cfg.yaml")
    assert trained_with_variants(cfg, _step(cfg)) == {}


def test_a_diverging_config_says_so_with_diagnose():
    from bptrace.checking.grading import check_config
    from bptrace.checking.together import trained_with_variants
    text = (CONFIGS / "textbooks" / "hagan-lms.yaml").read_text(encoding="utf-8")
    text = text.replace("learning_rate: 0.2", "learning_rate: 3").replace("epochs: 1", "epochs: 40")
    cfg = parse_config(text, "cfg.yaml")
    assert any(e.key.startswith("trained.") for e in cfg.expect)
    assert trained_with_variants(cfg, _step(cfg)) == {}
    with pytest.raises(Diverged):
        check_config(cfg, None, diagnose=True)


def test_checking_for_a_diagnosis_checks_the_same():
    from bptrace.checking.grading import check_config
    plain = check_config(parse_config(_mazur(30), "cfg.yaml"), None)
    stacked = check_config(parse_config(_mazur(30), "cfg.yaml"), None, diagnose=True)
    assert () in stacked.trained and not plain.trained
    assert _bits(stacked.values) == _bits(plain.values)
    assert [(c.key, c.agree) for c in stacked.checks] == [(c.key, c.agree) for c in plain.checks]


def test_variants_that_do_not_apply_start_no_worker_process():
    """Mazur's page: every variant that applies trains in the stack; the five that do not
    (biases frozen, a threshold added, …) are found so at once, not in worker processes."""
    cfg = parse_config(_mazur(30), "cfg.yaml")
    base = _base(cfg)

    def pool():
        raise AssertionError("a worker process was started")
    d = D._diagnose(cfg, base, True, {}, pool)
    assert ("sequential update",) in [f.variants for f in d.findings]
    assert "biases frozen" in D.CATALOGUE_BY_NAME
    assert ("biases frozen",) not in [f.variants for f in d.findings]
