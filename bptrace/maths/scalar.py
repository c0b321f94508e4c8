"""The small-net path: forward pass, BP1–BP4 and P ← P − η·g on Python floats, for the
tiny nets a class works with, where numpy's cost per call outweighs the arithmetic.

One update is generated as straight-line Python from the network's *shape* only — layer
sizes, which neuron uses which bias, the activation and loss kinds, the batch's row count —
and compiled once; every number (weights, biases, η, a leaky ReLU's slope) comes in as a
value, never as text. Each operation is the array engine's (:mod:`bptrace.maths.network`)
in the same order: a matrix product's sums in the order numpy's BLAS adds them on this
machine (found by :mod:`bptrace.maths.sums`), numpy's own ``exp``/``tanh`` where ``math``'s
differ — so the numbers are the array engine's to the last bit. Where the path cannot
compute a network so (a mask, softmax, another optimizer, rounding, a function it has no
scalar form of, a net too big to gain), :func:`plan` gives None and the array engine
computes. Nothing here prints."""

from __future__ import annotations

from bptrace.maths import sums

# the most multiply-adds an update may take here: above it numpy's products are faster
# (the crossover measured in bench/bench_small.py: 2-20-2, 80 weights, online)
LIMIT = 80

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
# loss → (one output's share from y, t; ∂E/∂y; n: the outputs)
_LOSS = {
    "half_sse": ("0.5 * (({t} - {y}) * ({t} - {y}))", "{y} - {t}"),
    "sse": ("(({t} - {y}) * ({t} - {y}))", "2.0 * ({y} - {t})"),
    "mse": ("(({t} - {y}) * ({t} - {y})) / {n}", "2.0 * ({y} - {t}) / {n}"),
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
        self._steps: dict[int, object] = {}
        self._losses: dict[int, object] = {}

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

    # --- compiled functions --------------------------------------------------------------
    def step(self, B: int):
        """(P, xs, ts, η) → (the batch's mean loss, new P): one update with the B rows xs, ts."""
        if B not in self._steps:
            self._steps[B] = self._compile(*_step_source(self, B))
        return self._steps[B]

    def losses(self, B: int):
        """(P, xs, ts) → each row's loss (the forward pass alone, as Network.losses)."""
        if -B not in self._losses:
            self._losses[-B] = self._compile(*_loss_source(self, B))
        return self._losses[-B]

    def _compile(self, lines, name):
        if lines is None:
            return None
        ns = {"fma": sums.FMA, "exp": sums.exact("exp"), "tanh": sums.exact("tanh"),
              "C": tuple(self.consts)}
        exec(compile("\n".join(lines), f"<bptrace scalar {name}>", "exec"), ns)
        return ns[name]


def plan(net, conv=None, rows: int = 1) -> Plan | None:
    """The small-net path for this network (``rows``: the most rows a pass takes), or None
    where it cannot give the array engine's numbers or would be slower than numpy."""
    opts = _options(conv)
    if opts is None or sums.FMA is None and _fused_anywhere():
        return None
    if _loss(net.loss) is None:
        return None
    work = 0
    for layer in net.layers:
        if layer.mask is not None or _activation(layer.activation) is None:
            return None
        if len(layer._multi) and net.train_biases:
            return None                 # a sum over 3+ neurons is a BLAS product
        work += layer.W.size
    if work * rows > LIMIT:
        return None
    return Plan(net, opts)


def _fused_anywhere() -> bool:
    return sums.product_sums("forward", 1, 2, 2) is None


# --- the generated code ------------------------------------------------------------------
def _names(plan: Plan):
    """The parameter names in the order of :meth:`Plan.params` (weights row by row)."""
    names = []
    for l, (n, m, _, _, layer) in enumerate(plan.layers):
        names += [f"w{l}_{j}_{k}" for j in range(n) for k in range(m)]
        names += [f"b{l}_{i}" for i in range(len(layer.b))]
    return names


def _forward(plan: Plan, B: int, out: list) -> list[str] | None:
    """The forward pass for rows 0..B−1 (out[0]: the inputs' names per row); fills ``out``
    (each layer's outputs per row) and returns the lines (z{l}_{r}_{j}: the net inputs)."""
    lines = []
    for l, (n, m, kind, ci, layer) in enumerate(plan.layers):
        tree = sums.product_sums("forward", B, m, n)
        if tree is None:
            return None
        bias = _bias_vector(l, layer)
        lines += bias[1]
        f = kind[0]
        rows = []
        for r in range(B):
            names = []
            for j in range(n):
                z, a = f"z{l}_{r}_{j}", f"a{l}_{r}_{j}"
                s = sums.tree_source(tree[r][j], out[-1][r], [f"w{l}_{j}_{k}" for k in range(m)])
                lines.append(f"{z} = {s}" + (f" + {bias[0][j]}" if bias[0] else ""))
                lines += f.format(z=z, a=a, c=f"C[{ci}]").split("; ")
                names.append(a)
            rows.append(names)
        out.append(rows)
    return lines


def _bias_vector(l: int, layer) -> tuple[list[str], list[str]]:
    """Layer.bias_vector as names: (per neuron the term added to its net input, lines)."""
    nb = len(layer.b)
    if not nb:
        return [], []
    sign = "-" if layer.threshold else ""
    if layer.own_biases:
        return [f"({sign}b{l}_{j})" for j in range(layer.size)], []
    of = layer.bias_of.tolist()
    terms = [f"({sign}(b{l}_{i} + 0.0))" if i >= 0 else f"({sign}0.0)" for i in of]
    return terms, []


def _loss_lines(plan: Plan, B: int, ys: list, ts: list) -> list[str]:
    """per{r}: each row's loss (its outputs' shares summed as numpy sums a row)."""
    part = plan.loss[0]
    n = len(ys[0])
    lines = []
    for r in range(B):
        shares = [f"({part.format(y=ys[r][o], t=ts[r][o], n=n)})" for o in range(n)]
        lines.append(f"per{r} = {sums.pairwise_source(shares)}")
    return lines


def _pass_source(plan: Plan, B: int, head: str):
    """The start every generated function shares: the parameters and the B rows unpacked, the
    forward pass and each row's loss — (lines, body, outputs per layer, targets), or None."""
    names = _names(plan)
    n0 = plan.layers[0][1]
    nout = plan.layers[-1][0]
    xs = [[f"x{r}_{k}" for k in range(n0)] for r in range(B)]
    ts = [[f"t{r}_{o}" for o in range(nout)] for r in range(B)]
    lines = [head, f"    ({', '.join(names)},) = P"]
    body = []
    for r in range(B):
        body.append(f"({', '.join(xs[r])},) = xs[{r}]")
        body.append(f"({', '.join(ts[r])},) = ts[{r}]")
    out = [xs]
    fwd = _forward(plan, B, out)
    if fwd is None:
        return None
    return lines, body + fwd + _loss_lines(plan, B, out[-1], ts), out, ts


def _step_source(plan: Plan, B: int):
    made = _pass_source(plan, B, "def step(P, xs, ts, eta):")
    if made is None:
        return None, "step"
    lines, body, out, ts = made
    names = _names(plan)
    L = len(plan.layers)
    nout = plan.layers[-1][0]
    body.append(f"bl = {sums.pairwise_source([f'per{r}' for r in range(B)])} / {B}")
    grad = plan.loss[1]
    e = [[f"e{L - 1}_{r}_{o}" for o in range(nout)] for r in range(B)]
    for r in range(B):
        for o in range(nout):
            body.append(f"{e[r][o]} = {grad.format(y=out[-1][r][o], t=ts[r][o], n=nout)}")
    new = {}
    opts = plan.opts
    k_mean = "" if B == 1 else f" * {1.0 / B!r}"
    for l in reversed(range(L)):
        n, m, kind, ci, layer = plan.layers[l]
        d = kind[1]
        dl = [[f"d{l}_{r}_{j}" for j in range(n)] for r in range(B)]
        for r in range(B):
            for j in range(n):
                dout = d.format(z=f"z{l}_{r}_{j}", a=f"a{l}_{r}_{j}", c=f"C[{ci}]")
                body.append(f"{dl[r][j]} = {e[r][j]} * ({dout})")             # BP1
        below = out[l] if not (opts.get("net_for_out") and l > 0) else \
            [[f"z{l - 1}_{r}_{k}" for k in range(m)] for r in range(B)]
        gtree = sums.product_sums("grad", B, m, n)
        if gtree is None:
            return None, "step"
        for j in range(n):                                                     # BP4
            for k in range(m):
                g = sums.tree_source(gtree[j][k], [dl[r][j] for r in range(B)],
                                     [below[r][k] for r in range(B)])
                body.append(f"g = {g}")
                new[f"w{l}_{j}_{k}"] = f"w{l}_{j}_{k} - eta * (g{k_mean})"
                body.append(f"n_w{l}_{j}_{k} = {new[f'w{l}_{j}_{k}']}")
        if len(layer.b) and plan.net.train_biases:                            # BP3
            sums_b = []
            for j in range(n):
                s = dl[0][j]
                for r in range(1, B):
                    s = f"({s} + {dl[r][j]})"
                sums_b.append(s)
            sign = "-" if layer.threshold else ""
            for i in range(len(layer.b)):
                if layer.own_biases:
                    g = f"({sums_b[i]} + 0.0)"
                else:
                    g = "0.0"
                    for j in layer.bias_users(i):
                        g = f"({g} + {sums_b[j]})"
                body.append(f"g = {sign}{g}")
                body.append(f"n_b{l}_{i} = b{l}_{i} - eta * (g{k_mean})")
        if l > 0:                                                              # BP2
            w_back = [[f"w{l}_{j}_{k}" for k in range(m)] for j in range(n)]
            if plan.sequential:
                w_back = [[f"n_w{l}_{j}_{k}" if B == 1 else None for k in range(m)]
                          for j in range(n)]
                if B != 1:
                    return None, "step"
            e = [[f"e{l - 1}_{r}_{k}" for k in range(m)] for r in range(B)]
            first = opts.get("first_path_only")
            btree = sums.product_sums("back", B, m, 1 if first else n)
            if btree is None:
                return None, "step"
            for r in range(B):
                for k in range(m):
                    if opts.get("bp2_from_gradients"):
                        s = sums.tree_source(btree[r][k], dl[r], ["1.0"] * n)
                        body.append(f"{e[r][k]} = ({s}) * {out[l][r][k]}")
                    else:
                        terms = [w_back[j][k] for j in range(1 if first else n)]
                        s = sums.tree_source(btree[r][k], dl[r][:len(terms)], terms)
                        body.append(f"{e[r][k]} = {s}")
    fresh = []
    for p in names:
        if p.startswith("w") or (plan.net.train_biases and p in
                                 {f"b{l}_{i}" for l, (_, _, _, _, layer) in enumerate(plan.layers)
                                  for i in range(len(layer.b))}):
            fresh.append(f"n_{p}")
        else:
            fresh.append(p)
    body.append(f"return bl, ({', '.join(fresh)},)")
    return lines + ["    " + ln for ln in body], "step"


def _loss_source(plan: Plan, B: int):
    made = _pass_source(plan, B, "def losses(P, xs, ts):")
    if made is None:
        return None, "losses"
    lines, body, _, _ = made
    body.append(f"return [{', '.join(f'per{r}' for r in range(B))}]")
    return lines + ["    " + ln for ln in body], "losses"
