"""The parts of a step a user names (step's --only, --layer, --explain, --samples), checked
against the trace or config and turned into what the engine and renderers take."""

from __future__ import annotations

from bptrace.errors import BadInput
from bptrace.config.names import listing
from bptrace.words.messages import what


def selection(tr, only: list[str], layers: list[str]):
    """A predicate over quantities from --only patterns and --layer names/numbers."""
    if not only and not layers:
        return None
    from bptrace.errors import close_matches
    import fnmatch

    keys = tr.keys()
    for pattern in only:
        if not any(fnmatch.fnmatchcase(k, pattern) for k in keys):
            close = close_matches(pattern, keys, n=4)
            raise (BadInput(key="only close", args={"pattern": pattern, "names": close}) if close
                   else BadInput(key="only none", args={"pattern": pattern}))
    wanted_layers = set()
    names = ["input"] + [l.name for l in tr.layers]
    for spec in layers:
        if spec.isdigit() and int(spec) < len(names):
            wanted_layers.add(int(spec))
        elif spec in names:
            wanted_layers.add(names.index(spec))
        else:
            raise BadInput(key="layer option", args={"spec": spec, "last": len(names) - 1,
                                                     "known": listing(names)})

    def keep(q) -> bool:
        if only and not any(fnmatch.fnmatchcase(q.key, p) for p in only):
            return False
        if wanted_layers and q.layer not in wanted_layers:
            return False
        return True
    return keep


def explained_params(cfg, names: list[str]) -> list[str]:
    """--explain's parameter names, each a parameter of the network."""
    names = list(names)
    for name in names:
        if name not in cfg.network.param_by_name:
            from bptrace.errors import close_matches
            close = close_matches(name, list(cfg.network.param_by_name), n=4)
            params = [p.name for p in cfg.network.params[:12]]
            more = " …" if len(cfg.network.params) > 12 else ""
            raise (BadInput(key="explain close", args={"name": name, "names": close}, file=cfg.file)
                   if close else BadInput(key="explain none", file=cfg.file,
                                          args={"name": name, "names": params, "more": more}))
    return names


def sample_indices(cfg, samples: str | None) -> list[int]:
    """--samples 1,3 as 0-based indices into data:; every sample without it."""
    n = len(cfg.dataset[0])
    if not samples:
        return list(range(n))
    try:
        indices = [int(s) - 1 for s in samples.split(",") if s.strip()]
    except ValueError:
        raise BadInput(key="samples form", args={"value": samples}) from None
    if len(set(indices)) != len(indices):
        raise BadInput(key="samples twice", args={"value": samples})
    bad = [i + 1 for i in indices if not 0 <= i < n]
    if bad or not indices:
        raise BadInput(key="samples range", args={"n": n, "bad": [str(b) for b in bad] or what("none")},
                       file=cfg.file)
    return indices
