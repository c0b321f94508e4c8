"""What is marked on a laid-out picture (``bptrace.render.pictures.layout``): an exercise sheet's
blanks, the chain-rule paths of ``--path``, and the numbers a check found to differ from the
printed ones. Records only: the renderers draw the marks."""

from __future__ import annotations

import math
from dataclasses import replace

from bptrace.render.pictures.box import CHAR, FONT, LINE, MARGIN, Number
from bptrace.render.pictures.paths import paths_to
from bptrace.trace import Trace


def _numbers_of(pic):
    return pic.boxes + [e.label for e in pic.edges if e.label is not None]


def blank(pic, number: dict[str, int]) -> None:
    """Replace the numbers asked by their blanks (their values leave the record)."""
    def hide(nums: list[Number]) -> list[Number]:
        return [replace(n, value=math.nan, blank=number[n.key]) if n.key in number else n
                for n in nums]
    for b in _numbers_of(pic):
        b.numbers = hide(b.numbers)


def givens_only(pic, tr: Trace, also) -> None:
    """An exercise sheet's picture: the givens (inputs, targets, parameters), the blanks and
    what the teacher shows (``also``: trace keys) stay; every other number leaves the record
    (a sheet never shows what is computed from a blank, nor what it did not mean to give)."""
    keep = set(also) | {p.name for p in tr.params} | {f"out.{i}" for i in tr.inputs} \
        | {f"target.{o}" for o in tr.target}
    for b in _numbers_of(pic):
        b.numbers = [n for n in b.numbers if n.key in keep or n.blank is not None]


def mark_differing(pic, keys) -> None:
    """Mark the numbers of these trace keys: a check found them to differ from the printed
    values (the renderers draw them in red)."""
    keys = set(keys)
    for b in _numbers_of(pic):
        b.numbers = [replace(n, differs=True) if n.key in keys else n for n in b.numbers]


def add_paths(tr: Trace, pic, name: str) -> None:
    """The chain-rule paths to ``name`` on the picture: their edges marked, room below for
    the list of their factors."""
    start, pic.paths = paths_to(tr, name)
    pic.path_of, pic.total = name, Number(start.split(".")[0], name, start, tr[start].value)
    by_id = {e.id: e for e in pic.edges}
    for p in pic.paths:
        for eid in p.edges:
            by_id[eid].paths.append(p.index)
    pic.panel_y = pic.height - MARGIN + LINE
    pic.height += LINE * (2 + 2 * len(pic.paths)) + MARGIN
    chars = max(max(sum(_symbol_chars(f.key) + 3 for f in p.factors),        # the symbols
                    sum(len(f"{f.value:.{pic.digits}g}") + 5 for f in p.factors))  # the numbers
                + 3 * len(p.nodes) + sum(map(len, p.nodes)) for p in pic.paths)
    pic.width = max(pic.width, chars * CHAR * (FONT - 2) + 2 * MARGIN + 40)


def _symbol_chars(key: str) -> int:
    """About how long a factor is written: err.o1 → ∂E/∂out.o1, dout.h1 → ∂out.h1/∂net.h1."""
    head, _, name = key.partition(".")
    return {"err": len(name) + 8, "delta": len(name) + 8, "dout": 2 * len(name) + 11}.get(
        head, len(key))
