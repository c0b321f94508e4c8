"""CSV tables: a step's quantities, a training's loss history. Full precision (repr)."""

from __future__ import annotations

from typing import Iterable

from bptrace.render.text import formula_text, substituted
from bptrace.trace.quantity import Trace


def step_csv(tr: Trace, keys: Iterable[str] | None = None, digits: int | None = None,
             lang: str = "en") -> str:
    """key,value,formula,substituted — one row per quantity (`keys`: only those)."""
    from bptrace.render.safe import csv_text

    wanted = set(keys) if keys is not None else None
    return csv_text(["key", "value", "formula", "substituted"],
                    ([q.key, repr(q.value), formula_text(q, lang), substituted(q, digits)]
                     for q in tr.quantities if wanted is None or q.key in wanted))


def history_csv(history: list[dict]) -> str:
    """epoch,loss[,val_loss][,running_loss][,accuracy]…, full precision."""
    extra = [k for k in ("val_loss", "running_loss", "accuracy", "val_accuracy", "learning_rate")
             if any(k in h for h in history)]
    lines = [",".join(["epoch", "loss"] + extra)]
    for h in history:
        lines.append(",".join([str(h["epoch"]), repr(h["loss"])] + [repr(h.get(k)) for k in extra]))
    return "\n".join(lines) + "\n"
