"""How far a long computation has got: the record the engine hands to a callback (the
diagnosis's variants, compare's trainings). The engine never prints; the command line turns
these records into a bar on stderr."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class Progress:
    stage: str          # what is being done: "variants", "pairs", "trainings", "students"
    done: int           # finished so far in this stage
    total: int          # in this stage


Callback = Optional[Callable[[Progress], None]]


def tell(callback: Callback, stage: str, done: int, total: int) -> None:
    """Call the callback (if any) with a Progress record."""
    if callback is not None:
        callback(Progress(stage, done, total))
