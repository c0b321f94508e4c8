"""A config as a readable, standalone PyTorch program (float64) that builds the same network
under the config's names, runs the same step (and, with ``--train``, the same training) and
prints every quantity under bptrace's keys, as `bptrace step --format json` does.

:func:`program` returns the program's text; nothing here writes or prints. The shape-
independent parts are in :mod:`~bptrace.export.pytorch_run` (loss, optimizers),
:mod:`~bptrace.export.pytorch_loop` (the train: settings, step, training, main); where numbers come from is
:mod:`~bptrace.export.sources`.
"""

from __future__ import annotations

import builtins
import keyword
import unicodedata

import numpy as np

from bptrace import __version__
from bptrace.config import Config, train_settings
from bptrace.export import pytorch_loop as loop
from bptrace.export import pytorch_run as run
from bptrace.export.pytorch_loop import train_function, training_code
from bptrace.export.sources import comment, data_code, literal, random_init_code
from bptrace.maths.parts import Layer

NAMED_LIMIT = 64        # a layer with more weights than this gets them as a matrix, unnamed
PROGRAM_NAMES = {"argparse", "copy", "json", "math", "sys", "time", "Path", "np", "torch", "nn",
                 "F", "CONFIG", "INPUTS", "LAYERS", "ACTIVATIONS", "Network", "LogCosh",
                 "LOSS_SPLITS", "TRAIN_BY_DEFAULT", "loss_parts", "sample_loss", "training_loss", "X", "T", "x",
                 "rng", "SAMPLE_INPUT", "SAMPLE_TARGET", "LEARNING_RATE", "ERROR_SIGN", "EPOCHS", "MODE",
                 "BATCH_SIZE", "SHUFFLE", "TRAIN_SEED", "N_VALIDATION", "training_rows", "make_optimizer", "by_name",
                 "step", "train", "mean_loss", "main", "learning_rate", "dropout_masks",
                 "l2_penalty", "L2", "DROPOUT", "PATIENCE", "MIN_DELTA", "VALIDATION",
                 "Nesterov", "Momentum", "RMSPropMomentum", "every_edge", "r", "phi", "order",
                 "header", "rows", "csv", "fh", "inputs", "targets", "add_l2_gradient",
                 "NESTEROV", "TITLE", "about"}


class _Vars:
    """Python variable names for the config's parameters. A config name is used as it is
    where Python reads it as written: an identifier that NFKC normalisation leaves as it is
    (Python normalises identifiers, so 'ﬁ' and 'fi' would be one variable), not a dunder
    (__file__), not a keyword, not a name the program uses itself. Any other name gets its
    position (w1_2_1: layer 1, neuron 2, node 1 below; b1_1), and the config's name
    stands in a comment and, as a literal, in LAYERS. A name already taken gets a
    trailing _ (compared as Python compares them, after NFKC)."""

    def __init__(self):
        self.taken = set(PROGRAM_NAMES) | set(dir(builtins)) | {f"W{i}" for i in range(1, 200)} \
            | {f"B{i}" for i in range(1, 200)} | {f"MASK{i}" for i in range(1, 200)} \
            | {f"USES{i}" for i in range(1, 200)} | {f"NEURONS{i}" for i in range(1, 200)}

    @staticmethod
    def plain(name: str) -> bool:
        """Whether Python reads NAME, as a variable, as exactly this name of the config."""
        return (name.isidentifier() and not keyword.iskeyword(name)
                and unicodedata.normalize("NFKC", name) == name
                and not (name.startswith("__") and name.endswith("__")))

    def __call__(self, name: str, position: str) -> str:
        var = name if self.plain(name) else position
        while keyword.iskeyword(var) or unicodedata.normalize("NFKC", var) in self.taken:
            var += "_"
        self.taken.add(unicodedata.normalize("NFKC", var))
        return var


def program(cfg: Config, program_path: str | None = None, train_by_default: bool = False) -> str:
    """The PyTorch program for CONFIG (``program_path``: where it will be written, so that a
    CSV data file can be found relative to it)."""
    net = cfg.network
    s = train_settings(cfg.train, net, cfg.seed)
    recipes = random_init_code(cfg, cfg.seed)
    out = [_header(cfg)]
    out.append(f"CONFIG = {cfg.file!r}\nINPUTS = {_names(net.inputs, 'x{}')}\n")
    if recipes:
        out.append("# The initial values are random: drawn here from bptrace's generator with the\n"
                   f"# config's seed, in bptrace's order (layer by layer, weights, then biases).\n"
                   f"rng = np.random.Generator(np.random.PCG64({cfg.seed}))\n")
    need_every_edge = False
    tables = []
    vars_ = _Vars()
    for l, layer in enumerate(net.layers):
        text, table, every = _layer_values(net, l, layer, vars_, (recipes or {}).get(l, (None, None)))
        out.append(text)
        tables.append(table)
        need_every_edge |= every
    if need_every_edge:
        out.append('\n\ndef every_edge(below, neurons):\n    """Matrix and random weights are named '
                   'w_FROM_TO, one for every pair."""\n    return {f"w_{a}_{n}": (j, k) for j, n in '
                   'enumerate(neurons) for k, a in enumerate(below)}\n\n')
    out.append("\n# The names bptrace's keys are made of, per layer: the neurons; the weights, NAME: (j, k)\n"
               "# for the edge from node k of the layer below into neuron j; the biases, NAME: [the\n"
               "# neurons that add it] (a bias's gradient is the sum of their deltas).\nLAYERS = [\n"
               + "".join(tables) + "]\n")
    acts = [run.activation_code(l.activation.name, l.activation.param) for l in net.layers]
    out.append("# ∂out/∂net of each layer's activation, for the dout keys (None: softmax)\n"
               f"ACTIVATIONS = [{', '.join(a[1] for a in acts)}]\n")
    out.append(_model(net, acts, s))
    out.append(run.loss_code(net.loss.name, net.fused_softmax_ce))
    out.append(_data(cfg, program_path))
    out.append(training_code(cfg, s, train_by_default))
    out.append(loop.STEP)
    out.append(train_function(s))
    out.append(loop.MAIN)
    return "".join(out)


def _header(cfg: Config) -> str:
    """The program's head. The config's title and file name are user strings: they stand
    only in comments (line breaks and other controls escaped) and as literals (TITLE,
    CONFIG), never inside a docstring, where a quote or a backslash could end or break it."""
    return f'''#!/usr/bin/env python3
# {comment(cfg.title)} — as a PyTorch program.
# Written by `bptrace export {comment(cfg.file)} --to pytorch` (bptrace {__version__});
# `bptrace verify {comment(cfg.file)}` runs it and compares.
"""A bptrace config as a PyTorch program (TITLE and CONFIG below say which).

It builds the same network in float64 under the config's names, runs the step
`bptrace step` shows (with --train also the training `bptrace train` does) and prints
every number under bptrace's keys (net.N, out.N, err.N, delta.N, grad.P, new.P,
trained.P …) as one JSON object whose member "values" maps key → number.

Where PyTorch has a name for a piece (nn.Linear, F.mse_loss, torch.optim.Adam …) it is
used; where bptrace's textbook semantics differ from PyTorch's defaults, the program writes
the difference out and a comment says so.

    python THIS_FILE [--train] [--epochs N] [--no-step] [--device cuda]
"""

import argparse
import copy
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)       # bptrace computes in float64, and so does this

TITLE = {str(cfg.title)!r}
'''


def _names(names: list[str], pattern: str, start: int = 1) -> str:
    """A list of names as source; a long automatic list (x1 … x784) as its rule."""
    auto = [pattern.format(j) for j in range(start, start + len(names))]
    if len(names) > 8 and names == auto:
        return f"[f{pattern.replace('{}', '{j}')!r} for j in range({start}, {start + len(names)})]"
    return repr(list(names))


def _layer_values(net, l: int, layer: Layer, vars_: _Vars, recipe) -> tuple[str, str, bool]:
    """The layer's initial values (as named variables, a matrix, or random-init code) and
    its entry of the LAYERS table."""
    i = l + 1
    below = net.node_names(l)
    n, m = layer.W.shape
    lines = [f"\n# ── layer {i} ({comment(layer.name)}): {_span(below)} → {_span(layer.neurons)}, "
             f"{layer.activation.name} ──"]
    trained = "trained" if net.train_biases else "frozen: train_biases is false"
    auto_w = {(j, k): f"w_{below[k]}_{layer.neurons[j]}" for j in range(n) for k in range(m)}
    every = layer.mask is None and dict(layer.weight_names.items()) == auto_w
    named = len(layer.weight_names) <= NAMED_LIMIT and recipe[0] is None
    if recipe[0] is not None:
        lines.append(f"W{i} = {recipe[0]}")
    elif named:
        var = {}
        for (j, k), name in layer.weight_names.items():
            var[(j, k)] = vars_(name, f"w{i}_{j + 1}_{k + 1}")
            said = "" if var[(j, k)] == name else f"{comment(repr(name))}: "
            lines.append(f"{var[(j, k)]} = {float(layer.W[j, k])!r}".ljust(36)
                         + f"# {said}{comment(below[k])} → {comment(layer.neurons[j])}")
        rows = ["[" + ", ".join(var.get((j, k), "0.0") for k in range(m)) + "]" for j in range(n)]
        note = "; 0.0 where the config names no edge" if layer.mask is not None else ""
        lines.append(f"W{i} = [" + (",\n" + " " * (len(str(i)) + 5)).join(rows) + "]"
                     + f"    # row j: the weights into neuron j{note}")
    else:
        lines.append(f"W{i} = np.array([   # row j: the weights into neuron j")
        lines += [f"    {literal(layer.W[j])},   # → {comment(layer.neurons[j])}" for j in range(n)]
        lines.append("])")
    if layer.mask is not None:
        lines.append(f"MASK{i} = {literal(layer.mask.astype(float))}    # 1.0 where the config names an edge")
    nb = len(layer.bias_names)
    if nb:
        if recipe[1] is not None:
            lines.append(f"B{i} = {recipe[1]}    # {trained}")
        elif nb <= NAMED_LIMIT:
            bvars = []
            for b, name in enumerate(layer.bias_names):
                bvars.append(vars_(name, f"b{i}_{b + 1}"))
                said = "" if bvars[-1] == name else f"{comment(repr(name))}: "
                users = [layer.neurons[j] for j in layer.bias_users(b)]
                lines.append(f"{bvars[-1]} = {float(layer.b[b])!r}".ljust(36)
                             + f"# {said}bias of {_span(users)} ({trained})")
            lines.append(f"B{i} = " + (bvars[0] if _shared(layer) else "[" + ", ".join(bvars) + "]"))
        else:
            lines.append(f"B{i} = {literal(layer.b)}    # {trained}")
        if not _shared(layer) and not layer.own_biases:
            lines.append(f"USES{i} = {literal(layer.B)}    # [j, i] = 1.0 where neuron j adds bias i")
    neurons_src = _names(layer.neurons, f"h{i}_{{}}" if l < len(net.layers) - 1 else "o{}")
    if every:
        below_src = "INPUTS" if l == 0 else f"NEURONS{l}"
        weights_src = f"every_edge({below_src}, NEURONS{i})"
    else:
        weights_src = "{" + ", ".join(f"{name!r}: ({j}, {k})"
                                      for (j, k), name in layer.weight_names.items()) + "}"
    auto_b = [f"b_{nm}" for nm in layer.neurons]
    if layer.own_biases and layer.bias_names == auto_b and nb > 8:
        biases_src = f'{{f"b_{{n}}": [j] for j, n in enumerate(NEURONS{i})}}'
    else:
        biases_src = "{" + ", ".join(f"{name!r}: {layer.bias_users(b)}"
                                     for b, name in enumerate(layer.bias_names)) + "}"
    lines.insert(1, f"NEURONS{i} = {neurons_src}")
    table = (f"    {{\"neurons\": NEURONS{i},\n     \"weights\": {weights_src},\n"
             f"     \"biases\": {biases_src}}},\n")
    return "\n".join(lines) + "\n", table, every


def _span(names: list[str]) -> str:
    """Names for a comment."""
    if len(names) <= 4:
        return ", ".join(comment(n) for n in names)
    return f"{comment(names[0])} … {comment(names[-1])} ({len(names)})"


def _shared(layer: Layer) -> bool:
    """One bias added to every neuron of the layer."""
    return len(layer.bias_names) == 1 and bool(np.all(layer.bias_of == 0))


def _model(net, acts, s) -> str:
    init, fwd, weights, biases, frozen, masks = [], [], [], [], [], []
    dropout = {l: r for l, r in s.dropout.items() if r > 0}
    for l, layer in enumerate(net.layers):
        i = l + 1
        n, m = layer.W.shape
        nb = len(layer.bias_names)
        threshold = bool(getattr(layer, "threshold", False))     # net = W·a − θ (subtracted)
        linear_bias = bool(nb) and layer.own_biases and net.train_biases and not threshold
        form = "W·a − θ (thresholds, subtracted)" if threshold else "W·a + b"
        init.append(f"        # layer {i} ({comment(layer.name)}): net = {form}, out = {layer.activation.name}(net)")
        init.append(f"        self.layer{i} = nn.Linear({m}, {n}, bias={bool(linear_bias)})"
                    "    # weight[j, k]: node k below → neuron j")
        init.append(f"        self.layer{i}.weight = nn.Parameter(torch.tensor(W{i}))")
        weights.append(f"self.layer{i}.weight")
        a_prev = "x" if l == 0 else f"out{l}"
        if layer.mask is not None:
            init.append(f"        # named edges: the missing ones are 0 and stay 0 (their gradient is masked)")
            init.append(f"        self.register_buffer(\"mask{i}\", torch.tensor(MASK{i}))")
            z = f"F.linear({a_prev}, self.layer{i}.weight * self.mask{i})"
            masks.append(f"self.mask{i}")
        else:
            z = f"self.layer{i}({a_prev})"
            masks.append("None")
        if not nb:
            biases.append("None")
        elif linear_bias:
            init.append(f"        self.layer{i}.bias = nn.Parameter(torch.tensor(B{i}))")
            biases.append(f"self.layer{i}.bias")
        else:
            what = ("one threshold shared by the whole layer" if threshold else "one bias shared by the whole layer") \
                if _shared(layer) else ("the thresholds" if threshold else "the biases")
            if net.train_biases:
                init.append(f"        self.bias{i} = nn.Parameter(torch.tensor(B{i}))    # {what}")
            else:
                init.append(f"        # {what}, frozen (train_biases: false): a buffer, which no optimizer sees")
                init.append(f"        self.register_buffer(\"bias{i}\", torch.tensor(B{i}))")
                frozen.append(f"self.bias{i}")
            op = " - " if threshold else " + "
            if _shared(layer) or layer.own_biases:
                z += f"{op}self.bias{i}"
            else:
                init.append(f"        self.register_buffer(\"uses{i}\", torch.tensor(USES{i}))")
                z += f"{op}self.bias{i} @ self.uses{i}.T"
            biases.append(f"self.bias{i}")
        fwd.append(f"        net{i} = {z}")
        fwd.append(f"        out{i} = {acts[l][0].format(z=f'net{i}')}" + (f"    # {acts[l][2]}" if acts[l][2] else ""))
        if l in dropout:
            fwd.append(f"        if drop is not None:\n            out{i} = out{i} * drop[{l}]")
    L = len(net.layers)
    drop_arg = ", drop=None" if dropout else ""
    return (f'''

class Network(nn.Module):
    def __init__(self):
        super().__init__()
{chr(10).join(init)}

    def forward(self, x{drop_arg}):
        """Every layer's net inputs and outputs; x is a batch (rows = samples)."""
{chr(10).join(fwd)}
        return [{", ".join(f"net{i}" for i in range(1, L + 1))}], [{", ".join(f"out{i}" for i in range(1, L + 1))}]

    def weights(self):
        return [{", ".join(weights)}]

    def biases(self):
        """Per layer, the tensor of its bias parameters in LAYERS' order (None: no bias)."""
        return [{", ".join(biases)}]

    def masks(self):
        return [{", ".join(masks)}]

    def frozen_biases(self):
        return [{", ".join(frozen)}]
''')


def _data(cfg: Config, program_path) -> str:
    return ("\n\n# ── the data ──\n"
            f"SAMPLE_INPUT = {literal(cfg.sample.x)}       # the config's sample: {', '.join(map(comment, cfg.network.inputs[:8]))}"
            f"{' …' if len(cfg.network.inputs) > 8 else ''}\n"
            f"SAMPLE_TARGET = {literal(cfg.sample.t)}\n"
            + data_code(cfg, program_path))
