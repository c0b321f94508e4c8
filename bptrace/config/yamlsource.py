"""YAML read with its line numbers, so that every error can say where it is.

The document is composed with PyYAML's *safe* loader (a tag that would build a Python
object is bad input), bounded in depth and in expansion (aliases, merge keys), and turned
into a tree of :class:`~bptrace.config.records.Node` objects, each knowing its YAML path, its
line and, for scalars, its text as written.

:func:`~bptrace.config.yamlsource.from_data` builds the same tree from plain Python data.
"""

from __future__ import annotations

import math
import os
from typing import Any

import yaml

from bptrace.config import examples
from bptrace.config.records import TOP, Node, short
from bptrace.errors import BadInput
from bptrace.words.messages import os_reason, what

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


_PARSED: dict[str, Node] = {}     # text → its tree: a notebook's step("mazur") parses once
_PARSED_KEEP = 32                   # texts kept (the most recent), each under _PARSED_TEXT chars
_PARSED_TEXT = 1 << 16


def parse_yaml(text: str) -> Node:
    """Parse YAML text into a :class:`Node` tree; raise :class:`BadInput` on any YAML error.
    The tree is read, never changed, by whoever takes it: the same text gives the same tree
    (small texts are parsed once per process)."""
    root = _PARSED.get(text)
    if root is None:
        root = _parse_yaml(text)
        if len(text) <= _PARSED_TEXT:
            if len(_PARSED) >= _PARSED_KEEP:
                del _PARSED[next(iter(_PARSED))]
            _PARSED[text] = root
    return root


def _shallow(text: str) -> bool:
    """Whether the text cannot nest deeper than MAX_DEPTH: each mapping or sequence begins at
    an indicator of its own ([, {, - or ?, or the : after a key), so there are at least as
    many of them as levels (an answer file's few dozen lines never need the depth pass)."""
    return sum(map(text.count, "[{-?:")) <= MAX_DEPTH


def _parse_yaml(text: str) -> Node:
    loader = None
    shallow = _shallow(text)
    try:
        if not shallow:
            _check_depth(text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        except yaml.YAMLError:
            if shallow:             # the error the depth pass would have met first, if any
                _check_depth(text)
            raise
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
        from bptrace.config.names import yaml_syntax
        raise (yaml_syntax(text, mark.line + 1 if mark else None,
                           mark.column + 1 if mark else None)
               or BadInput(key="yaml invalid tag" if tags else "yaml invalid",
                           args={"problem": what("yaml problem", en=problem)},
                           line=mark.line + 1 if mark else None)) from None
    finally:
        if loader is not None:
            loader.dispose()


# --- A config made in code: :func:`from_data` builds the :class:`~bptrace.config.records.Node`
# tree from plain Python data, as if the data had been written as YAML and read back, without
# going through text.

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


# --- File lookup: a config named by its path, or by the name of a built-in example.

def read_source(source: str | None) -> tuple[str, str]:
    """(display name, YAML text) for a path or a built-in example name (default mazur)."""
    if source is None:
        source = examples.DEFAULT
    if not source.strip():
        raise BadInput(key="no config", args={"known": examples.names()})
    if source == "-":                              # `bptrace step - < my.yaml`
        return read_stdin()
    path = _as_named(source)
    if os.path.isfile(path):
        try:
            with open(path, encoding="utf-8") as fh:
                return source, read_bounded(fh, source)
        except UnicodeDecodeError:
            raise BadInput(key="not utf8", file=source) from None
        except OSError as exc:
            raise BadInput(key="cannot read", args={"why": os_reason(exc)}, file=source) from None
    if os.path.isdir(path):
        raise BadInput(key="is directory", file=source)
    if os.path.exists(path):
        raise BadInput(key="not regular", file=source)
    if source in examples.names():
        return source, examples.text(source)
    from bptrace.errors import close_matches
    raise BadInput(key="no file", args={"known": examples.names(),
                                        "close": close_matches(source, examples.names())},
                   file=source)


MAX_SOURCE = 64 * 2**20     # bytes: a config (also one saved with a large network's values)
#                             or an answer file larger than this is not one a person wrote


def too_big(size: int | None, name: str) -> BadInput:
    """The file is ``size`` bytes (None: more than the limit, found while reading)."""
    from bptrace.config.guard import size_text
    if size is None:
        return BadInput(key="source bigger", args={"most": size_text(MAX_SOURCE)}, file=name)
    return BadInput(key="source big", args={"size": size_text(size), "most": size_text(MAX_SOURCE)},
                    file=name)


def read_bounded(fh, name: str) -> str:
    """The text of an open config or answer file, refused by its size (stat) before it is
    read — a 3 GB file would be read whole, a 100 GB sparse one a MemoryError — and read
    no further than the limit (a file that grows meanwhile)."""
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_SOURCE:
        raise too_big(size, name)
    text = fh.read(MAX_SOURCE + 1)
    if len(text) > MAX_SOURCE:
        raise too_big(None, name)
    return text


def _as_named(source: str) -> str:
    """The path as a path object names it ("a.yaml/" is the file a.yaml): the text itself
    where it holds nothing to tidy, as it almost always does (the path module is imported
    only for the rest)."""
    if os.path.normpath(source) == source:
        return source
    from pathlib import Path
    return str(Path(source))


def read_stdin() -> tuple[str, str]:
    """('<stdin>', the YAML text piped in): `-` as CONFIG reads standard input."""
    import sys
    if sys.stdin is None:                           # `bptrace step - <&-`
        raise BadInput(key="stdin closed", file="<stdin>")
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    data = stream.read(MAX_SOURCE + 1)
    if len(data) > MAX_SOURCE:
        raise too_big(None, "<stdin>")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadInput(key="not utf8", file="<stdin>") from None
    if not data.strip():
        raise BadInput(key="stdin empty", file="<stdin>")
    return "<stdin>", data
