"""The trace's records: every scalar of one step as a :class:`Quantity`, the parameters and
layers it speaks of, and the :class:`Trace` that holds them in section order.

What readers (views, renderers, checks) may rely on is the interface of :class:`Trace`:
``quantities`` (in order), ``tr[key]``, ``key in tr``, ``values()``, ``blocks`` (the arrays
behind them), and the descriptive fields. Nothing here formats a number or imports numpy
before a trace is made.
"""

from __future__ import annotations

from bptrace.trace.store import Block

# The sections of a step, in the order every renderer shows them: one sample's passes, then
# the step's results (the update and the numbers after it).
PASS_SECTIONS = ("forward", "loss", "backward", "gradient")
RESULT_SECTIONS = ("update", "after")
SECTIONS = PASS_SECTIONS + RESULT_SECTIONS
MANY = 100_000          # making more quantities of one block than this: the memory is checked

Operand = tuple[str, float]          # (label, value), e.g. ("w1", 0.15)


class Phrase:
    """Words the trace attaches to a quantity, as a key of :mod:`bptrace.words` and its
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


class LayerParams:
    """One layer's parameters as arrays and name lists: its weights (names — a list, or
    config.edgenames.RuleNames when generated —, values, edge e from node K[e] to neuron
    J[e], in the config's order), then its biases (names, values, the neurons using each).
    :attr:`Trace.params` makes the ParamInfo records when asked."""

    __slots__ = ("layer", "w_names", "w_values", "J", "K", "sources", "neurons", "b_names",
                 "b_values", "b_users", "b_trainable")

    def __init__(self, layer: int, w_names: list[str], w_values, J, K, sources: list[str],
                 neurons: list[str], b_names: list[str], b_values, b_users: list[list[int]],
                 b_trainable: bool):
        self.layer = layer                  # 1-based
        self.w_names, self.w_values, self.J, self.K = w_names, w_values, J, K
        self.sources, self.neurons = sources, neurons
        self.b_names, self.b_values, self.b_users = b_names, b_values, b_users
        self.b_trainable = b_trainable

    def __len__(self) -> int:
        return len(self.w_names) + len(self.b_names)

    def infos(self) -> list[ParamInfo]:
        l, src, dst = self.layer, self.sources, self.neurons
        out = [ParamInfo(name, l, "w", v, True, src[k], (dst[j],)) for name, v, j, k in
               zip(self.w_names, self.w_values.tolist(), self.J.tolist(), self.K.tolist())]
        out += [ParamInfo(name, l, "b", v, self.b_trainable, None, tuple(dst[j] for j in users))
                for name, v, users in zip(self.b_names, self.b_values.tolist(), self.b_users)]
        return out


class LayerInfo:
    __slots__ = ("name", "neurons", "activation", "formula", "derivative", "elementwise",
                 "threshold", "matrix_rows")

    def __init__(self, name: str, neurons: tuple[str, ...], activation: str, formula: str,
                 derivative: str, elementwise: bool, threshold: bool = False,
                 matrix_rows: str = "neurons"):
        self.name = name
        self.matrix_rows = matrix_rows   # the config's matrix: W·a ("neurons") or x·W ("inputs")
        self.threshold = threshold  # its biases are thresholds, subtracted: net = Σ w·a − θ
        self.neurons = neurons
        self.activation = activation
        self.formula = formula
        self.derivative = derivative
        self.elementwise = elementwise


class Trace:
    """One step's quantities in section order. The numbers live in :attr:`blocks` (runs of a
    section, each an array of values with keys made by rule, :mod:`bptrace.trace.store`); a
    :class:`Quantity` is made the first time it is asked for and then kept, so ``tr[key]``,
    ``section()`` and ``quantities`` hand out the same objects."""

    def __init__(self, title: str, file: str, inputs: tuple[str, ...], layers: list[LayerInfo],
                 params: list[ParamInfo], loss_name: str, loss_formula: str,
                 learning_rate: float, train_biases: bool, target: dict[str, float]):
        self.title = title
        self.file = file
        self.inputs = inputs
        self.layers = layers
        self._params = params
        self.param_layers: list = []    # the parameters by rule, per layer (store.LayerParams)
        self.loss_name = loss_name
        self.loss_formula = loss_formula
        self.learning_rate = learning_rate
        self.train_biases = train_biases
        self.target = target
        self.error_signal = "gradient"  # or "negative": err/delta reported as −∂E/∂· (textbook notation)
        self.update = "simultaneous"    # or "sequential": BP2 through the weights above as updated
        self.blocks: list = []          # store.Block, in order
        self.jacobians: dict[int, list[list[float]]] = {}   # layer l ≥ 2: ∂out^l/∂out^(l−1)
        self._made: dict[str, Quantity] = {}
        self._where: dict | None = None
        self._checked = False

    # --- building -------------------------------------------------------------------------
    def extend(self, block) -> None:
        """Append a run of quantities (a store.Block)."""
        if len(block):
            self.blocks.append(block)
            self._where = None
            self.__dict__.pop("_block_where", None)

    def add(self, q: Quantity) -> None:
        """Append one quantity made by hand (a trace built without the maths)."""
        self.extend(Block(q.section, q.layer, [q.value], [q.key], lambda _, q=q: q))

    def set_value(self, key: str, value: float) -> None:
        """Put another number in a key's place (a printed value, ``--round printed``)."""
        block, i = self._locate(key)
        block.values[i] = value
        if key in self._made:
            self._made[key].value = float(value)

    # --- reading --------------------------------------------------------------------------
    @property
    def params(self) -> list[ParamInfo]:
        """Every parameter (made from :attr:`param_layers` when first asked for)."""
        if not self._params and self.param_layers:
            self._params = [p for lp in self.param_layers for p in lp.infos()]
        return self._params

    def param_count(self, layer: int) -> int:
        """How many parameters feed layer ``layer`` (1-based), without making them."""
        if self.param_layers:
            return sum(len(lp) for lp in self.param_layers if lp.layer == layer)
        return sum(p.layer == layer for p in self._params)

    @property
    def quantities(self) -> list[Quantity]:
        """Every quantity, in order (each made now if it was not yet)."""
        return [q for b in self.blocks for q in self._made_of(b)]

    @property
    def index(self) -> dict[str, Quantity]:
        return {q.key: q for q in self.quantities}

    def values(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for b in self.blocks:
            out.update(zip(b.keys(), b.floats()))
        return out

    def keys(self) -> list[str]:
        """Every key, in order."""
        return [k for b in self.blocks for k in b.keys()]

    def section(self, name: str) -> list[Quantity]:
        """The quantities of one section (one of SECTIONS), in order."""
        return [q for b in self.blocks if b.section == name for q in self._made_of(b)]

    def section_block(self, block) -> list[Quantity]:
        """The quantities of one of :attr:`blocks`, in order."""
        return self._made_of(block)

    def value(self, key: str) -> float:
        """A key's number, without making its Quantity."""
        block, i = self._locate(key)
        return block.value(i)

    def nonfinite(self) -> list[str]:
        """The keys whose value is NaN or infinite, in order (one check per array)."""
        return [k for b in self.blocks for k in b.nonfinite()]

    def __len__(self) -> int:
        return sum(len(b) for b in self.blocks)

    def __getitem__(self, key: str) -> Quantity:
        q = self._made.get(key)
        if q is None:
            block, i = self._locate(key)
            q = self._made[key] = block.quantity(i)
        return q

    def __contains__(self, key: str) -> bool:
        if key in self._made:
            return True
        try:
            self._locate(key)
        except KeyError:
            return False
        return True

    def _made_of(self, b) -> list[Quantity]:
        if len(b) > MANY and not self._checked:
            from bptrace.config.guard import check_quantities
            check_quantities(len(self), self.file or None)   # before a million records
            self._checked = True
        made = self._made
        out = []
        for i, k in enumerate(b.keys()):
            q = made.get(k)
            if q is None:
                q = made[k] = b.quantity(i)
            out.append(q)
        return out

    def _positions(self) -> dict:
        if self._where is None:
            self._where = {k: (b, i) for b in self.blocks for i, k in enumerate(b.keys())}
        return self._where

    def _locate(self, key: str):
        if self._where is not None or len(self.blocks) < 2 or sum(map(len, self.blocks)) <= MANY:
            return self._positions()[key]
        # a big trace: only the blocks whose keys can begin as this one does are indexed
        # (a page of a summarised step asks for a few keys, not for all of them)
        index = self.__dict__.setdefault("_block_where", {})
        for b in self.blocks:
            rule = b.rule
            if rule is not None and not key.startswith(rule.prefixes):
                continue
            where = index.get(id(b))
            if where is None:
                where = index[id(b)] = {k: i for i, k in enumerate(b.keys())}
            i = where.get(key)
            if i is not None:
                return b, i
        raise KeyError(key)


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
