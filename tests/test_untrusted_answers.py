"""Answer files are untrusted: they name only a sheet beside them or a built-in one, never
print another file, and one bad file does not stop the grading of a class. Every user
string reaches the terminal escaped and a CSV cell as text."""

import csv
import io

import pytest

from tests.test_bad_input import MAZUR


@pytest.mark.parametrize("sheet", ["/etc/passwd", "../../../../etc/passwd", "../secret.yaml",
                                   "sub/secret.yaml"])
def test_sheet_outside_the_folder_is_refused_without_its_content(run, tmp_path, sheet):
    (tmp_path / "secret.yaml").write_text("TOPSECRET: [unclosed\n")
    cls = tmp_path / "class"
    (cls / "sub").mkdir(parents=True)
    (cls / "sub" / "secret.yaml").write_text("TOPSECRET: [unclosed\n")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(MAZUR)
    ans = cls / "ann.yaml"
    ans.write_text(f"sheet: {sheet}\nout.o1: 0.7514\n")
    res = run("check", cfg, "--expect", ans)
    assert res.exit_code == 2 and "TOPSECRET" not in res.output + res.stderr
    assert "root:" not in res.stderr and "sheet" in res.stderr


def test_sheet_beside_that_does_not_load_is_named_not_printed(run, tmp_path):
    (tmp_path / "other.yaml").write_text("TOPSECRET: [unclosed\n")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(MAZUR)
    ans = tmp_path / "ann.yaml"
    ans.write_text("sheet: other.yaml\nout.o1: 0.7514\n")
    res = run("check", cfg, "--expect", ans)
    assert res.exit_code == 2 and "TOPSECRET" not in res.stderr and "other.yaml" in res.stderr


def test_symlinked_sheet_leading_out_is_refused(run, tmp_path):
    (tmp_path / "outside.yaml").write_text(MAZUR.replace("title: Mazur", "title: OUTSIDE"))
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "s.yaml").symlink_to(tmp_path / "outside.yaml")
    cfg = cls / "cfg.yaml"
    cfg.write_text(MAZUR)
    ans = cls / "ann.yaml"
    ans.write_text("sheet: s.yaml\nout.o1: 0.7514\n")
    assert run("check", cfg, "--expect", ans).exit_code == 2


def test_builtin_sheet_is_allowed(run, tmp_path):
    ans = tmp_path / "ann.yaml"
    ans.write_text("sheet: mazur\nout.o1: 0.75136507\n")
    res = run("check", tmp_path / "ann.yaml" if False else "mazur", "--expect", ans)
    assert res.exit_code == 0, res.stderr


def _class(tmp_path, files):
    cls = tmp_path / "class"
    cls.mkdir()
    for name, text in files.items():
        (cls / name).write_text(text)
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(MAZUR)
    return cfg, cls


def test_one_bad_answer_file_does_not_stop_the_class(run, tmp_path):
    cfg, cls = _class(tmp_path, {
        "alice.yaml": "out.o1: 0.7514\n",
        "bob.yaml": "out.o1: [1, 2\n",                          # not YAML
        "carol.yaml": "out.o1: 0.1234567890123456789012345678901234\n",   # > 28 digits
        "dave.yaml": "out.o1: 1.0e-400\n",
        "erin.yaml": "out.o1: 0x1F\n",
        "fred.yaml": "sheet: /etc/passwd\nout.o1: 0.7514\n",
    })
    res = run("check", cfg, "--expect", cls, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["student"] for r in rows] == ["alice", "bob", "carol", "dave", "erin", "fred"]
    by = {r["student"]: r for r in rows}
    assert by["alice"]["score"] == "1" and not by["alice"]["problem"]
    assert "bob.yaml" in by["bob"]["problem"] and "valid YAML" in by["bob"]["problem"]
    assert by["carol"]["first_wrong"] == "out.o1" and by["dave"]["first_wrong"] == "out.o1"
    assert "erin.yaml" in by["erin"]["problem"] or by["erin"]["first_wrong"] == "out.o1"
    assert "sheet" in by["fred"]["problem"]
    assert res.exit_code == 1 and "Traceback" not in res.stderr


def test_expect_hex_error_names_the_file(run, write):
    cfg = write(MAZUR + "expect:\n  out.o1: 0x1F\n")
    res = run("check", cfg)
    assert res.exit_code in (1, 2) and "Traceback" not in res.stderr
    if res.exit_code == 2:
        assert "cfg.yaml" in res.stderr


def test_escape_sequences_reach_the_terminal_escaped(run, tmp_path):
    evil = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\u202e"
    cfg, cls = _class(tmp_path, {"x\x1b[2J.yaml": "out.o1: 0.7514\n",
                                 "y.yaml": f"out.o1: 0.7514\n'{evil}': 1\n"})
    (tmp_path / "cfg.yaml").write_text(MAZUR.replace("title: Mazur",
                                                     'title: "\\e]0;pwned\\a\\e[2J\\u202e"'))
    for fmt in ("rich", "csv", "markdown"):
        res = run("check", cfg, "--expect", cls, "--format", fmt)
        for stream in (res.output, res.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream, fmt
    res = run("check", cfg, "--expect", cls)
    assert "\\u001b" in res.output          # shown, not obeyed


def test_csv_cells_cannot_be_formulas(run, tmp_path):
    cfg, cls = _class(tmp_path, {'=HYPERLINK("evil","x").yaml': "out.o1: 0.7514\n",
                                 "@cmd.yaml": "out.o1: 0.7514\n", "-1.yaml": "out.o1: 0.7514\n"})
    res = run("check", cfg, "--expect", cls, "--format", "csv")
    students = [r["student"] for r in csv.DictReader(io.StringIO(res.output))]
    assert all(not s.startswith(("=", "+", "@")) for s in students)
    assert "'=HYPERLINK(\"evil\",\"x\")" in students and "'@cmd" in students
    assert "-1" in students                 # a number stays a number


def test_csv_numbers_are_untouched(run):
    res = run("step", "mazur", "--format", "csv")
    assert ",-0." in res.output or "-" not in res.output.split(",")[1]
    assert "'-" not in res.output.replace("'−", "")


def test_decimal_comparison_at_any_precision():
    from bptrace.checking.printed import compare
    assert compare("k", "0.1234567890123456789012345678901234", 0.12345678901234568).status == "differ"
    assert compare("k", "1.0e-400", 1e-300).status == "differ"
    assert compare("k", "5", 1e28).status == "differ"
    assert compare("k", "100000000000000000000000000000", 1e29).agree
    assert compare("k", "0.75", 0.7513650695523157).agree


def test_json_output_with_control_characters_stays_valid_json(run, write):
    import json
    cfg = write(MAZUR.replace("title: Mazur", 'title: "a\\e[2J\\x9b\\u202eb"'))
    res = run("step", cfg, "--format", "json")
    assert res.exit_code == 0 and "\x1b" not in res.output and "\x9b" not in res.output
    assert json.loads(res.stdout)["title"] == "a\x1b[2J\x9b\u202eb"     # reads back as written


def test_every_ascii_control_character_is_shown_as_its_escape():
    from bptrace.render.safe import terminal
    for code in range(128):
        c = chr(code)
        shown = c if c in "\t\n" or 0x20 <= code < 0x7f else f"\\u{code:04x}"
        assert terminal(f"a{c}b {c}") == f"a{shown}b {shown}", code
    assert terminal("plain text, 0.5\n") == "plain text, 0.5\n"


@pytest.mark.parametrize("seed", range(3))
def test_a_printed_value_is_a_decimal_exactly_when_the_decimal_module_says_so(seed):
    """The quick check of a plain printed number agrees with Decimal on every text."""
    import random
    from decimal import Decimal, InvalidOperation

    from bptrace.config import _decimal

    def decimal(text):
        try:
            return Decimal(text.strip().replace("_", "")).is_finite()
        except InvalidOperation:
            return False

    rng = random.Random(seed)
    alphabet = "0123456789.eE+- _\t\u0663\uff11xnaNIinf"
    texts = ["0.2984", "-1e-3", "1.", ".5", "1e999999999", "1e9999999999999999999999", " 7 ",
             "inf", "NaN", "1_000.5", "\u0663.5", "\uff11", "", ".", "e5", "--1"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    assert [_decimal(t) for t in texts] == [decimal(t) for t in texts]


def test_every_character_the_terminal_escapes_is_unprintable():
    """terminal() returns a text whose characters (but tab and newline) are all printable
    without looking further: so every character it escapes must be unprintable."""
    import random
    import re

    from bptrace.render import safe

    unsafe = re.compile(safe._UNSAFE)
    escaped = [chr(c) for c in range(0x10000) if unsafe.match(chr(c))]
    assert len(escaped) > 2000 and not any(ch.isprintable() for ch in escaped)
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(escaped + list("a量┃\t\n\u00ad\u200d😀")) for _ in range(6))
        assert safe.terminal(text) == unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
