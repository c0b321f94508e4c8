"""The ``network:`` section → :class:`~bptrace.maths.network.Network`: inputs, layers, neuron
names, activations and the loss (weights and biases: :mod:`bptrace.config.weights`)."""

from __future__ import annotations

import numpy as np

from bptrace.config import names as hints
from bptrace.config.guard import bias_count, check_size, count_of
from bptrace.config.names import Names, name_list, one_name
from bptrace.config.weights import parse_bias, parse_weights
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
