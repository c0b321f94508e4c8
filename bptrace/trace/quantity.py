"""The trace's records: every scalar of one step as a :class:`Quantity`, the parameters and
layers it speaks of, and the :class:`Trace` that holds them in section order.

What readers (views, renderers, checks) may rely on is the interface of :class:`Trace`:
``quantities`` (in order), ``tr[key]``, ``key in tr``, ``values()``, and the descriptive
fields. How the numbers are stored behind it is the trace package's own business. Nothing
here imports numpy or formats a number.
"""

from __future__ import annotations

# The sections of a step, in the order every renderer shows them: one sample's passes, then
# the step's results (the update and the numbers after it).
PASS_SECTIONS = ("forward", "loss", "backward", "gradient")
RESULT_SECTIONS = ("update", "after")
SECTIONS = PASS_SECTIONS + RESULT_SECTIONS

Operand = tuple[str, float]          # (label, value), e.g. ("w1", 0.15)


class Phrase:
    """Words the trace attaches to a quantity, as a key of :mod:`bptrace.lang` and its
    arguments: a renderer looks the words up in the reader's language."""

    __slots__ = ("key", "args")

    def __init__(self, key: str, **args: str):
        self.key = key
        self.args = args

    def __eq__(self, other) -> bool:
        return isinstance(other, Phrase) and (self.key, self.args) == (other.key, other.args)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.args!r})"


class Quantity:
    __slots__ = ("key", "value", "section", "layer", "formula", "terms", "template", "args",
                 "note", "prose")

    def __init__(self, key: str, value: float, section: str, layer: int, formula: str,
                 terms: tuple[tuple[Operand, ...], ...] | None = None,
                 template: str | None = None, args: tuple[float, ...] = (),
                 note: Phrase | None = None, prose: Phrase | None = None):
        self.key = key
        self.value = value
        self.section = section      # one of SECTIONS
        self.layer = layer          # 0 = inputs, l = the l-th layer (1-based), -1 = whole net
        self.formula = formula      # symbolic, in keys and names: "w1·i1 + b1"
        self.terms = terms          # Σ of Π of (label, value), for substitution
        self.template = template    # or: a template with {0}, {1}, … for `args`
        self.args = args
        self.note = note            # a remark in words ("frozen: …"), or None
        self.prose = prose          # words around the formula (lang key with {f}), or None


class ParamInfo:
    __slots__ = ("name", "layer", "kind", "value", "trainable", "source", "targets")

    def __init__(self, name: str, layer: int, kind: str, value: float, trainable: bool,
                 source: str | None, targets: tuple[str, ...]):
        self.name = name
        self.layer = layer          # 1-based
        self.kind = kind            # "w" or "b"
        self.value = value
        self.trainable = trainable
        self.source = source        # a weight's FROM node
        self.targets = targets      # a weight's TO neuron; a bias's neurons


class LayerInfo:
    __slots__ = ("name", "neurons", "activation", "formula", "derivative", "elementwise",
                 "threshold")

    def __init__(self, name: str, neurons: tuple[str, ...], activation: str, formula: str,
                 derivative: str, elementwise: bool, threshold: bool = False):
        self.name = name
        self.threshold = threshold  # its biases are thresholds, subtracted: net = Σ w·a − θ
        self.neurons = neurons
        self.activation = activation
        self.formula = formula
        self.derivative = derivative
        self.elementwise = elementwise


class Trace:
    def __init__(self, title: str, file: str, inputs: tuple[str, ...], layers: list[LayerInfo],
                 params: list[ParamInfo], loss_name: str, loss_formula: str,
                 learning_rate: float, train_biases: bool, target: dict[str, float]):
        self.title = title
        self.file = file
        self.inputs = inputs
        self.layers = layers
        self.params = params
        self.loss_name = loss_name
        self.loss_formula = loss_formula
        self.learning_rate = learning_rate
        self.train_biases = train_biases
        self.target = target
        self.error_signal = "gradient"  # or "negative": err/delta reported as −∂E/∂· (SPEC §6)
        self.quantities: list[Quantity] = []
        self.index: dict[str, Quantity] = {}
        self.jacobians: dict[int, list[list[float]]] = {}   # layer l ≥ 2: ∂out^l/∂out^(l−1)

    def add(self, q: Quantity) -> None:
        self.quantities.append(q)
        self.index[q.key] = q

    def values(self) -> dict[str, float]:
        return {q.key: q.value for q in self.quantities}

    def keys(self) -> list[str]:
        """Every key, in order."""
        return list(self.index)

    def section(self, name: str) -> list[Quantity]:
        """The quantities of one section (one of SECTIONS), in order."""
        return [q for q in self.quantities if q.section == name]

    def __getitem__(self, key: str) -> Quantity:
        return self.index[key]

    def __contains__(self, key: str) -> bool:
        return key in self.index


class BatchTrace:
    """Several samples' forward and backward passes side by side, the mean of their
    gradients (the 《神经网络》 blog post, eq. 17) and one update with that mean."""

    def __init__(self, title: str, file: str, samples: list[tuple[int, Trace]],
                 quantities: list[Quantity]):
        self.title = title
        self.file = file
        self.samples = samples          # (1-based index in data:, that sample's trace)
        self.quantities = quantities    # mean gradients, the update, the losses after it

    def values(self) -> dict[str, float]:
        """Per-sample keys prefixed `s<i>.` (i the sample's number in data:), then the batch's."""
        out = {}
        for i, tr in self.samples:
            for q in tr.quantities:
                if q.section not in RESULT_SECTIONS:
                    out[f"s{i}.{q.key}"] = q.value
        out.update({q.key: q.value for q in self.quantities})
        return out
