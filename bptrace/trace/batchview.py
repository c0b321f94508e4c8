"""A batch in matrices (step --batch --view matrix): the samples as the rows of one matrix,
as 《BP神经网络拟合非线性函数》 computes its 1-24-3-1 network (100×1 → 100×24 → 100×3 → 100×1)
and the 《神经网络》 post averages (eq. 17): Z_l = A_(l−1)·W_lᵀ + b_l, A_l = f(Z_l), Δ_L, Δ_l =
(Δ_(l+1)·W_(l+1)) ⊙ f′(Z_l), ∂E/∂W_l = (1/B)·Δ_lᵀ·A_(l−1). The numbers are the engine's own
(one pass of the network over the batch); nothing here formats."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


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
