"""The backward pass, the gradients and the update of a trace, layer by layer from the output
down (as the textbooks go): each layer's errors (with a hidden error's paths err.N.K), ∂out/∂net
and delta, then ∂E/∂P of its parameters; then change.P and new.P of every parameter — as
arrays, their formulas made when asked for."""

from __future__ import annotations

import numpy as np

from bptrace.maths.network import Network, Pass, err_paths
from bptrace.trace.quantity import Phrase, Quantity, Trace
from bptrace.trace.residue import Bounds, Tagged
from bptrace.trace.store import DETAIL_LIMIT, MAX_TERMS, Block, Keys, interleave, row
from bptrace.config.edgenames import Wiring


def _negated(formula: str) -> str:
    """The formula of −∂E/∂y from that of ∂E/∂y (its y − t turned round)."""
    if "{y} − {t}" in formula:
        return formula.replace("{y} − {t}", "{t} − {y}")
    return f"−({formula})"


def backward(tr: Trace, net: Network, p: Pass, wiring: list[Wiring], rnd, bounds: Bounds) -> None:
    L = len(net.layers)
    sign = net.error_sign             # −1: err and delta reported as −∂E/∂· (textbook notation)
    for l in reversed(range(L)):
        err = Tagged(sign * row(p.err[l]), bounds.of(lambda l=l: bounds.err[l]))
        if l == L - 1:
            tr.extend(Block("backward", l + 1, err.values, Keys(("err.",), net.layers[l].neurons),
                            _output_error(tr, net, p, sign, bounds), bounds=bounds.of(lambda err=err: err.bounds)))
        else:
            _hidden_errors(tr, net, p, l, wiring[l + 1], err, sign, rnd, bounds)
        _deltas(tr, net, p, l, err, sign, bounds)


def _output_error(tr: Trace, net: Network, p: Pass, sign: float, bounds: Bounds):
    L = len(net.layers)
    y = Tagged(row(p.out[-1]), bounds.of(lambda: bounds.out[-1]))
    t = np.array([tr.target[o] for o in net.outputs])
    n_out = str(len(net.outputs))
    gf = net.loss.grad_formula if sign > 0 else _negated(net.loss.grad_formula)
    tmpl = gf.replace("{y}", "{0}").replace("{t}", "{1}").replace("{n}", n_out)
    neurons = net.layers[-1].neurons
    return lambda j: Quantity(f"err.{neurons[j]}", 0.0, "backward", L,
                              gf.format(y=f"out.{neurons[j]}", t=f"target.{neurons[j]}", n=n_out),
                              template=tmpl if net.loss.splits else None,
                              args=(y[j], float(t[j])))


def _hidden_errors(tr: Trace, net: Network, p: Pass, l: int, wr: Wiring, err: Tagged, sign, rnd,
                   bounds: Bounds) -> None:
    """For each neuron N of layer l: its paths err.N.K = δ_K·w(N→K) (in the order of the
    next layer's weights), then err.N, their sum."""
    layer, nxt = net.layers[l], net.layers[l + 1]
    n = len(layer.neurons)
    d_next = Tagged(sign * row(p.delta[l + 1]), bounds.of(lambda: bounds.delta[l + 1]))
    W_next = p.w_back[l + 1]            # the weights BP2 used (the forward pass's, or the
    new = "new." if net.sequential else ""  # updated ones under update: sequential)
    path_value = Tagged(err_paths(d_next.values, W_next, rnd),
                        bounds.of(lambda: bounds.paths[l + 1]))
    order, counts = wr.fan_out(n)       # the next layer's edges by source neuron
    first = np.cumsum(counts) - counts  # where neuron j's paths start among them
    start = first + np.arange(n)        # … and in this block (each err.N after its paths)
    who = np.empty(len(order) + n, dtype=np.intp)   # position → sorted edge, or −1 − j
    values = np.empty(len(order) + n)
    src = wr.K[order]
    pos = start[src] + (np.arange(len(order)) - first[src])
    who[pos] = np.arange(len(order))
    values[pos] = path_value.values[wr.J[order], src]
    ends = start + counts
    who[ends] = -1 - np.arange(n)
    values[ends] = err.values

    def rounding():
        out = np.empty(len(order) + n)
        out[pos] = path_value.bounds[wr.J[order], src]
        out[ends] = err.bounds
        return out
    names, nn = wr.names, nxt.neurons

    def keys() -> list[str]:
        out = []
        for j, neuron in enumerate(layer.neurons):
            out += [f"err.{neuron}.{nn[jn]}" for jn in wr.J[order[first[j]:first[j] + counts[j]]]]
            out.append(f"err.{neuron}")
        return out

    def make(i: int) -> Quantity:
        s = int(who[i])
        if s >= 0:
            e = int(order[s])
            jn, j = int(wr.J[e]), int(wr.K[e])
            K = nn[jn]
            return Quantity(f"err.{layer.neurons[j]}.{K}", 0.0, "backward", l + 1,
                            f"delta.{K}·{new}{names[e]}",
                            terms=(((f"delta.{K}", d_next[jn]),
                                    (new + names[e], float(W_next[jn, j]))),))
        j = -1 - s
        neuron = layer.neurons[j]
        paths = wr.out_of(j)
        big = len(paths) > MAX_TERMS
        return Quantity(f"err.{neuron}", 0.0, "backward", l + 1,
                        f"Σ err.{neuron}.K ({len(paths)} paths)" if big else
                        " + ".join(f"err.{neuron}.{nn[jn]}" for jn, _ in paths) or "0",
                        terms=None if big else tuple(
                            ((f"err.{neuron}.{nn[jn]}", path_value[jn, j]),)
                            for jn, _ in paths))
    tr.extend(Block("backward", l + 1, values, keys, make, bounds=bounds.of(rounding)))


def _deltas(tr: Trace, net: Network, p: Pass, l: int, err: Tagged, sign: float,
            bounds: Bounds) -> None:
    layer = net.layers[l]
    act, neurons = layer.activation, layer.neurons
    z = Tagged(row(p.net[l]), bounds.of(lambda: bounds.net[l]))
    a = Tagged(row(p.out[l + 1]), bounds.of(lambda: bounds.out[l + 1]))
    delta = sign * row(p.delta[l])

    def nd():
        return bounds.delta[l]
    if act.elementwise:
        dout = row(p.dout[l])
        tmpl = act.derivative.replace("{out}", "{0}").replace("{net}", "{1}")

        def make(i: int) -> Quantity:
            j = i // 2
            n = neurons[j]
            if i % 2 == 0:
                return Quantity(f"dout.{n}", 0.0, "backward", l + 1,
                                act.derivative.format(out=f"out.{n}", net=f"net.{n}"),
                                template=tmpl, args=(a[j], z[j]))
            return Quantity(f"delta.{n}", 0.0, "backward", l + 1, f"err.{n}·dout.{n}",
                            terms=(((f"err.{n}", err[j]), (f"dout.{n}", float(dout[j]))),))
        tr.extend(Block("backward", l + 1, interleave(dout, delta), Keys(("dout.", "delta."), neurons),
                        make, bounds=bounds.of(lambda: interleave(np.zeros_like(nd()), nd()))))
    elif net.fused_softmax_ce and l == len(net.layers) - 1:
        tt = np.array([tr.target[o] for o in net.outputs])
        s = float(np.sum(tt))
        tr.extend(Block("backward", l + 1, delta, Keys(("delta.",), neurons), lambda j: Quantity(
            f"delta.{neurons[j]}", 0.0, "backward", l + 1,
            f"out.{neurons[j]}·Σt − target.{neurons[j]}" if sign > 0 else
            f"target.{neurons[j]} − out.{neurons[j]}·Σt",
            template="{0}×{1} − {2}" if sign > 0 else "{2} − {0}×{1}",
            args=(a[j], s, float(tt[j])), prose=Phrase("formula softmax ce")), bounds=bounds.of(nd)))
    else:
        s = float(np.sum(err.values * a.values))
        tr.extend(Block("backward", l + 1, delta, Keys(("delta.",), neurons), lambda j: Quantity(
            f"delta.{neurons[j]}", 0.0, "backward", l + 1,
            f"out.{neurons[j]}·(err.{neurons[j]} − Σ_k err.k·out.k)",
            template="{0}×({1} − {2})", args=(a[j], err[j], s),
            prose=Phrase("formula softmax jacobian")), bounds=bounds.of(nd)))


def gradients(tr: Trace, net: Network, p: Pass, wiring: list[Wiring], bounds: Bounds) -> None:
    """∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P, output layer first (as the textbooks go)."""
    for l in reversed(range(len(net.layers))):
        layer, wr = net.layers[l], wiring[l]
        values = np.concatenate([wr.take(p.nabla_w[l]), np.asarray(p.nabla_b[l], dtype=np.float64)])
        tr.extend(Block("gradient", l + 1, values, Keys(("grad.",), wr.key_names(layer.bias_names)),
                        _gradient_maker(net, p, l, wr, bounds), bounds=bounds.of(lambda l=l, wr=wr:
                        np.concatenate([wr.take(bounds.grad_w[l]), bounds.grad_b[l]]))))


def _gradient_maker(net: Network, p: Pass, l: int, wr: Wiring, bounds: Bounds):
    layer = net.layers[l]
    prev = net.node_names(l)
    sign = net.error_sign
    err = Tagged(sign * row(p.err[l]), bounds.of(lambda: bounds.err[l]))
    delta = Tagged(sign * row(p.delta[l]), bounds.of(lambda: bounds.delta[l]))
    a_prev = Tagged(row(p.out[l]), bounds.of(lambda: bounds.out[l]))
    minus = (("−1", -1.0),) if sign < 0 else ()     # ∂E/∂P = −(−∂E/∂net)·∂net/∂P
    pre = "−" if sign < 0 else ""
    elem = layer.activation.elementwise
    douts = row(p.dout[l]) if elem else None
    neurons = layer.neurons
    detail = len(wr) <= DETAIL_LIMIT
    nw = len(wr)

    def chain(j: int, src_label: str, src_value: float):
        n = neurons[j]
        if elem:
            return minus + ((f"err.{n}", err[j]), (f"dout.{n}", float(douts[j])),
                            (src_label, src_value))
        return minus + ((f"delta.{n}", delta[j]), (src_label, src_value))

    def make(i: int) -> Quantity:
        if i < nw:
            j, k = int(wr.J[i]), int(wr.K[i])
            n = neurons[j]
            formula = pre + (f"err.{n}·dout.{n}·out.{prev[k]}" if elem else f"delta.{n}·out.{prev[k]}")
            return Quantity(f"grad.{wr.names[i]}", 0.0, "gradient", l + 1, formula,
                            (chain(j, f"out.{prev[k]}", a_prev[k]),) if detail else None)
        b = i - nw
        users = layer.bias_users(b)
        one = ("−1", -1.0) if layer.threshold else ("1", 1.0)    # ∂net/∂θ = −1
        big = len(users) > MAX_TERMS
        pieces = [] if big else [
            pre + (f"err.{neurons[j]}·dout.{neurons[j]}" if elem else f"delta.{neurons[j]}")
            + ("·(−1)" if layer.threshold else "·1") for j in users]
        return Quantity(f"grad.{layer.bias_names[b]}", 0.0, "gradient", l + 1,
                        f"Σ over {len(users)} neurons" if big else " + ".join(pieces),
                        terms=None if big else tuple(chain(j, *one) for j in users),
                        note=None if net.train_biases else Phrase("note frozen gradient"))
    return make


# --- The update and what follows it in a trace: change.P and new.P of every parameter (output
# layer first, the order of the gradients and of the textbooks), then every neuron's net input
# and output for the same sample after the update, and the loss — as arrays, their formulas
# made when asked for.

def update(tr: Trace, net: Network, p: Pass, wiring: list[Wiring], new_arrays, lr: float,
           bounds: Bounds) -> None:
    """change.P = new.P − P (Δw), then new.P, for the weights and then the biases of each layer."""
    for l in reversed(range(len(net.layers))):
        layer, wr = net.layers[l], wiring[l]
        old = np.concatenate([wr.take(layer.W), np.asarray(layer.b, dtype=np.float64)])
        new = np.concatenate([wr.take(new_arrays[2 * l]),
                              np.asarray(new_arrays[2 * l + 1], dtype=np.float64)])
        n_new = Tagged(new, bounds.of(lambda l=l, wr=wr: np.concatenate([wr.take(bounds.new[2 * l]),
                                                                            bounds.new[2 * l + 1]])))
        tr.extend(Block("update", l + 1, interleave(new - old, new),
                        Keys(("change.", "new."), wr.key_names(layer.bias_names)),
                        _update_maker(net, p, l, wr, old, n_new, lr, bounds),
                        bounds=bounds.of(lambda l=l, wr=wr, n_new=n_new: interleave(np.concatenate(
                            [wr.take(bounds.change[2 * l]), bounds.change[2 * l + 1]]), n_new.bounds))))


def _update_maker(net: Network, p: Pass, l: int, wr: Wiring, old, new: Tagged, lr: float,
                  bounds: Bounds):
    layer = net.layers[l]
    negative = net.error_sign < 0
    detail = len(wr) <= DETAIL_LIMIT
    prev = net.node_names(l)
    delta = Tagged(net.error_sign * row(p.delta[l]), bounds.of(lambda: bounds.delta[l]))
    a_prev = Tagged(row(p.out[l]), bounds.of(lambda: bounds.out[l]))
    grads = Tagged(np.concatenate([wr.take(p.nabla_w[l]), np.asarray(p.nabla_b[l], dtype=np.float64)]),
                   bounds.of(lambda: np.concatenate([wr.take(bounds.grad_w[l]), bounds.grad_b[l]])))
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
        tr.extend(Block("after", l + 1, interleave(row(new_net[l]), row(new_out[l + 1])),
                        Keys(("new.net.", "new.out."), neurons),
                        lambda i, neurons=neurons, l=l: Quantity(
                            f"new.{'out' if i % 2 else 'net'}.{neurons[i // 2]}", 0.0, "after",
                            l + 1, f"{'out' if i % 2 else 'net'}.{neurons[i // 2]}",
                            prose=Phrase("formula recomputed")), bounds=bounds.of(lambda l=l: interleave(
                                bounds.new_net[l], bounds.new_out[l + 1]) if bounds.new_net else None)))
    # the bounds after the update are there (an update was made); new.loss.O's where it splits
    parts = Tagged(row(new_parts), bounds.of(lambda: bounds.new_parts)) if new_parts is not None and \
        net.loss.splits else None
    outs = list(net.outputs)
    if parts is not None:
        L = len(net.layers)
        loss = net.loss
        y = Tagged(row(new_out[-1]), bounds.of(lambda: bounds.new_out[-1]))
        t = [tr.target[o] for o in outs]
        n_out = str(len(outs))
        tmpl = loss.part_formula.replace("{t}", "{0}").replace("{y}", "{1}").replace("{n}", n_out)
        tr.extend(Block("after", L, parts.values, Keys(("new.loss.",), outs),
                        lambda j: Quantity(f"new.loss.{outs[j]}", 0.0, "after", L,
                                           loss.part_formula.format(t=f"target.{outs[j]}",
                                                                    y=f"new.out.{outs[j]}",
                                                                    n=n_out),
                                           template=tmpl, args=(float(t[j]), y[j])),
                        bounds=bounds.of(lambda: parts.bounds)))
    tr.extend(Block("after", -1, [new_loss], ["new.loss"], lambda _: Quantity(
        "new.loss", 0.0, "after", -1, "loss", prose=Phrase("formula recomputed"),
        terms=None if parts is None or len(parts) > MAX_TERMS else tuple(
            ((f"new.loss.{o}", parts[j]),) for j, o in enumerate(outs))), bounds=bounds.of(lambda: [bounds.new_loss])))
