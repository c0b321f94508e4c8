"""The small-net path: forward pass, BP1–BP4 and P ← P − η·g on Python floats, for the
tiny nets a class works with, where numpy's cost per call outweighs the arithmetic.

One update is generated as straight-line Python from the network's *shape* only — layer
sizes, which neuron uses which bias, the activation and loss kinds, the batch's row count —
and compiled once; every number (weights, biases, η, a leaky ReLU's slope) comes in as a
value, never as text. Each step is the array engine's (:mod:`bptrace.maths.network`) as a
hand calculation does it: the same formulas, each sum's terms added in index order, ``math``'s
``exp`` and ``tanh``. Where the operations are the same the numbers are the array engine's to
the last bit; numpy's own ``exp`` and its BLAS (which may fuse a product into a sum) can differ
from these in the last bit, so a long training may differ there too — the tests hold the two
paths together within 1e-12 and this one to a hand-written loop bit for bit. Where the path
cannot compute a network (a mask, softmax, another optimizer, rounding, a function it has no
scalar form of, a net too big to gain), :func:`plan` gives None and the array engine
computes. Nothing here prints."""

from __future__ import annotations

import math

# the most weights × rows a pass may take here (its products; the rows: a batch, or the
# whole data set for the loss after an epoch). bench/bench_small.py, online, µs an update
# against the array engine's: 2-16-2 0.12×, 2-32-2 0.24×, 2-64-2 0.47×, 2-128-2 0.91×,
# 2-160-2 1.12× (the crossover, about 2-140-2); but the first training of a shape compiles
# its update (2-64-2: 9 ms), which a training pays back after about 400 updates
LIMIT = 256

# activation → (out from z: statements setting {a}, ∂out/∂net from z and out)
_ACT = {
    "sigmoid": ("_e = exp(-abs({z})); {a} = (1.0 if {z} >= 0 else _e) / (1.0 + _e)",
                "{a} * (1.0 - {a})"),
    "tanh": ("{a} = tanh({z})", "1.0 - {a} * {a}"),
    "relu": ("{a} = {z} if {z} > 0.0 or {z} != {z} else 0.0", "(1.0 if {z} > 0 else 0.0)"),
    "leaky_relu": ("{a} = {z} if {z} > 0 else {c} * {z}", "(1.0 if {z} > 0 else {c})"),
    "linear": ("{a} = {z}", "1.0"),
    "softsign": ("{a} = {z} / (1.0 + abs({z}))",
                 "1.0 / ((1.0 + abs({z})) * (1.0 + abs({z})))"),
}
# loss → (one output's share from d = t − y; ∂E/∂y; n: the outputs)
_LOSS = {
    "half_sse": ("0.5 * ({d} * {d})", "{y} - {t}"),
    "sse": ("({d} * {d})", "2.0 * ({y} - {t})"),
    "mse": ("({d} * {d}) / {n}", "2.0 * ({y} - {t}) / {n}"),
}


def _activation(act):
    """(out's statements, ∂out/∂net, constant or None) of an activation the path computes,
    else None. A derivative made by a diagnosis variant says its scalar form (``d.scalar``)."""
    from bptrace.maths.activations import ACTIVATIONS
    base = ACTIVATIONS.get("leaky_relu" if act.name.startswith("leaky_relu") else act.name)
    if base is None or base.name not in _ACT:           # softmax, softplus, …: the arrays
        return None
    f, d = _ACT[base.name]
    d = getattr(act.d, "scalar", d if act.d is base.d else None)
    if act.f is base.f and d is not None:
        return f, d, (0.01 if base.name == "leaky_relu" else None)
    if (base.name == "leaky_relu" and act.param is not None
            and _same_code(act.f, base.f) and _same_code(act.d, base.d)):
        return f, _ACT["leaky_relu"][1], float(act.param)       # its own slope
    return None


def _same_code(g, h) -> bool:
    """Whether two functions are the same code (a leaky ReLU made with another slope)."""
    return getattr(g, "__code__", None) is not None and getattr(g, "__code__", None) is getattr(h, "__code__", None)


def _loss(loss):
    """(one output's share, ∂E/∂y) of a loss the path computes, else None (a ∂E/∂y made by
    a diagnosis variant says its scalar form: ``grad.scalar``, with {g} the loss's own)."""
    from bptrace.maths.losses import LOSSES
    base = LOSSES.get(loss.name)
    if loss.name not in _LOSS or loss.parts is not base.parts:
        return None
    part, grad = _LOSS[loss.name]
    if loss.grad is base.grad:
        return part, grad
    scalar = getattr(loss.grad, "scalar", None)
    if (loss.grad.__defaults__ or (None,))[0] is not base.grad:
        return None                     # {g}: the loss's own ∂E/∂y, not another variant's
    return None if scalar is None else (part, scalar.format(g=grad))


def _options(conv):
    """The convention's options the path computes, or None (rounding, printed values)."""
    if conv is None:
        return {}
    if conv.round_to is not None or conv.pins:
        return None
    return {k: getattr(conv, k) for k in ("first_path_only", "bp2_from_gradients", "net_for_out")
            if getattr(conv, k)}


class Plan:
    """A network the path computes: its layers' shapes and kinds, and the compiled updates
    (one per batch row count) and loss functions. ``P``: the parameters as one tuple."""

    def __init__(self, net, opts: dict):
        self.net = net
        self.opts = opts
        self.layers = []            # (n, m, activation kind, bias vector layout, trains b)
        self.consts: list[float] = []
        self.loss = _loss(net.loss)
        for layer in net.layers:
            f, d, c = _activation(layer.activation)
            kind = (f, d)
            ci = None
            if c is not None:
                ci = len(self.consts)
                self.consts.append(c)
            n, m = layer.W.shape
            self.layers.append((n, m, kind, ci, layer))
        self.sequential = net.sequential
        self._fns: dict[tuple, object] = {}

    def signature(self) -> tuple:
        """Everything but the numbers that the generated code depends on."""
        return (self.loss, tuple(self.consts), self.sequential, tuple(sorted(self.opts)),
                self.net.train_biases,
                tuple((n, m, kind, ci, layer.threshold, tuple(layer.bias_of.tolist()),
                       len(layer.b)) for n, m, kind, ci, layer in self.layers))

    # --- parameters --------------------------------------------------------------------
    def params(self) -> tuple:
        out: list[float] = []
        for layer in self.net.layers:
            out += layer.W.ravel().tolist() + layer.b.tolist()
        return tuple(out)

    def store(self, P) -> None:
        """The parameters back into the network's arrays."""
        i = 0
        for layer in self.net.layers:
            w = layer.W.size
            layer.W.ravel()[...] = P[i:i + w]
            i += w
            layer.b[...] = P[i:i + len(layer.b)]
            i += len(layer.b)

    # --- compiled functions (each made once per shape: :data:`_MADE`) --------------------
    def step(self, B: int):
        """(P, xs, ts, η) → (the batch's mean loss, new P): one update with the B rows xs, ts."""
        return self._made("step", B)

    def run(self, B: int, single: bool, stop: bool):
        """(P, batches, η, epochs, limit, stop) → (P, epochs done, updates into the next, loss):
        updates with each batch in turn (its B rows' inputs and targets as one flat tuple;
        ``single``: one batch) for that many epochs — returning early before an update whose
        loss is not ≤ limit, with that loss, or (``stop``) after an update where stop() says
        so, with False; else the loss is None."""
        return self._made("run", B, single, stop)

    def losses(self, B: int):
        """(P, xs, ts) → each row's loss (the forward pass alone, as Network.losses)."""
        return self._made("losses", B)

    def _made(self, *kind):
        if kind in self._fns:
            return self._fns[kind]
        key = (self.signature(),) + kind
        if key not in _MADE:
            lines = _source(self, *kind)
            if lines is not None:
                ns = {"exp": math.exp, "tanh": math.tanh, "C": tuple(self.consts)}
                exec(compile("\n".join(lines), f"<bptrace scalar {kind[0]}>", "exec"), ns)
                _MADE[key] = ns[kind[0]]
            else:
                _MADE[key] = None
        self._fns[kind] = _MADE[key]
        return _MADE[key]


_MADE: dict = {}        # (the shape's signature, what, rows…) → the compiled function


def plan(net, conv=None, rows: int = 1) -> Plan | None:
    """The small-net path for this network (``rows``: the most rows a pass takes), or None
    where it cannot compute the network or would be slower than numpy (weights × rows over
    :data:`LIMIT`)."""
    opts = _options(conv)
    if opts is None:
        return None
    if _loss(net.loss) is None:
        return None
    work = 0
    for layer in net.layers:
        if layer.mask is not None or _activation(layer.activation) is None:
            return None
        work += layer.W.size
    if work * rows > LIMIT:
        return None
    return Plan(net, opts)


# --- the generated code ------------------------------------------------------------------
def total(values) -> float:
    """The values added in their order, as the generated code adds a sum's terms."""
    out = 0.0
    for i, v in enumerate(values):
        out = v if i == 0 else out + v
    return out


def _sum(terms: list[str]) -> str:
    """The terms added in their order, as one Python expression."""
    out = terms[0] if terms else "0.0"
    for t in terms[1:]:
        out = f"({out} + {t})"
    return out


def _dot(a: list[str], b: list[str]) -> str:
    return _sum([f"{x} * {y}" for x, y in zip(a, b)])


def _names(plan: Plan):
    """The parameter names in the order of :meth:`Plan.params` (weights row by row)."""
    names = []
    for l, (n, m, _, _, layer) in enumerate(plan.layers):
        names += [f"w{l}_{j}_{k}" for j in range(n) for k in range(m)]
        names += [f"b{l}_{i}" for i in range(len(layer.b))]
    return names


def _source(plan: Plan, what: str, B: int, single: bool = False, stop: bool = False):
    """The lines of the generated function ``what`` for B rows ("step", "run" or "losses"),
    or None where the path cannot compute it. A value that cannot change in the loop (a
    fixed bias's term) is computed before it."""
    n0, nout = plan.layers[0][1], plan.layers[-1][0]
    xs = [[f"x{r}_{k}" for k in range(n0)] for r in range(B)]
    ts = [[f"t{r}_{o}" for o in range(nout)] for r in range(B)]
    params = f"({', '.join(_names(plan))},)"
    row = f"({', '.join(v for r in range(B) for v in xs[r] + ts[r])},)"
    pre, body = [f"{params} = P"], []
    if what != "run":
        body = [f"({', '.join(v[r])},) = {name}[{r}]" for r in range(B)
                for v, name in ((xs, "xs"), (ts, "ts"))]
    elif single:
        pre.append(f"{row} = batches[0]")
    out = [xs]
    body += _forward(plan, B, out, pre) + _loss_lines(plan, B, out[-1], ts)
    if what == "losses":
        return ["def losses(P, xs, ts):"] + _indent(pre + body, 1) + \
            [f"    return [{', '.join(f'per{r}' for r in range(B))}]"]
    body.append("bl = per0" if B == 1 else f"bl = {_sum([f'per{r}' for r in range(B)])} / {B}")
    if what == "run":
        body += ["if not bl <= limit:", f"    return {params}, _ep, {'0' if single else '_k'}, bl"]
    back = _backward(plan, B, out, ts)
    if back is None:
        return None
    body += back
    if what == "step":
        return ["def step(P, xs, ts, eta):"] + _indent(pre + body + [f"return bl, {params}"], 1)
    if stop:
        body += ["if stop():", f"    return {params}, _ep, {'1' if single else '_k + 1'}, False"]
    loop = ["for _ep in range(epochs):"]
    if not single:
        loop.append(f"    for _k, {row} in enumerate(batches):")
    return ["def run(P, batches, eta, epochs, limit, stop):"] + _indent(pre + loop, 1) + \
        _indent(body, len(loop) + 1) + [f"    return {params}, epochs, 0, None"]


def _indent(lines: list[str], depth: int) -> list[str]:
    return ["    " * depth + ln for ln in lines]


def _forward(plan: Plan, B: int, out: list, pre: list) -> list[str]:
    """The forward pass for rows 0..B−1 (out[0]: the inputs' names per row); fills ``out``
    (each layer's outputs per row) and returns the lines (z{l}_{r}_{j}: the net inputs)."""
    lines = []
    for l, (n, m, kind, ci, layer) in enumerate(plan.layers):
        terms, made = _bias_terms(l, layer)
        (lines if plan.net.train_biases else pre).extend(made)
        rows = []
        for r in range(B):
            names = []
            for j in range(n):
                z, a = f"z{l}_{r}_{j}", f"a{l}_{r}_{j}"
                s = _dot(out[-1][r], [f"w{l}_{j}_{k}" for k in range(m)])
                lines.append(f"{z} = {s}" + (f" + {terms[j]}" if terms else ""))
                lines += kind[0].format(z=z, a=a, c=f"C[{ci}]").split("; ")
                names.append(a)
            rows.append(names)
        out.append(rows)
    return lines


def _bias_terms(l: int, layer) -> tuple[list[str], list[str]]:
    """Layer.bias_vector as names: (per neuron the term added to its net input, the lines
    making the terms a shared bias gives)."""
    if not len(layer.b):
        return [], []
    sign = "-" if layer.threshold else ""
    if layer.own_biases:
        return [f"({sign}b{l}_{j})" for j in range(layer.size)], []
    of = layer.bias_of.tolist()
    made = [f"bt{l}_{i} = {sign}(b{l}_{i} + 0.0)" for i in sorted(set(of)) if i >= 0]
    return [f"bt{l}_{i}" if i >= 0 else f"({sign}0.0)" for i in of], made


def _loss_lines(plan: Plan, B: int, ys: list, ts: list) -> list[str]:
    """per{r}: each row's loss (its outputs' shares added in order)."""
    part = plan.loss[0]
    n = len(ys[0])
    lines = []
    for r in range(B):
        lines += [f"_d{r}_{o} = {ts[r][o]} - {ys[r][o]}" for o in range(n)]
        shares = [f"({part.format(d=f'_d{r}_{o}', n=n)})" for o in range(n)]
        lines.append(f"per{r} = {_sum(shares)}")
    return lines


def _backward(plan: Plan, B: int, out: list, ts: list) -> list[str] | None:
    """BP1–BP4 and the update, each parameter's new value into its own name. BP2 passes the
    error back through the weights of the forward pass, or (sequential) those just updated."""
    L, grad = len(plan.layers), plan.loss[1]
    nout = plan.layers[-1][0]
    e = [[f"e{L - 1}_{r}_{o}" for o in range(nout)] for r in range(B)]
    lines = [f"{e[r][o]} = {grad.format(y=out[-1][r][o], t=ts[r][o], n=nout)}"
             for r in range(B) for o in range(nout)]
    if plan.sequential and B != 1:
        return None
    for l in reversed(range(L)):
        n, m, kind, ci, layer = plan.layers[l]
        dl = [[f"d{l}_{r}_{j}" for j in range(n)] for r in range(B)]
        lines += [f"{dl[r][j]} = {e[r][j]} * ({kind[1].format(z=f'z{l}_{r}_{j}', a=f'a{l}_{r}_{j}', c=f'C[{ci}]')})"
                  for r in range(B) for j in range(n)]                          # BP1
        e = [[f"e{l - 1}_{r}_{k}" for k in range(m)] for r in range(B)]
        for part in ((_update, _bp2) if plan.sequential else (_bp2, _update)):
            lines += part(plan, B, l, dl, e, out)
    return lines


def _update(plan: Plan, B: int, l: int, dl: list, e: list, out: list) -> list[str]:
    """BP4 and BP3, and P ← P − η·(the batch's mean gradient)."""
    n, m, _, _, layer = plan.layers[l]
    k_mean = "" if B == 1 else f" * {1.0 / B!r}"
    below = out[l] if not (plan.opts.get("net_for_out") and l > 0) else \
        [[f"z{l - 1}_{r}_{k}" for k in range(m)] for r in range(B)]
    lines = []
    for j in range(n):                                                         # BP4
        for k in range(m):
            g = _dot([dl[r][j] for r in range(B)], [below[r][k] for r in range(B)])
            lines.append(f"w{l}_{j}_{k} = w{l}_{j}_{k} - eta * ({g}{k_mean})")
    if len(layer.b) and plan.net.train_biases:                                # BP3
        sums_b = [_sum([dl[r][j] for r in range(B)]) for j in range(n)]
        sign = "-" if layer.threshold else ""
        for i in range(len(layer.b)):
            if layer.own_biases:
                g = f"({sums_b[i]} + 0.0)"
            else:
                g = "0.0"
                for j in layer.bias_users(i):
                    g = f"({g} + {sums_b[j]})"
            lines += [f"_g = {sign}{g}", f"b{l}_{i} = b{l}_{i} - eta * (_g{k_mean})"]
    return lines


def _bp2(plan: Plan, B: int, l: int, dl: list, e: list, out: list) -> list[str]:
    """BP2: the error of the layer below (none below the first layer)."""
    if l == 0:
        return []
    n, m = plan.layers[l][:2]
    first = plan.opts.get("first_path_only")
    lines = []
    for r in range(B):
        for k in range(m):
            if plan.opts.get("bp2_from_gradients") and not first:   # (as ByHand.bp2 orders them)
                lines.append(f"{e[r][k]} = ({_sum(dl[r])}) * {out[l][r][k]}")
            else:
                terms = [f"w{l}_{j}_{k}" for j in range(1 if first else n)]
                lines.append(f"{e[r][k]} = {_dot(dl[r][:len(terms)], terms)}")
    return lines
