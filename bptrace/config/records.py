"""What loading a config gives: the :class:`Config` record, its :class:`Sample` and its
:class:`Expectation` values. Plain records; nothing here reads or checks anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:                     # numpy and the network only when one is built
    import numpy as np

    from bptrace.config.yamlsource import Node
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
