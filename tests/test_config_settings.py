"""Training settings: one validator (config.train_settings) for a config's train: section
and the train command's overrides."""

import pytest

from bptrace.config import check_settings, parse_config, train_settings
from bptrace.config.settings import OVERRIDES, Settings
from bptrace.errors import BadInput

NET = """network:
  inputs: 2
  layers:
    - {name: hidden, neurons: 3, activation: sigmoid, weights: {init: uniform}}
    - {neurons: 1, activation: sigmoid, weights: {init: uniform}}
learning_rate: 0.5
data: [{input: [0, 0], target: [0]}, {input: [0, 1], target: [1]},
       {input: [1, 0], target: [1]}, {input: [1, 1], target: [0]}]
seed: 4
"""


def settings(train="", overrides=None, file=None):
    cfg = parse_config(NET + (f"train:\n{train}" if train else ""))
    return train_settings(cfg.train, cfg.network, cfg.seed, overrides, file=file)


def test_defaults_and_the_configs_seed():
    s = settings()
    assert vars(s) == vars(Settings(seed=4))
    assert (s.epochs, s.mode, s.optimizer, s.every) == (1000, "online", "sgd", None)


@pytest.mark.parametrize("section, overrides", [
    ("  decay: {rate: 0.5, steps: 10}\n", {"decay": "0.5:10"}),
    ("  step_decay: {factor: 0.5, every: 3}\n", {"step_decay": "0.5:3"}),
    ("  dropout: {1: 0.25}\n", {"dropout": ["1=0.25"]}),
    ("  dropout: {hidden: 0.25}\n", {"dropout": ["hidden=0.25"]}),
    ("  l2: 0.01\n", {"l2": 0.01}),
    ("  validation: 0.25\n", {"validation": 0.25}),
    ("  optimizer: {momentum: {momentum: 0.8}}\n",
     {"optimizer": "momentum", "opt_settings": ["momentum=0.8"]}),
    ("  epochs: 7\n  mode: minibatch\n  batch_size: 2\n  shuffle: true\n  seed: 9\n  every: 2\n",
     {"epochs": 7, "mode": "minibatch", "batch_size": 2, "shuffle": True, "seed": 9, "every": 2}),
    ("  early_stopping: {patience: 3, min_delta: 0.1}\n", {"patience": 3, "min_delta": 0.1}),
])
def test_the_same_setting_from_the_section_or_the_command_line(section, overrides):
    from_section, from_options = settings(section), settings(overrides=overrides)
    assert vars(from_section) == vars(from_options) != vars(settings())


def test_overrides_go_over_the_section():
    s = settings("  epochs: 50\n  every: 10\n  optimizer: {adam: {beta1: 0.8, beta2: 0.9}}\n",
                 {"epochs": 5, "opt_settings": ["beta2=0.99"], "every": None})
    assert (s.epochs, s.every, s.optimizer) == (5, 10, "adam")
    assert s.optimizer_settings == {"beta1": 0.8, "beta2": 0.99}


def test_a_batch_size_alone_makes_online_training_minibatch():
    assert settings(overrides={"batch_size": 2}).mode == "minibatch"
    assert settings(overrides={"batch_size": 2, "mode": "online"}).mode == "online"
    assert settings("  mode: batch\n", {"batch_size": 2}).mode == "batch"


@pytest.mark.parametrize("overrides, message", [
    ({"decay": "2:3"}, "--decay needs 0 < RATE ≤ 1 and STEPS ≥ 1."),
    ({"decay": "0.5"}, "--decay takes two numbers as A:B, not '0.5'."),
    ({"step_decay": "a"}, "--step-decay takes two numbers as A:B, not 'a'."),
    ({"step_decay": "0:1"}, "--step-decay needs FACTOR > 0 and EVERY ≥ 1."),
    ({"dropout": ["2=0.5"]}, "--dropout 2=0.5: name a hidden layer (1 to 1, or by name)."),
    ({"dropout": ["1=x"]}, "--dropout takes LAYER=RATE, not '1=x'."),
    ({"dropout": ["1=1"]}, "--dropout 1=1: the rate must be in [0, 1)."),
    ({"opt_settings": ["momentum=x"]}, "--opt takes KEY=VALUE with a number, not 'momentum=x'."),
    ({"opt_settings": ["rho=0.9"]}, "optimizer sgd takes no settings, not 'rho'."),
    ({"validation": 1.5}, "--validation is a fraction below 1."),
    ({"epochs": 0}, "--epochs must be a whole number ≥ 1, not 0."),
    ({"mode": "full"}, "--mode: unknown mode 'full'; known: online, batch, minibatch."),
    ({"optimizer": "sgdd"}, "unknown optimizer 'sgdd'"),
    ({"l2": -1.0}, "--l2 must be a finite number ≥ 0, not -1.0."),
])
def test_bad_overrides_name_the_option_and_no_file(overrides, message):
    with pytest.raises(BadInput) as err:
        settings(overrides=overrides, file="cfg.yaml")
    assert err.value.message.startswith(message) and err.value.file is None


def test_bad_section_names_the_file_path_and_line():
    with pytest.raises(BadInput) as err:
        settings("  epochs: 5\n  decay: {rate: 2, steps: 3}\n", {"epochs": 3}, file="cfg.yaml")
    e = err.value
    assert (e.file, e.path, e.line) == ("cfg.yaml", "train.decay", 12)
    assert e.message.startswith("decay needs rate (0 < rate ≤ 1) and steps")


def test_an_unknown_override_is_a_programming_error():
    assert "opt_settings" in OVERRIDES
    with pytest.raises(TypeError, match="learning_rate"):
        settings(overrides={"learning_rate": 0.1})


def test_checks_that_need_the_data():
    s = settings(overrides={"mode": "minibatch"})
    with pytest.raises(BadInput, match="mode minibatch needs a batch size"):
        check_settings(s, 4)
    s.batch_size = 5
    with pytest.raises(BadInput, match="batch_size 5 is larger than the training data"):
        check_settings(s, 4)
    s.batch_size = 4
    check_settings(s, 4)
