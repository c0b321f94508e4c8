"""Whether flipping a sign is what explains a printed value that agrees only up to its sign.

A value printed −x where bptrace computes x (at the printed precision) is said to "agree
only up to sign" only where a sign variant of the diagnosis catalogue (:mod:`.variants`,
the family "sign": the error signal named with the other sign, t − y for y − t) reproduces
it — the explanation ``--diagnose`` would give. Where none does, |printed| ≈ |computed| is a
coincidence of some other formula, and the value simply differs. Nothing here prints."""

from __future__ import annotations

import re

import numpy as np

from bptrace.checking.printed import SIGN, Check, compare, differing


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
    from bptrace.checking.applied import applied, trained_alone
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
            from bptrace.trace.batch import sample_values
            X, T = c.data
            values.update(sample_values(c.network, X, T, c.learning_rate, numbers))
        if trained:
            values.update(trained_alone(c, s))
    return values
