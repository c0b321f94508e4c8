"""Expected values: a config's ``expect:`` and a student's answer file (KEY: VALUE as
printed, compared by ``check`` at the precision written)."""

from __future__ import annotations

from bptrace.config.records import Expectation
from bptrace.config.yamlsource import read_source
from bptrace.config.yamlsource import Node, parse_yaml
from bptrace.words.messages import what
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
        if blanks:                  # a student's answer: read where its meaning is clear
            written = value.text if value.is_scalar else _shown(value)
            read = read_answer(written) if value.is_scalar else None
            out.append(Expectation(key, read if read is not None else written, value.line, value,
                                   written=written, readable=read is not None))
            continue
        if not value.is_scalar or value.is_null:
            raise value.bad("expect as written", key=f"{prefix}{key}", found=value.describe())
        value.number(f"{prefix}{key}")
        if not _decimal(value.text):
            raise value.bad("expect decimal", key=f"{prefix}{key}", t=value.text[:40])
        out.append(Expectation(key, value.text, value.line, value))
    return out


_PLAIN = None
_APPROX = ("≈", "~", "∼", "≃", "≅", "约", "約")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}      # ！ … ～ → ! … ~
_FULL_WIDTH.update({0x3000: 0x20, 0x2212: 0x2D, 0x2013: 0x2D})   # 　 − –
# the keys of an answer file that say who the student is: not answers, never graded
IDENTITY = ("name", "student", "student_id", "姓名", "学号", "学生", "名字")


def _shown(value: Node) -> str:
    """A list or mapping given as an answer, shortened, for the student to recognise."""
    import json
    text = json.dumps(value.value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def read_answer(text: str) -> str | None:
    """The number a student wrote, as plain decimal text, where its meaning is clear: full-width
    digits and signs, a leading ≈ or ~, a decimal comma (0,1183 — not 1,183, which may be a
    thousands separator), a trailing unit (0.75 V); None where no number can be read."""
    if _decimal(text) and text.isascii():       # plain ASCII decimal text: as it is
        return text.strip()
    import re
    t = text.translate(_FULL_WIDTH).strip()
    # the ideographic full stop: a decimal point between digits (0。5770), else the end of
    # a sentence (0.5770。)
    t = re.sub(r"(?<=[0-9])。(?=[0-9])", ".", t).rstrip("。").strip()
    for sign in _APPROX:
        if t.startswith(sign):
            t = t[len(sign):].strip()
            break
    t = re.sub(r"(?<=[0-9.])\s*[A-Za-zΩ°µ]+\.?$", "", t) if not re.fullmatch(
        r"[-+]?[0-9.]+[eE][-+]?[0-9]+", t) else t
    t = t.replace(" ", "")
    if "," in t and "." not in t and t.count(",") == 1:
        whole, frac = t.split(",")
        if whole.lstrip("+-") in ("0", "") or len(frac) != 3:
            t = f"{whole}.{frac}"
    if not t or not _decimal(t):
        return None
    return t


def answer_text(text: str) -> str:
    """An answer file's text as YAML reads it: full-width colons and spaces (a Chinese input
    method's) as ASCII (the answers keep their own full-width digits: read one by one), and ``key:value`` with the space YAML needs after the colon."""
    import re
    text = text.translate({0xFF1A: 0x3A, 0x3000: 0x20})
    return re.sub(r"(?m)^(\s*[A-Za-z_][A-Za-z0-9_.]*):(?=[^\s])", r"\1: ", text)


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
    expect, sheet, _ = load_answers(path)
    return expect, sheet


def load_answers(path: str) -> tuple[list[Expectation], str | None, str]:
    """:func:`load_expect`, and who the student is where the file says so (``name: 张三``,
    ``学号: 2024001``: keys of :data:`IDENTITY`, not graded), else ''."""
    name, text = read_source(path)
    if not text.strip():
        raise BadInput(key="answers empty", file=name)
    try:
        root = parse_yaml(answer_text(text))
        if root.is_map and "expect" in root and len(root) == 1:
            root = root.get("expect")
        sheet = None
        if root.is_map and "sheet" in root:
            sheet = root.get("sheet").string("sheet")
        who = []
        if root.is_map:
            for k, c in root.items():
                if str(k).strip().lower() in IDENTITY and c.is_scalar and not c.is_null:
                    who.append(str(c.value).strip()[:40])
            drop = {k for k in root.value if k == "sheet" or str(k).strip().lower() in IDENTITY}
            if drop:
                root = Node({k: v for k, v in root.value.items() if k not in drop}, root.path,
                            root.line, None, "map", {k: c for k, c in root.items() if k not in drop})
        return parse_expect(root, prefix="", blanks=True), sheet, " ".join(w for w in who if w)
    except BadInput as exc:
        raise exc.located(name) from None
