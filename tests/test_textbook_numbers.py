"""The SPEC §5 numbers, to the digits printed there."""

import json

import pytest

from bptrace.config import load_config
from bptrace.trace import build_trace

MAZUR = {"net.h1": "0.3775", "out.h1": "0.593269992", "out.h2": "0.596884378",
         "out.o1": "0.75136507", "out.o2": "0.772928465", "loss": "0.298371109",
         "err.o1": "0.74136507", "dout.o1": "0.186815602", "grad.w5": "0.082167041",
         "err.h1.o1": "0.055399425", "err.h1.o2": "-0.019049118", "err.h1": "0.036350306",
         "dout.h1": "0.241300709", "grad.w1": "0.000438568", "new.w5": "0.35891648",
         "new.w6": "0.408666186", "new.w7": "0.511301270", "new.w8": "0.561370121",
         "new.w1": "0.149780716", "new.w2": "0.19956143", "new.w3": "0.24975114",
         "new.w4": "0.29950229", "new.loss": "0.291027774"}

XOR = {"out.y11": "0.574", "out.y12": "0.574", "out.z1": "0.743", "out.z2": "0.764",
       "loss": "0.304", "err.z1": "0.743", "new.w_y11_z1": "0.359", "new.w_y11_z2": "0.512",
       "new.w_y12_z1": "0.359", "new.w_y12_z2": "0.512", "new.theta2_1": "0.529",
       "new.w_x1_y12": "0.2", "new.w_x1_y11": "0.1"}


def agrees(value: float, text: str) -> bool:
    digits = len(text.split(".")[1])
    return abs(value - float(text)) <= 0.5 * 10 ** -digits + 1e-15


def values(name):
    cfg = load_config(name)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()


@pytest.mark.parametrize("key", MAZUR)
def test_mazur(key):
    assert agrees(values("mazur")[key], MAZUR[key]), (key, values("mazur")[key])


@pytest.mark.parametrize("key", XOR)
def test_xor_seed002(key):
    assert agrees(values("xor")[key], XOR[key]), (key, values("xor")[key])


def test_mazur_page_misprints_are_not_reproduced():
    v = values("mazur")
    assert not agrees(v["err.h1.o2"], "-0.019049119")
    assert not agrees(v["new.loss"], "0.291027924")


def test_default_step_json_has_every_number(run):
    res = run("step", "--format", "json")
    assert res.exit_code == 0
    got = json.loads(res.stdout)["values"]
    for key, text in MAZUR.items():
        assert agrees(got[key], text), key


def test_agrees_can_fail():
    assert not agrees(0.75136079, "0.75136507")
