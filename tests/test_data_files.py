"""Data files: CSV read at numpy speed with column ranges, .npy and .npz (Keras' mnist.npz
layout as it is), class labels as one-hot targets, bad cells named."""

from pathlib import Path

import numpy as np
import pytest

from bptrace.config import parse_config
from bptrace.config.datafiles import columns, one_hot
from bptrace.errors import BadInput

NET = """network:
  inputs: [a, b, c]
  layers:
    - neurons: [o1, o2]
      activation: softmax
      weights: {init: zeros}
loss: cross_entropy
learning_rate: 0.1
"""


def load(tmp_path, data: str):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(NET + f"data: {data}\n")
    return parse_config(cfg.read_text(), str(cfg)).dataset


def test_column_ranges_by_name_and_number():
    header = ["label", "p0", "p1", "p2"]
    assert columns(["p0-p2"], header, 4, "f") == [1, 2, 3]
    assert columns(["2-4", "label"], header, 4, "f") == [1, 2, 3, 0]
    assert columns(["p1"], header, 4, "f") == [2]
    with pytest.raises(BadInput, match="runs backwards"):
        columns(["p2-p0"], header, 4, "f")
    with pytest.raises(BadInput, match="no column 'q'"):
        columns(["q"], header, 4, "f")
    with pytest.raises(BadInput, match="column 9 does not exist"):
        columns(["9"], None, 4, "f")


def test_csv_columns_by_range_with_labels_one_hot(tmp_path):
    (tmp_path / "d.csv").write_text("label,x0,x1,x2\n1,0.5,1,2\n0,3,4,5\n\n")
    X, T = load(tmp_path, "{csv: d.csv, input: [x0-x2], target: label}")
    assert X.tolist() == [[0.5, 1, 2], [3, 4, 5]]
    assert T.tolist() == [[0, 1], [1, 0]]


def test_csv_bad_cell_is_named(tmp_path):
    (tmp_path / "d.csv").write_text("label,x0,x1,x2\n1,0.5,1,2\n0,3,oops,5\n")
    with pytest.raises(BadInput, match="line 3, column 'x1': not a number"):
        load(tmp_path, "{csv: d.csv, input: [x0-x2], target: label}")
    (tmp_path / "d.csv").write_text("label,x0,x1,x2\n1,0.5,1,2\n0,3,inf,5\n")
    with pytest.raises(BadInput, match="line 3, column 'x1': not finite"):
        load(tmp_path, "{csv: d.csv, input: [x0-x2], target: label}")


def test_keras_npz_layout_as_it_is(tmp_path):
    x = np.arange(2 * 3, dtype=np.uint8).reshape(2, 3, 1)       # images, flattened per sample
    np.savez(tmp_path / "m.npz", x_train=x, y_train=np.array([1, 0], dtype=np.uint8),
             x_test=x[:1], y_test=np.array([0], dtype=np.uint8))
    X, T = load(tmp_path, "{npz: m.npz, scale: 2}")
    assert X.tolist() == [[0, 0.5, 1], [1.5, 2, 2.5]]
    assert T.tolist() == [[0, 1], [1, 0]]
    X, T = load(tmp_path, "{npz: m.npz, input: x_test, target: y_test}")
    assert X.tolist() == [[0, 1, 2]] and T.tolist() == [[1, 0]]
    with pytest.raises(BadInput, match="no array 'x_val'"):
        load(tmp_path, "{npz: m.npz, input: x_val}")


def test_npy_columns_by_number(tmp_path):
    np.save(tmp_path / "d.npy", np.array([[1, 0.1, 0.2, 0.3], [0, 0.4, 0.5, np.nan]]))
    with pytest.raises(BadInput, match="sample 2, value 3, is not finite"):
        load(tmp_path, "{npy: d.npy, input: 2-4, target: 1}")
    np.save(tmp_path / "d.npy", np.array([[1, 0.1, 0.2, 0.3], [0, 0.4, 0.5, 0.6]]))
    X, T = load(tmp_path, "{npy: d.npy, input: 2-4, target: 1}")
    assert X.tolist() == [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]] and T.tolist() == [[0, 1], [1, 0]]


def test_labels_out_of_range_stay_as_they_are():
    T = np.array([[0.0], [2.0]])
    assert one_hot(T, 2) is T
    assert one_hot(np.array([[0.5]]), 2).tolist() == [[0.5]]


def test_scaled_pixels_are_the_numbers_of_a_float_copy_divided(tmp_path):
    """uint8 pixels scaled in one pass: float64(x) / scale to the last bit, C-ordered rows."""
    x = np.random.default_rng(3).integers(0, 256, (5, 3, 1), dtype=np.uint8)
    np.savez(tmp_path / "m.npz", x_train=x, y_train=np.arange(5, dtype=np.uint8) % 2)
    X, _ = load(tmp_path, "{npz: m.npz, scale: 255}")
    want = x.reshape(5, -1).astype(np.float64) / 255
    assert X.dtype == np.float64 and X.flags.c_contiguous
    assert X.tobytes() == want.tobytes()
    np.savez(tmp_path / "f.npz", x_train=np.array([[1.0, np.inf]], dtype=np.float32),
             y_train=np.array([1], dtype=np.uint8))
    with pytest.raises(BadInput, match="sample 1, value 2, is not finite"):
        load(tmp_path, "{npz: f.npz, scale: 255}")


@pytest.mark.parametrize("target", ["[x1, label]", "label"])
def test_scaled_csv_inputs_are_divided_where_they_lie_and_targets_are_not(tmp_path, target):
    """A run of input columns is divided by scale inside the array read (no second copy of
    it): the numbers of float64 / scale to the last bit; a target column, even one that is
    also an input, keeps its value."""
    rng = np.random.default_rng(5)
    rows = rng.integers(0, 256, (7, 4))
    rows[:, 0] = np.arange(7) % 2
    (tmp_path / "d.csv").write_text("label,x0,x1,x2\n" + "\n".join(",".join(map(str, r)) for r in rows))
    X, T = load(tmp_path, f"{{csv: d.csv, input: [x0-x2], target: {target}, scale: 255}}")
    assert X.tobytes() == (rows[:, 1:].astype(np.float64) / 255).tobytes()
    if target == "label":
        assert T.tolist() == np.eye(2)[rows[:, 0]].tolist()
    else:
        assert T.tolist() == rows[:, [2, 0]].tolist()


# --- issue 26: nothing of a file quoted; every row data ----------------------------------------
def test_a_file_that_is_no_csv_is_not_quoted(tmp_path, monkeypatch):
    """The 'no column' message names what the config asked for, never the file's cells:
    /proc/self/environ would print the environment, a password file its first line."""
    secret = "TOKEN_" + "x" * 12
    (tmp_path / "passwd").write_text(f"root:{secret}:0:0:root:/root:/bin/bash\nuser:x:1:1\n")
    for data in ("{csv: passwd, input: [a, b, c], target: [o1, o2]}",
                 "{csv: passwd, input: [a-c], target: [o1, o2]}"):
        with pytest.raises(BadInput) as err:
            load(tmp_path, data)
        assert secret not in err.value.text("en") and secret not in err.value.text("zh")
        assert "no column 'a" in err.value.text("en")
    monkeypatch.setenv("BPTRACE_TEST_SECRET", secret)
    if Path("/proc/self/environ").exists():
        with pytest.raises(BadInput) as err:
            load(tmp_path, "{csv: /proc/self/environ, input: [a, b, c], target: [o1, o2]}")
        assert secret not in err.value.text("en") and "BPTRACE" not in err.value.text("en")


def test_a_long_column_name_is_trimmed(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,c,o1,o2\n1,2,3,0,1\n")
    with pytest.raises(BadInput) as err:
        load(tmp_path, "{csv: d.csv, input: [%s], target: [o1, o2]}" % ("q" * 500))
    assert "q" * 39 + "…" in err.value.text("en") and "q" * 41 not in err.value.text("en")


@pytest.mark.parametrize("row, line", [("#N/A,2,3,0,1", 3), ("#DIV/0!,2,3,0,1", 3),
                                       ("1,2,3,0,0 # x", 3)])
def test_every_row_is_data_and_a_non_number_is_named(tmp_path, row, line):
    """numpy reads '#' as a comment: Excel's error values (#N/A, #DIV/0!) dropped their
    rows, '0 # x' read as 0. Each is a cell that is not a number, named by line and column."""
    (tmp_path / "d.csv").write_text(f"a,b,c,o1,o2\n1,2,3,0,1\n{row}\n\n1,2,3,1,0\n")
    with pytest.raises(BadInput, match=f"line {line}, column '(a|o2)': not a number"):
        load(tmp_path, "{csv: d.csv, input: [a, b, c], target: [o1, o2]}")


def test_a_bad_cell_after_a_blank_line_is_named_by_its_line(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,c,o1,o2\n\n1,2,3,0,1\n\n1,x,3,0,1\n")
    with pytest.raises(BadInput, match="line 5, column 'b': not a number"):
        load(tmp_path, "{csv: d.csv, input: [a, b, c], target: [o1, o2]}")


def test_a_header_only_csv_is_one_message_without_numpy_warning(tmp_path, recwarn):
    (tmp_path / "d.csv").write_text("a,b,c,o1,o2\n")
    with pytest.raises(BadInput, match="a header row and at least one data row"):
        load(tmp_path, "{csv: d.csv, input: [a, b, c], target: [o1, o2]}")
    assert [str(w.message) for w in recwarn] == []


# --- broken numpy files and decompression bombs (issue 26) -----------------------------------
def _npz_bytes(**arrays) -> bytes:
    import io
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def _npy_bytes(a) -> bytes:
    import io
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def _npy_header(shape, descr="<f8") -> bytes:
    """An .npy header as numpy writes it, for any shape (no data after it)."""
    import numpy.lib.format as fmt
    d = {"descr": descr, "fortran_order": False, "shape": shape}
    text = repr(d).encode("latin1")
    pad = 64 - (10 + len(text) + 1) % 64
    text += b" " * pad + b"\n"
    return fmt.magic(1, 0) + len(text).to_bytes(2, "little") + text


def _zipped(**members: bytes) -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name + ".npy", data)
    return buf.getvalue()


X_OK = np.arange(12, dtype=np.float64).reshape(4, 3)
Y_OK = np.array([0, 1, 1, 0], dtype=np.uint8)
GOOD_NPZ = _npz_bytes(x_train=X_OK, y_train=Y_OK)


def _crc_broken() -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("x_train.npy", _npy_bytes(X_OK))
        z.writestr("y_train.npy", _npy_bytes(Y_OK))
    data = bytearray(buf.getvalue())
    i = data.index(b"\x93NUMPY") + 200             # a byte of x_train's numbers
    data[i] ^= 0x40
    return bytes(data)


BROKEN_NUMPY = {
    "empty npz": ("npz", b""),
    "empty npy": ("npy", b""),
    "truncated npz": ("npz", GOOD_NPZ[: len(GOOD_NPZ) // 2]),
    "truncated npy": ("npy", _npy_bytes(X_OK)[:150]),
    "truncated header": ("npy", _npy_bytes(X_OK)[:20]),
    "corrupt crc": ("npz", _crc_broken()),
    "bad member": ("npz", _zipped(x_train=b"not numpy at all", y_train=_npy_bytes(Y_OK))),
    "object array": ("npz", _zipped(x_train=_npy_header((4, 3), "|O"), y_train=_npy_bytes(Y_OK))),
    "record array": ("npy", _npy_header((4,), [("a", "<f8"), ("b", "<f8")])),
    "negative shape": ("npz", _zipped(x_train=_npy_header((-4, 3)), y_train=_npy_bytes(Y_OK))),
    "huge shape": ("npz", _zipped(x_train=_npy_header((2**40, 2**40)), y_train=_npy_bytes(Y_OK))),
    "huge npy": ("npy", _npy_header((2**62, 4))),
    "scalar member": ("npz", _zipped(x_train=_npy_bytes(np.float64(3.0)), y_train=_npy_bytes(Y_OK))),
    "scalar npy": ("npy", _npy_bytes(np.float64(3.0))),
    "zero rows": ("npz", _npz_bytes(x_train=np.zeros((0, 3)), y_train=np.zeros(0))),
    "zero-row npy": ("npy", _npy_bytes(np.zeros((0, 5)))),
    "unbalanced header": ("npy", _npy_bytes(X_OK).replace(b"(4, 3)", b"(4,{3)")),   # TokenError
    "a pickle": ("npy", b"\x80\x04\x95" + b"\x00" * 40),
    "a zip of no arrays": ("npz", _zipped(**{"readme.txt": b"hello"}).replace(b"readme.txt.npy", b"readme.txt.txt")),
    "text": ("npy", b"1,2,3\n4,5,6\n"),
}

NPZ_NET = NET.replace("inputs: [a, b, c]", "inputs: 3").replace("[o1, o2]", "2")


@pytest.mark.parametrize("case", list(BROKEN_NUMPY))
def test_a_broken_numpy_file_is_one_line_exit_2(run, tmp_path, case):
    form, data = BROKEN_NUMPY[case]
    (tmp_path / f"d.{form}").write_bytes(data)
    sel = "" if form == "npz" else ", input: 1-3, target: 4-5"
    cfg = tmp_path / "c.yaml"
    cfg.write_text(NPZ_NET + f"data: {{{form}: d.{form}{sel}}}\n")
    r = run("step", cfg)
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "d." + form in r.stderr and "interrupted" not in r.stderr


def test_a_good_npz_still_reads(tmp_path):
    (tmp_path / "d.npz").write_bytes(GOOD_NPZ)
    X, T = load(tmp_path, "{npz: d.npz}")
    assert X.tolist() == X_OK.tolist() and T.tolist() == [[1, 0], [0, 1], [0, 1], [1, 0]]


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path, monkeypatch):
    """The guard checked the compressed size: an .npz member's header says what it holds
    (shape × dtype) before a byte of it is inflated."""
    from bptrace.config import guard
    monkeypatch.setattr(guard, "MAX_DATA_FILE", 2**20)         # 1 MiB here; 1 GiB really
    big = np.zeros((2**18, 1), dtype=np.float64)                 # 2 MiB of zeros: 4 KB zipped
    (tmp_path / "d.npz").write_bytes(_npz_bytes(x_train=np.zeros((2**18, 3)),
                                                y_train=np.zeros(2**18, dtype=np.uint8)))
    assert (tmp_path / "d.npz").stat().st_size < 64 * 2**10 and big.nbytes > 2**20
    read = []
    real = np.frombuffer
    monkeypatch.setattr(np, "frombuffer", lambda *a, **k: read.append(1) or real(*a, **k))
    with pytest.raises(BadInput, match=r"when read; data for bptrace is at most"):
        load(tmp_path, "{npz: d.npz}")
    assert read == []


def test_a_column_chosen_by_number_is_named_by_its_number(tmp_path):
    """A bad cell's column is named as the config named it: chosen by number in a file that
    is no CSV (a password file), its header cell is not quoted."""
    secret = "root:TOKEN_" + "y" * 10
    (tmp_path / "passwd").write_text(f"{secret}:0:0\nuser:x:1:1\n")
    with pytest.raises(BadInput) as err:
        load(tmp_path, "{csv: passwd, input: [1, 1, 1], target: [1, 1]}")
    assert secret not in err.value.text("en") and "line 2, column 1: not a number" in err.value.text("en")
    assert "第 1 列" in err.value.text("zh")
    (tmp_path / "d.csv").write_text("a,b,c,o1,o2\n1,2,3,0,1\n1,x,3,0,1\n")
    for cols in ("[a, b, c]", "[a-c]"):
        with pytest.raises(BadInput, match="line 3, column 'b': not a number"):
            load(tmp_path, "{csv: d.csv, input: %s, target: [o1, o2]}" % cols)
    with pytest.raises(BadInput, match="line 3, column 2: not a number"):
        load(tmp_path, "{csv: d.csv, input: [1-3], target: [o1, o2]}")

def test_a_pickle_in_a_data_file_never_runs(write, tmp_path):
    """An object array is a pickle: loading it would run what it names. bptrace never
    unpickles (whatever its message), so the code in it never runs."""
    from click.testing import CliRunner

    from bptrace.cli import cli
    from tests.test_bad_input import MAZUR

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))
    arr = np.empty(2, dtype=object)
    arr[0], arr[1] = Payload(), 1.0
    np.save(tmp_path / "evil.npy", arr, allow_pickle=True)
    cfg = write(MAZUR + "data: {npy: evil.npy, input: [1, 2], target: [3, 4]}\n")
    for command in (["train", str(cfg), "--epochs", "1"], ["step", str(cfg), "--batch"]):
        CliRunner().invoke(cli, command, catch_exceptions=True)
        assert not marker.exists(), "the pickle in the data file ran"
    np.load(tmp_path / "evil.npy", allow_pickle=True)       # (what it would have done)
    assert marker.exists()
