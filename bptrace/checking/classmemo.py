"""A class set's comparisons, each made once: grading a class compares many answer files
with the same sheet's values (and with the same variants of it, for the diagnosis), and
most answers are written alike. What is kept is keyed by everything the comparison reads,
so an answer compares exactly as it would alone. Nothing here prints."""

from __future__ import annotations

from math import isfinite

from bptrace.checking.printed import Check, agrees, compare


def compared(memo: dict, key: str, text: str, value: float, line=None,
             min_decimals: int | None = None, hand: float | None = None) -> Check:
    """:func:`~bptrace.checking.printed.compare`, once per answer as written and value (each
    float by its type and repr: a residue, and the sign of a 0, are what they are); every
    call gets a Check of its own."""
    where = ("compare", key, text, type(value), repr(value), line, min_decimals, type(hand),
             repr(hand))
    c = memo.get(where)
    if c is None:
        c = memo[where] = compare(key, text, value, line, min_decimals, hand)
    return Check(c.key, c.expected, c.computed, c.status, c.rounded, c.digit, c.line)


def agreeing(get, pairs: list[tuple[str, str]], decimals: int | None, memo: dict) -> list[str]:
    """The keys of the (key, answer) pairs that one variant's values (``get``) reproduce, as
    :func:`~bptrace.checking.printed.agrees` says; ``memo``: each pair's agreement with this
    variant, kept for the class's other answer files."""
    out = []
    for pair in pairs:
        agree = memo.get(pair)
        if agree is None:
            k, text = pair
            v = get(k)
            agree = memo[pair] = v is not None and isfinite(v) and agrees(k, text, v, decimals)
        if agree:
            out.append(pair[0])
    return out
