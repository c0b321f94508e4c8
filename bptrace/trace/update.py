"""The update and what follows it in a trace: change.P and new.P of every parameter (output
layer first, the order of the gradients and of the textbooks), then every neuron's net input
and output for the same sample after the update, and the loss — as arrays, their formulas
made when asked for."""

from __future__ import annotations

import numpy as np

from bptrace.maths.network import Network, Pass
from bptrace.trace.quantity import Phrase, Quantity, Trace
from bptrace.trace.residue import Bounds, Tagged
from bptrace.trace.store import DETAIL_LIMIT, MAX_TERMS, Block, Keys, interleave, row
from bptrace.trace.wiring import Wiring


def update(tr: Trace, net: Network, p: Pass, wiring: list[Wiring], new_arrays, lr: float,
           bounds: Bounds) -> None:
    """change.P = new.P − P (Δw), then new.P, for the weights and then the biases of each layer."""
    for l in reversed(range(len(net.layers))):
        layer, wr = net.layers[l], wiring[l]
        old = np.concatenate([wr.take(layer.W), np.asarray(layer.b, dtype=np.float64)])
        new = np.concatenate([wr.take(new_arrays[2 * l]),
                              np.asarray(new_arrays[2 * l + 1], dtype=np.float64)])
        n_new = np.concatenate([wr.take(bounds.new[2 * l]), bounds.new[2 * l + 1]])
        n_change = np.concatenate([wr.take(bounds.change[2 * l]), bounds.change[2 * l + 1]])
        tr.extend(Block("update", l + 1, interleave(new - old, new),
                        Keys(("change.", "new."), wr.key_names(layer.bias_names)),
                        _update_maker(net, p, l, wr, old, Tagged(new, n_new), lr, bounds),
                        bounds=interleave(n_change, n_new)))


def _update_maker(net: Network, p: Pass, l: int, wr: Wiring, old, new: Tagged, lr: float,
                  bounds: Bounds):
    layer = net.layers[l]
    negative = net.error_sign < 0
    detail = len(wr) <= DETAIL_LIMIT
    prev = net.node_names(l)
    delta = Tagged(net.error_sign * row(p.delta[l]), bounds.delta[l])
    a_prev = Tagged(row(p.out[l]), bounds.out[l])
    grads = Tagged(np.concatenate([wr.take(p.nabla_w[l]), np.asarray(p.nabla_b[l], dtype=np.float64)]),
                   np.concatenate([wr.take(bounds.grad_w[l]), bounds.grad_b[l]]))
    nw = len(wr)
    names = wr.key_names(layer.bias_names)

    def via(i: int):
        """Under error_signal negative: w ← w + η·δ·a (the books' own form)."""
        if not negative or not detail:
            return None
        if i < nw:
            j, k = int(wr.J[i]), int(wr.K[i])
            return layer.neurons[j], prev[k], delta[j], a_prev[k]
        u = layer.bias_users(i - nw)
        return (layer.neurons[u[0]], None, delta[u[0]],
                -1.0 if layer.threshold else 1.0) if len(u) == 1 else None

    def make(pos: int) -> Quantity:
        i = pos // 2
        name, o, n = names[i], float(old[i]), new[i]
        if pos % 2 == 0:
            return Quantity(f"change.{name}", 0.0, "update", l + 1, f"new.{name} − {name}",
                            template="{0} − {1}", args=(n, o))
        trainable = i < nw or net.train_biases
        return new_quantity(name, l + 1, n, o, lr, grads[i], trainable, detail, via(i))
    return make


def new_quantity(name: str, layer: int, new: float, old: float, lr: float, g: float,
                 trainable: bool, detail: bool = True, via=None) -> Quantity:
    """new.P = P − η·grad.P, or P itself where it is frozen. ``via`` (neuron, source or None,
    δ, a): the update written with the book's δ = −∂E/∂net, P + η·δ·a."""
    if not trainable:
        return Quantity(f"new.{name}", new, "update", layer, name, template="{0}", args=(old,),
                        note=Phrase("note frozen bias"))
    if via is not None:
        n, src, d, a = via
        if src is not None:
            return Quantity(f"new.{name}", new, "update", layer, f"{name} + η·delta.{n}·out.{src}",
                            template="{0} + {1}×{2}×{3}", args=(old, lr, d, a))
        op = "−" if a < 0 else "+"
        return Quantity(f"new.{name}", new, "update", layer, f"{name} {op} η·delta.{n}",
                        template="{0} %s {1}×{2}" % op, args=(old, lr, d))
    return Quantity(f"new.{name}", new, "update", layer, f"{name} − η·grad.{name}",
                    template="{0} − {1}×{2}" if detail else None,
                    args=(old, lr, g) if detail else ())


def after(tr: Trace, net: Network, new_net, new_out, new_parts, new_loss: float,
          bounds: Bounds) -> None:
    """Every neuron's net input and output for the same sample after the update, each
    output's share of the loss (where the loss splits by output: new.loss.O), the loss."""
    for l, layer in enumerate(net.layers):
        neurons = layer.neurons
        rounding = interleave(bounds.new_net[l], bounds.new_out[l + 1]) if bounds.new_net else None
        tr.extend(Block("after", l + 1, interleave(row(new_net[l]), row(new_out[l + 1])),
                        Keys(("new.net.", "new.out."), neurons),
                        lambda i, neurons=neurons, l=l: Quantity(
                            f"new.{'out' if i % 2 else 'net'}.{neurons[i // 2]}", 0.0, "after",
                            l + 1, f"{'out' if i % 2 else 'net'}.{neurons[i // 2]}",
                            prose=Phrase("formula recomputed")), bounds=rounding))
    parts = Tagged(row(new_parts), bounds.new_parts) if new_parts is not None and \
        bounds.new_parts is not None else None
    outs = list(net.outputs)
    if parts is not None:
        L = len(net.layers)
        loss = net.loss
        y = Tagged(row(new_out[-1]), bounds.new_out[-1]) if bounds.new_out else row(new_out[-1])
        t = [tr.target[o] for o in outs]
        n_out = str(len(outs))
        tmpl = loss.part_formula.replace("{t}", "{0}").replace("{y}", "{1}").replace("{n}", n_out)
        tr.extend(Block("after", L, parts.values, Keys(("new.loss.",), outs),
                        lambda j: Quantity(f"new.loss.{outs[j]}", 0.0, "after", L,
                                           loss.part_formula.format(t=f"target.{outs[j]}",
                                                                    y=f"new.out.{outs[j]}",
                                                                    n=n_out),
                                           template=tmpl, args=(float(t[j]), y[j])),
                        bounds=parts.bounds))
    tr.extend(Block("after", -1, [new_loss], ["new.loss"], lambda _: Quantity(
        "new.loss", 0.0, "after", -1, "loss", prose=Phrase("formula recomputed"),
        terms=None if parts is None or len(parts) > MAX_TERMS else tuple(
            ((f"new.loss.{o}", parts[j]),) for j, o in enumerate(outs))), bounds=[bounds.new_loss]))
