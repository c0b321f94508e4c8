"""Expected values: a config's ``expect:`` and a student's answer file (KEY: VALUE as
printed, compared by ``check`` at the precision written)."""

from __future__ import annotations

from bptrace.config.records import Expectation
from bptrace.config.source import read_source
from bptrace.config.yamlsource import Node, parse_yaml
from bptrace.messages import what
from bptrace.errors import BadInput


def parse_expect(node: Node, prefix: str = "expect.", blanks: bool = False) -> list[Expectation]:
    """KEY: VALUE as printed (a config's expect:, or a student's answer file, where an empty
    answer is allowed and counts as wrong)."""
    node.need_map(what("expected values"))
    out = []
    for key, value in node.items():
        if blanks and value.is_null:
            out.append(Expectation(key, "", value.line, value))
            continue
        if not value.is_scalar or value.is_null:
            raise value.bad("expect as written", key=f"{prefix}{key}", found=value.describe())
        value.number(f"{prefix}{key}")
        if not _decimal(value.text):
            raise value.bad("expect decimal", key=f"{prefix}{key}", t=value.text[:40])
        out.append(Expectation(key, value.text, value.line, value))
    return out


_PLAIN = None


def _decimal(text: str) -> bool:
    """Whether ``check`` can compare this text at its printed precision (0x1F cannot). A plain
    ASCII decimal ("0.2984", "-1e-3") is one without asking the decimal module."""
    global _PLAIN
    if _PLAIN is None:
        import re
        _PLAIN = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,9})?\s*", re.ASCII)
    if _PLAIN.fullmatch(text):
        return True
    from decimal import Decimal, InvalidOperation
    try:
        return Decimal(text.strip().replace("_", "")).is_finite()
    except InvalidOperation:
        return False


def load_expect(path: str) -> tuple[list[Expectation], str | None]:
    """A separate file of expected values (a student's answers): KEY: VALUE lines, and the
    sheet they answer where the file names it (`sheet: exercise-B.yaml`)."""
    name, text = read_source(path)
    if not text.strip():
        raise BadInput(key="answers empty", file=name)
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
