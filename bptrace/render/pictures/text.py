"""The words and numbers written on the network picture, shared by its renderers (SVG,
TikZ, DOT, matplotlib): each renderer only escapes and places these strings."""

from __future__ import annotations

from bptrace.words import words
from bptrace.render.pictures import ChainPath, Column, Number, Picture
from bptrace.render import fmt, layer_label, symbol
from bptrace.render.text import operand

# one colour per path (Okabe–Ito, safe for colour-blind readers), cycled
PATH_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A",
                "#000000")

_PREFIX = {"net": "net", "out": "out", "err": "err", "delta": "δ", "dout": "dout"}


def number_text(n: Number, digits: int, lang: str = "en") -> str:
    """'net = 1.106', 'w5 = 0.4', '∂E/∂w5 = 0.08217', 'w5⁺ = 0.3589', 'target = 0.01'."""
    v = fmt(n.value, digits) if n.blank is None else f"[{n.blank}]"
    if n.kind in _PREFIX:
        return f"{_PREFIX[n.kind]} = {v}"
    name = n.name or "w"            # an unnamed weight: the edge names it
    if n.kind in ("w", "b"):
        return f"{n.name} = {v}" if n.name else v
    if n.kind == "grad":
        return f"∂E/∂{name} = {v}"
    if n.kind == "new":
        return f"{name}⁺ = {v}"
    if n.kind == "target":
        return f"{words(lang)('pic target')} = {v}"
    if n.kind == "loss":
        return f"E = {v}"
    if n.kind == "newloss":
        return f"E⁺ = {v}"
    raise ValueError(f"unknown number kind {n.kind}")


def column_text(c: Column, lang: str = "en") -> str:
    w = words(lang)
    if c.kind == "inputs":
        return w("pic inputs")
    return f"{layer_label(c.name, w)} ({c.activation})" if c.activation else layer_label(c.name, w)


def factor_symbol(key: str) -> str:
    """How the factor is written: err.o1 → ∂E/∂out.o1, dout.h1 → ∂out.h1/∂net.h1, w5 → w5."""
    return symbol(key)


def total_text(pic: Picture, lang: str = "en") -> str:
    """The heading of the list of paths: '∂E/∂w1 = sum over 2 chain-rule paths = 0.000439'."""
    assert pic.total is not None
    sym = symbol(pic.total.key)
    v = fmt(pic.total.value, pic.digits)
    w = words(lang)
    if len(pic.paths) == 1:
        return w("pic one path", sym=sym, v=v)
    return w("pic paths", sym=sym, n=len(pic.paths), v=v)


def path_lines(p: ChainPath, digits: int) -> tuple[str, str]:
    """('(1) i1 → h1 → o1 → E:  ∂E/∂out.o1 × … × out.i1', '= 0.7414 × … × 0.05 = 3.4e-4')."""
    head = f"{circled(p.index)} {' → '.join(p.nodes)}:  "
    syms = " × ".join(factor_symbol(f.key) for f in p.factors)
    nums = " × ".join(operand(f.value, digits) for f in p.factors)
    return head + syms, f"= {nums} = {fmt(p.product, digits)}"


def circled(i: int) -> str:
    """A path's number as printed: (1), (2), … (every font has these glyphs)."""
    return f"({i + 1})"


def colour(i: int) -> str:
    return PATH_COLOURS[i % len(PATH_COLOURS)]
