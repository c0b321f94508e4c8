"""A step's values alone (step_values: what grading, --diagnose's variants and a hand
calculation read) are the values of the whole trace to the last bit, and they are had without
the rounding bounds of float residue; a whole trace's bounds are those of the step as computed,
whatever is put in a value's place afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from bptrace import api
from bptrace.maths.conventions import Convention, printed_convention
from bptrace.trace import build_trace, step_values
from bptrace.trace.residue import Bounds

ROOT = Path(__file__).parent.parent / "configs"
CONFIGS = sorted(str(p) for p in [*ROOT.glob("*.yaml"), *ROOT.glob("textbooks/*.yaml")])


def _same(a: dict, b: dict) -> bool:
    """The same keys in the same order, each value the same float64 (sign of 0 and NaN too)."""
    return list(a) == list(b) and all(repr(a[k]) == repr(b[k]) and type(a[k]) is type(b[k])
                                      for k in a)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: Path(p).stem)
def test_the_values_alone_are_the_whole_traces_values(path):
    cfg = api.load(path)
    convs = [None, Convention(round_to=2), Convention(round_to=4)]
    if any(e.text.strip() and not e.key.startswith(("trained.", "s")) for e in cfg.expect):
        convs.append(printed_convention(cfg))
    for conv in convs:
        args = (cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
        assert _same(step_values(*args, conv), build_trace(*args, conv=conv).values()), conv


def test_the_values_alone_never_compute_the_bounds(monkeypatch):
    def refused(*a, **k):
        raise AssertionError("bounds computed")
    monkeypatch.setattr(Bounds, "__init__", refused)
    cfg = api.load("mazur")
    values = step_values(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    assert values["new.w5"] == pytest.approx(0.35891648)
    with pytest.raises(AssertionError, match="bounds computed"):
        build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)


def test_a_traces_bounds_are_the_steps_as_computed():
    """A value put in another's place after the build (a printed value) leaves every bound
    as the step computed it: the bounds are computed as the trace is built."""
    cfg = api.load("mazur")
    args = (cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    changed, fresh = build_trace(*args), build_trace(*args)
    for key in ("out.i1", "out.i2", "net.h1", "out.o1"):
        changed.set_value(key, 1e6)
    assert len(changed.blocks) == len(fresh.blocks)
    for a, b in zip(changed.blocks, fresh.blocks):
        assert (a.bounds is None) == (b.bounds is None)
        if a.bounds is not None:
            assert a.bounds.tolist() == b.bounds.tolist()


def test_a_trace_for_its_values_alone_keeps_no_bounds():
    """A trace built for its values alone has the whole trace's keys and values, and no
    bounds (its values read as the plain floats the values are); the whole trace keeps them."""
    from bptrace.trace.build import _build
    from bptrace.trace.residue import Residue
    from test_handout_numbers import ZERO_ERROR, ZERO_NET
    residues = 0
    for name in ("mazur", "softmax", ZERO_NET, ZERO_ERROR):
        cfg = api.load(name)
        args = (cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, "", "", None)
        alone, whole = _build(*args, False), _build(*args, True)
        assert alone.keys() == whole.keys()
        assert all(b.bounds is None for b in alone.blocks)
        assert any(b.bounds is not None for b in whole.blocks)
        for k in whole.keys():
            a, b = alone.value(k), whole.value(k)
            assert repr(float(a)) == repr(float(b)) and type(a) is float, k
            residues += isinstance(b, Residue)
    assert residues
