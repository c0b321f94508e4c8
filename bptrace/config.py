"""Config (YAML) → :class:`~bptrace.network.Network` plus the sample, data and settings.

Every check raises :class:`~bptrace.errors.BadInput` naming the YAML path and line; the
file name is added by :func:`load_config`. The format is SPEC section 2; the README
documents it for users.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from bptrace import examples
from bptrace.activations import ACTIVATIONS, get_activation
from bptrace.errors import BadInput
from bptrace.losses import get_loss
from bptrace.network import Layer, Network
from bptrace.yamlsource import Node, parse_yaml

def _is_name(name: str) -> bool:
    """Names are identifiers: letters (any script: θ1, 权重), digits and _, not starting
    with a digit."""
    return name.isidentifier()
TOP_KEYS = ("title", "description", "network", "loss", "learning_rate", "train_biases",
            "sample", "data", "train", "expect", "seed")
LAYER_KEYS = ("name", "neurons", "activation", "weights", "bias", "matrix_rows")
INIT_KINDS = ("uniform", "normal", "xavier", "he", "zeros")
BYTES_PER_PARAMETER = 256    # arrays, names and trace entries of one parameter, generously


class Sample:
    __slots__ = ("x", "t")

    def __init__(self, x: np.ndarray, t: np.ndarray):
        self.x = x              # (m0,)
        self.t = t              # (n_out,)


class Expectation:
    __slots__ = ("key", "text", "line", "node")

    def __init__(self, key: str, text: str, line: int | None, node: Node):
        self.key = key
        self.text = text        # the value exactly as written
        self.line = line
        self.node = node


class Config:
    def __init__(self, file: str, title: str, network: Network, learning_rate: float,
                 sample: Sample, data: tuple[np.ndarray, np.ndarray] | None, seed: int,
                 train: Node | None,
                 expect: list[Expectation], root: Node, text: str):
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
        self.text = text

    @property
    def dataset(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, T): the `data:` set, or the one `sample:` (SPEC §2)."""
        if self.data is not None:
            return self.data
        return self.sample.x[None, :].copy(), self.sample.t[None, :].copy()


# --------------------------------------------------------------------------------------
def read_source(source: str | None) -> tuple[str, str]:
    """(display name, YAML text) for a path or a built-in example name (default mazur)."""
    if source is None:
        source = examples.DEFAULT
    if not source.strip():
        raise BadInput("no config given: name a YAML file or a built-in example "
                       f"({', '.join(examples.names())}).")
    path = Path(source)
    if path.is_file():
        try:
            return source, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise BadInput("the file is not UTF-8 text.", file=source) from None
        except OSError as exc:
            raise BadInput(f"cannot read the file: {exc.strerror}.", file=source) from None
    if path.is_dir():
        raise BadInput("this is a directory, not a config file.", file=source)
    if path.exists():
        raise BadInput("this is not a regular file (a device or a pipe): give a YAML file.",
                       file=source)
    if source in examples.names():
        return source, examples.text(source)
    raise BadInput(f"no such file, and no built-in example of that name (built-in: "
                   f"{', '.join(examples.names())}).", file=source)


def load_config(source: str | None = None) -> Config:
    name, text = read_source(source)
    try:
        return parse_config(text, name)
    except BadInput as exc:
        raise exc.located(name) from None


def parse_config(text: str, file: str = "<config>") -> Config:
    root = parse_yaml(text).need_map("the config")
    for key in root.keys():
        if key not in TOP_KEYS:
            raise root.get(key).error(f"unknown key '{key}'; a config has: {', '.join(TOP_KEYS)}.")
    net_node = _required(root, "network", "the network (inputs and layers)")
    seed = root.get("seed").integer("seed", 0) if "seed" in root else 0
    loss = _loss(root)
    train_biases = root.get("train_biases").boolean("train_biases") if "train_biases" in root else True
    network = _network(net_node, loss, train_biases, seed)
    lr_node = _required(root, "learning_rate", "the learning rate η (for example 0.5)")
    lr = lr_node.number("learning_rate")
    if lr <= 0:
        raise lr_node.error(f"learning_rate must be positive, not {lr_node.text}.")
    data = _data(root.get("data"), network, seed, file) if "data" in root else None
    if "sample" in root:
        sample = _sample(root.get("sample"), network)
    elif data is not None:
        sample = Sample(data[0][0].copy(), data[1][0].copy())
    else:
        raise root.error("the config has no 'sample:' (one training sample: input and target) "
                         "and no 'data:' to take one from.")
    expect = []
    if "expect" in root and not root.get("expect").is_null:
        expect = parse_expect(root.get("expect"))
    title_node = root.get("title")
    title = title_node.text_value("title") if title_node is not None and not title_node.is_null else file
    train = root.get("train")
    if train is not None and not train.is_null:
        train.need_map("train")
    else:
        train = None
    return Config(file, title, network, lr, sample, data, seed, train, expect, root, text)


# --------------------------------------------------------------------------------------
def _required(parent: Node, key: str, what: str) -> Node:
    node = parent.get(key)
    if node is None or node.is_null:
        where = f"{parent.path}." if parent.path else ""
        raise BadInput(f"'{where}{key}' is missing: it gives {what}.", path=parent.path or "(top level)",
                       line=parent.line)
    return node


def _loss(root: Node):
    node = root.get("loss")
    if node is None:
        return get_loss("half_sse")
    try:
        return get_loss(node.string("loss"))
    except BadInput as exc:
        raise node.error(exc.message) from None


def _names(node: Node, what: str, auto) -> list[str]:
    """A list of names, or a count (auto(j) names neuron j, 1-based)."""
    if node.is_scalar and isinstance(node.value, int) and not isinstance(node.value, bool):
        n = node.value
        if n < 1:
            raise node.error(f"{what} must be at least 1, not {n}.")
        return [auto(j) for j in range(1, n + 1)]
    if node.is_seq:
        if len(node) == 0:
            raise node.error(f"{what} is an empty list: give at least one name, or a count.")
        return [_name(item, what) for item in node]
    raise node.error(f"{what} must be a list of names or a count, not {node.describe()}.")


def _name(node: Node, what: str) -> str:
    if not node.is_scalar or node.is_null:
        raise node.error(f"a name in {what} must be a single word, not {node.describe()}.")
    name = node.text
    if not _is_name(name):
        raise node.error(f"'{name}' is not a valid name: use letters, digits and _, "
                         "not starting with a digit.")
    return name


class _Names:
    """Every name in the network is unique; remember where each was first given."""

    def __init__(self):
        self.seen: dict[str, Node] = {}

    def add(self, name: str, node: Node) -> None:
        if name in self.seen:
            first = self.seen[name]
            raise node.error(f"the name '{name}' is used twice (first at {first.path or 'top level'}, "
                             f"line {first.line}); every name in the network must be unique.")
        self.seen[name] = node


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_size(sizes: list[int], node: Node) -> None:
    """Refuse a network too large for this machine before allocating anything."""
    count = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))
    need = count * BYTES_PER_PARAMETER
    avail = _available_memory()
    if avail is not None and need > avail:
        raise node.error(f"this network has {count:,} parameters and would need about "
                         f"{_gib(need)} of memory; this machine has {_gib(avail)} available.")


def _gib(n: int) -> str:
    return f"{n / 2**30:,.1f} GiB"


def _network(node: Node, loss, train_biases: bool, seed: int) -> Network:
    node.need_map("network")
    for key in node.keys():
        if key not in ("inputs", "layers"):
            raise node.get(key).error(f"unknown key '{key}' in network; it has inputs and layers.")
    names = _Names()
    in_node = _required(node, "inputs", "the input names, or their count")
    inputs = _names(in_node, "network.inputs", lambda j: f"x{j}")
    in_items = list(in_node) if in_node.is_seq else [in_node] * len(inputs)
    for name, item in zip(inputs, in_items):
        names.add(name, item)
    layers_node = _required(node, "layers", "the layers, from the first hidden layer to the output")
    layers_node.need_seq("network.layers")
    if len(layers_node) == 0:
        raise layers_node.error("network.layers is empty: give at least the output layer.")
    count = len(layers_node)
    # neuron names first, so the size can be checked before any array is allocated
    neuron_lists = []
    for L, lnode in enumerate(layers_node, start=1):
        lnode.need_map(f"layer {L}")
        for key in lnode.keys():
            if key not in LAYER_KEYS:
                raise lnode.get(key).error(f"unknown key '{key}' in a layer; a layer has: "
                                           f"{', '.join(LAYER_KEYS)}.")
        nnode = _required(lnode, "neurons", "the neuron names, or their count")
        auto = (lambda j: f"o{j}") if L == count else (lambda j, L=L: f"h{L}_{j}")
        neurons = _names(nnode, f"{lnode.path}.neurons", auto)
        n_items = list(nnode) if nnode.is_seq else [nnode] * len(neurons)
        for name, item in zip(neurons, n_items):
            names.add(name, item)
        neuron_lists.append(neurons)
    check_size([len(inputs)] + [len(n) for n in neuron_lists], layers_node)
    rng = np.random.Generator(np.random.PCG64(seed))
    layers = []
    prev = inputs
    for L, (lnode, neurons) in enumerate(zip(layers_node, neuron_lists), start=1):
        layer_names = _layer_name(lnode, L, count)
        activation = _activation(lnode, is_output=(L == count))
        W, mask, wnames = _weights(lnode, prev, neurons, rng, names)
        bias_names, b, bias_of = _bias(lnode, neurons, L, names, rng)
        layers.append(Layer(layer_names, neurons, activation, W, mask, wnames, bias_names, b, bias_of))
        prev = neurons
    if loss.needs_softmax and layers[-1].activation.name != "softmax":
        raise layers_node[-1].error(
            f"loss '{loss.name}' needs a softmax output layer (this one is "
            f"{layers[-1].activation.name}); use binary_cross_entropy for sigmoid outputs.")
    return Network(inputs, layers, loss, train_biases)


def _layer_name(lnode: Node, L: int, count: int) -> str:
    if "name" in lnode:
        return _name(lnode.get("name"), f"{lnode.path}.name")
    return "output" if L == count else f"hidden {L}"


def _activation(lnode: Node, is_output: bool):
    node = _required(lnode, "activation", f"the activation ({', '.join(ACTIVATIONS)})")
    param = None
    if node.is_map:
        if len(node) != 1:
            raise node.error("an activation with a parameter is written {leaky_relu: SLOPE}.")
        key, pnode = next(node.items())
        name = key
        param = pnode.number(f"the {key} parameter")
    else:
        name = node.string("activation")
    try:
        act = get_activation(name, param)
    except BadInput as exc:
        raise node.error(exc.message) from None
    if act.output_only and not is_output:
        raise node.error(f"{name} is only for the output layer (it normalises the layer's "
                         "outputs into probabilities).")
    return act


def _weights(lnode: Node, prev: list[str], neurons: list[str], rng, names: _Names):
    n, m = len(neurons), len(prev)
    node = _required(lnode, "weights", "the weights: named edges NAME: [FROM, TO, VALUE], "
                     "a matrix, or {init: ...}")
    orient = "neurons"
    if "matrix_rows" in lnode:
        onode = lnode.get("matrix_rows")
        orient = onode.string("matrix_rows")
        if orient not in ("neurons", "inputs"):
            raise onode.error("matrix_rows must be 'neurons' (W·a + b, row j = neuron j) or "
                              "'inputs' (x·W + θ as in seed 002, row k = input k).")
    auto_names = lambda: {(j, k): f"w_{prev[k]}_{neurons[j]}" for j in range(n) for k in range(m)}
    if node.is_seq:
        rows, cols = (n, m) if orient == "neurons" else (m, n)
        what = (f"{n} rows (one per neuron of this layer) of {m} numbers (one per node of the "
                f"layer below)") if orient == "neurons" else (
                f"{m} rows (one per node of the layer below) of {n} numbers (one per neuron)")
        if len(node) != rows:
            raise node.error(f"the weight matrix has {len(node)} rows; it needs {what}.")
        W = np.empty((rows, cols))
        for r, row in enumerate(node):
            if not row.is_seq or len(row) != cols:
                got = f"{len(row)} numbers" if row.is_seq else row.describe()
                raise row.error(f"row {r + 1} of the weight matrix has {got}; it needs {what}.")
            for c, v in enumerate(row):
                W[r, c] = v.number("a weight")
        if orient == "inputs":
            W = W.T.copy()
        wnames = auto_names()
        for nm in wnames.values():
            names.add(nm, node)
        return W, None, wnames
    if node.is_map and "init" in node:
        W = _init(node, n, m, rng)
        wnames = auto_names()
        for nm in wnames.values():
            names.add(nm, node)
        return W, None, wnames
    if not node.is_map:
        raise node.error("weights must be named edges (NAME: [FROM, TO, VALUE]), a matrix "
                         f"(a list of rows), or {{init: ...}}, not {node.describe()}.")
    W = np.zeros((n, m))
    mask = np.zeros((n, m), dtype=bool)
    wnames: dict[tuple[int, int], str] = {}
    where: dict[tuple[int, int], str] = {}
    pi = {name: k for k, name in enumerate(prev)}
    ni = {name: j for j, name in enumerate(neurons)}
    for wname, edge in node.items():
        if not _is_name(wname):
            raise edge.error(f"'{wname}' is not a valid name: use letters, digits and _, "
                             "not starting with a digit.")
        names.add(wname, edge)
        if not edge.is_seq or len(edge) != 3:
            raise edge.error(f"weight {wname} must be [FROM, TO, VALUE], not {edge.describe()}.")
        frm, to, val = list(edge)
        f_name, t_name = _name(frm, "a weight's FROM"), _name(to, "a weight's TO")
        if f_name not in pi:
            where_else = (" It is in the network, but weights connect consecutive layers only."
                          if f_name in names.seen else "")
            raise frm.error(f"weight {wname} comes from '{f_name}', which is not a node of the "
                            f"layer below (those are: {', '.join(prev)}).{where_else}")
        if t_name not in ni:
            where_else = (" It is in the network, but a layer's weights lead into its own "
                          "neurons." if t_name in names.seen else "")
            raise to.error(f"weight {wname} goes to '{t_name}', which is not a neuron of this "
                           f"layer (those are: {', '.join(neurons)}).{where_else}")
        j, k = ni[t_name], pi[f_name]
        if mask[j, k]:
            raise edge.error(f"the edge {f_name} → {t_name} is given twice (as {where[(j, k)]} "
                             f"and {wname}).")
        W[j, k] = val.number(f"the value of weight {wname}")
        mask[j, k] = True
        wnames[(j, k)] = wname
        where[(j, k)] = wname
    if not wnames:
        raise node.error("weights is empty: give at least one edge.")
    return W, (None if mask.all() else mask), wnames


def _init(node: Node, n: int, m: int, rng) -> np.ndarray:
    kind = node.get("init").string("init")
    allowed = {"uniform": ("low", "high"), "normal": ("mean", "std"), "xavier": (), "he": (),
               "zeros": ()}
    if kind not in allowed:
        raise node.get("init").error(f"unknown init '{kind}'; known: {', '.join(INIT_KINDS)}.")
    for key in node.keys():
        if key != "init" and key not in allowed[kind]:
            raise node.get(key).error(f"init {kind} takes "
                                      f"{', '.join(allowed[kind]) or 'no settings'}, not '{key}'.")
    if kind == "uniform":
        low = node.get("low").number("low") if "low" in node else -1.0
        high = node.get("high").number("high") if "high" in node else 1.0
        if not low < high:
            raise node.error(f"init uniform needs low < high (got {low:g} and {high:g}).")
        return rng.uniform(low, high, size=(n, m))
    if kind == "zeros":
        return np.zeros((n, m))
    if kind == "normal":
        mean = node.get("mean").number("mean") if "mean" in node else 0.0
        std = node.get("std").number("std") if "std" in node else 1.0
        if std < 0:
            raise node.get("std").error("std must not be negative.")
        return rng.normal(mean, std, size=(n, m))
    if kind == "xavier":      # Glorot uniform: U(±√(6/(fan_in+fan_out)))
        limit = np.sqrt(6.0 / (m + n))
        return rng.uniform(-limit, limit, size=(n, m))
    return rng.normal(0.0, np.sqrt(2.0 / m), size=(n, m))     # He normal: N(0, 2/fan_in)


def _bias(lnode: Node, neurons: list[str], L: int, names: _Names, rng):
    n = len(neurons)
    node = lnode.get("bias")
    none = ([], np.zeros(0), np.full(n, -1, dtype=int))
    if node is None or node.is_null:
        return none
    if node.is_scalar:
        value = node.number("bias")
        name = f"b{L}"
        names.add(name, node)
        return [name], np.array([value]), np.zeros(n, dtype=int)
    if node.is_seq:
        if len(node) != n:
            raise node.error(f"a bias list needs one value per neuron ({n}: "
                             f"{', '.join(neurons)}), not {len(node)}.")
        bnames = [f"b_{nm}" for nm in neurons]
        for nm in bnames:
            names.add(nm, node)
        return bnames, np.array([v.number("a bias") for v in node]), np.arange(n)
    node.need_map("bias")
    if len(node) == 0:
        return none
    if "init" in node:                 # {init: zeros | uniform | normal …}: one per neuron
        values = _init(node, 1, n, rng)[0]
        bnames = [f"b_{nm}" for nm in neurons]
        for nm in bnames:
            names.add(nm, node)
        return bnames, values, np.arange(n)
    entries = list(node.items())
    for bname, _ in entries:
        if not _is_name(bname):
            raise node.get(bname).error(f"'{bname}' is not a valid name: use letters, digits "
                                        "and _, not starting with a digit.")
    explicit = [v.is_seq for _, v in entries]
    if any(explicit) and not all(explicit):
        raise node.error("give every bias as NAME: [NEURON, VALUE], or every bias as "
                         "NAME: VALUE, not a mix.")
    bias_of = np.full(n, -1, dtype=int)
    if all(explicit):
        index = {nm: j for j, nm in enumerate(neurons)}
        bnames, values = [], []
        for i, (bname, v) in enumerate(entries):
            if len(v) != 2:
                raise v.error(f"bias {bname} must be [NEURON, VALUE], not {len(v)} items.")
            neuron = _name(list(v)[0], "a bias's NEURON")
            if neuron not in index:
                raise list(v)[0].error(f"bias {bname} is for '{neuron}', which is not a neuron of "
                                       f"this layer (those are: {', '.join(neurons)}).")
            j = index[neuron]
            if bias_of[j] >= 0:
                raise v.error(f"neuron {neuron} has two biases ({bnames[bias_of[j]]} and {bname}).")
            names.add(bname, v)
            bias_of[j] = i
            bnames.append(bname)
            values.append(list(v)[1].number(f"the value of bias {bname}"))
        return bnames, np.array(values), bias_of
    if len(entries) == 1:              # one bias shared by the whole layer (Mazur's b1, b2)
        bname, v = entries[0]
        names.add(bname, v)
        return [bname], np.array([v.number(f"bias {bname}")]), np.zeros(n, dtype=int)
    if len(entries) != n:
        raise node.error(f"bias has {len(entries)} entries; give one (shared by the layer) or "
                         f"one per neuron ({n}: {', '.join(neurons)}), or write "
                         "NAME: [NEURON, VALUE].")
    for bname, v in entries:
        names.add(bname, v)
    return ([b for b, _ in entries], np.array([v.number(f"bias {b}") for b, v in entries]),
            np.arange(n))


def _sample(node: Node, network: Network) -> Sample:
    node.need_map("a sample (input: ..., target: ...)")
    for key in node.keys():
        if key not in ("input", "target"):
            raise node.get(key).error(f"unknown key '{key}' in a sample; a sample has input "
                                      "and target.")
    x = _vector(_required(node, "input", "the input values"), network.inputs, "input")
    t = _vector(_required(node, "target", "the target values"), network.outputs, "target")
    return Sample(x, t)


def _vector(node: Node, names: list[str], what: str) -> np.ndarray:
    if node.is_seq:
        if len(node) != len(names):
            raise node.error(f"the {what} has {len(node)} values; it needs {len(names)} "
                             f"({', '.join(names)}).")
        return np.array([v.number(f"an {what} value") for v in node])
    if node.is_map:
        out = np.empty(len(names))
        for key in node.keys():
            if key not in names:
                raise node.get(key).error(f"the {what} names '{key}', which is not one of "
                                          f"{', '.join(names)}.")
        for j, nm in enumerate(names):
            if nm not in node:
                raise node.error(f"the {what} for '{nm}' is missing (it needs "
                                 f"{', '.join(names)}).")
            out[j] = node.get(nm).number(f"{what} {nm}")
        return out
    if len(names) == 1 and node.is_scalar:
        return np.array([node.number(f"the {what}")])
    raise node.error(f"the {what} must be a list in order or a mapping by name "
                     f"({', '.join(names)}), not {node.describe()}.")


def _data(node: Node, network: Network, seed: int, file: str) -> tuple[np.ndarray, np.ndarray]:
    """data: a list of samples, {builtin: NAME, n: N} or {csv: FILE, input: [..], target: [..]}."""
    from bptrace import datasets

    if node.is_seq:
        if len(node) == 0:
            raise node.error("data is empty: give at least one sample.")
        return parse_samples(node, network)
    if not node.is_map:
        raise node.error("data must be a list of samples, {builtin: NAME} or {csv: FILE, "
                         f"input: [...], target: [...]}}, not {node.describe()}.")
    if "builtin" in node:
        for key in node.keys():
            if key not in ("builtin", "n"):
                raise node.get(key).error(f"unknown key '{key}'; built-in data takes builtin and n.")
        name = node.get("builtin").string("builtin")
        if name not in datasets.BUILTIN:
            raise node.get("builtin").error(f"unknown built-in data set '{name}'; known: "
                                            f"{', '.join(datasets.BUILTIN)}.")
        n = node.get("n").integer("n", 1) if "n" in node else None
        X, T = datasets.builtin(name, n, seed)
    elif "csv" in node:
        for key in node.keys():
            if key not in ("csv", "input", "target"):
                raise node.get(key).error(f"unknown key '{key}'; CSV data takes csv, input and target.")
        path = Path(node.get("csv").string("csv"))
        if not path.is_absolute() and Path(file).is_file():
            path = Path(file).parent / path
        cols = {}
        for key in ("input", "target"):
            cnode = _required(node, key, f"the CSV columns of the {key}")
            cols[key] = [_name_text(c) for c in cnode] if cnode.is_seq else [_name_text(cnode)]
        try:
            X, T = datasets.read_csv(path, cols["input"], cols["target"])
        except BadInput as exc:
            raise node.get("csv").error(exc.message) from None
    else:
        raise node.error("data as a mapping needs 'builtin:' or 'csv:'.")
    if X.shape[1] != len(network.inputs) or T.shape[1] != len(network.outputs):
        raise node.error(f"the data has {X.shape[1]} inputs and {T.shape[1]} targets per sample; "
                         f"the network has {len(network.inputs)} inputs and "
                         f"{len(network.outputs)} outputs.")
    return X, T


def _name_text(node: Node) -> str:
    if not node.is_scalar or node.is_null:
        raise node.error(f"a column name must be a single word, not {node.describe()}.")
    return node.text


def dump_config(cfg: Config, note: str = "", to: str | None = None) -> str:
    """The config with the network's current parameters, under the same names, as YAML
    that `bptrace step` and `bptrace train` read again (floats at full precision)."""
    import yaml

    net = cfg.network
    out = []
    if note:
        out += [f"# {line}" for line in note.splitlines()]
    out.append(f"title: {_yaml_str(cfg.title)}")
    out.append(f"seed: {cfg.seed}")
    out.append("network:")
    out.append(f"  inputs: [{', '.join(net.inputs)}]")
    out.append("  layers:")
    for l, layer in enumerate(net.layers):
        prev = net.node_names(l)
        lines = [f"neurons: [{', '.join(layer.neurons)}]"]
        if _is_name(layer.name):
            lines.insert(0, f"name: {layer.name}")
        act = layer.activation
        lines.append(f"activation: {act.name if act.param is None else '{leaky_relu: %r}' % act.param}")
        lines.append("weights:")
        for (j, k), wname in layer.weight_names.items():
            lines.append(f"  {wname}: [{prev[k]}, {layer.neurons[j]}, {float(layer.W[j, k])!r}]")
        if layer.bias_names:
            users = [layer.bias_users(i) for i in range(len(layer.bias_names))]
            if len(layer.bias_names) == 1 and len(users[0]) == layer.size and layer.size > 1:
                lines.append(f"bias: {{{layer.bias_names[0]}: {float(layer.b[0])!r}}}")
            else:
                lines.append("bias:")
                for i, bname in enumerate(layer.bias_names):
                    lines.append(f"  {bname}: [{layer.neurons[users[i][0]]}, {float(layer.b[i])!r}]")
        out.append("    - " + lines[0])
        out += ["      " + line for line in lines[1:]]
    out.append(f"loss: {net.loss.name}")
    out.append(f"learning_rate: {cfg.learning_rate!r}")
    out.append(f"train_biases: {'true' if net.train_biases else 'false'}")
    out.append("sample:")
    out.append(f"  input: [{', '.join(repr(float(v)) for v in cfg.sample.x)}]")
    out.append(f"  target: [{', '.join(repr(float(v)) for v in cfg.sample.t)}]")
    for key in ("data", "train"):
        node = cfg.root.get(key)
        if node is not None and not node.is_null:
            value = node.value
            if key == "data" and isinstance(value, dict) and "csv" in value:
                value = dict(value, csv=_moved_path(str(value["csv"]), cfg.file, to))
            out.append(yaml.safe_dump({key: value}, default_flow_style=None,
                                      sort_keys=False, allow_unicode=True).rstrip())
    return "\n".join(out) + "\n"


def _moved_path(path: str, old_config: str, new_config: str | None) -> str:
    """A path written relative to one config, rewritten for a config saved elsewhere."""
    p = Path(path)
    if p.is_absolute() or new_config is None:
        return path
    base = Path(old_config).parent if Path(old_config).is_file() else Path(".")
    target = (base / p).resolve()
    return os.path.relpath(target, Path(new_config).resolve().parent)


def _yaml_str(text: str) -> str:
    import json
    return json.dumps(text, ensure_ascii=False)


def parse_samples(node: Node, network: Network) -> tuple[np.ndarray, np.ndarray]:
    """A list of samples (like `data:`) → (X, T)."""
    node.need_seq("a list of samples")
    if len(node) == 0:
        raise node.error("the list of samples is empty.")
    samples = [_sample(s, network) for s in node]
    return np.stack([s.x for s in samples]), np.stack([s.t for s in samples])


def parse_expect(node: Node, prefix: str = "expect.", blanks: bool = False) -> list[Expectation]:
    """KEY: VALUE as printed (a config's expect:, or a student's answer file, where an empty
    answer is allowed and counts as wrong)."""
    node.need_map("the expected values (KEY: VALUE)")
    out = []
    for key, value in node.items():
        if blanks and value.is_null:
            out.append(Expectation(key, "", value.line, value))
            continue
        if not value.is_scalar or value.is_null:
            raise value.error(f"{prefix}{key} must be a number as written, not {value.describe()}.")
        value.number(f"{prefix}{key}")
        out.append(Expectation(key, value.text, value.line, value))
    return out


def load_expect(path: str) -> tuple[list[Expectation], str | None]:
    """A separate file of expected values (a student's answers): KEY: VALUE lines, and the
    sheet they answer where the file names it (`sheet: exercise-B.yaml`)."""
    name, text = read_source(path)
    if not text.strip():
        raise BadInput("the answer file is empty: write KEY: VALUE lines.", file=name)
    try:
        root = parse_yaml(text)
        if root.is_map and "expect" in root and len(root) == 1:
            root = root.get("expect")
        sheet = None
        if root.is_map and "sheet" in root:
            sheet = root.get("sheet").string("sheet")
            root = Node({k: v for k, v in root.value.items() if k != "sheet"}, root.path, root.line,
                        None, "map", {k: c for k, c in root.items() if k != "sheet"})
        return parse_expect(root, prefix="", blanks=True), sheet
    except BadInput as exc:
        raise exc.located(name) from None


TRAIN_KEYS = ("epochs", "mode", "batch_size", "shuffle", "seed", "optimizer", "decay",
              "step_decay", "l2", "dropout", "validation", "early_stopping", "every")


def _layer_index(key: str, node: Node, net: Network) -> int:
    names = [l.name for l in net.layers]
    if key.isdigit() and 1 <= int(key) <= len(names):
        return int(key) - 1
    if key in names:
        return names.index(key)
    raise node.error(f"'{key}' is not a layer: give its number (1 to {len(names)}) or name "
                     f"({', '.join(names)}).")


def train_settings(node: Node | None, net: Network, seed: int):
    """The ``train:`` section → :class:`bptrace.train.Settings` (BadInput with path and line
    where wrong)."""
    from bptrace.optimizers import make_optimizer
    from bptrace.train import MODES, Settings
    s = Settings()
    s.seed = seed
    if node is None:
        return s
    for key in node.keys():
        if key not in TRAIN_KEYS:
            raise node.get(key).error(f"unknown training setting '{key}'; known: {', '.join(TRAIN_KEYS)}.")
    if "epochs" in node:
        s.epochs = node.get("epochs").integer("epochs", 1)
    if "mode" in node:
        s.mode = node.get("mode").string("mode")
        if s.mode not in MODES:
            raise node.get("mode").error(f"unknown mode '{s.mode}'; known: {', '.join(MODES)}.")
    if "batch_size" in node:
        s.batch_size = node.get("batch_size").integer("batch_size", 1)
    if "shuffle" in node:
        s.shuffle = node.get("shuffle").boolean("shuffle")
    if "seed" in node:
        s.seed = node.get("seed").integer("seed", 0)
    if "every" in node:
        s.every = node.get("every").integer("every", 1)
    if "optimizer" in node:
        onode = node.get("optimizer")
        if onode.is_map:
            if len(onode) != 1:
                raise onode.error("write an optimizer as NAME or {NAME: {SETTING: VALUE, ...}}.")
            s.optimizer, snode = next(onode.items())
            if not snode.is_null:
                snode.need_map(f"the settings of {s.optimizer}")
                s.optimizer_settings = {k: v.number(k) for k, v in snode.items()}
        else:
            s.optimizer = onode.string("optimizer")
        try:
            make_optimizer(s.optimizer, 1.0, s.optimizer_settings)
        except BadInput as exc:
            raise onode.error(exc.message) from None
    if "decay" in node:
        d = node.get("decay").need_map("decay ({rate: R, steps: N})")
        rate = d.get("rate").number("rate") if "rate" in d else None
        steps = d.get("steps").integer("steps", 1) if "steps" in d else None
        if rate is None or steps is None or not 0 < rate <= 1:
            raise d.error("decay needs rate (0 < rate ≤ 1) and steps: η = η₀·rate^(update/steps).")
        stair = d.get("staircase").boolean("staircase") if "staircase" in d else False
        s.decay = (rate, steps, stair)
    if "step_decay" in node:
        d = node.get("step_decay").need_map("step_decay ({factor: F, every: N})")
        if "factor" not in d or "every" not in d:
            raise d.error("step_decay needs factor and every: η is multiplied by factor every N epochs.")
        s.step_decay = (d.get("factor").number("factor"), d.get("every").integer("every", 1))
    if "l2" in node:
        lnode = node.get("l2")
        if lnode.is_map:
            s.l2 = {_layer_index(k, v, net): v.number("an l2 factor") for k, v in lnode.items()}
        else:
            lam = lnode.number("l2")
            s.l2 = {l: lam for l in range(len(net.layers))}
        if any(v < 0 for v in s.l2.values()):
            raise lnode.error("an l2 factor must not be negative.")
    if "dropout" in node:
        dnode = node.get("dropout").need_map("dropout ({LAYER: RATE})")
        for k, v in dnode.items():
            l = _layer_index(k, v, net)
            if l == len(net.layers) - 1:
                raise v.error("dropout applies to hidden layers, not to the output layer.")
            rate = v.number("a dropout rate")
            if not 0 <= rate < 1:
                raise v.error(f"a dropout rate must be in [0, 1), not {v.text}.")
            s.dropout[l] = rate
    if "validation" in node:
        vnode = node.get("validation")
        if vnode.is_seq:
            s.validation = parse_samples(vnode, net)
        else:
            f = vnode.number("validation")
            if not 0 < f < 1:
                raise vnode.error("validation is a fraction between 0 and 1 (the last part of "
                                  "the data), or a list of samples.")
            s.validation = f
    if "early_stopping" in node:
        e = node.get("early_stopping").need_map("early_stopping ({patience: N, min_delta: D})")
        for k in e.keys():
            if k not in ("patience", "min_delta"):
                raise e.get(k).error(f"unknown key '{k}'; early_stopping has patience and min_delta.")
        s.patience = e.get("patience").integer("patience", 1) if "patience" in e else 5
        s.min_delta = e.get("min_delta").number("min_delta") if "min_delta" in e else 0.0
    return s
