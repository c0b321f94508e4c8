"""The one writer of output files: symlinks followed, special files never replaced,
mode bits kept, no temporary file left behind by a signal."""

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from bptrace.errors import BadInput
from bptrace.io.files import check_writable, write_atomic


def test_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_chain_of_links_to_a_new_file(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(tmp_path / "c")
    write_atomic(a, "x")
    assert (tmp_path / "c").read_text() == "x" and a.is_symlink() and b.is_symlink()


def test_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, "through the pipe\n")
    assert reader.communicate(timeout=10)[0] == b"through the pipe\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_null_stays_a_device(tmp_path):
    write_atomic("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(tmp_path.iterdir())


def test_full_device_is_a_clear_error():
    with pytest.raises(BadInput, match="No space left"):
        write_atomic("/dev/full", "x" * 100)


def test_directory_is_refused(tmp_path):
    with pytest.raises(BadInput, match="a directory"):
        write_atomic(tmp_path, "x")
    with pytest.raises(BadInput, match="a directory"):
        check_writable([tmp_path])


def test_mode_bits_are_kept(tmp_path):
    p = tmp_path / "saved.yaml"
    p.write_text("old")
    p.chmod(0o600)
    write_atomic(p, "new")
    assert stat.S_IMODE(p.stat().st_mode) == 0o600 and p.read_text() == "new"


def test_undecodable_name_in_text_is_written(tmp_path):
    p = tmp_path / "out.yaml"
    write_atomic(p, "# from caf\udce9.yaml\n")
    assert p.read_bytes() == b"# from caf\\udce9.yaml\n"


def test_log_to_dev_stdout_prints(run, tmp_path):
    # through the CLI in a real process, so /dev/stdout is the process's stdout
    r = subprocess.run([sys.executable, "-m", "bptrace", "train", "xor", "--epochs", "3",
                        "--format", "json", "--log", "/proc/self/fd/2"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("epoch,"), r.stderr[:200]


@pytest.mark.slow                                   # OS signals: CI's second step
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_write_leaves_no_temp_file(tmp_path, sig):
    """A writer that is signalled while its temporary file exists: the signal waits until the
    file is renamed (or removed), so the folder holds the target only."""
    code = f"""
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)   # even where started with it ignored
import bptrace.io.files as F
real_write = os.write
def slow_write(fd, data):
    if not os.isatty(fd) and fd > 2:
        sys.stdout.write("writing\\n"); sys.stdout.flush(); time.sleep(0.6)
    return real_write(fd, data)
F.os.write = slow_write
F.write_atomic({str(tmp_path / 'out.yaml')!r}, "data")
"""
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline() == "writing\n"
    p.send_signal(sig)
    p.wait(timeout=20)
    assert p.returncode != 0
    assert [f.name for f in tmp_path.iterdir()] == ["out.yaml"]
    assert (tmp_path / "out.yaml").read_text() == "data"


def _config(tmp_path, name="my.yaml"):
    from bptrace.config import examples
    p = tmp_path / name
    p.write_text(examples.text("xor"), encoding="utf-8")
    return p


@pytest.mark.parametrize("args", [
    ("train", "{in}", "--epochs", "2", "--log", "{out}"),
    ("train", "{in}", "--epochs", "2", "--plot", "{out}"),
    ("train", "{in}", "--epochs", "2", "--save", "{out}"),
    ("draw", "{in}", "-o", "{out}", "--format", "svg"),
    ("export", "{in}", "--to", "pytorch", "-o", "{out}", "--force"),
    ("compare", "{in}", "--vary", "epochs=1,2", "--plot", "{out}"),
])
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_an_output_that_is_the_input_is_refused(run, tmp_path, args, how):
    cfg = _config(tmp_path)
    before = cfg.read_bytes()
    out = {"same": cfg, "symlink": tmp_path / "link.yaml", "hardlink": tmp_path / "hard.yaml"}[how]
    if how == "symlink":
        out.symlink_to(cfg)
    elif how == "hardlink":
        os.link(cfg, out)
    res = run(*[a.replace("{in}", str(cfg)).replace("{out}", str(out)) for a in args])
    assert res.exit_code == 2, (res.exit_code, res.stderr)
    assert "never writes over" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert cfg.read_bytes() == before


def test_a_data_file_is_an_input_too(run, tmp_path):
    data = tmp_path / "xor.csv"
    data.write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    from bptrace.config import examples
    text = examples.text("xor")
    head = text[:text.index("\ndata:")] if "\ndata:" in text else text
    cfg = tmp_path / "my.yaml"
    cfg.write_text(head + "\ndata: {csv: xor.csv, input: [a, b], target: y}\n", encoding="utf-8")
    res = run("train", cfg, "--epochs", "2", "--log", data)
    assert res.exit_code == 2 and "never writes over" in res.stderr, res.stderr
    assert data.read_text().startswith("a,b,y")
