"""Building a trace: one forward pass, one backward pass and one update, every scalar
recorded with its key (interface contract §3) and value, and — made when a reader asks — the
formula it comes from and the operands substituted into that formula (a sum of products, or
a template with arguments). The numbers come from the maths (:mod:`bptrace.maths.network`) as
arrays; this module and its sibling :mod:`~bptrace.trace.backward` (the backward pass and the
update) only name and arrange them. Nothing here formats a number.
"""

from __future__ import annotations

import numpy as np

from bptrace.maths.conventions import Convention, by_hand, hand_convention, hand_title
from bptrace.maths.network import BatchStep, Network, Pass
from bptrace.trace.backward import after, backward, gradients, new_quantity, update
from bptrace.trace.quantity import BatchTrace, LayerInfo, LayerParams, Phrase, Quantity, Trace
from bptrace.trace.residue import NO_BOUNDS, Bounds, Tagged
from bptrace.trace.store import MAX_TERMS, Block, Keys, interleave, row
from bptrace.config.edgenames import Wiring

JACOBIAN_LIMIT = 400    # a network with more neurons than this gets no Jacobians


def build_trace(net: Network, x: np.ndarray, t: np.ndarray, lr: float, *, title: str = "",
                file: str = "", conv: Convention | None = None) -> Trace:
    """Run one step (forward, backward, update, forward again) and record every scalar."""
    return _build(net, x, t, lr, title, file, conv, True)


def step_values(net: Network, x: np.ndarray, t: np.ndarray, lr: float,
                conv: Convention | None = None) -> dict[str, float]:
    """Every key's value of the step, as ``build_trace(…).values()`` gives them, without what
    only a reader of quantities needs (the rounding bounds of float residue, the Jacobians,
    the parameters' table)."""
    values = _build(net, x, t, lr, "", "", conv, False).values()
    if conv is not None and conv.pins:

        def put(key: str, value: float) -> None:
            if key not in values:
                raise KeyError(key)
            values[key] = float(np.float64(value))      # as the trace's float64 arrays keep it
        _printed(net, conv, values.__contains__, put)
    return values


def _build(net: Network, x: np.ndarray, t: np.ndarray, lr: float, title: str, file: str,
           conv: Convention | None, whole: bool) -> Trace:
    """The trace of one step; ``whole``: with the bounds of its float residue, its Jacobians
    and parameters' table — else a trace to read the values of only."""
    from bptrace.config.guard import check_trace

    check_trace([len(net.inputs)] + [len(layer.neurons) for layer in net.layers], file or None)
    hand = by_hand(net, conv)
    p: Pass = hand.run(x, t, lr=lr)
    new_arrays = new_net = new_out = None
    if lr is not None:              # no learning rate (textbook notation): no update, nothing after it
        new_arrays = hand.updated_arrays(hand.gradient_arrays(p), lr)
        new_net, new_out, new_parts, new_losses = hand.after_update(x, t, new_arrays)
    bounds = Bounds(net, p, t, lr, new_arrays, new_net, new_out) if whole else NO_BOUNDS

    tr = Trace(title=title, file=file, inputs=tuple(net.inputs),
               layers=[LayerInfo(layer.name, tuple(layer.neurons), layer.activation.name,
                                 layer.activation.formula, layer.activation.derivative,
                                 layer.activation.elementwise, layer.threshold,
                                 layer.matrix_rows)
                       for layer in net.layers],
               params=[], loss_name=net.loss.name, loss_formula=net.loss.formula,
               learning_rate=lr, train_biases=net.train_biases,
               target=dict(zip(net.outputs, map(float, np.ravel(t)))))
    tr.error_signal = net.error_signal
    tr.update = net.update
    wiring = [Wiring(layer) for layer in net.layers]
    for l, layer in enumerate(net.layers if whole else ()):
        wr = wiring[l]
        tr.param_layers.append(LayerParams(
            l + 1, wr.key_names(()), wr.take(layer.W), wr.J, wr.K, net.node_names(l), layer.neurons,
            layer.bias_names, np.array(layer.b, dtype=np.float64),
            [layer.bias_users(i) for i in range(len(layer.bias_names))], net.train_biases))

    _forward(tr, net, p, wiring, bounds)
    _loss(tr, net, p, t, bounds)
    backward(tr, net, p, wiring, conv.rnd if conv is not None else (lambda v: v), bounds)
    gradients(tr, net, p, wiring, bounds)
    if lr is not None:
        update(tr, net, p, wiring, new_arrays, lr, bounds)
    if whole:
        _jacobians(tr, net, p)
    if lr is not None:
        after(tr, net, new_net, new_out, new_parts, float(new_losses[0]), bounds)
    if whole and conv is not None and conv.pins:
        _printed(net, conv, tr.__contains__, tr.set_value)
    return tr


def _printed(net: Network, conv: Convention, has, put) -> None:
    """A printed value was used downstream; the key itself shows what it comes to when
    computed from the values upstream, to compare with the book (``has``: whether the step
    has a key; ``put``: a key's value replaced)."""
    for key, slot in conv.keys.items():
        if has(key) and slot in conv.computed:
            put(key, conv.computed[slot])
            name = key[4:]
            if key.startswith("new.") and name in net.param_by_name and \
                    f"change.{name}" not in conv.keys:
                put(f"change.{name}", float(np.float64(conv.computed[slot]))
                    - net.value(net.param_by_name[name]))


def _forward(tr: Trace, net: Network, p: Pass, wiring: list[Wiring], bounds: Bounds) -> None:
    inputs = list(net.inputs)
    tr.extend(Block("forward", 0, row(p.out[0]), Keys(("out.",), inputs),
                    lambda k: Quantity(f"out.{inputs[k]}", 0.0, "forward", 0, "",
                                       prose=Phrase("formula input"))))
    for l, layer in enumerate(net.layers):
        z, a = row(p.net[l]), row(p.out[l + 1])
        tr.extend(Block("forward", l + 1, interleave(z, a), Keys(("net.", "out."), layer.neurons),
                        _forward_maker(net, l, Tagged(row(p.out[l]), bounds.of(lambda l=l: bounds.out[l])),
                                       Tagged(z, bounds.of(lambda l=l: bounds.net[l])), wiring[l]),
                        bounds=bounds.of(lambda l=l: interleave(bounds.net[l], bounds.out[l + 1]))))


def _forward_maker(net: Network, l: int, a_prev: Tagged, z: Tagged, wr: Wiring):
    layer = net.layers[l]
    prev = net.node_names(l)
    act = layer.activation

    def make(i: int) -> Quantity:
        j = i // 2
        neuron = layer.neurons[j]
        if i % 2:
            return Quantity(f"out.{neuron}", 0.0, "forward", l + 1, f"{act.name}(net.{neuron})",
                            template=act.formula.replace("{net}", "{0}"), args=(z[j],))
        edges = wr.into(j)
        bi = layer.bias_of[j]
        big = len(edges) + (bi >= 0) > MAX_TERMS      # then no terms are shown
        sym, terms = [], []
        if not big:
            sym = [f"{w}·{prev[k]}" for k, w in edges]
            terms = [((w, float(layer.W[j, k])), (prev[k], a_prev[k])) for k, w in edges]
        if bi >= 0 and not big:
            bname = layer.bias_names[bi]
            sym.append(f"−{bname}" if layer.threshold else bname)
            terms.append((("−1", -1.0), (bname, float(layer.b[bi]))) if layer.threshold
                         else ((bname, float(layer.b[bi])),))
        formula = (f"Σ w·out ({len(edges)} inputs)" +
                   ((" − θ" if layer.threshold else " + b") if bi >= 0 else "")) if big \
            else " + ".join(sym).replace(" + −", " − ") or "0"
        return Quantity(f"net.{neuron}", 0.0, "forward", l + 1, formula,
                        terms=None if big else tuple(terms))
    return make


def _loss(tr: Trace, net: Network, p: Pass, t: np.ndarray, bounds: Bounds) -> None:
    y, tt = Tagged(row(p.out[-1]), bounds.of(lambda: bounds.out[-1])), np.ravel(t)
    L = len(net.layers)
    outs = list(net.outputs)
    # e = t − y (Hagan, Haykin, Negnevitsky)
    tr.extend(Block("loss", L, tt - y.values, Keys(("e.",), outs),
                    lambda j: Quantity(f"e.{outs[j]}", 0.0, "loss", L,
                                       f"target.{outs[j]} − out.{outs[j]}", template="{0} − {1}",
                                       args=(float(tt[j]), y[j])), bounds=bounds.of(lambda: bounds.e)))
    loss = net.loss
    if not loss.splits:
        tr.extend(Block("loss", -1, [p.loss[0]], ["loss"],
                        lambda _: Quantity("loss", 0.0, "loss", -1, loss.formula)))
        return
    parts = Tagged(row(p.loss_parts), bounds.of(lambda: bounds.parts))
    n_out = str(len(outs))
    tmpl = loss.part_formula.replace("{t}", "{0}").replace("{y}", "{1}").replace("{n}", n_out)
    tr.extend(Block("loss", L, parts.values, Keys(("loss.",), outs),
                    lambda j: Quantity(f"loss.{outs[j]}", 0.0, "loss", L,
                                       loss.part_formula.format(t=f"target.{outs[j]}",
                                                                y=f"out.{outs[j]}", n=n_out),
                                       template=tmpl, args=(float(tt[j]), y[j])),
                    bounds=bounds.of(lambda: parts.bounds)))
    many = len(outs) > MAX_TERMS
    tr.extend(Block("loss", -1, [p.loss[0]], ["loss"], lambda _: Quantity(
        "loss", 0.0, "loss", -1,
        f"Σ loss.O ({len(outs)} outputs)" if many else " + ".join(f"loss.{o}" for o in outs),
        terms=None if many else tuple(((f"loss.{o}", parts[j]),)
                                      for j, o in enumerate(outs))), bounds=bounds.of(lambda: [bounds.loss])))


def _jacobians(tr: Trace, net: Network, p: Pass) -> None:
    """The lecture slides' Jacobians J^l = ∂out^l/∂out^(l−1) (rows: layer l, columns: layer
    l−1), so that their 校对误差 row vectors satisfy E^(l−1) = E^l·J^l."""
    if sum(l.size for l in net.layers) > JACOBIAN_LIMIT:
        return
    for l in range(1, len(net.layers)):
        tr.jacobians[l + 1] = net.out_jacobian(p, l).tolist()


# --- A hand calculation's trace beside the exact one: ``step --round N`` / ``--round printed``
# and ``check`` build both from a config (the conventions themselves are
# :mod:`bptrace.maths.conventions`'s).

class Traces:
    """``shown``: the trace to show (hand-rounded where a rounding is asked for, else the
    exact one); ``exact``: the exact trace beside a hand-rounded one, else None."""

    def __init__(self, shown, exact, round_to: int | None = None):
        self.shown, self.exact, self.round_to = shown, exact, round_to


def traces(cfg, round_to) -> Traces:
    """The trace of the config's sample (hand-rounded where ``round_to`` is given: a number
    of decimals or "printed") and the exact one to compare it with."""
    exact = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                        title=cfg.title, file=cfg.file)
    if round_to is None:
        return Traces(exact, None)
    hand = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=hand_title(cfg.title, round_to), file=cfg.file,
                       conv=hand_convention(cfg, round_to))
    return Traces(hand, exact, round_to)


def hand_values(cfg, decimals: int) -> dict[str, float]:
    """Every value of a hand calculation that rounds each intermediate to ``decimals``."""
    return step_values(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       Convention(round_to=decimals))


# --- A batch trace: several samples' steps side by side, the mean of their gradients (the
# 《神经网络》 blog post, eq. 17) and one update with that mean. The update and the losses come
# from the maths (:meth:`bptrace.maths.network.Network.batch_step`); this module only names them.

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
        for key, value in step_values(net, X[k - 1], T[k - 1], lr).items():
            out[f"s{k}.{key}"] = value
    return out


def _array_index(prm) -> int:
    """Where a parameter lives in :meth:`Network.arrays` ([W1, b1, W2, b2, …])."""
    return 2 * prm.layer + (0 if prm.kind == "w" else 1)
