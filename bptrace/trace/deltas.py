"""The backward pass as the 《神经网络》 blog post writes it in vector form (§5.2), walked from the
output layer down: δ^L = ∂J/∂a^L ⊙ f′(z^L) (eq. 21), δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ f′(z^l)
(eq. 22), ∂J/∂W^l = δ^l (a^(l−1))ᵀ (eq. 24), ∂J/∂b^l = δ^l (eq. 26) — each vector beside
its scalar form (eqs. 7, 11, 13, 16: one line per neuron and per weight).

Every number is one of the trace's own (looked up by key); in a config that reports
``error_signal: negative`` the signs are turned back, so the view always shows ∂J/∂z as
the post does. Nothing here formats."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from bptrace.trace.quantity import Trace
from bptrace.trace.views import matrix_view

SCALAR_LIMIT = 12        # scalar lines for layers this wide at most (the rest: the vectors)


class Scalar(NamedTuple):
    """One scalar line: ``key = factors… = value`` (factors: (label, value) pairs; a sum of
    products is a list of such lists, as Σ_k δ_k·W_ks)."""
    key: str
    terms: list           # [[(label, value), …], …]: Σ over the outer list of Π of the inner
    times: list           # [(label, value), …] multiplying the sum (f′(z)) — may be empty
    value: float


class DeltaLayer(NamedTuple):
    layer: int
    name: str
    rows: list            # this layer's neurons
    cols: list            # the nodes below
    output: bool
    equations: tuple      # the post's equation numbers: δ's, then the scalar forms'
    dJda: list            # ∂J/∂a^l (output: ŷ − y for the half squared error)
    fprime: list | None   # f′(z^l); None for softmax (a Jacobian, not elementwise)
    W_next_T: list | None  # (W^(l+1))ᵀ: rows this layer's neurons, columns the next layer's
    delta_next: list | None
    delta: list
    a_prev: list
    dW: list
    db: list
    threshold: bool
    delta_scalars: list   # [Scalar]
    weight_scalars: list  # [Scalar]
    bias_scalars: list    # [Scalar]
    too_wide: bool


def delta_view(tr: Trace) -> list[DeltaLayer]:
    """The layers from the output down, each with its δ recursion and gradients."""
    mats = matrix_view(tr)
    sign = -1.0 if tr.error_signal == "negative" else 1.0
    out = []
    for i in range(len(mats) - 1, -1, -1):
        v, info = mats[i], tr.layers[i]
        nxt = mats[i + 1] if i + 1 < len(mats) else None
        elementwise = info.elementwise
        fprime = [tr.value(f"dout.{n}") for n in v.rows] if elementwise else None
        delta = [sign * d for d in v.delta]
        dJda = [sign * e for e in v.err]
        WT = delta_next = None
        if nxt is not None:
            WT = [[nxt.W[j][k] for j in range(len(nxt.rows))] for k in range(len(v.rows))]
            delta_next = [sign * d for d in nxt.delta]
        too_wide = len(v.rows) > SCALAR_LIMIT or len(v.cols) > SCALAR_LIMIT or (
            nxt is not None and len(nxt.rows) > SCALAR_LIMIT)
        ds, ws, bs = ([], [], []) if too_wide else _scalars(tr, v, nxt, fprime, delta, dJda,
                                                             delta_next, sign)
        out.append(DeltaLayer(
            layer=v.layer, name=v.name, rows=v.rows, cols=v.cols, output=nxt is None,
            equations=(("21", "7", "13") if nxt is None else ("22", "11", "16")),
            dJda=dJda, fprime=fprime, W_next_T=WT, delta_next=delta_next, delta=delta,
            a_prev=v.a_prev, dW=v.dW, db=v.db, threshold=bool(v.threshold),
            delta_scalars=ds, weight_scalars=ws, bias_scalars=bs, too_wide=too_wide))
    return out


def _scalars(tr, v, nxt, fprime, delta, dJda, delta_next, sign):
    """The scalar form, labelled by the trace's keys (where the config reports the error
    signal negated, the keys of err and delta carry a minus: the view shows ∂J/∂z)."""
    flip = "" if sign > 0 else "−"
    by_edge = {(p.source, p.targets[0]): p.name for p in tr.params if p.kind == "w"}
    ds = []
    for j, n in enumerate(v.rows):
        if nxt is None:
            terms = [[(f"{flip}err.{n}", dJda[j])]]
        else:
            terms = [[(f"{flip}delta.{k}", delta_next[q]), (by_edge[(n, k)], nxt.W[q][j])]
                     for q, k in enumerate(nxt.rows) if nxt.W[q][j] is not None]
        if fprime is not None:              # softmax: δ is a Jacobian product, no scalar line
            ds.append(Scalar(f"{flip}delta.{n}", terms, [(f"dout.{n}", fprime[j])], delta[j]))
    ws = [Scalar(f"grad.{by_edge[(k, n)]}", [[(f"{flip}delta.{n}", delta[j]), (f"out.{k}", v.a_prev[c])]],
                 [], tr.value(f"grad.{by_edge[(k, n)]}"))
          for j, n in enumerate(v.rows) for c, k in enumerate(v.cols) if (k, n) in by_edge]
    bs = []
    for p in tr.params:
        if p.kind != "b" or p.layer != v.layer:
            continue
        minus = -1.0 if v.threshold else 1.0       # a threshold is subtracted: ∂E/∂θ = −δ
        lab = "" if (sign < 0) == bool(v.threshold) else "−"
        terms = [[(f"{lab}delta.{n}", minus * delta[v.rows.index(n)])] for n in p.targets]
        bs.append(Scalar(f"grad.{p.name}", terms, [], tr.value(f"grad.{p.name}")))
    return ds, ws, bs


# --- A batch in matrices (step --batch --view matrix): the samples as the rows of one matrix,
# as 《BP神经网络拟合非线性函数》 computes its 1-24-3-1 network (100×1 → 100×24 → 100×3 → 100×1)
# and the 《神经网络》 post averages (eq. 17): Z_l = A_(l−1)·W_lᵀ + b_l, A_l = f(Z_l), Δ_L, Δ_l =
# (Δ_(l+1)·W_(l+1)) ⊙ f′(Z_l), ∂E/∂W_l = (1/B)·Δ_lᵀ·A_(l−1). The numbers are the engine's own
# (one pass of the network over the batch); nothing here formats.

class BatchLayer(NamedTuple):
    layer: int
    name: str
    rows: list                  # this layer's neurons
    A_prev: np.ndarray          # (B, m)
    W: np.ndarray               # (n, m)
    b: np.ndarray               # (n,) each neuron's bias (0 where none; −θ for a threshold)
    Z: np.ndarray               # (B, n)
    A: np.ndarray               # (B, n)
    Delta: np.ndarray           # (B, n) ∂E/∂Z, each row one sample's δ
    dW: np.ndarray              # (n, m) the batch mean of ∂E/∂W
    W_new: np.ndarray | None


class BatchMatrices(NamedTuple):
    samples: list               # 1-based sample numbers
    layers: list                # [BatchLayer]
    losses: np.ndarray          # (B,)
    mean_loss: float
    learning_rate: float | None


def batch_matrices(net, X: np.ndarray, T: np.ndarray, lr: float | None,
                   indices: list[int]) -> BatchMatrices:
    X, T = X[indices], T[indices]
    p = net.run(X, T, lr=lr)
    mean = net.mean_gradients(p)
    new = net.updated_arrays(mean, lr) if lr is not None else None
    layers = []
    for l, layer in enumerate(net.layers):
        b = layer.bias_vector(layer.b) if len(layer.b) else np.zeros(len(layer.neurons))
        layers.append(BatchLayer(l + 1, layer.name, list(layer.neurons), p.out[l], layer.W,
                                 np.broadcast_to(b, (len(layer.neurons),)), p.net[l],
                                 p.out[l + 1], p.delta[l], mean[2 * l],
                                 new[2 * l] if new is not None else None))
    return BatchMatrices([i + 1 for i in indices], layers, p.loss, float(np.mean(p.loss)), lr)
