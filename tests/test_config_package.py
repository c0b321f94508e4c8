"""The loading package's promises: importing it costs no numpy, it does not depend on
training (no import circle), and loading never prints."""

import subprocess
import sys
from pathlib import Path

import pytest

from bptrace import config

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "configs").glob("*.yaml"))


def imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_config_imports_no_numpy_and_no_training():
    mods = imported_after("import bptrace.config")
    assert "numpy" not in mods and "bptrace.training.loop" not in mods
    assert "bptrace.maths.network" not in mods


def test_numpy_comes_with_the_first_network():
    mods = imported_after("import bptrace.config as c; c.load('mazur')")
    assert "numpy" in mods and "bptrace.training.loop" not in mods


def test_the_names_other_modules_import_are_there():
    for name in ("Config", "Sample", "Expectation", "Settings", "MODES", "load", "load_config",
                 "parse_config", "from_dict", "read_source", "dump_config", "parse_expect",
                 "load_expect", "train_settings", "check_settings", "check_size",
                 "parse_samples", "TOP_KEYS", "TRAIN_KEYS", "LAYER_KEYS", "INIT_KINDS"):
        assert getattr(config, name) is not None, name
    from bptrace.training import loop as training
    assert training.Settings is config.Settings and training.MODES is config.MODES
    with pytest.raises(AttributeError):
        config.no_such_name


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_loading_prints_nothing(path, capfd):
    cfg = config.load(str(path))
    config.train_settings(cfg.train, cfg.network, cfg.seed)
    config.dump_config(cfg)
    assert capfd.readouterr() == ("", "")
