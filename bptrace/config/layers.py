"""The ``network:`` section → :class:`~bptrace.maths.network.Network`: inputs, layers, neuron
names, activations and the loss; each layer's ``weights:`` and ``bias:``."""

from __future__ import annotations

import numpy as np

from bptrace.config import names as hints
from bptrace.config.edgenames import EdgeNames
from bptrace.config.guard import bias_count, check_size, count_of
from bptrace.config.names import Names, is_name, listing, name_list, one_name
from bptrace.config.yamlsource import Node
from bptrace.errors import BadInput
from bptrace.maths.activations import ACTIVATIONS, get_activation
from bptrace.maths.losses import get_loss
from bptrace.maths.network import Network
from bptrace.maths.parts import Layer
from bptrace.words.messages import what

LAYER_KEYS = ("name", "neurons", "activation", "weights", "bias", "threshold", "matrix_rows")


def parse_loss(root: Node):
    """``loss:`` (half_sse where not given) → the loss."""
    node = root.get("loss")
    if node is None:
        return get_loss("half_sse")
    try:
        return get_loss(node.string("loss"))
    except BadInput as exc:
        raise exc.at(node) from None


def parse_network(node: Node, loss, train_biases: bool, seed: int,
                  error_signal: str = "gradient", update: str = "simultaneous") -> Network:
    """``network:`` → the network; random initial values drawn with ``seed``."""
    node.need_map("network")
    for key in node.keys():
        if key not in ("inputs", "layers"):
            raise hints.unknown_key("network", key, ("inputs", "layers"), **hints.at(node.get(key)))
    names = Names()
    in_node = node.require("inputs", what("input names"))
    layers_node = node.require("layers", what("layers"))
    layers_node.need_seq("network.layers")
    # the size from the counts as written, before a single name or array is made
    sizes = [count_of(in_node)] + [count_of(l.get("neurons")) if l.is_map else 0 for l in layers_node]
    check_size(sizes, layers_node, [bias_count(l, n) for l, n in zip(layers_node, sizes[1:])])
    inputs = name_list(in_node, "network.inputs", lambda j: f"x{j}")
    in_items = list(in_node) if in_node.is_seq else [in_node] * len(inputs)
    for name, item in zip(inputs, in_items):
        names.add(name, item)
    if len(layers_node) == 0:
        raise layers_node.bad("no layers")
    count = len(layers_node)
    # neuron names first, so the size can be checked before any array is allocated
    neuron_lists = []
    for L, lnode in enumerate(layers_node, start=1):
        lnode.need_map(what("layer n", n=L))
        for key in lnode.keys():
            if key not in LAYER_KEYS:
                raise hints.unknown_key("a layer", key, LAYER_KEYS, **hints.at(lnode.get(key)))
        nnode = lnode.require("neurons", what("neuron names"))
        auto = (lambda j: f"o{j}") if L == count else (lambda j, L=L: f"h{L}_{j}")
        neurons = name_list(nnode, f"{lnode.path}.neurons", auto)
        n_items = list(nnode) if nnode.is_seq else [nnode] * len(neurons)
        for name, item in zip(neurons, n_items):
            names.add(name, item)
        neuron_lists.append(neurons)
    rng = _LazyRandom(seed)          # numpy.random is imported only where weights are drawn
    layers = []
    prev = inputs
    layer_seen: dict[str, Node] = {}
    for L, (lnode, neurons) in enumerate(zip(layers_node, neuron_lists), start=1):
        layer_names = _layer_name(lnode, L, count)
        if layer_names in layer_seen:           # --layer NAME must name one layer
            raise (lnode.get("name") or lnode).bad("layer name twice", name=layer_names,
                                                    first=layer_seen[layer_names].path)
        layer_seen[layer_names] = lnode
        activation = _activation(lnode, is_output=(L == count))
        W, mask, wnames = parse_weights(lnode, prev, neurons, rng, names)
        threshold = "threshold" in lnode
        if threshold and "bias" in lnode:
            raise lnode.get("threshold").bad("bias and threshold")
        bias_names, b, bias_of = parse_bias(lnode, neurons, L, names, rng,
                                            "threshold" if threshold else "bias")
        layers.append(Layer(layer_names, neurons, activation, W, mask, wnames, bias_names, b,
                            bias_of, threshold=threshold))
        if "matrix_rows" in lnode and lnode.get("matrix_rows").text == "inputs":
            layers[-1].matrix_rows = "inputs"      # shown as written: y = f(x·W + θ)
        prev = neurons
    if loss.needs_softmax and layers[-1].activation.name != "softmax":
        raise layers_node[-1].bad("needs softmax", loss=loss.name, act=layers[-1].activation.name)
    return Network(inputs, layers, loss, train_biases, error_signal, update)


ERROR_SIGNALS = ("gradient", "negative")
UPDATES = ("simultaneous", "sequential")
CONVENTIONS = {"error_signal": ERROR_SIGNALS, "update": UPDATES}   # the first: the default


def parse_conventions(root: Node) -> dict[str, str]:
    """``conventions: {error_signal: gradient | negative, update: simultaneous | sequential}``
    (the interface contract §6) → each convention's value, its default where not given."""
    node = root.get("conventions")
    out = {key: values[0] for key, values in CONVENTIONS.items()}
    if node is None or node.is_null:
        return out
    node.need_map("conventions")
    for key in node.keys():
        if key not in CONVENTIONS:
            raise node.get(key).bad("unknown convention", key=key)
    for key, values in CONVENTIONS.items():
        if key in node:
            value = node.get(key).string(f"conventions.{key}")
            if value not in values:
                raise node.get(key).bad(key, value=value)
            out[key] = value
    return out


def _layer_name(lnode: Node, L: int, count: int) -> str:
    if "name" in lnode:
        return one_name(lnode.get("name"), f"{lnode.path}.name")
    return "output" if L == count else f"hidden {L}"


def _activation(lnode: Node, is_output: bool):
    node = lnode.require("activation", what("the activation", known=list(ACTIVATIONS)))
    param = None
    if node.is_map:
        if len(node) != 1:
            raise node.bad("activation form")
        key, pnode = next(node.items())
        name = key
        param = pnode.number(what("act parameter", key=key))
    else:
        name = node.string("activation")
    try:
        act = get_activation(name, param)
    except BadInput as exc:
        raise exc.at(node) from None
    if act.output_only and not is_output:
        raise node.bad("output only", name=name)
    return act



class _LazyRandom:
    """The config's PCG64 generator, made at its first draw."""

    def __init__(self, seed: int):
        self._seed, self._rng = seed, None

    def __getattr__(self, name: str):
        if self._rng is None:
            self._rng = np.random.Generator(np.random.PCG64(self._seed))
        return getattr(self._rng, name)


# --- A layer's ``weights:`` (named edges, a matrix, or random {init: ...}) and ``bias:``
# (one shared, one per neuron, named, or random) → arrays and names.

INIT_KINDS = ("uniform", "normal", "xavier", "he", "zeros")


def parse_weights(lnode: Node, prev: list[str], neurons: list[str], rng, names: Names):
    """(W (n, m), the mask of given edges or None for all, {(j, k): name})."""
    n, m = len(neurons), len(prev)
    node = lnode.require("weights", what("the weights"))
    orient = "neurons"
    if "matrix_rows" in lnode:
        onode = lnode.get("matrix_rows")
        orient = onode.string("matrix_rows")
        if orient not in ("neurons", "inputs"):
            raise onode.bad("matrix_rows")
    auto_names = lambda: EdgeNames(prev, neurons)      # w_PREV_NEURON, made when asked
    if node.is_seq:
        rows, cols = (n, m) if orient == "neurons" else (m, n)
        need = (what("matrix need", rows=n, row_of=what("neuron here"), cols=m,
                     col_of=what("node below")) if orient == "neurons" else
                what("matrix need", rows=m, row_of=what("node below"), cols=n,
                     col_of=what("neuron")))
        if len(node) != rows:
            raise node.bad("matrix rows", n=len(node), need=need)
        W = np.empty((rows, cols))
        for r, row in enumerate(node):
            if not row.is_seq or len(row) != cols:
                got = what("n numbers", n=len(row)) if row.is_seq else row.describe()
                raise row.bad("matrix row", r=r + 1, got=got, need=need)
            for c, v in enumerate(row):
                W[r, c] = v.number(what("a weight"))
        if orient == "inputs":
            W = W.T.copy()
        wnames = auto_names()
        names.add_rule(wnames, node)
        return W, None, wnames
    if node.is_map and "init" in node:
        W = random_init(node, n, m, rng)
        wnames = auto_names()
        names.add_rule(wnames, node)
        return W, None, wnames
    if not node.is_map:
        raise node.bad("weights form", found=node.describe())
    W = np.zeros((n, m))
    mask = np.zeros((n, m), dtype=bool)
    wnames: dict[tuple[int, int], str] = {}
    where: dict[tuple[int, int], str] = {}
    pi = {name: k for k, name in enumerate(prev)}
    ni = {name: j for j, name in enumerate(neurons)}
    for wname, edge in node.items():
        if not is_name(wname):
            raise edge.bad("bad name", name=wname)
        names.add(wname, edge)
        if not edge.is_seq or len(edge) != 3:
            raise edge.bad("edge form", name=wname, found=edge.describe())
        frm, to, val = list(edge)
        f_name, t_name = one_name(frm, what("weight FROM")), one_name(to, what("weight TO"))
        if f_name not in pi:
            where_else = (what("edge from also")
                          if names.known(f_name) else "")
            raise frm.bad("edge from", name=wname, node=f_name, known=listing(prev), also=where_else)
        if t_name not in ni:
            where_else = what("edge to also") if names.known(t_name) else ""
            raise to.bad("edge to", name=wname, node=t_name, known=listing(neurons), also=where_else)
        j, k = ni[t_name], pi[f_name]
        if mask[j, k]:
            raise edge.bad("edge twice", frm=f_name, to=t_name, first=where[(j, k)], name=wname)
        W[j, k] = val.number(what("weight value", name=wname))
        mask[j, k] = True
        wnames[(j, k)] = wname
        where[(j, k)] = wname
    if not wnames:
        raise node.bad("no edges")
    return W, (None if mask.all() else mask), wnames


def random_init(node: Node, n: int, m: int, rng) -> np.ndarray:
    """{init: KIND, ...} → an (n, m) array drawn from ``rng``."""
    kind = node.get("init").string("init")
    allowed = {"uniform": ("low", "high"), "normal": ("mean", "std"), "xavier": (), "he": (),
               "zeros": ()}
    if kind not in allowed:
        raise hints.unknown("init", kind, INIT_KINDS, **hints.at(node.get("init")))
    for key in node.keys():
        if key != "init" and key not in allowed[kind]:
            raise node.get(key).bad("init settings" if allowed[kind] else "init no settings",
                                    kind=kind, key=key, allowed=list(allowed[kind]))
    if kind == "uniform":
        low = node.get("low").number("low") if "low" in node else -1.0
        high = node.get("high").number("high") if "high" in node else 1.0
        if not low < high:
            raise node.bad("uniform range", low=f"{low:g}", high=f"{high:g}")
        return rng.uniform(low, high, size=(n, m))
    if kind == "zeros":
        return np.zeros((n, m))
    if kind == "normal":
        mean = node.get("mean").number("mean") if "mean" in node else 0.0
        std = node.get("std").number("std") if "std" in node else 1.0
        if std < 0:
            raise node.get("std").bad("std negative")
        return rng.normal(mean, std, size=(n, m))
    if kind == "xavier":      # Glorot uniform: U(±√(6/(fan_in+fan_out)))
        limit = np.sqrt(6.0 / (m + n))
        return rng.uniform(-limit, limit, size=(n, m))
    return rng.normal(0.0, np.sqrt(2.0 / m), size=(n, m))     # He normal: N(0, 2/fan_in)


def parse_bias(lnode: Node, neurons: list[str], L: int, names: Names, rng, key: str = "bias"):
    """(bias names, values, bias_of: the bias index of each neuron, -1 for none). ``key``
    "threshold": the same forms, auto-named theta_NEURON / theta<L> (textbook notation)."""
    n = len(neurons)
    node = lnode.get(key)
    auto = "theta" if key == "threshold" else "b"
    none = ([], np.zeros(0), np.full(n, -1, dtype=int))
    if node is None or node.is_null:
        return none
    if node.is_scalar:
        value = node.number("bias")
        name = f"{auto}{L}"
        names.add(name, node)
        return [name], np.array([value]), np.zeros(n, dtype=int)
    if node.is_seq:
        if len(node) != n:
            raise node.bad("bias list", n=n, known=listing(neurons), got=len(node))
        bnames = [f"{auto}_{nm}" for nm in neurons]
        names.add_all(bnames, node)
        return bnames, np.array([v.number(what(f"a {key}")) for v in node]), np.arange(n)
    node.need_map("bias")
    if len(node) == 0:
        return none
    if "init" in node:                 # {init: zeros | uniform | normal …}: one per neuron
        values = random_init(node, 1, n, rng)[0]
        bnames = [f"{auto}_{nm}" for nm in neurons]
        names.add_all(bnames, node)
        return bnames, values, np.arange(n)
    entries = list(node.items())
    for bname, _ in entries:
        if not is_name(bname):
            raise node.get(bname).bad("bad name", name=bname)
    explicit = [v.is_seq for _, v in entries]
    if any(explicit) and not all(explicit):
        raise node.bad("bias mix")
    bias_of = np.full(n, -1, dtype=int)
    if all(explicit):
        index = {nm: j for j, nm in enumerate(neurons)}
        bnames, values = [], []
        for i, (bname, v) in enumerate(entries):
            if len(v) != 2:
                raise v.bad("bias form", name=bname, n=len(v))
            neuron = one_name(list(v)[0], what("bias NEURON"))
            if neuron not in index:
                raise list(v)[0].bad("bias for", name=bname, neuron=neuron, known=listing(neurons))
            j = index[neuron]
            if bias_of[j] >= 0:
                raise v.bad("two biases", neuron=neuron, first=bnames[bias_of[j]], name=bname)
            names.add(bname, v)
            bias_of[j] = i
            bnames.append(bname)
            values.append(list(v)[1].number(what("bias value", name=bname)))
        return bnames, np.array(values), bias_of
    if len(entries) == 1:              # one bias shared by the whole layer (Mazur's b1, b2)
        bname, v = entries[0]
        names.add(bname, v)
        return [bname], np.array([v.number(what("bias n", name=bname))]), np.zeros(n, dtype=int)
    if len(entries) != n:
        raise node.bad("bias count", n=len(entries), count=n, known=listing(neurons))
    for bname, v in entries:
        names.add(bname, v)
    return ([b for b, _ in entries], np.array([v.number(what("bias n", name=b)) for b, v in entries]),
            np.arange(n))
