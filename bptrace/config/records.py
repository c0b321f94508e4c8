"""What loading a config gives: the :class:`Config` record, its :class:`Sample` and its
:class:`Expectation` values — plain records, nothing here reads anything — and the
:class:`Node` each value of a config is read through, which knows where it came from."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, Iterator

from bptrace.errors import BadInput
from bptrace.words.messages import What, what as phrase

if TYPE_CHECKING:                     # numpy and the network only when one is built
    import numpy as np

    from bptrace.maths.network import Network


class Sample:
    """One training sample: input x (m0,) and target t (n_out,)."""

    def __init__(self, x: np.ndarray, t: np.ndarray):
        self.x, self.t = x, t

    def __repr__(self) -> str:
        return f"Sample(x={self.x!r}, t={self.t!r})"


class Expectation:
    """One KEY: VALUE of an ``expect:`` section or an answer file."""

    def __init__(self, key: str, text: str, line: int | None, node: Node | None,
                 written: str | None = None, readable: bool = True):
        self.key = key
        self.text = text          # the value exactly as written (a student's: as read)
        self.line = line
        self.node = node
        # a student's answer as the student wrote it ("0,1183", "≈0.0208"), where that is not
        # the text compared; ``readable`` False: no number could be read from it
        self.written = text if written is None else written
        self.readable = readable

    def __repr__(self) -> str:
        return (f"Expectation(key={self.key!r}, text={self.text!r}, line={self.line!r}, "
                f"node={self.node!r})")


class Config:
    """A loaded config: the network built, the sample, the data set, the seed, the
    ``train:`` section (read by :func:`bptrace.config.train_settings`) and the expected
    values; ``root`` is the whole YAML tree (with paths and lines)."""

    def __init__(self, file: str, title: str, network: Network, learning_rate: float,
                 sample: Sample, data: tuple[np.ndarray, np.ndarray] | None, seed: int,
                 train: Node | None, expect: list[Expectation], root: Node,
                 text: str | None):
        self.file = file                # what the user gave (path or example name)
        self.title = title
        self.network = network
        self.learning_rate = learning_rate
        self.sample = sample
        self.data = data                # (X, T), rows = samples, or None
        self.seed = seed
        self.train = train
        self.expect = expect
        self.root = root
        self._text = text
        self.asked: list[str] | None = None   # an exercise sheet's asked keys (its blanks)
        self._origin: "Config | None" = None    # loaded as a copy of it: the config built
        self.test: tuple[np.ndarray, np.ndarray] | None = None    # test: (X, T), after training

    def copy(self) -> "Config":
        """A copy to change: its own network (layers, parameter arrays), sample, data and
        test arrays and lists; the YAML tree (read, never changed) shared."""
        import copy
        new = copy.copy(self)
        new.network = self.network.copy()
        new.sample = Sample(self.sample.x.copy(), self.sample.t.copy())
        for name in ("data", "test"):
            arrays = getattr(self, name)
            if arrays is not None:
                setattr(new, name, tuple(a.copy() for a in arrays))
        new.expect = list(self.expect)
        new.asked = None if self.asked is None else list(self.asked)
        new.terms = dict(getattr(self, "terms", {}) or {})
        new._origin = None
        return new

    # how a notebook shows a config: set by the Python API (bptrace.api), which owns the
    # renderers (the config itself never reaches up to them); None: Jupyter shows its repr
    html_view = None

    def _repr_html_(self) -> str | None:
        """The config in a notebook: its layers, loss, learning rate and data."""
        return None if Config.html_view is None else Config.html_view(self)

    @property
    def text(self) -> str:
        """The YAML text the config was read from. A config built from a mapping
        (:func:`bptrace.config.from_dict`) has none: its mapping written as YAML, which
        reads back to the same config (to hand the config to another process)."""
        if self._text is None:
            from bptrace.config.dump import yaml_text
            self._text = yaml_text(self.root.value)
        return self._text

    @property
    def dataset(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, T): the `data:` set, or the one `sample:` (interface contract §2)."""
        if self.data is not None:
            return self.data
        return self.sample.x[None, :].copy(), self.sample.t[None, :].copy()


# --- One value of a config with where it came from: a :class:`Node` knows its YAML path
# (``network.layers[1].weights.w5``), its line and, for scalars, its text as written (``check``
# compares at the precision the textbook printed). Its typed reads raise keyed
# :class:`~bptrace.errors.BadInput` (words in :mod:`bptrace.words.messages`) naming the node.

_NUMBER = re.compile(r"^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$")
TOP = "(top level)"


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
        """A plain (untranslated) error at this node; prefer :meth:`bad`."""
        return BadInput(message, path=self.path or TOP, line=self.line, hint=hint)

    def bad(self, message_key: str, /, **args) -> BadInput:
        """A keyed error at this node: its words are bptrace.words.messages.ERRORS[message_key]."""
        return BadInput(key=message_key, args=args, path=self.path or TOP, line=self.line)

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

    def require(self, key: str, what: "str | What") -> "Node":
        """The value under ``key``; missing or empty is bad input saying what it gives."""
        node = self.get(key)
        if node is None or node.is_null:
            where = f"{self.path}." if self.path else ""
            raise BadInput(key="missing", args={"name": f"{where}{key}", "what": what},
                           path=self.path or TOP, line=self.line)
        return node

    def items(self) -> Iterator[tuple[str, "Node"]]:
        return iter(self._children.items()) if self.is_map else iter(())

    def __iter__(self) -> Iterator["Node"]:
        return iter(self._children) if self.is_seq else iter(())

    def __getitem__(self, i: int) -> "Node":
        return self._children[i]

    def __len__(self) -> int:
        return len(self._children) if self._children is not None else 0

    # --- typed reads (`what` names the value: a key as written, or a What) ----------------
    def need_map(self, what: "str | What") -> "Node":
        if not self.is_map:
            raise self.bad("must be map", what=what, found=self.describe())
        return self

    def need_seq(self, what: "str | What") -> "Node":
        if not self.is_seq:
            raise self.bad("must be list", what=what, found=self.describe())
        return self

    def describe(self) -> What:
        """What this node is, for a message: a mapping, a list of 3 items, 'abc'."""
        if self.is_map:
            return phrase("a mapping")
        if self.is_seq:
            return phrase("a list of", n=len(self), s="" if len(self) == 1 else "s")
        if self.value is None:
            return phrase("an empty value")
        return written(self.text)

    def number(self, what: "str | What" = None) -> float:
        """A finite float64; YAML 1.1 quirks (``1e-5`` read as text) are forgiven."""
        what = _this(what)
        if self.is_scalar and isinstance(self.value, bool):
            raise self.bad("must be number", what=what, found=written(self.text, None))
        if self.is_scalar and isinstance(self.value, (int, float)):
            try:
                v = float(self.value)
            except OverflowError:
                raise self.bad("too large", what=what, t=self.text) from None
        elif self.is_scalar and isinstance(self.value, str) and _NUMBER.match(self.value.strip()):
            v = float(self.value.strip().replace("_", ""))
        else:
            raise self.bad("must be number", what=what, found=self.describe())
        if not math.isfinite(v):
            raise self.bad("must be finite", what=what, found=written(self.text))
        return v + 0.0          # -0.0 → 0.0: a written zero has no sign (numpy's std checks it)

    def integer(self, what: "str | What" = None, minimum: int | None = None) -> int:
        what = _this(what)
        if not (self.is_scalar and isinstance(self.value, int) and not isinstance(self.value, bool)):
            raise self.bad("must be integer", what=what, found=self.describe())
        if minimum is not None and self.value < minimum:
            raise self.bad("must be at least", what=what, min=minimum, value=self.value)
        return int(self.value)

    def boolean(self, what: "str | What" = None) -> bool:
        if not (self.is_scalar and isinstance(self.value, bool)):
            raise self.bad("must be bool", what=_this(what), found=self.describe())
        return bool(self.value)

    def text_value(self, what: "str | What" = None) -> str:
        """Free text (a title): a scalar's text as written."""
        if not self.is_scalar or self.value is None:
            raise self.bad("must be text", what=_this(what), found=self.describe())
        return self.text

    def string(self, what: "str | What" = None) -> str:
        """A scalar's text as written (so a name like ``on`` or ``1e5`` stays text)."""
        if not self.is_scalar or self.value is None:
            raise self.bad("must be word", what=_this(what), found=self.describe())
        return self.text


def _this(what):
    return phrase("this value") if what is None else what


def written(text: str, limit: int | None = 40) -> What:
    """A value as written, quoted; a long one cut, with its length."""
    if limit is None or len(text) <= limit:
        return phrase("written", t=text)
    return phrase("written long", t=text[:limit], n=f"{len(text):,}")


def short(text: str, limit: int = 40) -> str:
    """Text cut for a message (in every language the same)."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
