"""A class's comparisons kept once are the comparisons made alone: every field of each Check,
for answers that agree, differ, are truncated, wrong in sign, too imprecise or right only by
hand, for a residue and for the sign of a 0; each call has a Check of its own."""

from __future__ import annotations

import pytest

from bptrace.checking.classmemo import agreeing, compared
from bptrace.checking.printed import agrees, compare
from bptrace.trace.residue import Residue

FIELDS = ("key", "expected", "computed", "status", "rounded", "digit", "line", "read")
CASES = [("net.h1", "0.1411", 0.14113, None), ("net.h1", "0.1412", 0.14113, None),
         ("out.h1", "0.5329", 0.53299, None), ("out.h1", "-0.5330", 0.53299, None),
         ("out.h1", "0.53", 0.53299, None), ("grad.w1", "0.0000", -0.0, None),
         ("grad.w1", "0.0000", 0.0, None), ("grad.w1", "-0.0000", Residue(-1e-17), None),
         ("grad.w1", "0.0000", -1e-17, None), ("grad.w1", "0.0000", Residue(-1e-17), None),
         ("new.w1", "0.2310", 0.23104, 0.2311),
         ("new.w1", "0.2311", 0.23104, 0.2311), ("loss", "0.1000", float("nan"), None)]


def _fields(c):
    return [repr(getattr(c, f)) + type(getattr(c, f)).__name__ for f in FIELDS]


def test_a_kept_comparison_is_the_comparison_made_alone():
    memo: dict = {}
    for _ in range(2):                  # made, then kept
        for key, text, value, hand in CASES:
            got = compared(memo, key, text, value, 7, 4, hand)
            assert _fields(got) == _fields(compare(key, text, value, 7, 4, hand)), (text, value)
    a, b = compared(memo, *CASES[0][:3], 7, 4), compared(memo, *CASES[0][:3], 7, 4)
    a.status = "carried"
    assert a is not b and b.status == "agree"


def test_a_kept_agreement_is_the_agreement_made_alone():
    values = {k: v for k, _, v, _ in CASES[::2]}
    pairs = [(k, t) for k, t, _, _ in CASES] + [("absent", "1.0")]
    alone = [k for k, t in pairs if k in values and values[k] == values[k]
             and agrees(k, t, values[k], 4)]
    memo: dict = {}
    assert agreeing(values.get, pairs, 4, memo) == alone == agreeing(values.get, pairs, 4, memo)
    assert alone and len(alone) < len(pairs)


@pytest.mark.parametrize("value", [0.0, -0.0])
def test_the_sign_of_a_zero_is_kept_apart(value):
    memo: dict = {}
    compared(memo, "grad.w1", "0.0000", -value, None, 4)
    assert compared(memo, "grad.w1", "0.0000", value, None, 4).rounded == \
        compare("grad.w1", "0.0000", value, None, 4).rounded
