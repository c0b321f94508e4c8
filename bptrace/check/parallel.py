"""check --diagnose's stack of networks (:mod:`bptrace.check.batched`), split in two by the
ways its networks compute and trained on two cores: one group in a forked process, the
other here. Each network of a group does the same floating-point operations as in the whole
stack (and as the general engine), so the trained values are the same to the last bit
however the stack is split. A group costs about the numpy calls of the ways it holds, so
the split puts networks that compute alike together. Where a second core, fork or enough
work is missing, the stack trains here as one. Nothing here prints."""

from __future__ import annotations

import os

from bptrace.check import batched
from bptrace.check.batched import Run, _same
from bptrace.cores import can_fork

# a group's cost per update (about, in µs, measured on Mazur's stack): what every group
# does, and what each way adds (its own numpy calls and the choice of each network's way)
_BASE = 40
_WEIGHT = {"grad": 10, "f": 10, "d": 9, "sequential": 7, "first_path_only": 4,
           "bp2_from_gradients": 12, "net_for_out": 8, "train_biases": 45, "threshold": 4}
_WAYS = ("grad", "f", "d")
_OPTIONS = ("sequential", "first_path_only", "bp2_from_gradients", "net_for_out")
_PER_WEIGHT = 1 / 500   # and each network, for each of its weights (the arithmetic)
MIN_WORK = 2000         # network-updates below which a second process is not worth its start
SWAPS = 24              # up to this many runs, pairs are swapped too (their number: runs²)


def features(runs: list[Run]) -> list[frozenset]:
    """Each run's ways, as features two runs share where they compute alike: its loss's
    derivative, each layer's activation and derivative (the distinct functions, by
    :func:`_same`), its convention's options, trained biases, thresholds."""
    seen: dict[tuple, list] = {}

    def way(kind: tuple, f) -> tuple:
        known = seen.setdefault(kind, [])
        k = next((k for k, g in enumerate(known) if _same(f, g)), None)
        if k is None:
            k = len(known)
            known.append(f)
        return kind + (k,)

    out = []
    for r in runs:
        net = r.net
        got = {way(("grad",), net.loss.grad)}
        for l, layer in enumerate(net.layers):
            got.add(way(("f", l), layer.activation.f))
            got.add(way(("d", l), layer.activation.d))
            if len(layer.b) and layer.threshold:
                got.add(("threshold", l))
        got.update((k,) for k in _OPTIONS if r.conv is not None and getattr(r.conv, k, False))
        if net.train_biases and any(len(layer.b) for layer in net.layers):
            got.add(("train_biases",))
        out.append(frozenset(got))
    return out


def cost(group: list[frozenset], weights: int = 0) -> float:
    """A group's cost per update (about, in µs), its networks of ``weights`` weights each."""
    if not group:
        return 0
    union = frozenset().union(*group)
    ways = [f for f in union if f[0] in _WAYS]          # the first way of each is in _BASE
    return (_BASE + sum(_WEIGHT[f[0]] for f in union if f[0] not in _WAYS)
            + sum(_WEIGHT[f[0]] for f in ways) - sum(_WEIGHT[c[0]] for c in {f[:-1] for f in ways})
            + len(group) * weights * _PER_WEIGHT)


def halves(runs: list[Run]) -> tuple[list[int], list[int]]:
    """The runs' places split in two groups of about equal cost, networks that compute alike
    together: greedily (the runs with the most ways first, each where it adds least to the
    costlier group, then least to both), then one run moved or two swapped (up to
    :data:`SWAPS` runs) while that lowers the costlier group; each group in the runs' order."""
    feats = features(runs)
    weights = sum(layer.W.size for layer in runs[0].net.layers)

    def worth(groups) -> tuple:
        costs = [cost([feats[j] for j in g], weights) for g in groups]
        return max(costs), sum(costs)

    order = sorted(range(len(runs)), key=lambda i: (-cost([feats[i]]), i))
    groups: list[list[int]] = [[], []]
    for i in order:
        tries = [[groups[0] + [i], groups[1]], [groups[0], groups[1] + [i]]]
        groups = min(tries, key=lambda g: (worth(g), len(g[0]) > len(g[1])))
    best = worth(groups)
    better = True
    while better:
        better = False
        a, b = groups
        tries = ([[a[:k] + a[k + 1:], b + [a[k]]] for k in range(len(a))]
                 + [[a + [b[k]], b[:k] + b[k + 1:]] for k in range(len(b))]
                 + [[a[:k] + a[k + 1:] + [b[m]], b[:m] + b[m + 1:] + [a[k]]]
                    for k in range(len(a)) for m in range(len(b)) if len(runs) <= SWAPS])
        for g in tries:
            w = worth(g)
            if g[0] and g[1] and w < best:
                groups, best, better = g, w, True
                break
    return sorted(groups[0]), sorted(groups[1])


def train_split(runs: list[Run], X, T, s, sample_x, read, updates: int) -> dict:
    """:func:`~bptrace.check.batched.train_stack`'s result, the stack trained in two groups
    on two cores where that pays (``updates``: how many updates each network makes)."""
    train_stack = batched.train_stack
    if len(runs) < 2 or updates * len(runs) < MIN_WORK or not can_fork():
        return train_stack(runs, X, T, s, sample_x, read)
    a, b = halves(runs)
    if not a or not b:
        return train_stack(runs, X, T, s, sample_x, read)
    away = in_child(lambda: train_stack([runs[i] for i in b], X, T, s, sample_x, read))
    try:
        out = train_stack([runs[i] for i in a], X, T, s, sample_x, read)
        got = away()
    except BaseException:           # an interrupt, an error: the other process is ended
        away(cancel=True)
        raise
    if got is None:                 # the other process failed: its group trains here
        got = train_stack([runs[i] for i in b], X, T, s, sample_x, read)
    out.update(got)
    return out


def in_child(work):
    """Start ``work()`` in a forked process; returns a function that waits for its result
    (None where the process could not be started or failed; ``cancel=True``: ends it)."""
    import pickle
    import warnings

    try:
        r, w = os.pipe()
    except OSError:
        return lambda cancel=False: None
    try:
        with warnings.catch_warnings():     # Python 3.12 warns of fork beside threads (a
            warnings.simplefilter("ignore", DeprecationWarning)    # progress bar's): the
            pid = os.fork()                 # child only computes and writes to the pipe
    except OSError:
        os.close(r)
        os.close(w)
        return lambda cancel=False: None
    if pid == 0:                    # the child: compute, send, leave without any clean-up
        code = 1
        try:
            os.close(r)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as f:
                f.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    reader = os.fdopen(r, "rb")
    status: list = []               # the child's exit status, once waited for

    def wait(cancel: bool = False):
        if cancel:
            reader.close()
            if not status:
                import signal
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                status.append(os.waitpid(pid, 0)[1])
            return None
        with reader:
            data = reader.read()
        status.append(os.waitpid(pid, 0)[1])
        if os.waitstatus_to_exitcode(status[0]) != 0 or not data:
            return None
        return pickle.loads(data)
    return wait
