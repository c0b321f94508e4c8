"""The cores this process may use, and whether a second process can be forked to share the
work (check --diagnose's stack, the number texts of a large JSON): a question of the
machine, asked in one place. Nothing here computes or prints."""

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


def one_idle() -> bool:
    """:func:`can_fork`, and the load of the last minute — which counts this process
    itself — leaves a core idle."""
    if not can_fork():
        return False
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    return load < cores() - 0.5
