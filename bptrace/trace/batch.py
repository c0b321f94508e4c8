"""A batch trace: several samples' steps side by side, the mean of their gradients (the
《神经网络》 blog post, eq. 17) and one update with that mean. The update and the losses come
from the maths (:meth:`bptrace.maths.network.Network.batch_step`); this module only names them."""

from __future__ import annotations

import numpy as np

from bptrace.maths.network import BatchStep, Network
from bptrace.trace.build import build_trace
from bptrace.trace.quantity import BatchTrace, Phrase, Quantity
from bptrace.trace.update import new_quantity


def build_batch_trace(net: Network, X: np.ndarray, T: np.ndarray, lr: float, indices: list[int],
                      *, title: str = "", file: str = "") -> BatchTrace:
    """`indices` are 0-based rows of X. The update uses the mean gradient over them."""
    samples = [(i + 1, build_trace(net, X[i], T[i], lr, title=title, file=file)) for i in indices]
    if lr is None:                  # no learning rate: the mean gradients, no update
        p = net.run(X[indices], T[indices])
        step = BatchStep(net.mean_gradients(p), None, p.loss, p.loss)
    else:
        step = net.batch_step(X[indices], T[indices], lr)
    n = len(indices)
    qs = []
    labels = [f"s{i}" for i, _ in samples]
    by_layer = [[prm for prm in net.params if prm.layer == l] for l in range(len(net.layers))]
    for l in reversed(range(len(net.layers))):
        for prm in by_layer[l]:
            g = float(step.mean[_array_index(prm)][prm.index])
            qs.append(Quantity(f"grad.{prm.name}", g, "gradient", l + 1,
                               "(" + " + ".join(f"{s}.grad.{prm.name}" for s in labels) + f")/{n}",
                               terms=tuple(((f"{s}.grad.{prm.name}", tr[f"grad.{prm.name}"].value),
                                            ("1/n", 1.0 / n)) for s, (_, tr) in zip(labels, samples))))
    for l in reversed(range(len(net.layers)) if lr is not None else ()):
        for prm in by_layer[l]:
            ai = _array_index(prm)
            qs.append(new_quantity(prm.name, l + 1, float(step.new_arrays[ai][prm.index]),
                                    net.value(prm), lr, float(step.mean[ai][prm.index]), prm.trainable))
    if lr is None:
        return BatchTrace(title, file, samples, qs)
    losses = [tr["loss"].value for _, tr in samples]
    qs.append(Quantity("loss", step.mean_loss, "after", -1,
                       "(" + " + ".join(f"{s}.loss" for s in labels) + f")/{n}",
                       terms=tuple(((f"{s}.loss", v), ("1/n", 1.0 / n)) for s, v in zip(labels, losses))))
    new_losses = step.new_losses.tolist()
    for s, v in zip(labels, new_losses):
        qs.append(Quantity(f"{s}.new.loss", v, "after", -1, f"{s}.loss",
                           prose=Phrase("formula recomputed")))
    qs.append(Quantity("new.loss", step.mean_new_loss, "after", -1,
                       "(" + " + ".join(f"{s}.new.loss" for s in labels) + f")/{n}",
                       terms=tuple(((f"{s}.new.loss", v), ("1/n", 1.0 / n))
                                   for s, v in zip(labels, new_losses))))
    return BatchTrace(title, file, samples, qs)


def sample_values(net: Network, X: np.ndarray, T: np.ndarray, lr: float | None,
                  numbers: list[int]) -> dict[str, float]:
    """``s<K>.KEY`` for the 1-based sample numbers K of a data set: each sample's own step,
    its keys as ``step --batch`` shows them (textbook notation: ``sK.KEY`` in expect:)."""
    out: dict[str, float] = {}
    for k in numbers:
        for key, value in build_trace(net, X[k - 1], T[k - 1], lr).values().items():
            out[f"s{k}.{key}"] = value
    return out


def _array_index(prm) -> int:
    """Where a parameter lives in :meth:`Network.arrays` ([W1, b1, W2, b2, …])."""
    return 2 * prm.layer + (0 if prm.kind == "w" else 1)
