"""The cores this process may use, whether a second process can be forked to share the work
(compare's variants), and the threads of the BLAS numpy loads: questions of the machine,
asked in one place. Nothing here computes or prints."""

from __future__ import annotations

import os
import sys


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
