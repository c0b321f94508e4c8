"""The comparer: textbook values (as printed) against computed ones. Nothing here prints.

A printed value is compared at the precision it was printed with — the YAML text, not the
parsed float: ``0.50`` keeps two decimals, ``3.5e-5`` two significant digits. It agrees when
the computed value, rounded half-up to that last printed digit, is the printed value.
"""

from __future__ import annotations

import difflib
import re
from decimal import (MAX_EMAX, MIN_EMIN, ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation,
                     localcontext)

import numpy as np

from bptrace.errors import BadInput, Diverged

AGREE, TRUNCATED, SIGN, DIFFER = "agree", "truncated", "sign", "differ"
BLANK, IMPRECISE = "blank", "imprecise"      # a student's answer left empty / too few decimals
UNREADABLE = "unreadable"                    # a student's answer with no number to read in it
CARRIED = "carried"             # a student's answer right given the student's own earlier answers


class Check:
    __slots__ = ("key", "expected", "computed", "status", "rounded", "digit", "line", "read")

    def __init__(self, key, expected, computed, status, rounded, digit, line):
        self.key = key              # the quantity key
        self.expected = expected    # the printed text
        self.computed = computed    # the float64 value
        self.status = status        # agree | truncated | sign | differ
        self.rounded = rounded      # the computed value at the printed precision (text)
        self.digit = digit          # where a differing value first differs (1-based place)
        self.line = line
        self.read = None            # a student's answer as read, where not as written (0,1183)

    @property
    def agree(self) -> bool:
        return self.status in (AGREE, CARRIED)


def decimals(text: str) -> int:
    """How many decimals a written number carries (3.5e-5: 6)."""
    try:
        return max(0, -Decimal(text.strip().replace("_", "")).as_tuple().exponent)
    except InvalidOperation:
        return 0


def compare(key: str, expected: str, computed: float, line: int | None = None,
            min_decimals: int | None = None, hand: float | None = None) -> Check:
    """Compare one printed value with a computed one at the printed precision.

    For a student's answers: ``min_decimals`` is the precision the sheet asked for (fewer
    decimals are not accepted), and ``hand`` the value of a hand calculation that rounds every
    intermediate to that many decimals (accepted as well as the exact one)."""
    if not expected.strip():
        return Check(key, expected, computed, BLANK, "", None, line)
    if min_decimals is not None and decimals(expected) < min_decimals and not any(
            _exact_at(expected, v, min_decimals) for v in (computed, hand) if v is not None):
        return Check(key, expected, computed, IMPRECISE, "", None, line)
    if hand is not None:
        by_hand = compare(key, expected, hand, line)
        if by_hand.agree:
            return by_hand
    text = expected.strip().replace("_", "")
    try:
        exp = Decimal(text)
    except InvalidOperation:
        raise BadInput(key="expect not number", args={"key": key, "value": expected},
                       line=line) from None
    if not exp.is_finite():
        raise BadInput(key="expect not finite", args={"key": key, "value": expected}, line=line)
    if not Decimal(repr(computed)).is_finite():
        return Check(key, expected, computed, DIFFER, str(computed), 1, line)
    comp = Decimal(repr(computed))
    with localcontext() as ctx:
        # exact at any printed precision: as many digits as the two values span (a value
        # printed beyond 2,000 digits is compared at 2,000)
        ctx.prec = min(2000, max(60, comp.adjusted() - exp.as_tuple().exponent + 10))
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        try:
            return _compare(key, expected, computed, line, text, exp, comp)
        except InvalidOperation:
            return Check(key, expected, computed, DIFFER, repr(computed),
                         _first_difference(repr(computed), text), line)


def agrees(key: str, expected: str, computed: float, min_decimals: int | None = None) -> bool:
    """``compare(…).agree``, without decimal arithmetic where the answer is plainly written
    (digits and a point, 12 decimals at most) and the value lies well inside (or outside)
    half a unit of its last digit — a margin far wider than a float's rounding there."""
    if type(computed) is float and -1e300 < computed < 1e300:
        m = _FIXED.fullmatch(expected.strip())
        if m is not None:
            d = len(m.group(1) or "")
            unit = 10.0 ** d
            if (min_decimals is None or d >= min_decimals) and abs(computed) * unit < 1e14:
                written = float(m.group())
                gap = abs(computed - written) * unit
                if abs(written) * unit < 1e14 and not 0.4 <= gap <= 0.6:
                    return gap < 0.4
    return compare(key, expected, computed, min_decimals=min_decimals).agree


_FIXED = re.compile(r"-?[0-9]+(?:\.([0-9]{0,12}))?", re.ASCII)


def _exact_at(expected: str, value: float, places: int) -> bool:
    """Whether an answer written with fewer decimals is the value at the decimals asked (0.577
    for 0.5770, 0 for 0.0000): nothing was left out."""
    try:
        exp = Decimal(expected.strip().replace("_", ""))
        comp = Decimal(repr(value))
        if not (exp.is_finite() and comp.is_finite()):
            return False
        with localcontext() as ctx:
            ctx.prec = max(60, comp.adjusted() + places + 10)
            return comp.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == exp
    except InvalidOperation:
        return False


def _compare(key, expected, computed, line, text, exp: Decimal, comp: Decimal) -> Check:
    quantum = Decimal(1).scaleb(exp.as_tuple().exponent)
    rounded = comp.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == exp:
        return Check(key, expected, computed, AGREE, _fmt_like(rounded, text), None, line)
    if comp.quantize(quantum, rounding=ROUND_DOWN) == exp:
        return Check(key, expected, computed, TRUNCATED, _fmt_like(rounded, text), None, line)
    if rounded == -exp:
        return Check(key, expected, computed, SIGN, _fmt_like(rounded, text), None, line)
    return Check(key, expected, computed, DIFFER, _fmt_like(rounded, text),
                 _first_difference(_fmt_like(rounded, text), text), line)


def truncates_to(expected: str, computed: float) -> bool:
    """Whether the printed value is the computed one *truncated* to its printed digits (the
    digits beyond cut off, toward zero: 0.5928756 → 0.5928), as a hand calculation that
    copies digits does. The computed value is first taken to 15 significant digits, so that
    float residue (0.19999999999999998 for 0.2) is not cut down a digit."""
    text = expected.strip().replace("_", "")
    try:
        exp = Decimal(text)
        comp = Decimal(f"{computed:.15g}")
    except (InvalidOperation, ValueError):
        return False
    if not (exp.is_finite() and comp.is_finite()):
        return False
    with localcontext() as ctx:
        ctx.prec = min(2000, max(60, comp.adjusted() - exp.as_tuple().exponent + 10))
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        try:
            return comp.quantize(Decimal(1).scaleb(exp.as_tuple().exponent),
                                 rounding=ROUND_DOWN) == exp
        except InvalidOperation:
            return False


def differing(c: Check) -> Check:
    """The same comparison as a plain difference (a printed −x against x, where no sign
    convention explains it: :mod:`bptrace.checking.printed`)."""
    return Check(c.key, c.expected, c.computed, DIFFER, c.rounded,
                 _first_difference(c.rounded, c.expected.strip().replace("_", "")), c.line)


def _fmt_like(d: Decimal, like: str) -> str:
    """d written as the textbook wrote its value (fixed or scientific)."""
    if "e" in like.lower():
        mant_digits = len(re.sub(r"[^0-9]", "", like.lower().split("e")[0])) - 1
        return f"{float(d):.{max(mant_digits, 0)}e}"
    return format(d, "f")


def _first_difference(a: str, b: str) -> int:
    """1-based position of the first differing significant digit of two printed numbers."""
    da = re.sub(r"[^0-9]", "", a.lower().split("e")[0]).lstrip("0")
    db = re.sub(r"[^0-9]", "", b.lower().split("e")[0]).lstrip("0")
    if a.startswith("-") != b.startswith("-"):
        return 1
    for i, (x, y) in enumerate(zip(da, db), start=1):
        if x != y:
            return i
    return min(len(da), len(db)) + 1


def unknown_key(key: str, known: list[str], line: int | None) -> BadInput:
    close = difflib.get_close_matches(key, known, n=4, cutoff=0.6)
    return BadInput(key="expect near" if close else "expect unknown", args={"key": key, "near": close},
                    path=f"expect.{key}", line=line)


# --- Whether flipping a sign is what explains a printed value that agrees only up to its sign.
#
# A value printed −x where bptrace computes x (at the printed precision) is said to "agree
# only up to sign" only where a sign variant of the diagnosis catalogue (:mod:`.variants`,
# the family "sign": the error signal named with the other sign, t − y for y − t) reproduces
# it — the explanation ``--diagnose`` would give. Where none does, |printed| ≈ |computed| is a
# coincidence of some other formula, and the value simply differs. Nothing here prints.

def signs_explained(cfg, checks: list[Check], base_values: dict) -> list[Check]:
    """``checks`` with each "up to sign" that no sign variant reproduces made "differs"."""
    signed = {c.key for c in checks if c.status == SIGN}
    if not signed:
        return checks
    from bptrace.checking.variants import CATALOGUE
    texts = {e.key: e.text for e in cfg.expect}
    explained: set[str] = set()
    for v in CATALOGUE:
        if v.family == "sign" and signed - explained:
            values = _variant_values(cfg, v.name, base_values, signed - explained)
            explained |= {k for k in signed - explained if k in values
                          and np.isfinite(values[k]) and compare(k, texts[k], values[k]).agree}
    return [differing(c) if c.status == SIGN and c.key not in explained else c for c in checks]


def _variant_values(cfg, name: str, base_values: dict, keys: set[str]) -> dict[str, float]:
    """The values of ``keys`` as the variant ``name`` computes them ({} where it does not
    apply): the step, the samples sK the keys name, the training where trained.* is asked."""
    from bptrace.checking.variants import applied
    from bptrace.checking.mistakes import trained_alone
    from bptrace.trace import build_trace

    trained = any(k.startswith("trained.") for k in keys)
    made = applied(cfg, (name,), trained, base_values)
    if made is None:
        return {}
    c, s, _ = made
    with np.errstate(all="ignore"):
        values = build_trace(c.network, c.sample.x, c.sample.t, c.learning_rate,
                             conv=s["conv"]).values()
        numbers = sorted({int(m.group(1)) for k in keys for m in [re.match(r"s(\d+)\.", k)] if m})
        if numbers and c.data is not None:
            from bptrace.trace.build import sample_values
            X, T = c.data
            values.update(sample_values(c.network, X, T, c.learning_rate, numbers))
        if trained:
            values.update(trained_alone(c, s))
    return values


# --- The trained.* values a config's expect: may print: the network trained as its train:
# section says (the training itself is :func:`bptrace.training.loop.trained_values`).

def needs_training(cfg) -> bool:
    """Whether any expected value is a trained.* key."""
    return any(e.key.startswith("trained.") for e in cfg.expect)


def with_trained(cfg, values: dict[str, float], trained: dict | None = None) -> dict[str, float]:
    """``values`` and, where the config expects trained.* keys, those too (``trained``: the
    config's trained values where they are known already). Raises
    :class:`~bptrace.errors.Diverged` where training diverges; bad train: settings are
    located in the config file."""
    if not needs_training(cfg):
        return values
    if trained:
        return {**values, **trained}
    from bptrace.training.loop import trained_values
    try:
        return {**values, **trained_values(cfg)}
    except BadInput as exc:
        raise exc.located(cfg.file) from None


def trained_only(values: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in values.items() if k.startswith("trained.")}


def compare_expected(cfg, tr, source: str, min_decimals: int | None = None,
                     hand: dict[str, float] | None = None, trained: dict | None = None,
                     shown: dict | None = None, compare=compare) -> tuple[dict[str, float], list[Check]]:
    """(all computed values, one Check per expected value of ``cfg.expect``). For a student's
    answers, ``min_decimals`` and ``hand`` (the values of the hand calculation rounded to that
    many decimals) as :func:`bptrace.checking.compare` takes them; ``trained``: the config's
    trained values where they are known already; ``shown``: the trace's values, where read
    already; ``compare``: how each is compared. Raises Diverged where training diverges."""
    try:
        values = with_trained(cfg, tr.values() if shown is None else dict(shown), trained)
    except Diverged as exc:
        exc.file = cfg.file             # which sheet's training diverged
        raise
    values.update(_sample_values(cfg, source))
    checks = []
    for e in cfg.expect:
        if e.key not in values:
            raise unknown_key(e.key, list(values), e.line).located(source)
        if not e.readable:          # a student's answer with no number in it: on its own
            checks.append(Check(e.key, e.written, values[e.key], UNREADABLE, "", None, e.line))
            continue
        try:
            c = compare(e.key, e.text, values[e.key], e.line, min_decimals,
                        hand.get(e.key) if hand else None)
        except BadInput as exc:
            raise exc.located(source) from None
        if e.written != e.text:     # read where its meaning was clear (0,1183 as 0.1183)
            c.expected, c.read = e.written, e.text
        checks.append(c)
    return values, checks


def _sample_values(cfg, source: str) -> dict[str, float]:
    """``s<K>.KEY`` for the samples the expected values name (a config with data:)."""
    import re

    numbers = sorted({int(m.group(1)) for e in cfg.expect if e.key.startswith("s")
                      for m in [re.match(r"s(\d+)\.", e.key)] if m})
    if not numbers:
        return {}
    if cfg.data is None:
        e = next(e for e in cfg.expect if re.match(r"s\d+\.", e.key))
        raise BadInput(key="expect no data", args={"key": e.key},
                       path=f"expect.{e.key}", line=e.line).located(source)
    X, T = cfg.data
    for k in numbers:
        if not 1 <= k <= len(X):
            e = next(e for e in cfg.expect if e.key.startswith(f"s{k}."))
            raise BadInput(key="expect sample", args={"key": e.key, "k": k, "n": len(X)},
                           path=f"expect.{e.key}", line=e.line).located(source)
    from bptrace.trace.build import sample_values
    return sample_values(cfg.network, X, T, cfg.learning_rate, numbers)
