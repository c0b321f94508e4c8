"""Worker processes (compare's variants, check --diagnose's trained variants): the cores this
process may use, whether a worker can be forked, the threads of the BLAS numpy loads, and a
pool of workers that ends with this process — on an exception, Ctrl-C, SIGTERM or SIGHUP,
and when this process is killed. Nothing here computes or prints."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager


def cores() -> int:
    """The cores this process may run on (its affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a forked second process can run beside this one (Linux, two cores or more)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and cores() > 1


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_one_thread = False


def one_blas_thread() -> bool:
    """Ask the BLAS that numpy is about to load for one thread (for N processes sharing the
    cores, each with its own BLAS threads, would fight over them). Works only before numpy
    is imported; whether this process's BLAS has one thread by this request (then processes
    forked from it have one too)."""
    global _one_thread
    if not _one_thread and "numpy" not in sys.modules:
        os.environ.update({k: "1" for k in THREAD_VARIABLES})
        _one_thread = True
    return _one_thread


def has_one_blas_thread() -> bool:
    """Whether :func:`one_blas_thread` was asked in time (this process's BLAS, and that of
    every process forked from it, has one thread)."""
    return _one_thread


@contextmanager
def worker_pool(jobs: int):
    """N worker processes whose numpy uses one BLAS thread each (so the N workers and their
    BLAS threads do not fight over the cores). Where this process's BLAS was asked for one
    thread before numpy loaded (:func:`one_blas_thread`, as ``compare --jobs`` does), the workers are forked from it, ready at once; otherwise they start from a fresh
    interpreter (forkserver, else spawn) with the thread variables set, before numpy is
    imported there."""
    import multiprocessing as mp
    import warnings
    from concurrent.futures import ProcessPoolExecutor

    if has_one_blas_thread() and can_fork():
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    saved = {k: os.environ.get(k) for k in THREAD_VARIABLES}
    os.environ.update({k: "1" for k in THREAD_VARIABLES})       # (forked: "1" already)
    try:
        with warnings.catch_warnings():     # Python 3.12 warns of fork beside threads (a
            warnings.simplefilter("ignore", DeprecationWarning)    # progress bar's): the
            pool = ProcessPoolExecutor(max_workers=jobs,            # workers only compute
                                       mp_context=mp.get_context(method),
                                       initializer=worker_start, initargs=(os.getpid(),))
        with ended_with_this_process(pool):
            yield pool
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def ended_with_this_process(pool):
    """Use a process pool whose workers began with :func:`worker_start`: an exception here
    (Ctrl-C too) or SIGTERM/SIGHUP ends its workers at once, not after the work they hold;
    then the pool is shut down."""
    with _ended_by_signals():
        try:
            yield pool
        except BaseException:
            end_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP while worker processes run: this process ends as on Ctrl-C, with
    its workers (exit status 128 + the signal's number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _ended_by_signals():
    """While worker processes run, SIGTERM and SIGHUP raise :class:`Stopped` in this process
    (the main thread), so that the workers are ended before it ends — never left behind
    holding the caller's pipe open."""
    import signal
    import threading
    kinds = [getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Stopped(signum)
    old = {k: signal.signal(k, stop) for k in kinds}
    try:
        yield
    finally:
        for k, handler in old.items():
            signal.signal(k, handler)


def end_workers(pool) -> None:
    """End a pool's worker processes now (their results are no longer wanted), without
    waiting for the variants they are training."""
    for p in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            p.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def worker_start(parent: int) -> None:
    """The first thing each worker process does: end with the process that started it. Ctrl-C
    is left to that process (it ends the workers); the kernel kills the worker when its
    parent dies (Linux's PR_SET_PDEATHSIG), and a watcher thread notices where ``parent``
    (the process that made the pool) has gone — elsewhere, and where a forkserver, which
    lives as long as its workers do, started the worker — so a worker never outlives a
    killed ``compare``."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    first = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)     # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != first:
        os._exit(1)                                         # gone before the line above

    def watch():            # (a forkserver's worker: its parent lives while it does)
        while os.getppid() == first and (first == parent or _alive(parent)):
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True
