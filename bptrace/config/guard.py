"""The memory guard: refuse a network too large for this machine before allocating it."""

from __future__ import annotations

import os

from bptrace.config.yamlsource import Node

BYTES_PER_PARAMETER = 256    # arrays, names and trace entries of one parameter, generously


def available_memory() -> int | None:
    """Bytes of memory available now, or None where the system does not say."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_size(sizes: list[int], node: Node) -> None:
    """Refuse a network of these layer sizes (inputs first) where it would not fit."""
    count = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))
    need = count * BYTES_PER_PARAMETER
    avail = available_memory()
    if avail is not None and need > avail:
        raise node.error(f"this network has {count:,} parameters and would need about "
                         f"{_gib(need)} of memory; this machine has {_gib(avail)} available.")


def _gib(n: int) -> str:
    return f"{n / 2**30:,.1f} GiB"
