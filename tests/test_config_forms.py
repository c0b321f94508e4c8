"""Every config form of SPEC §2 gives the network it says."""

import numpy as np
import pytest

from bptrace.config import parse_config
from bptrace.trace import build_trace

HEAD = "network:\n  inputs: [a, b]\n  layers:\n"
TAIL = "learning_rate: 0.5\nsample: {input: [0.05, 0.1], target: [0.01, 0.99]}\n"


def layer(neurons, weights, bias="", act="sigmoid", extra=""):
    return (f"    - neurons: {neurons}\n      activation: {act}\n      weights: {weights}\n"
            + (f"      bias: {bias}\n" if bias else "") + extra)


def values(text):
    cfg = parse_config(text)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()


def test_matrix_equals_named_edges():
    named = HEAD + layer("[h1, h2]", "{w1: [a, h1, 0.15], w2: [b, h1, 0.2], w3: [a, h2, 0.25], w4: [b, h2, 0.3]}", "0.35") \
        + layer("[o1, o2]", "[[0.4, 0.45], [0.5, 0.55]]", "0.6") + TAIL
    matrix = HEAD + layer("[h1, h2]", "[[0.15, 0.2], [0.25, 0.3]]", "0.35") \
        + layer("[o1, o2]", "[[0.4, 0.45], [0.5, 0.55]]", "0.6") + TAIL
    v1, v2 = values(named), values(matrix)
    assert v1["out.o1"] == v2["out.o1"] and v1["grad.w1"] == v2["grad.w_a_h1"]


def test_matrix_rows_inputs_is_the_transpose():
    a = HEAD + layer("[h1, h2]", "[[0.15, 0.2], [0.25, 0.3]]") + layer("[o]", "[[1, 2]]") + TAIL.replace("[0.01, 0.99]", "[1]")
    b = HEAD + layer("[h1, h2]", "[[0.15, 0.25], [0.2, 0.3]]", extra="      matrix_rows: inputs\n") \
        + layer("[o]", "[[1], [2]]", extra="      matrix_rows: inputs\n") + TAIL.replace("[0.01, 0.99]", "[1]")
    assert values(a) == values(b)


def test_missing_edge_means_no_connection():
    text = HEAD + layer("[h1, h2]", "{w1: [a, h1, 0.15], w4: [b, h2, 0.3]}") + layer("[o1, o2]", "[[0.4, 0.45], [0.5, 0.55]]") + TAIL
    cfg = parse_config(text)
    v = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, 0.5).values()
    assert v["net.h1"] == pytest.approx(0.15 * 0.05)
    assert "grad.w2" not in v and "err.a.h1" not in v


@pytest.mark.parametrize("bias,names,shared", [
    ("0.35", ["b1"], True),
    ("{bb: 0.35}", ["bb"], True),
    ("{bh1: 0.35, bh2: 0.1}", ["bh1", "bh2"], False),
    ("{p: [h2, 0.1]}", ["p"], False),
    ("[0.35, 0.1]", ["b_h1", "b_h2"], False),
])
def test_bias_forms(bias, names, shared):
    text = HEAD + layer("[h1, h2]", "[[0.15, 0.2], [0.25, 0.3]]", bias) + layer("[o1, o2]", "[[0.4, 0.45], [0.5, 0.55]]") + TAIL
    cfg = parse_config(text)
    layer0 = cfg.network.layers[0]
    assert layer0.bias_names == names
    v = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, 0.5).values()
    if shared:
        assert v[f"grad.{names[0]}"] == pytest.approx(v["delta.h1"] + v["delta.h2"])
    if bias == "{p: [h2, 0.1]}":
        assert v["net.h1"] == pytest.approx(0.15 * 0.05 + 0.2 * 0.1)
        assert v["grad.p"] == pytest.approx(v["delta.h2"])


def test_counts_name_neurons_and_weights():
    text = ("network:\n  inputs: 2\n  layers:\n" + layer(3, "{init: xavier}") + layer(2, "{init: he}")
            + layer(1, "{init: normal, mean: 0, std: 0.1}", act="linear") + TAIL.replace("[0.01, 0.99]", "[1]"))
    cfg = parse_config(text)
    assert cfg.network.inputs == ["x1", "x2"]
    assert cfg.network.layers[0].neurons == ["h1_1", "h1_2", "h1_3"]
    assert cfg.network.layers[1].neurons == ["h2_1", "h2_2"]
    assert cfg.network.outputs == ["o1"]
    assert "w_x1_h1_1" in cfg.network.param_by_name


def test_random_init_is_reproducible():
    text = "seed: 42\n" + HEAD + layer(2, "{init: uniform, low: -1, high: 1}") + layer("[o1, o2]", "{init: he}") + TAIL
    w1 = parse_config(text).network.layers[0].W
    assert np.array_equal(w1, parse_config(text).network.layers[0].W)
    # PCG64 is the same on every machine: pin the first draws
    expected = np.random.Generator(np.random.PCG64(42)).uniform(-1, 1, size=(2, 2))
    assert np.array_equal(w1, expected)
    assert w1[0, 0] == pytest.approx(0.5479120971, abs=1e-9)
    other = parse_config(text.replace("seed: 42", "seed: 43")).network.layers[0].W
    assert not np.array_equal(w1, other)


def test_sample_defaults_to_first_of_data_and_lists_or_mappings():
    text = HEAD + layer("[h1]", "[[1, 1]]") + layer("[o1, o2]", "[[1], [2]]") + "learning_rate: 0.1\n" \
        + "data:\n  - {input: {a: 1, b: 2}, target: {o1: 0, o2: 1}}\n  - {input: [3, 4], target: [1, 0]}\n"
    cfg = parse_config(text)
    assert list(cfg.sample.x) == [1, 2] and list(cfg.sample.t) == [0, 1]
    assert cfg.dataset[0].shape == (2, 2)


def test_yaml11_number_quirks_are_forgiven():
    text = HEAD + layer("[h1]", "[[1e-5, 2E+3]]") + layer("[o1, o2]", "[[1], [2]]") + TAIL
    cfg = parse_config(text)
    assert list(cfg.network.layers[0].W[0]) == [1e-5, 2000.0]


def test_leaky_relu_slope():
    text = HEAD + layer("[h1]", "[[1, 1]]", act="{leaky_relu: 0.2}") + layer("[o1, o2]", "[[1], [2]]") + \
        TAIL.replace("[0.05, 0.1]", "[-1, -1]")
    v = values(text)
    assert v["out.h1"] == pytest.approx(-0.4) and v["dout.h1"] == 0.2


def test_softmax_cross_entropy_delta():
    text = HEAD + layer("[c1, c2]", "[[0.1, 0.2], [0.3, -0.4]]", act="softmax") + \
        "loss: cross_entropy\n" + TAIL.replace("[0.01, 0.99]", "[0, 1]")
    v = values(text)
    assert v["delta.c1"] == pytest.approx(v["out.c1"])
    assert v["delta.c2"] == pytest.approx(v["out.c2"] - 1)
    assert v["loss"] == pytest.approx(-np.log(v["out.c2"]))


# one linear neuron with one weight: the smallest config that runs
ONE_WEIGHT = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_any_text_is_a_title(run, write):
    res = run("step", write("title: Mazur 的例子, 2-2-2\n" + ONE_WEIGHT), "--only", "loss")
    assert res.exit_code == 0 and "Mazur 的例子, 2-2-2" in res.stdout
