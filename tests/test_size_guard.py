"""The size guard: what would not fit is refused from the sizes as written, before names,
arrays, data or a trace are made. Memory is bounded with setrlimit so that a guard that
fails shows as a failure, not as a machine brought down."""

import os
import resource
import subprocess
import sys
import time

import pytest

from bptrace.config import guard

LIMIT = 1 << 30            # 1 GiB of address space for the child process


def _run_limited(tmp_path, text, *args):
    cfg = tmp_path / "big.yaml"
    cfg.write_text(text)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "bptrace", *(args or ("step",)), str(cfg)],
                       capture_output=True, text=True, preexec_fn=limit, timeout=120)
    return r, time.monotonic() - start


def _net(n_in, hidden, extra=""):
    return (f"network:\n  inputs: {n_in}\n  layers:\n"
            f"    - {{neurons: {hidden}, activation: sigmoid, weights: {{init: uniform}}{extra}}}\n"
            f"    - {{neurons: 1, activation: sigmoid, weights: {{init: uniform}}}}\n"
            "learning_rate: 0.1\n")


def test_a_billion_neurons_is_refused_before_names_are_made(tmp_path):
    r, took = _run_limited(tmp_path, _net(1, 1_000_000_000) + "sample: {input: [1], target: [1]}\n")
    assert r.returncode == 2 and "memory" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert "layers" in r.stderr and took < 20


def test_per_neuron_bias_matrix_is_counted(tmp_path):
    # 1-100000-1 with one bias per neuron: an n×n bias matrix of 74.5 GiB
    r, took = _run_limited(tmp_path, _net(1, 100_000, ", bias: {init: zeros}")
                           + "sample: {input: [1], target: [1]}\n")
    assert r.returncode == 2 and "memory" in r.stderr and took < 20, r.stderr


def test_every_quantity_of_a_big_trace_is_refused_before_it_is_made(tmp_path):
    # fits as a network and as a trace's arrays under 1 GiB, not as 1.4 million records
    # with their formulas (a CSV asks for every one)
    r, took = _run_limited(tmp_path, _net(1, 600) .replace("neurons: 1,", "neurons: 600,")
                           + "sample: {input: [1], target: " + str([0.5] * 600) + "}\n",
                           "step", "--format", "csv")
    assert r.returncode == 2 and "trace" in r.stderr and took < 30, r.stderr
    assert "quantities" in r.stderr and r.stdout == ""


def test_builtin_n_is_bounded(tmp_path):
    text = _net(1, 2) + "data: {builtin: cubic, n: 10000000000}\n"
    r, took = _run_limited(tmp_path, text, "train", "--epochs", "1")
    assert r.returncode == 2 and "samples" in r.stderr and took < 20, r.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_csv_data_must_be_a_regular_file(run, write, tmp_path, special):
    if special == "fifo":
        special = tmp_path / "fifo"
        os.mkfifo(special)
    res = run("step", write(_net(1, 2) + f"data: {{csv: {special}, input: [x], target: [y]}}\n"))
    assert res.exit_code == 2 and "not a regular file" in res.stderr


def test_csv_field_over_the_limit(run, write, tmp_path):
    (tmp_path / "d.csv").write_text("x,y\n" + "1" * 200_000 + ",1\n")
    res = run("step", write(_net(1, 2) + "data: {csv: d.csv, input: [x], target: [y]}\n"))
    assert res.exit_code == 2 and "Traceback" not in res.stderr and "d.csv" in res.stderr


def test_estimate_grows_with_the_trace():
    sizes = [100, 100, 10]
    assert guard.trace_bytes(sizes) > guard.network_bytes(sizes) > guard.BASE_BYTES
    assert guard.network_bytes([1, 1000, 1], [0, 0]) < guard.network_bytes([1, 1000, 1], [1000, 0])


def test_estimate_is_within_2x_of_the_measured_peak(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "bench_memory", os.path.join(os.path.dirname(__file__), "..", "bench", "bench_memory.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "n150.yaml"
    path.write_text(bench.config(150))
    measured = bench.peak(path)
    estimate = guard.trace_bytes([150, 150, 10], [150, 10])
    assert 0.5 < estimate / measured < 2, (estimate, measured)


# --- config and answer files: refused by their size before they are read (issue 26) ----------
def _sparse(path, size):
    with open(path, "wb") as fh:
        fh.truncate(size)                  # no disk used, st_size says it
    return path


def test_a_huge_config_is_refused_by_its_size_before_it_is_read(run, tmp_path):
    from bptrace.config.yamlsource import MAX_SOURCE
    for size in (100 * 2**30, MAX_SOURCE + 1):
        r = run("step", _sparse(tmp_path / "big.yaml", size))
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert "at most 64 MiB" in r.stderr and "big.yaml" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_a_huge_answer_file_is_refused_and_a_class_folder_graded_without_it(run, tmp_path):
    big = _sparse(tmp_path / "answers-x.yaml", 3 * 2**30)
    r = run("check", "mazur", "--expect", big)
    assert r.exit_code == 2 and "at most 64 MiB" in r.stderr and "Traceback" not in r.output
    (tmp_path / "answers-y.yaml").write_text("out.o1: 0.75136507\n")
    start = time.monotonic()
    r = run("check", "mazur", "--expect", tmp_path, "--format", "csv")
    assert time.monotonic() - start < 30 and "Traceback" not in r.output
    assert "answers-x" in r.stdout and "64 MiB" in r.stdout and "answers-y" in r.stdout


def test_standard_input_is_read_no_further_than_the_limit(monkeypatch):
    import io
    from bptrace.config import yamlsource as source
    from bptrace.errors import BadInput
    monkeypatch.setattr(source, "MAX_SOURCE", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# x\n" * 10_000)))
    with pytest.raises(BadInput, match="at most"):
        source.read_stdin()

def test_perceptron_with_a_huge_input_count_is_refused_at_once(tmp_path):
    r, seconds = _run_limited(tmp_path, "inputs: 100000000000\ndata: [[[1, 0], 1]]\n", "perceptron")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "line 1" in r.stderr and "memory" in r.stderr and seconds < 20
