"""The trained parameters as `train` reports them: read from the arrays, named by rule, the
keys made only when read; the JSON written from the arrays; the Rich report of a net with
many inputs; a CSV's columns read out of one copy."""

import json

import numpy as np
import pytest

from bptrace import api
from bptrace.training import loop as T
from bptrace.training.views import summary
from bptrace.training import views as V
from bptrace.config import train_settings
from bptrace.config.edgenames import EdgeNames
from bptrace.training.paramvalues import Piece, TrainedValues, named
from bptrace.render.data.json import BIG_JSON
from bptrace.render.data.reports import train_json, train_json_chunks


def _config(n_in, hidden, n_out, data, extra="", names=""):
    x = [round((k % 5) / 4, 3) for k in range(n_in)]
    return (f"title: values\nseed: 5\nnetwork:\n  inputs: {n_in}\n  layers:\n"
            f"    - {{neurons: {hidden}, activation: relu, weights: {{init: he}}, bias: {{init: zeros}}}}\n"
            f"    - {{neurons: {n_out}, activation: softmax, weights: {names or '{init: xavier}'}, "
            "bias: {init: zeros}}\n"
            f"loss: cross_entropy\nlearning_rate: 0.5\nsample: {{input: {x}, target: {[1] + [0] * (n_out - 1)}}}\n"
            f"data: {data}\ntrain: {{epochs: 2{extra}}}\n")


def _trained(text):
    cfg = api.load(text)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    X, Tg = cfg.dataset
    before = V.parameters(cfg.network)
    res = T.train(cfg.network, X, Tg, cfg.learning_rate, s)
    return cfg, before, summary(cfg.network, X, Tg, res, s, cfg.learning_rate)


def _samples(n_in, n_out, n=3):
    rng = np.random.default_rng(2)
    return [{"input": rng.random(n_in).round(3).tolist(),
             "target": [1 if k == i % n_out else 0 for k in range(n_out)]} for i in range(n)]


@pytest.mark.parametrize("start, stop", [(0, 7), (5, 23), (0, 24), (13, 14), (8, 16)])
def test_names_by_rule_in_columns_are_the_rules_names(start, stop):
    edges = EdgeNames(["x1", "x_2", "b"], ["h1", "h2", "o_3", "o4", "z", "y", "q", "r"])
    heads, tails = Piece(edges, np.zeros(len(edges))).columns(start, stop, '"new.')
    assert list(map(str.__add__, heads, tails)) == ['"new.' + n for n in edges.names[start:stop]]


def test_the_values_are_every_parameter_after_training_in_order():
    cfg, before, report = _trained(_config(6, 5, 3, _samples(6, 3),
                                           names="{w_a: [h1_1, o1, 0.5], w_b: [h1_3, o2, -0.25]}"))
    values = report["values"]
    net = cfg.network
    assert isinstance(values, TrainedValues)
    extra = list(values.extra)                  # accuracy, where the targets make it a classifier
    assert list(values) == ["loss"] + extra + [f"new.{p.name}" for p in net.params]
    assert values.values() == [values.loss] + [values[k] for k in extra] + [net.value(p) for p in net.params]
    assert values["new.w_b"] == net.value(next(p for p in net.params if p.name == "w_b"))
    assert "new.w_x1_h1_1" in values and "new.nope" not in values and "w_a" not in values
    with pytest.raises(KeyError):
        values["new.nope"]
    assert dict(values.items()) == dict(zip(values, values.values()))
    rows = V.before_after(before, net)
    assert len(rows) == len(net.params)
    assert list(rows) == [rows[k] for k in range(len(rows))]
    assert [r[0] for r in rows] == [p.name for p in net.params]
    assert [r[2] for r in rows] == [net.value(p) for p in net.params]
    assert any(r[1] != r[2] for r in rows)


def test_the_values_are_a_copy_not_the_live_arrays():
    cfg, _, report = _trained(_config(4, 3, 2, _samples(4, 2)))
    kept = report["values"].values()
    for layer in cfg.network.layers:
        layer.W += 1.0
    assert report["values"].values() == kept
    assert named(cfg.network).floats() != kept[1:]


def test_a_big_report_is_written_from_the_arrays_as_the_encoder_writes_its_dict():
    cfg, _, report = _trained(_config(150, 150, 4, _samples(150, 4),     # a rule, then a list
                                      names="{w_a: [h1_1, o1, 0.5], w_b: [h1_3, o2, -0.25]}"))
    values = report["values"]
    assert [p.ruled for p in values.params.pieces] == [True, False, False, False]
    assert len(values) > BIG_JSON
    plain = report | {"values": dict(values.items())}
    chunks = list(train_json_chunks(cfg.title, "c.yaml", report, None))
    assert len(chunks) > 3                               # written as it is made
    assert "".join(chunks) == train_json(cfg.title, "c.yaml", plain, None)
    obj = json.loads("".join(chunks))
    assert obj["values"] == plain["values"]
    assert list(obj) == ["bptrace", "command", "config", "title", "settings", "history", "values",
                         "stopped"]


def test_a_small_report_is_the_indented_json_of_its_dict():
    cfg, _, report = _trained(_config(3, 2, 2, _samples(3, 2)))
    plain = report | {"values": dict(report["values"].items())}
    assert train_json(cfg.title, "c.yaml", report, None) == train_json(cfg.title, "c.yaml", plain, None)
    assert "\n" in train_json(cfg.title, "c.yaml", report, None)


def test_a_long_input_shows_its_first_values_and_how_many(run, write, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")                 # no cell wrapped
    path = write(_config(12, 4, 3, _samples(12, 3)))
    res = run("train", path)
    assert res.exit_code == 0
    first = _samples(12, 3)[0]["input"]
    assert ", ".join(f"{v:.4g}" for v in first[:4]) + ", … (12 in all)" in res.stdout
    assert f"{first[4]:.4g}, {first[5]:.4g}" not in res.stdout
    assert "│ 1, 0, 0 " in res.stdout                    # a target of 3 values is shown whole
    zh = run("train", path, "--lang", "zh")
    assert "…（共 12 个）" in zh.stdout


@pytest.mark.parametrize("inputs, scale", [("[p2-p4]", 4), ("[p4, p2]", 4), ("[p2-p4]", None),
                                           ("[1-5]", 2)])
def test_csv_columns_are_read_out_as_selected_and_scaled(write, tmp_path, inputs, scale):
    rng = np.random.default_rng(4)
    table = rng.integers(0, 9, (6, 5)).astype(float)
    table[:, 0] = np.arange(6) % 2
    (tmp_path / "d.csv").write_text("label,p2,p3,p4,p5\n" + "\n".join(
        ",".join(str(int(v)) for v in row) for row in table) + "\n")
    cols = {"[p2-p4]": [1, 2, 3], "[p4, p2]": [3, 1], "[1-5]": [0, 1, 2, 3, 4]}[inputs]
    from bptrace.config import datafiles
    X, Tg = datafiles.read_csv(tmp_path / "d.csv", [inputs.strip("[]")] if "," not in inputs
                               else [c.strip() for c in inputs.strip("[]").split(",")], ["label"], scale)
    # a run of columns stays where it was read (a row's values side by side), others copied
    assert X.strides[1] == X.itemsize and Tg.flags["C_CONTIGUOUS"]
    assert X.flags["C_CONTIGUOUS"] == (cols != list(range(cols[0], cols[0] + len(cols))) or
                                       len(cols) == 5)
    assert np.array_equal(X, table[:, cols] / (scale or 1))
    assert np.array_equal(Tg, table[:, [0]])
