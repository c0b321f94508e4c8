"""YAML read with its line numbers, so that every error can say where it is.

The document is composed with PyYAML's *safe* loader (a tag that would build a Python
object is bad input) and turned into a tree of :class:`Node` objects, each knowing its YAML
path (``network.layers[1].weights.w5``), its line and, for scalars, its text as written
(``check`` compares at the precision the textbook printed).

:func:`from_data` builds the same tree from plain Python data (a config made in code), as if
the data had been written as YAML and read back, without going through text.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterator

import yaml

from bptrace.errors import BadInput

_NUMBER = re.compile(r"^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class Node:
    """One YAML value with where it came from."""

    __slots__ = ("value", "path", "line", "text", "kind", "_children")

    def __init__(self, value: Any, path: str, line: int | None, text: str | None, kind: str,
                 children: Any = None):
        self.value = value          # the plain Python value (dict / list / scalar)
        self.path = path
        self.line = line
        self.text = text            # a scalar's text as written, else None
        self.kind = kind            # "map", "seq" or "scalar"
        self._children = children   # dict[str, Node] or list[Node]

    # --- errors -------------------------------------------------------------------------
    def error(self, message: str, hint: str | None = None) -> BadInput:
        return BadInput(message, path=self.path or "(top level)", line=self.line, hint=hint)

    # --- structure ----------------------------------------------------------------------
    @property
    def is_map(self) -> bool:
        return self.kind == "map"

    @property
    def is_seq(self) -> bool:
        return self.kind == "seq"

    @property
    def is_scalar(self) -> bool:
        return self.kind == "scalar"

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.value is None

    def keys(self) -> list[str]:
        return list(self._children) if self.is_map else []

    def __contains__(self, key: str) -> bool:
        return self.is_map and key in self._children

    def get(self, key: str) -> "Node | None":
        if not self.is_map:
            return None
        return self._children.get(key)

    def require(self, key: str, what: str) -> "Node":
        """The value under ``key``; missing or empty is bad input saying what it gives."""
        node = self.get(key)
        if node is None or node.is_null:
            where = f"{self.path}." if self.path else ""
            raise BadInput(f"'{where}{key}' is missing: it gives {what}.",
                           path=self.path or "(top level)", line=self.line)
        return node

    def items(self) -> Iterator[tuple[str, "Node"]]:
        return iter(self._children.items()) if self.is_map else iter(())

    def __iter__(self) -> Iterator["Node"]:
        return iter(self._children) if self.is_seq else iter(())

    def __getitem__(self, i: int) -> "Node":
        return self._children[i]

    def __len__(self) -> int:
        return len(self._children) if self._children is not None else 0

    # --- typed reads ----------------------------------------------------------------------
    def need_map(self, what: str) -> "Node":
        if not self.is_map:
            raise self.error(f"{what} must be a mapping (KEY: VALUE lines), not {self.describe()}.")
        return self

    def need_seq(self, what: str) -> "Node":
        if not self.is_seq:
            raise self.error(f"{what} must be a list, not {self.describe()}.")
        return self

    def describe(self) -> str:
        if self.is_map:
            return "a mapping"
        if self.is_seq:
            return f"a list of {len(self)} item{'' if len(self) == 1 else 's'}"
        if self.value is None:
            return "an empty value"
        return f"'{_short(self.text)}'"

    def number(self, what: str = "this value") -> float:
        """A finite float64; YAML 1.1 quirks (``1e-5`` read as text) are forgiven."""
        if self.is_scalar and isinstance(self.value, bool):
            raise self.error(f"{what} must be a number, not '{self.text}'.")
        if self.is_scalar and isinstance(self.value, (int, float)):
            try:
                v = float(self.value)
            except OverflowError:
                raise self.error(f"{what} is too large for a float64: '{self.text}'.") from None
        elif self.is_scalar and isinstance(self.value, str) and _NUMBER.match(self.value.strip()):
            v = float(self.value.strip().replace("_", ""))
        else:
            raise self.error(f"{what} must be a number, not {self.describe()}.")
        if not math.isfinite(v):
            raise self.error(f"{what} must be a finite number, not '{_short(self.text)}'.")
        return v + 0.0          # -0.0 → 0.0: a written zero has no sign (numpy's std checks it)

    def integer(self, what: str = "this value", minimum: int | None = None) -> int:
        if not (self.is_scalar and isinstance(self.value, int) and not isinstance(self.value, bool)):
            raise self.error(f"{what} must be a whole number, not {self.describe()}.")
        if minimum is not None and self.value < minimum:
            raise self.error(f"{what} must be at least {minimum}, not {self.value}.")
        return int(self.value)

    def boolean(self, what: str = "this value") -> bool:
        if not (self.is_scalar and isinstance(self.value, bool)):
            raise self.error(f"{what} must be true or false, not {self.describe()}.")
        return bool(self.value)

    def text_value(self, what: str = "this value") -> str:
        """Free text (a title): a scalar's text as written."""
        if not self.is_scalar or self.value is None:
            raise self.error(f"{what} must be text, not {self.describe()}.")
        return self.text

    def string(self, what: str = "this value") -> str:
        """A scalar's text as written (so a name like ``on`` or ``1e5`` stays text)."""
        if not self.is_scalar or self.value is None:
            raise self.error(f"{what} must be a single word, not {self.describe()}.")
        return self.text


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
            raise BadInput("the YAML expands far beyond its size (aliases or merge keys "
                           "repeated within each other); write the values out.",
                           path=path or "(top level)", line=line)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything recursive sees the document
    (libyaml's parser keeps its own stack, so this pass cannot overflow)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise BadInput(f"the YAML is nested too deeply to be a config (more than "
                               f"{MAX_DEPTH} levels; a config is a few levels deep).", line=line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _where(path: str) -> str:
    return path or "(top level)"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _build(loader: _Loader, node: yaml.Node, path: str, active: frozenset = frozenset(),
           budget: _Budget | None = None) -> Node:
    line = node.start_mark.line + 1 if node.start_mark else None
    if budget is not None:
        budget.spend(path, line)
    if id(node) in active:
        raise BadInput("a YAML alias refers to itself (an endless structure).",
                       path=_where(path), line=line)
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
    return BadInput(f"the YAML tag '{tag}' is refused: bptrace reads plain YAML only; "
                    "tags that build objects are refused.", path=_where(path), line=line)


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
    raise BadInput(f"'{_short(node.value)}' cannot be read as {_SCALAR_TAGS[node.tag]}"
                   f"{' (too many digits)' if node.tag == _T + 'int' and len(node.value) > 4000 else ''}.",
                   path=_where(path), line=line)


def _mapping(loader, node: yaml.MappingNode, path: str, line, active, budget) -> Node:
    """A mapping with YAML's merge keys (``<<: *base``) applied: local keys override merged
    ones, an earlier merged mapping overrides a later one; merged nodes spend the budget."""
    local: dict[str, Node] = {}
    merged: dict[str, Node] = {}
    for knode, vnode in node.value:
        kline = knode.start_mark.line + 1
        if not isinstance(knode, yaml.ScalarNode):
            raise BadInput("a key must be a plain word, not a list or mapping.",
                           path=_where(path), line=kline)
        key = knode.value
        if knode.tag == _T + "merge":
            sources = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
            for src in sources:
                if not isinstance(src, yaml.MappingNode):
                    raise BadInput("a merge key (<<) takes a mapping or a list of mappings.",
                                   path=_where(path), line=kline)
                sub = _build(loader, src, path, active, budget)
                for k, c in sub.items():
                    merged.setdefault(k, c)
            continue
        sub = f"{path}.{key}" if path else key
        if key in local:
            raise BadInput(f"the key '{_short(key)}' is given twice (first on line "
                           f"{local[key].line}).", path=sub, line=kline)
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
            raise BadInput("the file is empty: a config needs at least 'network:' and "
                           "'learning_rate:' (see 'bptrace examples mazur').")
        return _build(loader, root, "", budget=_Budget(text))
    except RecursionError:
        raise BadInput("the YAML is nested too deeply to be a config.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if "python/" in problem or "constructor for the tag" in problem:
            problem = f"{problem} (bptrace reads plain YAML only; tags that build objects are refused)"
        from bptrace.config.hints import yaml_syntax
        raise (yaml_syntax(text, mark.line + 1 if mark else None,
                           mark.column + 1 if mark else None)
               or BadInput(f"this is not valid YAML: {problem}.",
                           line=mark.line + 1 if mark else None)) from None
    finally:
        if loader is not None:
            loader.dispose()


def from_data(value: Any, path: str = "") -> Node:
    """A :class:`Node` tree from plain data (dicts, lists, numbers, text, booleans, None),
    the tree that writing the data as YAML and parsing it would give: keys become text, a
    scalar's text is YAML's way of writing it, and there are no line numbers."""
    try:
        return _from_data(value, path, frozenset())
    except RecursionError:
        raise BadInput("the data is nested too deeply to be a config.") from None


def _from_data(value: Any, path: str, active: frozenset) -> Node:
    if isinstance(value, (dict, list, tuple)):
        if id(value) in active:
            raise BadInput("the data contains itself (an endless structure).",
                           path=path or "(top level)")
        active = active | {id(value)}
    if isinstance(value, dict):
        children: dict[str, Node] = {}
        for k, v in value.items():
            key = k if isinstance(k, str) else _scalar(k, path)[1]
            sub = f"{path}.{key}" if path else key
            if key in children:
                raise BadInput(f"the key '{key}' is given twice.", path=sub)
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
    raise BadInput(f"a config holds numbers, text, true/false, lists and mappings, not "
                   f"{type(value).__name__}.", path=path or "(top level)")
