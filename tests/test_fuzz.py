"""Fuzzing valid and near-valid configs and answer files: whatever the input, bptrace exits
0, 1 or 2 without a traceback, and a null in JSON output always comes with a message."""

import json
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, seed, settings, strategies as st

from bptrace.cli import cli
from tests.test_bad_input import MAZUR

LINES = MAZUR.splitlines()


def _examples(ci: int) -> int:
    """A few seconds in CI; BPTRACE_FUZZ_EXAMPLES=2000 for a long run by hand."""
    return int(os.environ.get("BPTRACE_FUZZ_EXAMPLES", ci))

# scalars a hostile or careless hand writes
SCALARS = st.sampled_from([
    "0", "-0.0", "1e400", "-1e400", ".nan", ".inf", "1.0e-400", "0x1F", "0o17", "1_000",
    "2001-13-45", "2024-02-30", "!!int abc", "!!bool maybe", "!!float abc", "!!timestamp foo",
    "!!binary aGk=", "!!python/object:os.system x", "null", "~", "yes", "on", "''", '"\\e[2J"',
    "[]", "{}", "[1, [2, [3]]]", "*nope", "&a 1", "<<: *a", "9" * 400, "-" * 3, "1" * 40 + ".5",
    "1e28", "123456789012345678901234567890.5", "h1", "o1", "i1", "w1", "sigmoid", "softmax",
    "binary_cross_entropy", "cross_entropy", "2", "-1", "0.5",
]) | st.floats(allow_nan=True, allow_infinity=True).map(repr) | st.text(max_size=12)


@st.composite
def near_valid(draw):
    """The Mazur config with a few edits: a value replaced, a line dropped, duplicated or
    indented wrongly, the text cut short."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "drop", "dup", "indent", "key"]))
        if kind == "value" and ":" in lines[i]:
            head = lines[i].split(":", 1)[0]
            lines[i] = f"{head}: {draw(SCALARS)}"
        elif kind == "value" and "[" in lines[i]:
            lines[i] = lines[i].replace("0.", draw(SCALARS), 1)
        elif kind == "drop":
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = " " + lines[i]
        elif kind == "key":
            lines.insert(i, lines[i][:len(lines[i]) - len(lines[i].lstrip())] + f"{draw(st.text(min_size=1, max_size=6))}: 1")
        if not lines:
            lines = ["{}"]
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()) and len(text) > 10:
        text = text[:draw(st.integers(1, len(text) - 1))]
    return text


def _invoke(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True,
                             env={"COLUMNS": "80", "NO_COLOR": "1"})
    exc = res.exception
    assert exc is None or isinstance(exc, SystemExit), (args, repr(exc), res.stderr)
    assert res.exit_code in (0, 1, 2), (res.exit_code, res.stderr)
    assert "Traceback" not in res.stderr
    return res


def _null_has_message(res):
    if res.exit_code == 2 or not res.stdout.strip().startswith("{"):
        return
    obj = json.loads(res.stdout)
    values = obj.get("values", {})
    if any(v is None for v in values.values()):
        assert res.exit_code != 0 and "not finite" in res.stderr, res.stderr


@settings(max_examples=_examples(60), deadline=None, suppress_health_check=list(HealthCheck))
@given(near_valid(), st.sampled_from([("step", "--format", "json"), ("check", "--format", "json"),
                                      ("step", "--format", "latex"), ("step",),
                                      ("train", "--epochs", "3", "--format", "json")]))
def test_configs(tmp_path_factory, text, command):
    cfg = tmp_path_factory.mktemp("fuzz") / "cfg.yaml"
    cfg.write_text(text + ("expect:\n  out.o1: 0.75136507\n" if command[0] == "check" else ""),
                   encoding="utf-8")
    _null_has_message(_invoke(command[0], cfg, *command[1:]))


ANSWER_KEYS = st.sampled_from(["out.o1", "out.o2", "grad.w5", "new.w1", "loss", "sheet",
                               "expect", "nope", "out.o9"])


@settings(max_examples=_examples(40), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(ANSWER_KEYS, SCALARS), max_size=5), st.booleans())
def test_answer_files(tmp_path_factory, pairs, as_folder):
    folder = tmp_path_factory.mktemp("answers")
    cfg = folder.parent / f"{folder.name}.cfg.yaml"
    cfg.write_text(MAZUR, encoding="utf-8")
    answers = folder / "student.yaml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in pairs) or "\n", encoding="utf-8")
    (folder / "good.yaml").write_text("out.o1: 0.7514\n")
    res = _invoke("check", cfg, "--expect", folder if as_folder else answers, "--format", "json")
    if as_folder:
        assert res.exit_code in (0, 1), res.stderr        # the class is graded all the same
        students = json.loads(res.stdout)["students"]
        assert [s["student"] for s in students] == ["good", "student"]


# --- data files: .npz, .npy and CSV, cut short, bytes flipped, headers edited (issue 26) ------
def _data_bases() -> dict[str, bytes]:
    import io

    import numpy as np
    x = np.linspace(-1, 1, 12).reshape(4, 3)
    npz, npy, npz_c = io.BytesIO(), io.BytesIO(), io.BytesIO()
    np.savez(npz, x_train=x, y_train=np.array([0, 1, 1, 0], dtype=np.uint8))
    np.savez_compressed(npz_c, x_train=x.reshape(4, 3, 1), y_train=np.array([0, 1, 1, 0]))
    np.save(npy, np.hstack([x, np.eye(4)[:, :2]]))
    return {"npz": npz.getvalue(), "npz_c": npz_c.getvalue(), "npy": npy.getvalue(),
            "csv": b"a,b,c,o1,o2\n0.1,0.2,0.3,0,1\n-1,2e-3,5,1,0\n\n.5,1,1,0,1\n"}


DATA_BASES = _data_bases()
DATA_NET = """network:
  inputs: 3
  layers:
    - {neurons: 2, activation: softmax, weights: {init: zeros}}
loss: cross_entropy
learning_rate: 0.1
"""
DATA_KEYS = {"npz": "{npz: d.npz}", "npz_c": "{npz: d.npz}", "npy": "{npy: d.npy, input: 1-3, target: 4-5}",
             "csv": "{csv: d.csv, input: [a, b, c], target: [o1, o2]}"}
HEADER_EDITS = [(b"(4, 3)", b"(4, -3)"), (b"(4, 3)", b"(99999999999, 3)"), (b"(4, 3)", b"()"),
                (b"(4, 3)", b"(0, 3)"), (b"<f8", b"|O"), (b"<f8", b"<c16"), (b"<f8", b"<U5"),
                (b"False", b"True"), (b"'descr'", b"'dexcr'"), (b"NUMPY", b"NUMPX"),
                (b"\x01\x00", b"\x03\x00"), (b"0.1", b"#N/A"), (b"0,1", b"0 # 1"),
                (b"a,b", b"a;b"), (b"\n", b"\r"), (b"1,0", b"1,0,7"), (b"PK", b"PX")]


@st.composite
def broken_data(draw):
    form = draw(st.sampled_from(sorted(DATA_BASES)))
    data = bytearray(DATA_BASES[form])
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "edit", "insert"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "cut":
            del data[at:]
        elif kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            old, new = draw(st.sampled_from(HEADER_EDITS))
            data = bytearray(bytes(data).replace(old, new, 1))
    return form, bytes(data)


def _data_case(tmp_path_factory, case):
    form, data = case
    folder = tmp_path_factory.mktemp("data")
    suffix = "npz" if form.startswith("npz") else form
    (folder / f"d.{suffix}").write_bytes(data)
    cfg = folder / "c.yaml"
    cfg.write_text(DATA_NET + f"data: {DATA_KEYS[form]}\n", encoding="utf-8")
    res = _invoke("step", cfg, "--format", "json")
    if res.exit_code == 2:
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_every_unbroken_data_file_reads(tmp_path_factory):
    for form, data in DATA_BASES.items():
        folder = tmp_path_factory.mktemp("data")
        (folder / f"d.{'npz' if form.startswith('npz') else form}").write_bytes(data)
        (folder / "c.yaml").write_text(DATA_NET + f"data: {DATA_KEYS[form]}\n")
        assert _invoke("step", folder / "c.yaml").exit_code == 0, form


@seed(26)
@settings(max_examples=_examples(40), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(broken_data())
def test_data_files(tmp_path_factory, case):
    _data_case(tmp_path_factory, case)


@pytest.mark.slow
@settings(max_examples=_examples(600), deadline=None, suppress_health_check=list(HealthCheck))
@given(broken_data())
def test_data_files_at_length(tmp_path_factory, case):
    _data_case(tmp_path_factory, case)


# --- titles: in an exported program only as a constant; in an SVG, XML (issue 26) -------------
TITLE_CHARS = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)) | st.sampled_from(
    list('"\'\\\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x07\x1b\x9b\x7f\u202e\u2066\u0301$%{}#'))


@seed(26)
@settings(max_examples=_examples(25), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.text(TITLE_CHARS, min_size=1, max_size=40))
def test_titles_in_exported_programs_and_pictures(title):
    import ast
    import xml.etree.ElementTree as ET

    from hypothesis import assume

    from bptrace import api
    from bptrace.config import parse_config
    from bptrace.errors import BadInput
    from bptrace.export.pytorch import program
    from bptrace.render.pictures import render_picture

    text = "\n".join("title: " + json.dumps(title) if l.startswith("title:") else l for l in LINES)
    try:
        cfg = parse_config(text)
    except BadInput:
        assume(False)
    tree = ast.parse(program(cfg))
    titles = [n.value.value for n in tree.body if isinstance(n, ast.Assign)
              and getattr(n.targets[0], "id", "") == "TITLE"]
    assert titles == [cfg.title]
    ET.fromstring(render_picture(api.draw(cfg).record, "svg", "en").encode("utf-8"))
