"""How numpy adds up on this machine, so that Python floats can add up the same way.

A matrix product's sums are left to the BLAS library numpy is built with, whose kernels add
the products in an order of their own (blocks, lanes) and may fuse a product into a sum
(a fused multiply-add rounds once). :func:`product_sums` finds that order for a product of
given shapes by asking numpy itself (the FPRev way: ±M in two places and ones elsewhere tell
how much of the sum joins the two before they cancel) and then, node by node on random
numbers, whether each product is fused; a last check on random numbers keeps an order only
where it gives numpy's numbers in every place. Nothing of a user's config is ever used: only
shapes and random numbers. :func:`pairwise` is numpy's own sum of a row (``np.add.reduce``).
:func:`exact` tells whether a ``math`` function gives numpy's numbers (numpy's SIMD ``exp``
and ``tanh`` need not). Nothing here prints."""

from __future__ import annotations

import math

import numpy as np

# a tree: ("p", k) the product k rounded; ("f", k, tree) the product k fused into the sum of
# tree; ("+", a, b) a sum
_M = 2.0 ** 70
_PROBES = 24


def _fma():
    """The C library's fused multiply-add, or None where there is none to call."""
    fma = getattr(math, "fma", None)            # Python 3.13
    if fma is not None:
        return fma
    try:
        import ctypes
        try:
            lib = ctypes.CDLL("libm.so.6")      # no search (ldconfig) where its name is known
        except OSError:
            import ctypes.util
            lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        f = lib.fma
        f.restype = ctypes.c_double
        f.argtypes = [ctypes.c_double] * 3
        return f if f(0.1, 10.0, -1.0) != 0.1 * 10.0 - 1.0 else None
    except (OSError, AttributeError):
        return None


_C_FMA = _fma()
_SPLIT = 134217729.0            # 2**27 + 1: Veltkamp's split of a float64 into two halves
_BIG, _TINY = 2.0 ** 990, 2.0 ** -960
_HUGE = 2.0 ** 1000             # a sum below it and its tails cannot overflow in math.fsum


def fma_python(a: float, b: float, c: float, fsum=math.fsum) -> float:
    """a·b + c rounded once, as the C library's fma: the product split exactly into two
    floats (Dekker's TwoProduct) and the three summed with one rounding (``math.fsum`` is
    correctly rounded). A call through ctypes costs several times more. Where the split could
    overflow or the product's tail underflow (or a number is not finite), the C one."""
    p = a * b
    if _TINY < abs(p) < _BIG and -_BIG < a < _BIG and -_BIG < b < _BIG:
        t = _SPLIT * a
        ah = t - (t - a)
        al = a - ah
        t = _SPLIT * b
        bh = t - (t - b)
        bl = b - bh
        try:
            return fsum((p, ((ah * bh - p) + ah * bl + al * bh) + al * bl, c))
        except (OverflowError, ValueError):
            pass
    elif (a == 0.0 or b == 0.0) and p == p:
        return p + c                # an exact zero product: the sum alone rounds
    return _C_FMA(a, b, c)


FMA = getattr(math, "fma", None) or (fma_python if _C_FMA is not None else None)


def pairwise(values: list[float]) -> float:
    """numpy's sum of a row (pairwise: eight running sums in blocks of up to 128)."""
    n = len(values)
    if n < 8:
        res = -0.0
        for v in values:
            res += v
        return res
    if n <= 128:
        r = list(values[:8])
        i, stop = 8, n - n % 8
        while i < stop:
            for j in range(8):
                r[j] += values[i + j]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for v in values[i:]:
            res += v
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise(values[:n2]) + pairwise(values[n2:])


def pairwise_source(terms: list[str]) -> str:
    """:func:`pairwise` of these expressions, as one Python expression."""
    n = len(terms)
    if n < 8:                       # −0.0 + x is x, to the bit
        out = terms[0] if terms else "-0.0"
        for t in terms[1:]:
            out = f"({out} + {t})"
        return out
    if n <= 128:
        r = list(terms[:8])
        i, stop = 8, n - n % 8
        while i < stop:
            r = [f"({r[j]} + {terms[i + j]})" for j in range(8)]
            i += 8
        out = f"((({r[0]} + {r[1]}) + ({r[2]} + {r[3]})) + (({r[4]} + {r[5]}) + ({r[6]} + {r[7]})))"
        for t in terms[i:]:
            out = f"({out} + {t})"
        return out
    n2 = n // 2
    n2 -= n2 % 8
    return f"({pairwise_source(terms[:n2])} + {pairwise_source(terms[n2:])})"


# --- the three products of a pass: (rows, K) @ (K, cols) with numpy's own memory layouts --
def _operands(kind: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The product of the kind ``kind`` made by numpy with the layouts of a pass, from the sums'
    terms a (rows, K) and b (cols, K): each output (r, c) = Σ_k a[r, k]·b[c, k]."""
    if kind == "forward":           # net = out·Wᵀ: out (B, m), W (n, m)
        return np.ascontiguousarray(a) @ np.ascontiguousarray(b).T
    if kind == "back":              # err = δ·W: δ (B, n), W (n, m)
        return np.ascontiguousarray(a) @ np.ascontiguousarray(b.T)
    # "grad": ∇W = δᵀ·out: δ (B, n), out (B, m)
    return np.ascontiguousarray(a.T).T @ np.ascontiguousarray(b.T)


def _dims(kind: str, B: int, m: int, n: int) -> tuple[int, int, int]:
    """(rows, cols, K) of the product."""
    return {"forward": (B, n, m), "back": (B, m, n), "grad": (n, m, B)}[kind]


def _eval(tree, a: list, b: list, fma) -> float:
    tag = tree[0]
    if tag == "p":
        return a[tree[1]] * b[tree[1]]
    if tag == "f":
        return fma(a[tree[1]], b[tree[1]], _eval(tree[2], a, b, fma))
    return _eval(tree[1], a, b, fma) + _eval(tree[2], a, b, fma)


def _leaves(tree) -> list[int]:
    if tree[0] == "p":
        return [tree[1]]
    if tree[0] == "f":
        return [tree[1]] + _leaves(tree[2])
    return _leaves(tree[1]) + _leaves(tree[2])


_found: dict = {}


def product_sums(kind: str, B: int, m: int, n: int):
    """For the product ``kind`` of a pass with B rows through a layer of n neurons on m
    inputs: each output's sum as a tree (rows × cols nested lists), or None where numpy's
    order could not be found (then the array engine computes)."""
    key = (kind, B, m, n)
    if key not in _found:
        try:
            with np.errstate(all="ignore"):
                _found[key] = _discover(kind, B, m, n)
        except _NotFound:
            _found[key] = None
    return _found[key]


class _NotFound(Exception):
    pass


def _discover(kind: str, B: int, m: int, n: int):
    rows, cols, K = _dims(kind, B, m, n)
    ones_b = np.ones((cols, K))
    # 1. the shape of each sum: |the subtree where k and j meet| = K − what is left
    meet = np.zeros((rows, cols, K, K), dtype=np.int64)
    for k in range(K):
        for j in range(k + 1, K):
            a = np.ones((rows, K))
            a[:, k], a[:, j] = _M, -_M
            left = _operands(kind, a, ones_b)
            meet[:, :, k, j] = meet[:, :, j, k] = K - np.rint(left).astype(np.int64)
    shapes = [[_shape(list(range(K)), meet[r, c]) for c in range(cols)] for r in range(rows)]
    # 2. where a product is fused, node by node from the leaves, on random numbers
    rng = _Numbers(20240601)
    trees = [[_kinds(shapes[r][c], kind, (B, m, n), (r, c), rng) for c in range(cols)]
             for r in range(rows)]
    # 3. the whole: numpy's numbers in every place
    for _ in range(_PROBES):
        a, b = rng.standard_normal((rows, K)), rng.standard_normal((cols, K))
        want = _operands(kind, a, b)
        al, bl = a.tolist(), b.tolist()
        for r in range(rows):
            for c in range(cols):
                if _eval(trees[r][c], al[r], bl[c], FMA or _no_fma) != want[r, c]:
                    raise _NotFound
    return trees


class _Numbers:
    """Random numbers from Python's own generator (numpy.random's import would cost a
    command more than making them)."""

    def __init__(self, seed: int):
        import random
        self.gauss = random.Random(seed).gauss

    def standard_normal(self, shape) -> np.ndarray:
        n = math.prod(shape) if isinstance(shape, tuple) else shape
        return np.array([self.gauss(0.0, 1.0) for _ in range(n)]).reshape(shape)


def _no_fma(x, y, z):
    raise _NotFound


def _shape(S: list[int], meet: np.ndarray):
    """The tree of sums over the terms S from where each pair meets (leaves ("p", k))."""
    if len(S) == 1:
        return ("p", S[0])
    k = S[0]
    right = [j for j in S[1:] if meet[k, j] == len(S)]
    left = [j for j in S if j not in right]
    if not right or any(meet[i, j] != len(S) for i in left for j in right):
        raise _NotFound
    return ("+", _shape(left, meet), _shape(right, meet))


def _kinds(shape, kind: str, dims: tuple, at: tuple, rng):
    """The shape's nodes made fused or rounded-then-added, as numpy's numbers say (each
    node on random terms that are zero outside it: a zero term changes no sum)."""
    if shape[0] == "p":
        return shape
    left = _kinds(shape[1], kind, dims, at, rng)
    right = _kinds(shape[2], kind, dims, at, rng)
    options = [("+", left, right)]
    if FMA is not None:
        if left[0] == "p":
            options.append(("f", left[1], right))
        if right[0] == "p":
            options.append(("f", right[1], left))
    if len(options) == 1:
        return options[0]
    used = _leaves(shape)
    rows, cols, K = _dims(kind, *dims)
    r, c = at
    for _ in range(200):            # two ways differ on about one number in four
        a, b = np.zeros((rows, K)), rng.standard_normal((cols, K))
        a[:, used] = rng.standard_normal((rows, len(used)))
        got = _operands(kind, a, b)[r, c]
        al, bl = a[r].tolist(), b[c].tolist()
        options = [t for t in options if _eval(t, al, bl, FMA or _no_fma) == got]
        if len(options) <= 1:
            break
    if not options:
        raise _NotFound
    return options[0]


def tree_lines(tree, a: list[str], b: list[str], split: dict) -> tuple[list[str], str]:
    """A tree of sums in the terms' names: (statements, the expression they leave). Where
    Python has no fma of its own (before 3.13) each fused node is written out in place
    (:func:`fma_lines`); ``split``: a name → the names of its two halves, made once."""
    lines: list[str] = []

    def expr(t) -> str:
        if t[0] == "p":
            return f"{a[t[1]]} * {b[t[1]]}"
        if t[0] == "+":
            return f"({expr(t[1])} + {expr(t[2])})"
        x, y, c = a[t[1]], b[t[1]], expr(t[2])
        if FMA is not fma_python:
            return f"fma({x}, {y}, {c})"
        n = len(lines)
        if not c.isidentifier():
            lines.append(f"_c{n} = {c}")
            c = f"_c{n}"
        lines.extend(fma_lines(f"_r{n}", x, y, c, split))
        return f"_r{n}"
    return lines, expr(tree)


def halves(v: str, h: str, lo: str) -> list[str]:
    """Statements splitting v into h + lo, each of 26 bits at most (Veltkamp)."""
    return [f"_t = {_SPLIT!r} * {v}", f"{h} = _t - (_t - {v})", f"{lo} = {v} - {h}"]


def fma_lines(out: str, x: str, y: str, c: str, split: dict) -> list[str]:
    """Statements setting ``out`` to x·y + c rounded once, as :data:`FMA` does: the product
    and its exact tail (Dekker's TwoProduct: x and y split first, a name's halves kept in
    ``split`` for its next product), the sum and its exact tail (Knuth's TwoSum), the two
    tails added — where that addition is exact the result is the sum plus it, rounded once;
    else the three summed by ``math.fsum`` (rounded once); where the product is tiny (its
    tail would underflow) or a number is huge or not finite (NaN comes out of the tails),
    :data:`FMA` itself."""
    lines = []
    for i, v in enumerate((x, y)):
        if v not in split:
            split[v] = (f"_h_{v}", f"_l_{v}") if v.isidentifier() else (f"_h{i}", f"_l{i}")
            lines += halves(v, *split[v])
    (ah, al), (bh, bl) = split[x], split[y]
    body = [f"_e = (({ah} * {bh} - _p) + {ah} * {bl} + {al} * {bh}) + {al} * {bl}",
            f"_s = _p + {c}", "_v = _s - _p", f"_t = (_p - (_s - _v)) + ({c} - _v)",
            "_u = _t + _e", "_v = _u - _t",
            "if (_t - (_u - _v)) + (_e - _v) == 0.0:", f"    {out} = _s + _u",
            f"elif {-_HUGE!r} < _s < {_HUGE!r} and _u - _u == 0.0:", f"    {out} = fsum((_s, _t, _e))",
            "else:", f"    {out} = fma({x}, {y}, {c})"]
    for v in (x, y):
        if not v.isidentifier():
            split.pop(v, None)
    return lines + [f"_p = {x} * {y}", f"if _p > {_TINY!r} or _p < {-_TINY!r}:",
                    *["    " + ln for ln in body], "else:", f"    {out} = fma({x}, {y}, {c})"]


# --- elementwise functions ----------------------------------------------------------------
_exact: dict = {}


def exact(name: str):
    """A function of one float giving numpy's ``np.<name>`` to the last bit: ``math``'s where
    it agrees with numpy on many random numbers, else numpy's own on the one number."""
    if name not in _exact:
        npf, mf = getattr(np, name), getattr(math, name)
        u = (np.arange(1, 3001) * 0.7548776662466927) % 1.0 * 2.0 - 1.0     # spread, no draws
        z = np.concatenate([u * s for s in (0.1, 1.0, 5.0, 30.0)])
        if name in ("log", "log1p", "sqrt"):
            z = np.abs(z)
        with np.errstate(all="ignore"):
            same = all(x == y for x, y in zip(npf(z).tolist(), map(mf, z.tolist())))
        _exact[name] = mf if same else (lambda v, f=npf: float(f(v)))
    return _exact[name]
