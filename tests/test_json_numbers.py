"""Large JSON is written without one encoder call per float, and must still be the encoder's
text byte for byte: the number texts of whole arrays (each distinct float written once, a
weight's text lent to an equal later float), the generated weight names made by rule, and
the streamed step JSON of a net where both short cuts are taken."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

from bptrace import api
from bptrace.config.edgenames import EdgeNames
from bptrace.render.data import pieces as jsonnumbers
from bptrace.render.data.json import BIG_JSON, dumps, step_json
from bptrace.render.data.reports import train_json
from bptrace.render.data.pieces import Written, numbers
from bptrace.trace import build_trace
from bptrace.config.edgenames import Wiring
from tests.test_trace_store import whole_json


def _reference(values) -> list[str]:
    """What json.dumps writes for each float (NaN and infinity as null)."""
    return [json.dumps(v) if math.isfinite(v) else "null" for v in np.asarray(values).tolist()]


def _awkward(rng, n: int) -> np.ndarray:
    """Floats of every kind the shortest repr treats apart."""
    parts = [
        rng.normal(size=n),
        rng.normal(size=n) * 10.0 ** rng.integers(-30, 30, size=n),
        rng.uniform(1e15, 1e18, size=n),                      # around the switch to 1e+16
        rng.uniform(1e-5, 1e-3, size=n),                      # around the switch to 1e-05
        np.array([5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, -1e-315]),   # subnormal
        np.array([0.0, -0.0, 1.0, -1.0, 1e16, 1e22, 123456789012345678.0, 0.1, 1 / 3]),
        np.array([np.finfo(float).max, -np.finfo(float).max, np.finfo(float).tiny]),
        rng.integers(-10 ** 6, 10 ** 6, size=n).astype(float),
    ]
    return np.concatenate(parts)


def test_numbers_are_the_encoders_for_floats_of_every_kind():
    rng = np.random.default_rng(19)
    values = _awkward(rng, 3000)
    assert numbers(values) == _reference(values)
    with_bad = values.copy()
    with_bad[[3, 100, -2]] = [math.nan, math.inf, -math.inf]
    assert numbers(with_bad) == _reference(with_bad)


def test_repeated_floats_are_written_once_and_keep_the_sign_of_zero(monkeypatch):
    rng = np.random.default_rng(7)
    few = _awkward(rng, 20)
    values = rng.choice(np.concatenate([few, [0.0, -0.0, math.nan, math.inf]]), size=50_000)
    assert (np.signbit(values) & (values == 0)).any() and ((values == 0) & ~np.signbit(values)).any()
    formatted: list[int] = []
    plain = jsonnumbers.plain_numbers
    monkeypatch.setattr(jsonnumbers, "plain_numbers",
                        lambda v: formatted.append(len(v)) or plain(v))
    assert numbers(values) == _reference(values)
    assert formatted and max(formatted) < 200          # the distinct floats only


def test_a_weights_text_is_lent_only_where_the_bits_agree():
    rng = np.random.default_rng(3)
    w = rng.normal(size=10_000)
    w[:50] = 0.0
    new = w.copy()
    changed = rng.random(w.size) < 0.4
    new[changed] = np.nextafter(w[changed], np.inf)      # one unit in the last place
    new[:25] = -0.0                                      # -0.0 where the weight is 0.0
    written = Written()
    written.remember(1, w, numbers(w))
    change = new - w
    block = np.column_stack([change, new]).ravel()       # change., new. interleaved
    for start in range(0, len(block), 4096):
        piece = block[start:start + 4096]
        assert written.numbers(1, piece, start, 2) == _reference(piece)
    assert written.numbers(2, new, 0, 1) == _reference(new)      # another layer: nothing lent


def test_generated_weight_names_are_the_dict_they_stand_for():
    below, neurons = ["x1", "x_2", "θ"], ["h1", "h1_2"]
    rule = EdgeNames(below, neurons)
    expected = {(j, k): f"w_{below[k]}_{neurons[j]}" for j in range(2) for k in range(3)}
    assert list(rule.items()) == list(expected.items())
    assert list(rule) == list(expected) and list(rule.values()) == list(expected.values())
    assert len(rule) == 6 and rule == expected and dict(rule) == expected
    assert rule[(1, 2)] == rule[np.int64(1), np.int64(2)] == "w_θ_h1_2"
    assert (1, 3) not in rule and (2, 0) not in rule and "w_x1_h1" not in rule
    with pytest.raises(KeyError):
        rule[(0, -1)]
    J, K = rule.arrays()
    assert list(zip(J.tolist(), K.tolist())) == list(expected)
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule and again.names == rule.names


def test_generated_names_kept_as_their_rule_read_as_the_list():
    from bptrace.config.edgenames import RuleNames

    below, neurons = ["x1", "x_2", "θ"], ["h1", "h1_2"]
    names = RuleNames(EdgeNames(below, neurons), ["b1", "b2"])
    full = [f"w_{b}_{n}" for n in neurons for b in below] + ["b1", "b2"]
    assert len(names) == 8 and list(names) == full and names == full
    for a in range(-9, 10):
        assert [names[i] for i in range(-8, 8)] == [full[i] for i in range(-8, 8)]
        for b in range(-9, 10):
            assert names[a:b] == full[a:b]
    assert names[::3] == full[::3] and list(names + ["c"]) == full + ["c"]
    with pytest.raises(IndexError):
        names[8]


def test_a_generated_layer_is_wired_and_named_as_before():
    cfg = api.load(_net(30, 20, 3))
    for l, layer in enumerate(cfg.network.layers):
        assert isinstance(layer.weight_names, EdgeNames)
        below = cfg.network.node_names(l)
        expected = {(j, k): f"w_{below[k]}_{layer.neurons[j]}"
                    for j in range(len(layer.neurons)) for k in range(len(below))}
        wr = Wiring(layer)
        assert list(zip(wr.J.tolist(), wr.K.tolist())) == list(expected)
        assert wr.names == list(expected.values())
    names = [p.name for p in cfg.network.params]
    assert len(names) == len(set(names)) == 30 * 20 + 20 + 20 * 3 + 3


def _net(n_in: int, n_hidden: int, n_out: int) -> str:
    x = [round((k % 5) / 4, 3) for k in range(n_in)]     # every 5th input is zero
    t = [1] + [0] * (n_out - 1)
    return (f"title: numbers\nseed: 5\nnetwork:\n  inputs: {n_in}\n  layers:\n"
            f"    - {{neurons: {n_hidden}, activation: relu, weights: {{init: he}}, bias: {{init: zeros}}}}\n"
            f"    - {{neurons: {n_out}, activation: softmax, weights: {{init: xavier}}, bias: {{init: zeros}}}}\n"
            f"loss: cross_entropy\nlearning_rate: 0.5\nsample: {{input: {x}, target: {t}}}\n")


def test_streamed_relu_json_with_written_once_and_lent_floats_is_the_encoders(monkeypatch):
    cfg = api.load(_net(180, 160, 5))
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file="numbers.yaml")
    assert len(tr) > BIG_JSON
    lent: list[int] = []
    lend = Written.numbers
    monkeypatch.setattr(Written, "numbers", lambda self, l, v, s, p:
                        lent.append(len(v)) or lend(self, l, v, s, p))
    assert step_json(tr) == whole_json(tr)
    assert lent                                          # the lending path was taken


def test_streamed_json_made_in_rows_and_spans_that_do_not_align_is_the_encoders(monkeypatch):
    from bptrace.render.data import json as writer

    cfg = api.load(_net(180, 160, 5))
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file="numbers.yaml")
    monkeypatch.setattr(writer, "SPAN", 1000)          # texts made 1000 weights at a time,
    monkeypatch.setattr(writer, "CHUNK", 4096)         # written 22 rows of 180 at a time
    assert step_json(tr) == whole_json(tr)


def test_nonfinite_values_under_generated_names_are_null_and_named():
    cfg = api.load(_net(180, 160, 5))
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file="numbers.yaml")
    weights = 180 * 160
    for block in tr.blocks:
        if block.section in ("gradient", "update") and block.layer == 1:
            block.values[[5, weights - 1, weights, -1]] = [math.nan, math.inf, -math.inf, math.nan]
    text = step_json(tr)
    assert text == whole_json(tr)
    assert json.loads(text)["nonfinite"] == tr.nonfinite() == [
        "grad.w_x6_h1_1", "grad.w_x180_h1_160", "grad.b_h1_1", "grad.b_h1_160",
        "new.w_x3_h1_1", "new.w_x180_h1_80", "change.w_x1_h1_81", "new.b_h1_160"]


def _report(values: dict) -> dict:
    return {"settings": {"epochs": 1, "mode": "minibatch", "learning_rate": 0.1},
            "history": [{"epoch": 1, "loss": 0.5}], "values": values, "stopped": None}


def _train_reference(title, file, report, outputs, extra=None) -> str:
    obj = {"bptrace": json.loads(train_json("t", "f", _report({"loss": 1.0}), None))["bptrace"],
           "command": "train", "config": file, "title": title} | report
    if outputs is not None:
        obj["outputs"] = outputs
    return dumps(obj | (extra or {}), big=True)


@pytest.mark.parametrize("keys", ["plain", "escaped"])
def test_a_big_train_report_is_the_encoders_text(keys):
    rng = np.random.default_rng(11)
    numbers_ = _awkward(rng, 4000)
    numbers_[[7, 70]] = [math.nan, -math.inf]
    names = [f"new.w_x{i}_h{i % 97}" for i in range(len(numbers_))]
    if keys == "escaped":
        names[5], names[-3] = 'new.w_"quoted"', "new.w_back\\slash_权重\n"
    report = _report({"loss": 0.25} | dict(zip(names, numbers_.tolist())))
    assert len(report["values"]) > BIG_JSON
    outputs = [{"index": 0, "input": [0.5], "target": [1.0], "output": [math.nan]}]
    for args in ((None, None), (outputs, {"trace_at": {"update": 3, "values": {"a": 1.5}}})):
        got = train_json("标题 \"t\"", "c.yaml", report, *args)
        assert got == _train_reference("标题 \"t\"", "c.yaml", report, *args)


def test_a_trained_nets_report_is_the_encoders_text():
    from bptrace.training import loop as T
    from bptrace.training.views import summary
    from bptrace.config import load_config, train_settings

    text = _net(160, 140, 4).replace("learning_rate: 0.5", "learning_rate: 0.5\n"
                                     "data: [{input: %s, target: [0, 1, 0, 0]}]\n"
                                     "train: {epochs: 2}" % ([0.5] * 160))
    cfg = api.load(text)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    X, Tg = cfg.dataset
    res = T.train(cfg.network, X, Tg, cfg.learning_rate, s)
    report = summary(cfg.network, X, Tg, res, s, cfg.learning_rate)
    names = [p.name for p in cfg.network.params]
    assert list(report["values"]) == ["loss", "accuracy"] + [f"new.{n}" for n in names]  # 0/1 targets: a classifier
    assert len(report["values"]) > BIG_JSON
    plain = report | {"values": dict(report["values"].items())}    # what the encoder writes
    assert train_json(cfg.title, "c.yaml", report, None) == \
        _train_reference(cfg.title, "c.yaml", plain, None)


def _two_layers(inputs, hidden, outputs, bias1="{init: zeros}", weights2="{init: he}") -> str:
    return (f"title: names\nseed: 1\nnetwork:\n  inputs: {inputs}\n  layers:\n"
            f"    - {{neurons: {hidden}, activation: sigmoid, weights: {{init: he}}, bias: {bias1}}}\n"
            f"    - {{neurons: {outputs}, activation: sigmoid, weights: {weights2}, bias: {{init: zeros}}}}\n"
            "loss: half_sse\nlearning_rate: 0.5\n"
            f"sample: {{input: {[0.5] * len(inputs)}, target: {[1] * len(outputs)}}}\n")


NAME_CASES = {
    "apart": _two_layers(["x1", "x2"], ["h1_1", "h1_2"], ["o1"]),
    "bias named as a weight": _two_layers(["x1", "x2"], ["h1", "h2"], ["o1"],
                                          bias1="{w_x2_h1: [h1, 0.1], c: [h2, 0.2]}"),
    "edge named as a weight": _two_layers(["x1", "x2"], ["h1", "h2"], ["o1"],
                                          weights2="{w_x1_h2: [h1, o1, 0.5]}"),
    "edge from a weight's name": _two_layers(["x1", "x2"], ["h1", "h2"], ["o1"],
                                             weights2="{v: [w_x1_h1, o1, 0.5]}"),
    "a name made twice in a layer": _two_layers(["a", "a_b"], ["b_c", "c"], ["o1"]),
    "a name made in two layers": _two_layers(["a"], ["a_b", "b_c"], ["c"]),
    "an input named as a weight": _two_layers(["w_x_h", "x"], ["h", "k"], ["o1"]),
}


@pytest.mark.parametrize("case", list(NAME_CASES))
def test_generated_names_kept_as_a_rule_meet_every_other_name_as_if_made(case, monkeypatch):
    from bptrace.config.names import Names
    from bptrace.errors import BadInput

    def outcome():
        try:
            cfg = api.load(NAME_CASES[case])
        except BadInput as exc:
            return "error", str(exc)
        return "ok", [p.name for p in cfg.network.params]

    kept = outcome()
    monkeypatch.setattr(Names, "add_rule", lambda self, rule, node: self.add_all(rule.names, node))
    assert kept == outcome()
    assert kept[0] == ("ok" if case == "apart" else "error")
