"""YAML read with its line numbers, so that every error can say where it is.

The document is composed with PyYAML's *safe* loader (a tag that would build a Python
object is bad input), bounded in depth and in expansion (aliases, merge keys), and turned
into a tree of :class:`~bptrace.config.node.Node` objects, each knowing its YAML path, its
line and, for scalars, its text as written.

:func:`~bptrace.config.fromdata.from_data` builds the same tree from plain Python data.
"""

from __future__ import annotations

from typing import Any

import yaml

from bptrace.config.fromdata import from_data
from bptrace.config.node import TOP, Node, short
from bptrace.errors import BadInput
from bptrace.words.messages import what

__all__ = ["Node", "from_data", "parse_yaml"]

# libyaml's composer when present (several times faster); the constructor stays the safe one
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 100                 # a config is about 6 levels deep; C and Python stacks are not
_T = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_T + "map", _T + "seq", _T + "omap"}
# scalar tags and what they may become: nothing but the types a config holds
_SCALAR_TAGS = {_T + "null": "empty", _T + "bool": "true or false", _T + "int": "a whole number",
                _T + "float": "a number", _T + "str": "text", _T + "timestamp": "text",
                _T + "value": "text"}
_TEXT_TAGS = {_T + "timestamp", _T + "value"}   # a date stays the text written (a title)


class _Budget:
    """Aliases and merge keys can make a few lines expand into billions of nodes (a 'YAML
    bomb'): every node built, merged ones included, spends from a budget proportional to the
    text."""

    def __init__(self, text: str):
        self.left = 50 * len(text) + 10_000

    def spend(self, path: str, line) -> None:
        self.left -= 1
        if self.left < 0:
            raise BadInput(key="yaml bomb", path=path or TOP, line=line)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything recursive sees the document
    (libyaml's parser keeps its own stack, so this pass cannot overflow)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise BadInput(key="yaml deep", args={"n": MAX_DEPTH}, line=line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _where(path: str) -> str:
    return path or TOP


def _build(loader: _Loader, node: yaml.Node, path: str, active: frozenset = frozenset(),
           budget: _Budget | None = None) -> Node:
    line = node.start_mark.line + 1 if node.start_mark else None
    if budget is not None:
        budget.spend(path, line)
    if id(node) in active:
        raise BadInput(key="yaml self alias", path=_where(path), line=line)
    active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        if node.tag not in _PLAIN_TAGS:
            raise _refused_tag(node.tag, path, line)
        return _mapping(loader, node, path, line, active, budget)
    if isinstance(node, yaml.SequenceNode):
        if node.tag not in _PLAIN_TAGS:
            raise _refused_tag(node.tag, path, line)
        items = [_build(loader, v, f"{path}[{i}]", active, budget) for i, v in enumerate(node.value)]
        return Node([c.value for c in items], path, line, None, "seq", items)
    return Node(_scalar_value(loader, node, path, line), path, line, node.value, "scalar")


def _refused_tag(tag: str, path: str, line) -> BadInput:
    return BadInput(key="yaml tag", args={"tag": tag}, path=_where(path), line=line)


def _scalar_value(loader, node: yaml.ScalarNode, path: str, line) -> Any:
    """The value of a scalar, which can only be None, a bool, an int, a float or text."""
    if node.tag not in _SCALAR_TAGS:
        raise _refused_tag(node.tag, path, line)
    if node.tag in _TEXT_TAGS:
        return node.value
    try:
        value = loader.construct_object(node, deep=True)
    except Exception:           # KeyError (!!bool maybe), ValueError (!!int abc, 5,000 digits)…
        value = None
    else:
        if isinstance(value, (type(None), bool, int, float, str)):
            return value
    long = node.tag == _T + "int" and len(node.value) > 4000
    raise BadInput(key="yaml scalar", args={"t": short(node.value),
                                            "kind": what("kind: " + _SCALAR_TAGS[node.tag]),
                                            "digits": what("too many digits") if long else ""},
                   path=_where(path), line=line)


def _mapping(loader, node: yaml.MappingNode, path: str, line, active, budget) -> Node:
    """A mapping with YAML's merge keys (``<<: *base``) applied: local keys override merged
    ones, an earlier merged mapping overrides a later one; merged nodes spend the budget."""
    local: dict[str, Node] = {}
    merged: dict[str, Node] = {}
    for knode, vnode in node.value:
        kline = knode.start_mark.line + 1
        if not isinstance(knode, yaml.ScalarNode):
            raise BadInput(key="yaml key", path=_where(path), line=kline)
        key = knode.value
        if knode.tag == _T + "merge":
            sources = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
            for src in sources:
                if not isinstance(src, yaml.MappingNode):
                    raise BadInput(key="yaml merge", path=_where(path), line=kline)
                sub = _build(loader, src, path, active, budget)
                for k, c in sub.items():
                    merged.setdefault(k, c)
            continue
        sub = f"{path}.{key}" if path else key
        if key in local:
            raise BadInput(key="key twice line", args={"key": short(key), "line": local[key].line},
                           path=sub, line=kline)
        local[key] = _build(loader, vnode, sub, active, budget)
    children = {**merged, **local} if merged else local
    return Node({k: c.value for k, c in children.items()}, path, line, None, "map", children)


def parse_yaml(text: str) -> Node:
    """Parse YAML text into a :class:`Node` tree; raise :class:`BadInput` on any YAML error."""
    loader = None
    try:
        _check_depth(text)
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            raise BadInput(key="yaml empty")
        return _build(loader, root, "", budget=_Budget(text))
    except RecursionError:
        raise BadInput(key="yaml too deep") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if "nesting depth" in problem:      # libyaml >= 0.2.5 (PyYAML 6.0.4) has its own bound
            raise BadInput(key="yaml deep", args={"n": MAX_DEPTH},
                           line=mark.line + 1 if mark else None) from None
        tags = "python/" in problem or "constructor for the tag" in problem
        from bptrace.config.hints import yaml_syntax
        raise (yaml_syntax(text, mark.line + 1 if mark else None,
                           mark.column + 1 if mark else None)
               or BadInput(key="yaml invalid tag" if tags else "yaml invalid",
                           args={"problem": what("yaml problem", en=problem)},
                           line=mark.line + 1 if mark else None)) from None
    finally:
        if loader is not None:
            loader.dispose()
