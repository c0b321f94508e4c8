"""A trace keeps its numbers as arrays with keys made by rule and makes each Quantity only
when asked: the keys, values and quantities it hands out agree with one another, summaries
and the streamed JSON read the arrays and say what the quantities would."""

from __future__ import annotations

import json
import math

import pytest

from bptrace import api
from bptrace.render.data.json import BIG_JSON, dumps, network_json, step_json
from bptrace import __version__
from bptrace.trace import build_trace, stats
from bptrace.trace.store import Keys


def _net(n_in: int, n_hidden: int, n_out: int, hidden="sigmoid", out="softmax",
         loss="cross_entropy") -> str:
    x = [round((k % 7) / 6, 3) for k in range(n_in)]
    t = [1] + [0] * (n_out - 1)
    return (f"title: store\nseed: 3\nnetwork:\n  inputs: {n_in}\n  layers:\n"
            f"    - {{neurons: {n_hidden}, activation: {hidden}, weights: {{init: uniform}}, bias: {{init: uniform}}}}\n"
            f"    - {{neurons: {n_out}, activation: {out}, weights: {{init: uniform}}, bias: {{init: uniform}}}}\n"
            f"loss: {loss}\nlearning_rate: 0.25\nsample: {{input: {x}, target: {t}}}\n")


def _trace(text: str):
    cfg = api.load(text)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=cfg.title, file="store.yaml")


@pytest.fixture(scope="module")
def wide():
    return _trace(_net(150, 120, 4))        # > BIG_JSON values: JSON is streamed


def test_keys_by_rule_interleave_their_prefixes_and_cut_anywhere():
    k = Keys(("net.", "out."), ["h1", "h2", "h3"])
    whole = ["net.h1", "out.h1", "net.h2", "out.h2", "net.h3", "out.h3"]
    assert k.slice(0, 6) == whole
    assert all(k.slice(a, b) == whole[a:b] for a in range(7) for b in range(a, 7))
    assert k.columns(1, 4, '"') == (['"out.', '"net.', '"out.'], ["h1", "h2", "h2"])


@pytest.mark.parametrize("config", ["mazur", "xor", "softmax", "regression"])
def test_keys_values_and_quantities_agree(config):
    cfg = api.load(config)
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    qs = tr.quantities
    assert [q.key for q in qs] == tr.keys() and len(qs) == len(tr)
    assert {q.key: q.value for q in qs} == tr.values()
    assert all(tr[q.key] is q for q in qs)                   # made once, then kept
    assert [q for s in ("forward", "loss", "backward", "gradient", "update", "after")
            for q in tr.section(s)] == qs


def test_a_value_put_in_place_reaches_the_quantity_made_before_and_after():
    tr = _trace(_net(3, 2, 2))
    made, later = tr[tr.keys()[-5]], tr.keys()[-3]
    tr.set_value(made.key, 0.5)
    tr.set_value(later, -0.25)
    assert made.value == 0.5 and tr.value(made.key) == 0.5 and tr.values()[made.key] == 0.5
    assert tr[later].value == -0.25


def test_summaries_from_the_arrays_are_those_of_the_quantities(wide):
    expected: dict = {}
    for q in wide.quantities:
        prefix = q.key.split(".", 1)[0]
        if prefix == "err" and q.key.count(".") == 2:
            prefix = "err.N.K"
        expected.setdefault((q.section, q.layer), {}).setdefault(prefix, []).append(q.value)
    got = stats(wide)
    assert list(got) == list(expected)
    for where, groups in expected.items():
        assert list(got[where]) == list(groups)
        for prefix, values in groups.items():
            assert tuple(got[where][prefix]) == (len(values), min(values), max(values))


def whole_json(tr) -> str:
    """The object as one in-memory encode writes it (what the streamed text must equal)."""
    every = tr.values()
    values = {k: (v if math.isfinite(v) else None) for k, v in every.items()}
    bad = [k for k, v in every.items() if not math.isfinite(v)]
    obj = {"bptrace": __version__, "command": "step",
           "config": tr.file, "title": tr.title, "network": network_json(tr), "values": values}
    if bad:
        obj["nonfinite"] = bad
    return dumps(obj, big=True)


def test_streamed_json_is_the_encoders_text(wide):
    assert len(wide) > BIG_JSON
    assert step_json(wide) == whole_json(wide)


def test_streamed_json_writes_nonfinite_values_as_null_and_names_them():
    tr = _trace(_net(150, 120, 4))
    keys = tr.keys()
    tr.set_value(keys[5], math.nan)
    tr.set_value(keys[-7], -math.inf)
    text = step_json(tr)
    assert text == whole_json(tr)
    assert json.loads(text)["nonfinite"] == tr.nonfinite() == [keys[5], keys[-7]]


def test_streamed_json_keeps_only_the_keys_asked_for(wide):
    keys = [k for k in wide.keys() if k.startswith(("grad.", "change.", "new.out."))]
    assert len(keys) > BIG_JSON
    got = json.loads(step_json(wide, keys))["values"]
    assert list(got) == keys and all(got[k] == wide.value(k) for k in keys)
