"""Names in a config: inputs, neurons, weights and biases are identifiers, each used once."""

from __future__ import annotations

import itertools

from bptrace.config.records import Node
from bptrace.errors import listing  # noqa: F401 (the config's modules take it from here)
from bptrace.errors import (BadInput, close_matches, unknown,  # noqa: F401 (the config's hints)
                            unknown_key)
from bptrace.words.messages import what


def is_name(name: str) -> bool:
    """Names are identifiers: letters (any script: θ1, 权重), digits and _, not starting
    with a digit."""
    return name.isidentifier()


def name_list(node: Node, what: str, auto) -> list[str]:
    """A list of names, or a count (auto(j) names neuron j, 1-based)."""
    if node.is_scalar and isinstance(node.value, int) and not isinstance(node.value, bool):
        n = node.value
        if n < 1:
            raise node.bad("must be at least", what=what, min=1, value=n)
        return [auto(j) for j in range(1, n + 1)]
    if node.is_seq:
        if len(node) == 0:
            raise node.bad("empty names", what=what)
        return [one_name(item, what) for item in node]
    raise node.bad("names or count", what=what, found=node.describe())


def one_name(node: Node, what: str) -> str:
    if not node.is_scalar or node.is_null:
        raise node.bad("name word", what=what, found=node.describe())
    name = node.text
    if not is_name(name):
        raise node.bad("bad name", name=name)
    return name


RULE_CHECK = 10_000      # add_all of more names than this: the rules' names are made first


class Names:
    """Every name in the network is unique; remember where each was first given. A
    generated layer's names (:class:`~bptrace.config.edgenames.EdgeNames`, 614,656 for
    784 × 784) are kept as their rule where no name can be met twice, else made."""

    def __init__(self):
        self.seen: dict[str, Node] = {}
        self._rules: list = []              # (EdgeNames, node), each apart from all others

    def known(self, name: str) -> bool:
        return self._first(name) is not None

    def _first(self, name: str) -> Node | None:
        first = self.seen.get(name)
        if first is None:
            for rule, where in self._rules:
                if rule.has_name(name):
                    return where
        return first

    def add(self, name: str, node: Node) -> None:
        first = self._first(name)
        if first is not None:
            raise node.bad("name twice", name=name, first=first.path or what("top level"),
                           line=first.line)
        self.seen[name] = node

    def add_rule(self, rule, node: Node) -> None:
        """A generated layer's names, with the same check and message as :meth:`add_all`
        of them all: kept as the rule where it is unambiguous and apart from every name
        and rule given before, else made and added."""
        firsts = rule.firsts()
        if rule.unambiguous() and not any(map(rule.has_name, self.seen)) and \
                all(firsts.isdisjoint(r.firsts()) for r, _ in self._rules):
            self._rules.append((rule, node))
            return
        self.add_all(rule.names, node)

    def _materialise(self) -> None:
        for rule, where in self._rules:
            self.seen.update(zip(rule.names, itertools.repeat(where)))
        self._rules = []

    def add_all(self, names, node: Node) -> None:
        """Many names given at one node (a generated layer's, 614,656 for 784 × 784): the
        same check and message as ``add`` one by one, as one dict update where all are new."""
        names = list(names)
        if self._rules:
            if len(names) > RULE_CHECK:
                self._materialise()
            elif any(self._first(name) is not None for name in names if name.startswith("w_")):
                for name in names:                   # raises at the first, as add reports it
                    self.add(name, node)
                return
        if not self.seen.keys().isdisjoint(names):
            for name in names:                       # raises at the first, as add reports it
                self.add(name, node)
        size = len(self.seen)
        self.seen.update(zip(names, itertools.repeat(node)))
        if len(self.seen) != size + len(names):     # one of them twice: undo, report it
            for name in set(names):
                del self.seen[name]
            for name in names:
                self.add(name, node)


def listed(names, limit: int = 12) -> str:
    """Names for a message: all of a few, or the first ``limit`` and how many there are (an
    error on a big network does not print every node)."""
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])}, … ({len(names):,} in all)"


# --- Hints for the most common mistakes in a config: full-width punctuation typed by a Chinese
# input method (：，【】 …), tabs, and misspelt names ("did you mean"). Each hint is a keyed
# :class:`~bptrace.errors.BadInput` whose words are in ``bptrace.words.messages``.

# full-width character → (its name in bptrace.words.messages.FULLWIDTH_NAMES, the ASCII character to use)
FULLWIDTH: dict[str, tuple[str, str]] = {
    "：": ("colon", ":"), "，": ("comma", ","), "、": ("ideographic comma", ","),
    "；": ("semicolon", ","), "【": ("left bracket", "["), "】": ("right bracket", "]"),
    "［": ("left bracket", "["), "］": ("right bracket", "]"), "｛": ("left brace", "{"),
    "｝": ("right brace", "}"), "（": ("left parenthesis", "("), "）": ("right parenthesis", ")"),
    "“": ("quote", '"'), "”": ("quote", '"'), "‘": ("quote", "'"), "’": ("quote", "'"),
    "　": ("space", " "), "－": ("minus", "-"), "。": ("period", "."), "＃": ("hash", "#"),
}

STRONG = set("：，；【】［］｛｝　＃\t")
WEAK = set(FULLWIDTH) - STRONG


def at(node) -> dict:
    """Where a YAML node is, as BadInput takes it (its path and line)."""
    return {"path": node.path or "(top level)", "line": node.line}


def _code_part(line: str) -> str:
    """The line without its comment (a '#' at the start or after a space starts one)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _suspects(text: str, upto_line: int | None):
    """(line, column, character) of each full-width mark or tab outside comments and quotes,
    on the lines up to and including `upto_line` (1-based; None: all)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if upto_line is not None and n > upto_line:
            break
        code, quote = _code_part(line), None
        for c, ch in enumerate(code, start=1):
            if quote:
                quote = None if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch in FULLWIDTH or ch == "\t":
                yield n, c, ch


def yaml_syntax(text: str, line: int | None, column: int | None) -> BadInput | None:
    """For a YAML syntax error reported at (line, column), 1-based: the full-width mark or
    tab that most likely caused it — the last one at or before the error (the parser often
    notices a line later) — as a BadInput naming its line, column and the fix; else None."""
    found = None
    for marks in (STRONG, WEAK):                # brackets in a Chinese title are often fine
        for n, c, ch in _suspects(text, line):
            if line is not None and n == line and column is not None and c > column + 1:
                break
            if ch in marks and (marks is STRONG or line is None or n >= line - 1):
                found = (n, c, ch)
        if found is None and marks is STRONG:   # none before: the first one anywhere
            found = next(((n, c, ch) for n, c, ch in _suspects(text, None) if ch in marks), None)
        if found is not None:
            break
    if found is None:
        return None
    n, c, ch = found
    if ch == "\t":
        return BadInput(key="yaml tab", line=n, column=c)
    desc, fix = FULLWIDTH[ch]
    return BadInput(key="yaml fullwidth", args={"desc": desc, "char": ch, "fix": fix},
                    line=n, column=c)


def on_line(text: str, line: int | None) -> BadInput | None:
    """The first full-width mark or tab on one line (1-based) outside comments and quotes,
    as a hint for an error found there after parsing (e.g. `[i1， i2]` read as one name)."""
    if line is None:
        return None
    for n, c, ch in _suspects(text, line):
        if n == line and ch in STRONG:
            return yaml_syntax(text, line, c)
    return None
