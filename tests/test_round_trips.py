"""What --save writes reads back as what was trained: names YAML would turn into something
else stay text, and the options the training really used are written."""

import pytest
import yaml

from bptrace.config import load_config

NAMES = """\
network:
  inputs: ["null", "true"]
  layers:
    - neurons: ["on", "yes"]
      activation: sigmoid
      weights:
        "off": ["null", "on", 0.1]
        "no": ["true", "on", 0.2]
        "y": ["null", "yes", 0.3]
        "n": ["true", "yes", 0.4]
      bias: {"Null": 0.1}
    - neurons: ["NULL"]
      activation: sigmoid
      weights: {"False": ["on", "NULL", 0.5], "TRUE": ["yes", "NULL", 0.6]}
learning_rate: 0.5
sample: {input: [0.1, 0.2], target: [0.3]}
train: {epochs: 5}
"""


def test_names_that_look_like_other_types_survive_a_save(run, write, tmp_path):
    saved = tmp_path / "saved.yaml"
    res = run("train", write(NAMES), "--save", saved, "--format", "json")
    assert res.exit_code == 0, res.stderr
    cfg = load_config(str(saved))
    assert cfg.network.inputs == ["null", "true"]
    assert cfg.network.outputs == ["NULL"]
    assert "off" in cfg.network.param_by_name and "Null" in cfg.network.param_by_name


def test_save_writes_the_options_actually_used(run, write, tmp_path):
    saved = tmp_path / "saved.yaml"
    res = run("train", write(NAMES), "--lr", "0.125", "--epochs", "7", "--optimizer", "adam",
              "--opt", "beta1=0.8", "--step-decay", "0.5:2", "--save", saved, "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = yaml.safe_load(saved.read_text())
    assert data["learning_rate"] == 0.125
    assert data["train"]["epochs"] == 7
    assert data["train"]["optimizer"] == {"adam": {"beta1": 0.8}}
    assert data["train"]["step_decay"] == {"factor": 0.5, "every": 2}
    again = run("train", saved, "--format", "json")       # and it trains the same way again
    assert again.exit_code == 0, again.stderr


def test_config_step_decay_factor_must_be_positive(run, write):
    for factor in (0, -1):
        res = run("train", write(NAMES.replace("train: {epochs: 5}",
                                               f"train: {{epochs: 5, step_decay: {{factor: {factor}, every: 2}}}}")))
        assert res.exit_code == 2 and "factor" in res.stderr and "line" in res.stderr


def test_undecodable_config_name_and_save(tmp_path):
    import os
    import subprocess
    import sys
    src = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / src).write_text(NAMES)
    r = subprocess.run([sys.executable, "-m", "bptrace", "train", src, "--save",
                        os.fsdecode(b"out\xe9.yaml"), "--format", "json"],
                       cwd=tmp_path, capture_output=True, timeout=120)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-m", "bptrace", "step", os.fsdecode(b"out\xe9.yaml")],
                       cwd=tmp_path, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_negative_zero_std(run, write):
    res = run("step", write("network:\n  inputs: 2\n  layers:\n    - {neurons: 2, activation: sigmoid, "
                            "weights: {init: normal, std: -0.0}}\nlearning_rate: 0.1\n"
                            "sample: {input: [1, 2], target: [1, 0]}\n"))
    assert res.exit_code == 0, res.stderr


from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.titles import TITLE  # noqa: E402


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(TITLE)
def test_every_title_survives_a_save_and_a_sheet(title):
    """What bptrace writes — a saved config, an exercise sheet's config, an answer file's
    comment — its own loader reads back, with the title as it was (a sample here; many more
    with the slow tests)."""
    _title_survives(title)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(TITLE)
def test_many_titles_survive_a_save_and_a_sheet(title):
    _title_survives(title)


def _title_survives(title):
    from bptrace.config import examples
    from bptrace.config import dump_config, from_dict, parse_config
    from bptrace.checking.exercise import sheet
    from bptrace.render.documents import sheet_files

    raw = yaml.safe_load(examples.text("mazur"))
    raw["title"] = title
    cfg = from_dict(raw)
    assert parse_config(dump_config(cfg, f"from {title}"), "saved.yaml").title == title
    s = sheet({k: v for k, v in raw.items() if k not in ("expect", "train", "data")}, "A", (), None)
    assert parse_config(s.text, "exercise-A.yaml").title == title
    answers = dict(sheet_files([s], "en"))["answers-A.yaml"]
    assert yaml.safe_load(answers)["sheet"] == "exercise-A.yaml"
