"""A config made in code: :func:`from_data` builds the :class:`~bptrace.config.node.Node`
tree from plain Python data, as if the data had been written as YAML and read back, without
going through text."""

from __future__ import annotations

import math
from typing import Any

from bptrace.config.node import TOP, Node
from bptrace.errors import BadInput


def from_data(value: Any, path: str = "") -> Node:
    """A :class:`Node` tree from plain data (dicts, lists, numbers, text, booleans, None),
    the tree that writing the data as YAML and parsing it would give: keys become text, a
    scalar's text is YAML's way of writing it, and there are no line numbers."""
    try:
        return _from_data(value, path, frozenset())
    except RecursionError:
        raise BadInput(key="data deep") from None


def _from_data(value: Any, path: str, active: frozenset) -> Node:
    if isinstance(value, (dict, list, tuple)):
        if id(value) in active:
            raise BadInput(key="data itself", path=path or TOP)
        active = active | {id(value)}
    if isinstance(value, dict):
        children: dict[str, Node] = {}
        for k, v in value.items():
            key = k if isinstance(k, str) else _scalar(k, path)[1]
            sub = f"{path}.{key}" if path else key
            if key in children:
                raise BadInput(key="key twice", args={"key": key}, path=sub)
            children[key] = _from_data(v, sub, active)
        return Node({k: c.value for k, c in children.items()}, path, None, None, "map", children)
    if isinstance(value, (list, tuple)):
        items = [_from_data(v, f"{path}[{i}]", active) for i, v in enumerate(value)]
        return Node([c.value for c in items], path, None, None, "seq", items)
    plain, text = _scalar(value, path)
    return Node(plain, path, None, text, "scalar")


def _scalar(value: Any, path: str) -> tuple[Any, str]:
    """(the plain value, its text as YAML writes it)."""
    import numbers

    if value is None:
        return None, "null"
    if isinstance(value, str):
        return value, value
    if isinstance(value, bool) or type(value).__name__ == "bool_":      # numpy's bool too
        return bool(value), "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return int(value), str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if v != v:
            return v, ".nan"
        if math.isinf(v):
            return v, ".inf" if v > 0 else "-.inf"
        text = repr(v).lower()
        if "." not in text and "e" in text:       # 1e-05 → 1.0e-05, as YAML 1.1 needs
            text = text.replace("e", ".0e", 1)
        return v, text
    raise BadInput(key="data type", args={"type": type(value).__name__}, path=path or TOP)
