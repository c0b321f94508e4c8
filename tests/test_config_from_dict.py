"""A config built from plain data (config.from_dict) is the config that writing the data as
YAML and reading it back gives, without the text in between."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from bptrace.checking import exercise
from bptrace.config import from_dict, load, parse_config, train_settings
from bptrace.config.yamlsource import from_data, parse_yaml
from bptrace.errors import BadInput

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "configs").glob("*.yaml"))


def dumped(data):
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def same_tree(a, b):
    """The same kinds, paths, values and scalar texts everywhere (lines aside)."""
    assert (a.kind, a.path, a.text, a.value) == (b.kind, b.path, b.text, b.value)
    if a.is_map:
        assert a.keys() == b.keys()
        for (ka, ca), (kb, cb) in zip(a.items(), b.items()):
            same_tree(ca, cb)
    elif a.is_seq:
        assert len(a) == len(b)
        for ca, cb in zip(a, b):
            same_tree(ca, cb)


def same_config(a, b):
    assert (a.file, a.title, a.learning_rate, a.seed) == (b.file, b.title, b.learning_rate, b.seed)
    na, nb = a.network, b.network
    assert (na.inputs, na.outputs, na.loss.name, na.train_biases) == \
        (nb.inputs, nb.outputs, nb.loss.name, nb.train_biases)
    assert [p.name for p in na.params] == [p.name for p in nb.params]
    for x, y in zip(na.arrays(), nb.arrays()):
        assert np.array_equal(x, y)
    assert np.array_equal(a.sample.x, b.sample.x) and np.array_equal(a.sample.t, b.sample.t)
    for x, y in zip(a.dataset, b.dataset):
        assert np.array_equal(x, y)
    assert [(e.key, e.text) for e in a.expect] == [(e.key, e.text) for e in b.expect]
    sa = train_settings(a.train, na, a.seed)
    sb = train_settings(b.train, nb, b.seed)
    assert vars(sa) == vars(sb)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_from_its_data(path):
    data = load(str(path)).root.value
    text = dumped(data)
    same_tree(from_data(data), parse_yaml(text))
    same_config(from_dict(data, file=str(path)), parse_config(text, str(path)))


def test_exercise_networks_equal_their_yaml():
    for seed, variant, shape, act, loss in ((7, 0, [2, 2, 2], "sigmoid", "half_sse"),
                                            (3, 1, [3, 2, 1], "tanh", "half_sse"),
                                            (5, 2, [2, 3], "relu", "cross_entropy")):
        data = exercise.draw(seed, variant, shape, act, loss)
        same_config(from_dict(data, "exercise"), parse_config(dumped(data), "exercise"))


def test_scalar_texts_are_yamls():
    node = from_data({"a": 1e-05, "b": 0.1, "c": True, "d": None, "e": 3, "f": float("inf"),
                      "g": "1e5", 7: "seven"})
    texts = {k: c.text for k, c in node.items()}
    assert texts == {"a": "1.0e-05", "b": "0.1", "c": "true", "d": "null", "e": "3",
                     "f": ".inf", "g": "1e5", "7": "seven"}
    assert node.value["7"] == "seven" and node.get("7").path == "7"


def test_numpy_scalars_are_numbers():
    plain = exercise.draw(7, 0, [2, 2, 2], "sigmoid", "half_sse")
    with_numpy = dict(plain, learning_rate=np.float64(plain["learning_rate"]), seed=np.int64(0))
    same_config(from_dict(with_numpy), from_dict(dict(plain, seed=0)))


def test_errors_name_the_path_and_no_line():
    data = exercise.draw(7, 0, [2, 2, 2], "sigmoid", "half_sse")
    data["network"]["layers"][0]["activation"] = "sigmoidd"
    with pytest.raises(BadInput) as err:
        from_dict(data)
    assert err.value.path == "network.layers[0].activation" and err.value.line is None
    assert "unknown activation 'sigmoidd'" in err.value.message


def test_data_that_contains_itself_or_objects_is_bad_input():
    data = exercise.draw(7, 0, [2, 2, 2], "sigmoid", "half_sse")
    data["network"]["layers"][0]["weights"]["w9"] = data["network"]
    with pytest.raises(BadInput, match="contains itself"):
        from_dict(data)
    with pytest.raises(BadInput, match="not set") as err:
        from_dict(dict(data, title={1, 2}))
    assert err.value.path == "title"
    with pytest.raises(BadInput, match="given twice"):
        from_dict({1: "a", "1": "b"})


def test_the_text_of_a_built_config_reads_back_the_same():
    data = load("xor").root.value
    cfg = from_dict(data, "xor")
    same_config(parse_config(cfg.text, "xor"), cfg)
    assert load("xor").text == Path(CONFIGS[0].parent / "xor.yaml").read_text(encoding="utf-8")
