"""The immutable records made without dataclasses (bptrace.frozen): what a frozen dataclass
with the same fields gives — construction by position or name with defaults, equality,
hash and repr — and no field can be set afterwards."""

import dataclasses

import pytest

from bptrace.messages import What
from bptrace.results import Quantity


@dataclasses.dataclass(frozen=True)
class WhatAsDataclass:
    key: str
    args: tuple = ()


@pytest.mark.parametrize("a, b", [(("weight value",), {}), (("x", (("name", "w5"),)), {}),
                                  (("x",), {"args": (("n", 3),)})])
def test_a_record_behaves_as_its_frozen_dataclass(a, b):
    mine, theirs = What(*a, **b), WhatAsDataclass(*a, **b)
    assert repr(mine) == repr(theirs).replace("WhatAsDataclass", "What")
    assert (mine.key, mine.args) == (theirs.key, theirs.args)
    assert hash(mine) == hash((theirs.key, theirs.args))
    assert mine == What(*a, **b) and mine != What("other") and mine != theirs
    with pytest.raises(AttributeError):
        mine.key = "changed"


def test_fields_missing_unknown_or_too_many_are_refused():
    with pytest.raises(TypeError, match="missing field 'key'"):
        What()
    with pytest.raises(TypeError, match="no field 'colour'"):
        What("x", colour=1)
    with pytest.raises(TypeError, match="takes 2 fields"):
        What("x", (), 3)


def test_a_quantity_holding_a_dict_compares_but_does_not_hash():
    q = Quantity("grad.w5", 0.08, "δo1·h1", {"h1": 0.59}, "gradient")
    assert q.substituted == "" and float(q) == 0.08
    assert q == Quantity("grad.w5", 0.08, "δo1·h1", {"h1": 0.59}, "gradient", "")
    with pytest.raises(TypeError):
        hash(q)
