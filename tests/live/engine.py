"""Running the live page's engine under Node on a batch of jobs (one process for all)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import bptrace

ENGINE = Path(bptrace.__file__).parent / "render" / "documents" / "page" / "engine.js"
RUNNER = Path(__file__).parent / "runner.js"
NODE = shutil.which("node")


def run_jobs(jobs: list[dict]) -> list[dict]:
    done = subprocess.run([NODE, str(RUNNER), str(ENGINE)], input=json.dumps(jobs),
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout)


def close(a: float, b, rel: float = 1e-12, slack: float = 0.0) -> bool:
    """Equal to ``rel`` relative; ``slack``: the float residue of an exact 0 the value may
    carry (the trace's own bound), beside it."""
    if isinstance(b, str):
        b = float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    # relative to the larger; a value that cancels to ~0 compares against its operands' scale
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300) or abs(a - b) <= slack
