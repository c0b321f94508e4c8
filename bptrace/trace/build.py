"""Building a trace: one forward pass, one backward pass and one update, every scalar
recorded as a :class:`~bptrace.trace.quantity.Quantity` with its key (interface contract §3), value, the
formula it comes from and the operands substituted into that formula (a sum of products, or a
template with arguments). The numbers come from the maths (:mod:`bptrace.network`); this
module only names and arranges them. It never formats a number.
"""

from __future__ import annotations

import gc

import numpy as np

from bptrace.network import Convention, Network, Pass, err_paths
from bptrace.trace.quantity import LayerInfo, ParamInfo, Phrase, Quantity, Trace

MAX_TERMS = 16          # beyond this fan-in, a sum is shown symbolically only
DETAIL_LIMIT = 2000     # a layer with more weights than this gets no substituted chains
JACOBIAN_LIMIT = 400    # a network with more neurons than this gets no Jacobians


def build_trace(net: Network, x: np.ndarray, t: np.ndarray, lr: float, *, title: str = "",
                file: str = "", conv: Convention | None = None) -> Trace:
    """Run one step (forward, backward, update, forward again) and record every scalar."""
    from bptrace.config.guard import check_trace
    check_trace([len(net.inputs)] + [len(layer.neurons) for layer in net.layers], file or None)
    gc_was_on = gc.isenabled()
    gc.disable()            # a million small tuples, none cyclic: the collector only slows it
    try:
        return _build_trace(net, x, t, lr, title, file, conv)
    finally:
        if gc_was_on:
            gc.enable()


def _build_trace(net, x, t, lr, title, file, conv) -> Trace:
    if conv is not None and conv.sequential and conv.lr is None:
        conv.lr = lr
    p: Pass = net.run(x, t, conv=conv)
    grads = net.gradient_arrays(p)
    if lr is not None:              # no learning rate (textbook notation): no update, nothing after it
        new_arrays = net.updated_arrays(grads, lr, conv)
        new_net, new_out, new_parts, new_losses = net.after_update(x, t, new_arrays, conv)

    tr = Trace(title=title, file=file, inputs=tuple(net.inputs),
               layers=[LayerInfo(layer.name, tuple(layer.neurons), layer.activation.name,
                                 layer.activation.formula, layer.activation.derivative,
                                 layer.activation.elementwise, layer.threshold)
                       for layer in net.layers],
               params=[], loss_name=net.loss.name, loss_formula=net.loss.formula,
               learning_rate=lr, train_biases=net.train_biases,
               target=dict(zip(net.outputs, map(float, np.ravel(t)))))
    tr.error_signal = net.error_signal
    for l, layer in enumerate(net.layers):
        prev = net.node_names(l)
        values = layer.W[tuple(np.array(list(layer.weight_names)).T)].tolist()
        for ((j, k), name), v in zip(layer.weight_names.items(), values):
            tr.params.append(ParamInfo(name, l + 1, "w", v, True, prev[k], (layer.neurons[j],)))
        for i, name in enumerate(layer.bias_names):
            tr.params.append(ParamInfo(name, l + 1, "b", float(layer.b[i]), net.train_biases, None,
                                       tuple(layer.neurons[j] for j in layer.bias_users(i))))

    _forward(tr, net, p)
    _loss(tr, net, p, t)
    _backward(tr, net, p, conv.rnd if conv is not None else (lambda v: v))
    _gradients(tr, net, p)
    if lr is not None:
        _update(tr, net, p, new_arrays, lr)
    _jacobians(tr, net, p)
    if lr is not None:
        _after(tr, net, new_net, new_out, new_parts, float(new_losses[0]))
    if conv is not None and conv.pins:
        # a printed value was used downstream; the key itself shows what it comes to when
        # computed from the values upstream, to compare with the book
        for key, slot in conv.keys.items():
            if key in tr and slot in conv.computed:
                tr[key].value = conv.computed[slot]
                name = key[4:]
                if key.startswith("new.") and name in net.param_by_name and \
                        f"change.{name}" not in conv.keys:
                    tr[f"change.{name}"].value = tr[key].value - net.value(net.param_by_name[name])
    return tr


def _row(a: np.ndarray) -> np.ndarray:
    return a[0]


def _forward(tr: Trace, net: Network, p: Pass) -> None:
    for k, name in enumerate(net.inputs):
        tr.add(Quantity(f"out.{name}", float(_row(p.out[0])[k]), "forward", 0, "",
                        prose=Phrase("formula input")))
    for l, layer in enumerate(net.layers):
        prev = net.node_names(l)
        a_prev = _row(p.out[l])
        z, a = _row(p.net[l]), _row(p.out[l + 1])
        by_neuron: dict[int, list[tuple[int, str]]] = {}
        for (j, k), wname in layer.weight_names.items():
            by_neuron.setdefault(j, []).append((k, wname))
        for j, neuron in enumerate(layer.neurons):
            edges = by_neuron.get(j, [])
            bi = layer.bias_of[j]
            big = len(edges) + (bi >= 0) > MAX_TERMS      # then no terms are shown
            sym, terms = [], []
            if not big:
                sym = [f"{w}·{prev[k]}" for k, w in edges]
                terms = [((w, float(layer.W[j, k])), (prev[k], float(a_prev[k])))
                         for k, w in edges]
            if bi >= 0 and not big:
                bname = layer.bias_names[bi]
                sym.append(f"−{bname}" if layer.threshold else bname)
                terms.append((("−1", -1.0), (bname, float(layer.b[bi]))) if layer.threshold
                             else ((bname, float(layer.b[bi])),))
            formula = (f"Σ w·out ({len(edges)} inputs)" +
                       ((" − θ" if layer.threshold else " + b") if bi >= 0 else "")) if big \
                else " + ".join(sym).replace(" + −", " − ") or "0"
            tr.add(Quantity(f"net.{neuron}", float(z[j]), "forward", l + 1, formula,
                            terms=None if big else tuple(terms)))
            act = layer.activation
            tr.add(Quantity(f"out.{neuron}", float(a[j]), "forward", l + 1,
                            f"{act.name}(net.{neuron})",
                            template=act.formula.replace("{net}", "{0}"), args=(float(z[j]),)))


def _loss(tr: Trace, net: Network, p: Pass, t: np.ndarray) -> None:
    y, tt = _row(p.out[-1]), np.ravel(t)
    L = len(net.layers)
    for j, o in enumerate(net.outputs):         # e = t − y (Hagan, Haykin, Negnevitsky)
        tr.add(Quantity(f"e.{o}", float(tt[j] - y[j]), "loss", L, f"target.{o} − out.{o}",
                        template="{0} − {1}", args=(float(tt[j]), float(y[j]))))
    if not net.loss.splits:
        tr.add(Quantity("loss", float(p.loss[0]), "loss", -1, net.loss.formula))
        return
    parts = _row(p.loss_parts)
    n_out = str(len(net.outputs))
    tmpl = net.loss.part_formula.replace("{t}", "{0}").replace("{y}", "{1}").replace("{n}", n_out)
    for j, o in enumerate(net.outputs):
        tr.add(Quantity(f"loss.{o}", float(parts[j]), "loss", L,
                        net.loss.part_formula.format(t=f"target.{o}", y=f"out.{o}", n=n_out),
                        template=tmpl, args=(float(tt[j]), float(y[j]))))
    many = len(net.outputs) > MAX_TERMS
    tr.add(Quantity("loss", float(p.loss[0]), "loss", -1,
                    f"Σ loss.O ({len(net.outputs)} outputs)" if many else
                    " + ".join(f"loss.{o}" for o in net.outputs),
                    terms=None if many else tuple(((f"loss.{o}", float(parts[j])),)
                                                  for j, o in enumerate(net.outputs))))


def _negated(formula: str) -> str:
    """The formula of −∂E/∂y from that of ∂E/∂y (its y − t turned round)."""
    if "{y} − {t}" in formula:
        return formula.replace("{y} − {t}", "{t} − {y}")
    return f"−({formula})"


def _backward(tr: Trace, net: Network, p: Pass, rnd) -> None:
    L = len(net.layers)
    y = _row(p.out[-1])
    sign = net.error_sign             # −1: err and delta reported as −∂E/∂· (textbook notation)
    for l in reversed(range(L)):
        layer = net.layers[l]
        act = layer.activation
        z, a = _row(p.net[l]), _row(p.out[l + 1])
        err, delta = sign * _row(p.err[l]), sign * _row(p.delta[l])
        if l == L - 1:
            t = np.array([tr.target[o] for o in net.outputs])
            n_out = str(len(net.outputs))
            gf = net.loss.grad_formula if sign > 0 else _negated(net.loss.grad_formula)
            tmpl = gf.replace("{y}", "{0}").replace("{t}", "{1}").replace("{n}", n_out)
            for j, o in enumerate(layer.neurons):
                tr.add(Quantity(f"err.{o}", float(err[j]), "backward", l + 1,
                                gf.format(y=f"out.{o}", t=f"target.{o}", n=n_out),
                                template=tmpl if net.loss.splits else None,
                                args=(float(y[j]), float(t[j]))))
        else:
            nxt = net.layers[l + 1]
            d_next = sign * _row(p.delta[l + 1])
            W_next = p.w_back[l + 1]            # the weights BP2 used (the forward pass's)
            path_value = err_paths(d_next, W_next, rnd)
            fan: dict[int, list[tuple[int, str]]] = {}
            for (jn, k), wname in nxt.weight_names.items():
                fan.setdefault(k, []).append((jn, wname))
            for j, neuron in enumerate(layer.neurons):
                paths = fan.get(j, [])
                for jn, wname in paths:
                    K = nxt.neurons[jn]
                    tr.add(Quantity(f"err.{neuron}.{K}", float(path_value[jn, j]),
                                    "backward", l + 1, f"delta.{K}·{wname}",
                                    terms=(((f"delta.{K}", float(d_next[jn])),
                                            (wname, float(W_next[jn, j]))),)))
                big = len(paths) > MAX_TERMS
                tr.add(Quantity(f"err.{neuron}", float(err[j]), "backward", l + 1,
                                f"Σ err.{neuron}.K ({len(paths)} paths)" if big else
                                " + ".join(f"err.{neuron}.{nxt.neurons[jn]}" for jn, _ in paths) or "0",
                                terms=None if big else tuple(
                                    ((f"err.{neuron}.{nxt.neurons[jn]}",
                                      float(path_value[jn, j])),) for jn, _ in paths)))
        if act.elementwise:
            dout = _row(p.dout[l])
            tmpl = act.derivative.replace("{out}", "{0}").replace("{net}", "{1}")
            for j, neuron in enumerate(layer.neurons):
                tr.add(Quantity(f"dout.{neuron}", float(dout[j]), "backward", l + 1,
                                act.derivative.format(out=f"out.{neuron}", net=f"net.{neuron}"),
                                template=tmpl, args=(float(a[j]), float(z[j]))))
                tr.add(Quantity(f"delta.{neuron}", float(delta[j]), "backward", l + 1,
                                f"err.{neuron}·dout.{neuron}",
                                terms=(((f"err.{neuron}", float(err[j])),
                                        (f"dout.{neuron}", float(dout[j]))),)))
        elif net.fused_softmax_ce and l == L - 1:
            tt = np.array([tr.target[o] for o in net.outputs])
            s = float(np.sum(tt))
            for j, neuron in enumerate(layer.neurons):
                tr.add(Quantity(f"delta.{neuron}", float(delta[j]), "backward", l + 1,
                                f"out.{neuron}·Σt − target.{neuron}" if sign > 0 else
                                f"target.{neuron} − out.{neuron}·Σt",
                                template="{0}×{1} − {2}" if sign > 0 else "{2} − {0}×{1}",
                                args=(float(a[j]), s, float(tt[j])),
                                prose=Phrase("formula softmax ce")))
        else:
            s = float(np.sum(err * a))
            for j, neuron in enumerate(layer.neurons):
                tr.add(Quantity(f"delta.{neuron}", float(delta[j]), "backward", l + 1,
                                f"out.{neuron}·(err.{neuron} − Σ_k err.k·out.k)",
                                template="{0}×({1} − {2})", args=(float(a[j]), float(err[j]), s),
                                prose=Phrase("formula softmax jacobian")))


def _gradients(tr: Trace, net: Network, p: Pass) -> None:
    """∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P, output layer first (as the textbooks go)."""
    L = len(net.layers)
    for l in reversed(range(L)):
        layer = net.layers[l]
        prev = net.node_names(l)
        sign = net.error_sign
        err, delta = (sign * _row(p.err[l])).tolist(), (sign * _row(p.delta[l])).tolist()
        a_prev = _row(p.out[l]).tolist()
        minus = (("−1", -1.0),) if sign < 0 else ()     # ∂E/∂P = −(−∂E/∂net)·∂net/∂P
        pre = "−" if sign < 0 else ""
        elem = layer.activation.elementwise
        douts = _row(p.dout[l]).tolist() if elem else None
        neurons = layer.neurons
        detail = len(layer.weight_names) <= DETAIL_LIMIT

        def chain(j: int, src_label: str, src_value: float):
            n = neurons[j]
            if elem:
                return minus + ((f"err.{n}", err[j]), (f"dout.{n}", douts[j]), (src_label, src_value))
            return minus + ((f"delta.{n}", delta[j]), (src_label, src_value))

        jk = list(layer.weight_names)
        grads = p.nabla_w[l][tuple(np.array(jk).T)].tolist() if jk else []
        add = tr.add
        for ((j, k), wname), g in zip(layer.weight_names.items(), grads):
            n = neurons[j]
            formula = pre + (f"err.{n}·dout.{n}·out.{prev[k]}" if elem else f"delta.{n}·out.{prev[k]}")
            add(Quantity(f"grad.{wname}", g, "gradient", l + 1, formula,
                         (chain(j, f"out.{prev[k]}", a_prev[k]),) if detail else None))
        for i, bname in enumerate(layer.bias_names):
            users = layer.bias_users(i)
            one = ("−1", -1.0) if layer.threshold else ("1", 1.0)    # ∂net/∂θ = −1
            big = len(users) > MAX_TERMS
            pieces = [] if big else [
                pre + (f"err.{neurons[j]}·dout.{neurons[j]}" if elem else f"delta.{neurons[j]}")
                + ("·(−1)" if layer.threshold else "·1") for j in users]
            note = None if net.train_biases else Phrase("note frozen gradient")
            add(Quantity(f"grad.{bname}", float(p.nabla_b[l][i]), "gradient", l + 1,
                         f"Σ over {len(users)} neurons" if big else " + ".join(pieces),
                         terms=None if big else tuple(chain(j, *one) for j in users),
                         note=note))


def _update(tr: Trace, net: Network, p: Pass, new_arrays, lr: float) -> None:
    """Changes and new values, output layer first (the order of the gradients and of the
    textbooks): change.P = new.P − P (Δw), then new.P."""
    negative = net.error_sign < 0
    for l in reversed(range(len(net.layers))):
        layer = net.layers[l]
        detail = len(layer.weight_names) <= DETAIL_LIMIT
        prev = net.node_names(l)
        delta = (net.error_sign * _row(p.delta[l])).tolist()
        a_prev = _row(p.out[l]).tolist()
        jk = tuple(np.array(list(layer.weight_names)).T) if layer.weight_names else None
        groups = []
        if jk is not None:
            # under error_signal negative: w ← w + η·δ·a (the books' own form)
            by = [(layer.neurons[j], prev[k], delta[j], a_prev[k]) if negative else None
                  for j, k in layer.weight_names]
            groups.append((list(layer.weight_names.values()), layer.W[jk].tolist(),
                           p.nabla_w[l][jk].tolist(), new_arrays[2 * l][jk].tolist(), True, by))
        if layer.bias_names:
            users = [layer.bias_users(i) for i in range(len(layer.bias_names))]
            by = [(layer.neurons[u[0]], None, delta[u[0]], -1.0 if layer.threshold else 1.0)
                  if negative and len(u) == 1 else None for u in users]
            groups.append((layer.bias_names, layer.b.tolist(), p.nabla_b[l].tolist(),
                           new_arrays[2 * l + 1].tolist(), net.train_biases, by))
        add = tr.add
        for names, olds, gs, news, trainable, by in groups:
            for name, old, g, new, via in zip(names, olds, gs, news, by):
                add(Quantity(f"change.{name}", new - old, "update", l + 1,
                             f"new.{name} − {name}", template="{0} − {1}", args=(new, old)))
                add(_new_quantity(name, l + 1, new, old, lr, g, trainable, detail,
                                  via if detail else None))


def _new_quantity(name: str, layer: int, new: float, old: float, lr: float, g: float,
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


def _after(tr: Trace, net: Network, new_net, new_out, new_parts, new_loss: float) -> None:
    """Every neuron's net input and output for the same sample after the update, the loss."""
    for l, layer in enumerate(net.layers):
        z, a = _row(new_net[l]), _row(new_out[l + 1])
        for j, n in enumerate(layer.neurons):
            tr.add(Quantity(f"new.net.{n}", float(z[j]), "after", l + 1, f"net.{n}",
                            prose=Phrase("formula recomputed")))
            tr.add(Quantity(f"new.out.{n}", float(a[j]), "after", l + 1, f"out.{n}",
                            prose=Phrase("formula recomputed")))
    parts = _row(new_parts) if new_parts is not None else None
    tr.add(Quantity("new.loss", new_loss, "after", -1, "loss", prose=Phrase("formula recomputed"),
                    terms=None if parts is None or len(parts) > MAX_TERMS else tuple(
                        ((f"new.loss.{o}", float(parts[j])),) for j, o in enumerate(net.outputs))))


def _jacobians(tr: Trace, net: Network, p: Pass) -> None:
    """The lecture slides' Jacobians J^l = ∂out^l/∂out^(l−1) (rows: layer l, columns: layer
    l−1), so that their 校对误差 row vectors satisfy E^(l−1) = E^l·J^l."""
    if sum(l.size for l in net.layers) > JACOBIAN_LIMIT:
        return
    for l in range(1, len(net.layers)):
        tr.jacobians[l + 1] = net.out_jacobian(p, l).tolist()
