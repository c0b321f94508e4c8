"""Data files: CSV read at numpy speed with column ranges, .npy and .npz (Keras' mnist.npz
layout as it is), class labels as one-hot targets, bad cells named."""

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
