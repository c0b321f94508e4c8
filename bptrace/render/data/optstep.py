"""train --trace-at K --format json: the optimizer's step at that update (its state before and
after, per parameter), full float64 precision. Formatting only."""

from __future__ import annotations


def optimizer_step_json(st) -> dict:
    return {"name": st.optimizer, "formula": st.formula, "settings": st.settings,
            "learning_rate": st.eta, "step": st.t, "gradient_at_lookahead": st.lookahead,
            "parameters": [{"name": r.name, "value": r.P, "grad": r.g, "before": r.before,
                            "after": r.after, **r.extra, "new": r.new} for r in st.rows]}
