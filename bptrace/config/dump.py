"""The YAML writer: a config with its network's current parameters, as a config file that
``bptrace step`` and ``bptrace train`` read again (``train --save``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from bptrace.config.names import is_name

if TYPE_CHECKING:
    from bptrace.config.records import Config


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
        if is_name(layer.name):
            lines.insert(0, f"name: {layer.name}")
        act = layer.activation
        lines.append(f"activation: {act.name if act.param is None else '{leaky_relu: %r}' % act.param}")
        lines.append("weights:")
        for (j, k), wname in layer.weight_names.items():
            lines.append(f"  {wname}: [{prev[k]}, {layer.neurons[j]}, {float(layer.W[j, k])!r}]")
        if layer.bias_names:
            key = "threshold" if getattr(layer, "threshold", False) else "bias"
            users = [layer.bias_users(i) for i in range(len(layer.bias_names))]
            if len(layer.bias_names) == 1 and len(users[0]) == layer.size and layer.size > 1:
                lines.append(f"{key}: {{{layer.bias_names[0]}: {float(layer.b[0])!r}}}")
            else:
                lines.append(f"{key}:")
                for i, bname in enumerate(layer.bias_names):
                    lines.append(f"  {bname}: [{layer.neurons[users[i][0]]}, {float(layer.b[i])!r}]")
        out.append("    - " + lines[0])
        out += ["      " + line for line in lines[1:]]
    out.append(f"loss: {net.loss.name}")
    if cfg.learning_rate is not None:
        out.append(f"learning_rate: {cfg.learning_rate!r}")
    if net.error_signal != "gradient":
        out.append(f"conventions: {{error_signal: {net.error_signal}}}")
    out.append(f"train_biases: {'true' if net.train_biases else 'false'}")
    out.append("sample:")
    out.append(f"  input: [{', '.join(repr(float(v)) for v in cfg.sample.x)}]")
    out.append(f"  target: [{', '.join(repr(float(v)) for v in cfg.sample.t)}]")
    for key in ("data", "train"):
        node = cfg.root.get(key)
        if node is not None and not node.is_null:
            value = node.value
            for form in ("csv", "npz", "npy"):
                if key == "data" and isinstance(value, dict) and form in value:
                    value = dict(value, **{form: _moved_path(str(value[form]), cfg.file, to)})
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
