"""'Did you mean …?': the known names nearest to a misspelt one, and the keyed errors that
name them. Every layer of bptrace (config, activations, losses, optimizers, data sets, the
command line) asks here, so none has to reach up into the config package for a hint."""

from __future__ import annotations

from bptrace.errors import BadInput


def close_matches(name: str, known, n: int = 3) -> list[str]:
    """The known names nearest to a misspelt one (difflib), best first."""
    import difflib                      # only for a misspelt name: not loaded otherwise

    return difflib.get_close_matches(str(name), [str(k) for k in known], n=n, cutoff=0.6)


def unknown(what: str, name: str, known, **where) -> BadInput:
    """'unknown activation 'sigmoidd'; did you mean 'sigmoid'?; known: …' (where: file, path,
    line as BadInput takes them)."""
    known = list(known)
    return BadInput(key="unknown", args={"what": what, "name": name, "known": known,
                                         "close": close_matches(name, known)}, **where)


def unknown_key(where_name: str, name: str, known, **where) -> BadInput:
    """A key the section does not have, with the nearest ones it does."""
    known = list(known)
    return BadInput(key="unknown key", args={"where": where_name, "name": name, "known": known,
                                             "close": close_matches(name, known)}, **where)


def listing(names, limit: int = 12) -> list:
    """Names for a keyed message (joined in its language): all of a few, or the first
    ``limit`` and how many there are, so an error on a big network does not print every node."""
    names = list(names)
    if len(names) <= limit:
        return names
    from bptrace.messages import what
    return names[:limit] + [what("in all", n=f"{len(names):,}")]
