"""check --diagnose's training, batched: the variants that train the same shape of network
on the same data run as one stack of V networks — weights (V, n, m), np.matmul over the
stack — instead of V trainings one after another. Each network of the stack does the same
floating-point operations in the same order as the general engine
(:meth:`bptrace.maths.network.Network.forward` / ``backward`` with the variant's convention, then
P ← P − η·g), so every trained value is the one-at-a-time value to the last bit; where the
variants differ (a derivative, a loss, a convention), each way is computed for the stack
and each network takes its own. A network is read out (its trained.* values) at each
number of epochs asked of it, so "one update fewer/more" costs no training of its own.
Networks the stack cannot hold (masks, softmax, a loss taken from the logits, a bias
shared by three or more neurons, another optimizer, …) are left to the caller.
Nothing here prints."""

from __future__ import annotations

import numpy as np

from bptrace.checking.watch import Watch, batches, summed
from bptrace.training.loop import mean_loss, split


class Run:
    """One network of the stack: an applied variant's network, learning rate and
    convention, and the cache keys to fill at each number of epochs; ``twins``: runs that
    train exactly alike (:func:`twins`), read out from this one's place in the stack."""

    __slots__ = ("net", "lr", "conv", "targets", "twins")

    def __init__(self, net, lr: float, conv, targets: dict[int, list]):
        self.net, self.lr, self.conv, self.targets = net, lr, conv, targets
        self.twins: list[Run] = []


def _same(f, g) -> bool:
    """The same function: one object, or one code with the same defaults and closure (a
    variant makes its own lambda each time it is applied)."""
    if f is g:
        return True
    code = getattr(f, "__code__", None)
    if code is None or code is not getattr(g, "__code__", None):
        return False
    fd, gd = f.__defaults__ or (), g.__defaults__ or ()
    fc, gc = f.__closure__ or (), g.__closure__ or ()
    return (len(fd) == len(gd) and all(a is b for a, b in zip(fd, gd))
            and len(fc) == len(gc) and all(a.cell_contents is b.cell_contents
                                           for a, b in zip(fc, gc)))


def _ways(funcs: list, make=lambda f: f, shape: tuple = (-1, 1, 1)):
    """One function for the stack: each network's own way (the distinct functions, by
    :func:`_same`; ``make`` turns one into the way computed), every way computed for the
    stack and each network taking its own (``shape``: a network's mask along the axes)."""
    distinct: list = []
    which = []
    for f in funcs:
        k = next((k for k, w in enumerate(distinct) if _same(f, w)), None)
        if k is None:
            k = len(distinct)
            distinct.append(f)
        which.append(k)
    ways = [make(f) for f in distinct]
    if len(ways) == 1:
        return ways[0]
    masks = [(np.array(which) == k).reshape(shape) for k in range(1, len(ways))]
    first, rest = ways[0], list(zip(ways[1:], masks))

    def chosen(*args):
        out = first(*args)
        owned = False           # out made here (np.where's): later ways are copied into it
        for way, mask in rest:
            w = way(*args)
            if owned and type(w) is np.ndarray and w.shape == out.shape and w.dtype == out.dtype:
                np.copyto(out, w, where=mask)
            else:
                out = np.where(mask, w, out)
                owned = True
        return out
    return chosen


def _flag(values: list) -> np.ndarray | None:
    """A (V, 1, 1) mask, or None where no network has the option."""
    return np.array(values, dtype=bool)[:, None, None] if any(values) else None


class _Layer:
    """Layer l of every network of the stack."""

    def __init__(self, runs: list[Run], l: int):
        layers = [r.net.layers[l] for r in runs]
        self.W = np.stack([layer.W for layer in layers]).astype(np.float64)
        self.WT = self.W.transpose(0, 2, 1)
        self.ones = np.ones_like(self.W)        # BP2 from ∂E/∂w: Σ over the next layer
        self.has_b = [bool(len(layer.b)) for layer in layers]
        self.any_b = any(self.has_b)
        n = self.W.shape[1]
        self.P = np.zeros((len(runs), n))       # each neuron's bias value (0: none)
        users = []
        for v, layer in enumerate(layers):
            if len(layer.b):
                self.P[v, layer._has] = layer.b[layer._idx]
            users.append([layer.bias_users(i) for i in range(len(layer.bias_names))])
        self.users = users
        # the bias vector as Layer.bias_vector makes it: b[idx] + 0.0 (b itself where each
        # neuron has its own), negated for thresholds; only where the layer has biases
        self.own = _flag([layer.own_biases for layer in layers])
        self.shared = _flag([not layer.own_biases for layer in layers])
        self.neg = _flag([layer.threshold for layer in layers])
        self.sign = np.array([layer.bias_sign for layer in layers])[:, None]
        self.positive = bool((self.sign > 0).all())
        self.hasb = None if all(self.has_b) else _flag(self.has_b)
        self.trainb = np.array([r.net.train_biases and bool(len(layer.b))
                                for r, layer in zip(runs, layers)])
        self.any_trainb = bool(self.trainb.any())
        self.all_trainb = bool(self.trainb.all())
        self.trainb2 = self.trainb[:, None]
        self.eta = np.array([r.lr for r in runs])[:, None]         # for the biases (V, 1)
        # the users of each neuron's bias, padded with n (a zero), in bincount's order:
        # flat indices into a (V, n + 1) buffer whose last column stays 0
        U = max([1] + [len(u) for us in users for u in us])
        gather = np.full((len(runs), n, U), n, dtype=np.intp)
        for v, layer in enumerate(layers):
            for j in np.flatnonzero(layer._has).tolist():
                u = users[v][layer.bias_of[j]]
                gather[v, j, :len(u)] = u
        gather += (n + 1) * np.arange(len(runs))[:, None, None]
        self.gather = [np.ascontiguousarray(gather[:, :, u]) for u in range(U)]
        self.buffer = np.zeros((len(runs), n + 1))
        self.flat, self.sums = self.buffer.ravel(), self.buffer[:, :-1]
        self.f = _ways([layer.activation.f for layer in layers])
        self.d = _ways([layer.activation.d for layer in layers])
        # the bias vector (V, 1, n), made where shared, own and negated (masks of rows)
        self.vector = np.zeros((len(runs), 1, n))
        masks = [None if m is None else m[:, :, 0] for m in (self.shared, self.own, self.neg)]
        self._bias_vector(masks)
        self.changing = [None if m is None or not (m & self.trainb2).any() else m & self.trainb2
                         for m in masks]             # the rows whose biases train

    def _bias_vector(self, masks: list) -> None:
        """The bias vector's rows as Layer.bias_vector makes it: b[idx] + 0.0 (b itself
        where each neuron has its own), negated for thresholds."""
        v, P = self.vector[:, 0, :], self.P
        shared, own, neg = masks
        if shared is not None:
            np.add(P, 0.0, out=v, where=shared)
        if own is not None:
            np.copyto(v, P, where=own)
        if neg is not None:
            np.negative(v, out=v, where=neg)

    def bias_grad(self, delta: np.ndarray) -> np.ndarray:
        """Each neuron's bias gradient (V, n): 0.0 + the sum of δ over the batch and over
        its bias's users in the order of np.bincount (own biases: s + 0.0), times the
        sign (θ: −)."""
        np.add.reduce(delta, axis=1, out=self.sums)
        flat = self.flat
        g = 0.0 + flat.take(self.gather[0])
        for idx in self.gather[1:]:
            g = g + flat.take(idx)
        return g if self.positive else self.sign * g       # 1.0·g is g to the last bit

    def update_biases(self, g: np.ndarray, k: float) -> None:
        """P ← P − η·(g·k) for the networks that train their biases."""
        eta = self.eta
        if self.all_trainb:
            self.P = self.P - eta * (g * k)
        else:
            np.subtract(self.P, eta * (g * k), out=self.P, where=self.trainb2)
        self._bias_vector(self.changing)


def train_stack(runs: list[Run], X: np.ndarray, T: np.ndarray, s, sample_x: np.ndarray,
                read) -> dict:
    """Train every run's network (a copy: the runs' networks end at their last read-out)
    as one stack; at each of a run's target epochs, ``read(net, loss)`` gives the values
    for its keys ({} where the run diverged by then). Returns {key: values}."""
    (Xt, Tt), _ = split(X, T, s)
    n = len(Xt)
    V = len(runs)
    L = len(runs[0].net.layers)
    layers = [_Layer(runs, l) for l in range(L)]
    eta = np.array([r.lr for r in runs])[:, None, None]
    losses = [r.net.loss for r in runs]
    grad = _ways([loss.grad for loss in losses])
    value = _ways([loss.parts if loss.splits else loss._value for loss in losses],
                  lambda f: f if any(f is loss._value for loss in losses) else summed(f),
                  (-1, 1))                                  # along (updates, V, B)
    conv = [r.conv for r in runs]
    seq = _flag([r.net.sequential for r in runs])
    kept = None if seq is None else ~seq
    first = _flag([c is not None and c.first_path_only for c in conv])
    bp2 = _flag([c is not None and c.bp2_from_gradients for c in conv])
    nfo = _flag([c is not None and c.net_for_out for c in conv])
    bs = {"online": 1, "batch": n, "minibatch": s.batch_size or n}[s.mode]
    rng = np.random.Generator(np.random.PCG64(s.seed))
    last = max(e for r in runs for m in [r] + r.twins for e in m.targets)
    read_at = {1, last} | {e for r in runs for m in [r] + r.twins for e in m.targets}
    watch = Watch(V, value)
    bad = watch.bad
    out: dict = {}
    in_order = None if s.shuffle else batches(Xt, Tt, range(n), bs)     # the same each epoch
    for epoch in range(1, last + 1):
        for xb, tb in in_order or batches(Xt, Tt, rng.permutation(n), bs):
            watch.add(_update(layers, xb, tb, eta, grad, kept, first, bp2, nfo), tb)
        if epoch in read_at:
            watch.flush()
            limit = watch.limit
            for v, r in enumerate(runs):
                watched = False
                for m in [r] + r.twins:
                    if epoch != 1 and epoch not in m.targets:
                        continue
                    _set(m.net, layers, v)
                    with np.errstate(all="ignore"):
                        loss = mean_loss(m.net, Xt, Tt)
                    diverged = bad[v] or not np.isfinite(loss) or loss > limit[v]
                    watched |= diverged and epoch == 1      # every run watches epoch 1's loss
                    for key in m.targets.get(epoch, []):
                        out[key] = {} if diverged else read(m.net, loss)
                bad[v] |= watched
        fresh, watch.fresh = watch.fresh, False
        if fresh and bad.all():
            for r in runs:                      # every network diverged: none can agree
                for m in [r] + r.twins:
                    for e, keys in m.targets.items():
                        out.update({k: {} for k in keys if e > epoch})
            break
    return out


def _set(net, layers: list[_Layer], v: int) -> None:
    """Network v of the stack into a network's arrays (its own, or a twin's)."""
    for layer, st in zip(net.layers, layers):
        layer.W[...] = st.W[v]
        for i in range(len(layer.bias_names)):
            u = layer.bias_users(i)
            if u:
                layer.b[i] = st.P[v, u[0]]


def _update(layers: list[_Layer], xb, tb, eta, grad, kept, first, bp2, nfo):
    """One update of every network: the general engine's forward, BP1–BP4 (each network
    its own way) and P ← P − η·g; returns the outputs before the update (V, B, outputs)."""
    L = len(layers)
    outs = [xb[None]]
    zs = []
    for st in layers:                                           # eq. 18–19
        z = outs[-1] @ st.WT
        if st.any_b:
            if st.hasb is None:
                z += st.vector
            else:
                np.add(z, st.vector, out=z, where=st.hasb)
        zs.append(z)
        outs.append(st.f(z))
    y = outs[-1]
    e = grad(y, tb)
    k = 1.0 / len(xb)
    gW, gb = [None] * L, [None] * L
    for l in reversed(range(L)):
        st = layers[l]
        delta = e * st.d(zs[l], outs[l + 1])                              # BP1
        below = outs[l]
        if l > 0 and nfo is not None:
            below = np.where(nfo, zs[l - 1], below)
        gW[l] = delta.transpose(0, 2, 1) @ below                          # BP4
        if st.any_trainb:
            gb[l] = st.bias_grad(delta)                                   # BP3
        if l > 0:
            w_back = st.W
            if kept is not None:                  # the sequential update but for these
                w_back = st.W - eta * (gW[l] * k)
                np.copyto(w_back, st.W, where=kept)
            e = delta @ w_back                                            # BP2
            if bp2 is not None:
                np.copyto(e, delta @ st.ones * outs[l], where=bp2)
            if first is not None:
                np.copyto(e, delta[:, :, :1] @ w_back[:, :1, :], where=first)
    for l, st in enumerate(layers):                 # P ← P − η·g (g: the batch mean)
        st.W -= eta * (gW[l] * k)
        if gb[l] is not None:
            st.update_biases(gb[l], k)
    return y
