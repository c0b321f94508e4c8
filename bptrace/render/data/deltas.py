"""step --view delta --format json: the 《神经网络》 post's backward pass, layer by layer from the
output down, as plain numbers (full float64 precision)."""

from __future__ import annotations


def delta_json(layers) -> list[dict]:
    out = []
    for d in layers:
        out.append({
            "layer": d.layer, "name": d.name, "neurons": list(d.rows), "inputs": list(d.cols),
            "equation": d.equations[0],
            "dE_da": d.dJda, "f_prime": d.fprime, "W_next_T": d.W_next_T,
            "delta_next": d.delta_next, "delta": d.delta, "a_prev": d.a_prev,
            "dE_dW": d.dW, "dE_db": d.db,
        })
    return out
