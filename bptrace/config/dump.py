"""The YAML writer: a config with its network's current parameters, as a config file that
``bptrace step`` and ``bptrace train`` read again (``train --save``)."""

from __future__ import annotations

import os
import re


def dump_config(cfg: "Config", note: str = "", to: str | None = None,
                learning_rate: float | None = None, train: dict | None = None) -> str:
    """The config with the network's current parameters, under the same names, as YAML
    that `bptrace step` and `bptrace train` read again (floats at full precision). Where the
    training used another learning rate or settings than the config's (the train command's
    options), ``learning_rate`` and ``train`` (the train: section as data) say which."""
    import yaml

    net = cfg.network
    _q = _name
    out = []
    if note:
        out += [f"# {comment_text(line)}" for line in note.splitlines()]
    out.append(f"title: {_yaml_str(cfg.title)}")
    out.append(f"seed: {cfg.seed}")
    out.append("network:")
    out.append(f"  inputs: [{', '.join(map(_q, net.inputs))}]")
    out.append("  layers:")
    for l, layer in enumerate(net.layers):
        prev = net.node_names(l)
        lines = [f"neurons: [{', '.join(map(_q, layer.neurons))}]"]
        if layer.name.isidentifier():       # (a name a config may use: config.names.is_name)
            lines.insert(0, f"name: {_q(layer.name)}")
        act = layer.activation
        lines.append(f"activation: {act.name if act.param is None else '{leaky_relu: %r}' % act.param}")
        lines.append("weights:")
        for (j, k), wname in layer.weight_names.items():
            lines.append(f"  {_q(wname)}: [{_q(prev[k])}, {_q(layer.neurons[j])}, {float(layer.W[j, k])!r}]")
        if layer.bias_names:
            key = "threshold" if getattr(layer, "threshold", False) else "bias"
            users = [layer.bias_users(i) for i in range(len(layer.bias_names))]
            if len(layer.bias_names) == 1 and len(users[0]) == layer.size and layer.size > 1:
                lines.append(f"{key}: {{{_q(layer.bias_names[0])}: {float(layer.b[0])!r}}}")
            else:
                lines.append(f"{key}:")
                for i, bname in enumerate(layer.bias_names):
                    lines.append(f"  {_q(bname)}: [{_q(layer.neurons[users[i][0]])}, {float(layer.b[i])!r}]")
        out.append("    - " + lines[0])
        out += ["      " + line for line in lines[1:]]
    out.append(f"loss: {net.loss.name}")
    lr = cfg.learning_rate if learning_rate is None else learning_rate
    if lr is not None:
        out.append(f"learning_rate: {lr!r}")
    conventions = [f"{k}: {v}" for k, v, default in (("error_signal", net.error_signal, "gradient"),
                                                     ("update", net.update, "simultaneous"))
                   if v != default]
    if conventions:
        out.append(f"conventions: {{{', '.join(conventions)}}}")
    out.append(f"train_biases: {'true' if net.train_biases else 'false'}")
    out.append("sample:")
    out.append(f"  input: [{', '.join(repr(float(v)) for v in cfg.sample.x)}]")
    out.append(f"  target: [{', '.join(repr(float(v)) for v in cfg.sample.t)}]")
    for key in ("data", "test", "train"):
        node = cfg.root.get(key)
        value = None if node is None or node.is_null else node.value
        if key == "train" and train:
            value = {**(value if isinstance(value, dict) else {}), **train}
        if value is not None:
            for form in ("csv", "npz", "npy"):
                if key in ("data", "test") and isinstance(value, dict) and form in value:
                    value = dict(value, **{form: _moved_path(str(value[form]), cfg.file, to)})
            out.append(yaml_text({key: value}, default_flow_style=None).rstrip())
    return "\n".join(out) + "\n"


def _moved_path(path: str, old_config: str, new_config: str | None) -> str:
    """A path written relative to one config, rewritten for a config saved elsewhere."""
    from pathlib import Path
    p = Path(path)
    if p.is_absolute() or new_config is None:
        return path
    base = Path(old_config).parent if Path(old_config).is_file() else Path(".")
    target = (base / p).resolve()
    return os.path.relpath(target, Path(new_config).resolve().parent)


def _name(name: str) -> str:
    """A name as YAML reads it back as the same text: plain where YAML takes it for text,
    quoted where it would become something else (null, true, on, 1e5, …)."""
    from yaml.resolver import Resolver
    if (Resolver().resolve(__import__("yaml").ScalarNode, name, (True, False)) == "tag:yaml.org,2002:str"
            and name.isprintable()):
        return name
    return _yaml_str(name)


def train_section(s, given: set[str]) -> dict:
    """The train: entries for the settings ``s`` that the train command's options gave
    (``given``: their names), as a config writes them."""
    out: dict = {}
    for key in ("epochs", "mode", "batch_size", "shuffle", "seed", "every", "running_loss",
                "l2_in_loss"):
        if key in given:
            out[key] = getattr(s, key)
    if given & {"optimizer", "opt_settings"}:
        out["optimizer"] = ({s.optimizer: dict(s.optimizer_settings)} if s.optimizer_settings
                            else s.optimizer)
    if "decay" in given and s.decay is not None:
        out["decay"] = {"rate": s.decay[0], "steps": s.decay[1]}
    if "step_decay" in given and s.step_decay is not None:
        out["step_decay"] = {"factor": s.step_decay[0], "every": s.step_decay[1]}
    if "l2" in given and s.l2:
        out["l2"] = {str(l + 1): lam for l, lam in s.l2.items()}
    if "dropout" in given and s.dropout:
        out["dropout"] = {str(l + 1): rate for l, rate in s.dropout.items()}
    return out


# what YAML does not take as it is inside a double-quoted scalar: the characters outside its
# printable set (DEL, C1 controls, U+FFFE, U+FFFF; the loader refuses them) and the line
# breaks it folds into a space (NEL, U+2028, U+2029); written as escapes, they read back as
# themselves
_NOT_AS_IS = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _yaml_str(text: str) -> str:
    """Text as a YAML double-quoted scalar that reads back as the same text."""
    import json
    # an undecodable byte of a file name (a lone surrogate) is written as its escape
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _NOT_AS_IS.sub(lambda m: _escape(m.group()), json.dumps(text, ensure_ascii=False))


def yaml_text(data, **options) -> str:
    """``yaml.safe_dump`` (keys in order, Unicode as it is) whose text always reads back as the
    same data: a string holding a line break that PyYAML would write bare inside a quoted
    scalar — and then read back as a space (NEL, U+2028, U+2029) — is written double-quoted,
    where PyYAML escapes it."""
    import yaml

    options = {"sort_keys": False, "allow_unicode": True, **options}
    if _plain(data) and getattr(yaml, "CSafeDumper", None) is not None:
        # printable ASCII only: libyaml's emitter (PyYAML's C twin) writes the same text
        return yaml.dump(data, Dumper=yaml.CSafeDumper, **options)

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value):
        style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, **options)


_ASCII = re.compile("[\x20-\x7e]*")


def _plain(data, depth: int = 0) -> bool:
    """Whether ``data`` holds only dicts, lists, numbers, booleans, None and strings of
    printable ASCII (short of 80 characters: no folding; no empty key: the emitters write
    it differently), nested a few levels at most."""
    if isinstance(data, str):
        return len(data) < 80 and _ASCII.fullmatch(data) is not None
    if data is None or type(data) in (int, float, bool):
        return True
    if depth > 8:
        return False
    if type(data) is dict:
        return all(type(k) is str and k and _plain(k) and _plain(v, depth + 1)
                   for k, v in data.items())
    if type(data) is list:
        return all(_plain(v, depth + 1) for v in data)
    return False


def comment_text(text: str) -> str:
    """Text for a YAML comment: one line (line breaks become spaces), every character the
    YAML loader would refuse — or a terminal would obey — written as its escape."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(" " if ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
                   else _escape(ch) if ch != "\t" and (ord(ch) < 0x20 or _NOT_AS_IS.match(ch))
                   else ch for ch in text)
