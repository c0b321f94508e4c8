"""Signals: Ctrl-C at any moment is one line and exit 130, never a traceback; after the
training it still lets the results and the files be written."""

import os
import signal
import subprocess
import sys
import time

import pytest


# what the installed `bptrace` script does: import the (tiny) entry module, then run it
_START = """
import sys
from bptrace.cli.launch import main
sys.argv = ["bptrace", "train", "xor", "--epochs", "200000"]
sys.stderr.write("up\\n"); sys.stderr.flush(); main()
"""


@pytest.mark.slow                                   # OS signals: CI's second step
@pytest.mark.parametrize("delay", [0.01, 0.03, 0.06, 0.1, 0.2])
def test_ctrl_c_while_starting_is_one_line(delay):
    """From the moment the entry point runs (the interpreter's own start-up is Python's)."""
    p = subprocess.Popen([sys.executable, "-c", _START],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stderr.readline() == "up\n"
    time.sleep(delay)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert "Traceback" not in err and "Aborted" not in err, err
    assert p.returncode == 130, (p.returncode, err)
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.slow                                   # OS signals: CI's second step
def test_ctrl_c_after_training_still_saves(tmp_path):
    save, log = tmp_path / "t.yaml", tmp_path / "t.csv"
    code = f"""
import sys, time
import bptrace.training.views as T
orig = T.summary
def slow(*a, **k):
    print("trained", file=sys.stderr, flush=True)
    time.sleep(1.0)
    return orig(*a, **k)
T.summary = slow
sys.argv = ["bptrace", "train", "xor", "--epochs", "5", "--save", {str(save)!r}, "--log", {str(log)!r}]
from bptrace.cli.launch import main
main()
"""
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stderr.readline() == "trained\n"
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130 and "Traceback" not in err, err
    assert "files" in err and save.is_file() and log.read_text().startswith("epoch,loss")
    assert "loss" in out


def test_full_stdout_is_a_message(tmp_path):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "bptrace", "step", "mazur"], stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=60)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == ["bptrace: cannot write the output: No space left on device."]


@pytest.mark.slow                           # a process per console encoding: CI's second step
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "gbk"])
def test_output_encoding_without_the_characters(encoding):
    r = subprocess.run([sys.executable, "-m", "bptrace", "step", "mazur"], capture_output=True,
                       env={"PYTHONIOENCODING": encoding, "PATH": "/usr/bin:/bin", "COLUMNS": "80"},
                       timeout=60)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    assert b"out.o1" in r.stdout or b"o1" in r.stdout


def _shell(line: str, tmp_path):
    """bptrace run by a shell with the redirections of ``line`` ({bp}: the command)."""
    return subprocess.run(["sh", "-c", line.format(bp=f"'{sys.executable}' -m bptrace")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_closed_stdin_is_one_line(tmp_path):
    r = _shell("{bp} step - <&-", tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines() == [
        "bptrace: <stdin>: '-' reads the config from standard input, which is closed."]


def test_closed_stdout_is_one_line(tmp_path):
    for command in ("step", "step --format json", "--help", "check mazur --lang zh"):
        r = _shell("{bp} %s >&-" % command, tmp_path)
        assert r.returncode == 1 and "Traceback" not in r.stderr, (command, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "standard output is closed" in r.stderr or "标准输出已关闭" in r.stderr


def test_closed_stdout_and_stderr_and_a_command_that_prints_nothing(tmp_path):
    r = _shell("{bp} step >&- 2>&-; echo $? >&2", tmp_path)
    assert r.stderr.strip() == "1"
    r = _shell("{bp} exercise --out sheets >&- <&-", tmp_path)
    assert r.returncode == 0 and (tmp_path / "sheets" / "answers-A.yaml").is_file(), r.stderr


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def _eof_within(stream, seconds: float) -> bool:
    """Whether every process holding the pipe's other end has closed it in time."""
    import select
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], max(0.0, end - time.monotonic()))
        if ready and not os.read(stream.fileno(), 65536):
            return True
    return False


def _end_group(p):
    """End what is left of this test's own process group (nothing, where the test passed)."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


_LONG = ["compare", "xor", "--vary", "epochs=400000,400001", "--jobs", "2"]


@pytest.mark.slow                                   # OS signals: CI's second step
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"])
def test_compare_workers_end_with_their_parent(sig):
    """A signal to compare's process alone (as a CI wrapper or `kill` sends it): it ends at
    once, its worker with it, and nothing is left holding the caller's pipe open."""
    p = subprocess.Popen([sys.executable, "-m", "bptrace", *_LONG], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _children(p.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _children(p.pid), "no worker started"
        time.sleep(1.0)                             # the variants are training
        p.send_signal(getattr(signal, sig))
        p.wait(timeout=15)
        assert _eof_within(p.stdout, 15), "a worker still holds the output open"
        err = p.stderr.read().decode()
        assert "Traceback" not in err, err
        if sig != "SIGKILL":
            assert p.returncode == 128 + getattr(signal, sig), (p.returncode, err)
            assert err.strip().splitlines() == ["bptrace: interrupted."]
    finally:
        _end_group(p)


@pytest.mark.slow                                   # OS signals: CI's second step
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forkserver")
def test_api_workers_of_a_forkserver_end_with_a_killed_caller():
    """From a notebook, numpy already loaded: the workers come from a forkserver (which
    lives as long as they do); killed, the caller takes them with it all the same."""
    code = ("import numpy, sys\nfrom bptrace import api\nprint('go', flush=True)\n"
            f"api.compare('xor', vary=['epochs=400000,400001'], jobs=2)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert p.stdout.readline() == b"go\n"
        time.sleep(4)
        p.kill()
        p.wait(timeout=15)
        assert _eof_within(p.stdout, 15), "a worker still holds the output open"
    finally:
        _end_group(p)
