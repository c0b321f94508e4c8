"""Refresh the command outputs shown in README.md from real runs.

Every block written as

    <!-- run: bptrace step --explain w1 -->
    ```text
    …
    ```

gets the command's real output (80 columns, no colour). `| head -n N` / `| tail -n N` /
`| sed -n A,Bp` after the command keep part of it. A block written `<!-- run(torch): … -->` needs that
module: where it is not installed, the block is kept as it is and said so. Run from the repository root:

    python docs/refresh_readme.py            # rewrite the blocks
    python docs/refresh_readme.py --check    # exit 1 if any block is stale (CI)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BLOCK = re.compile(r"(<!-- run(?:\((?P<needs>\w+)\))?: (?P<cmd>.+?) -->\n```text\n)(?P<body>.*?)(?P<end>```)", re.S)


def available(module: str | None) -> bool:
    """A block written `<!-- run(torch): … -->` needs that module; without it the block is
    kept as it is (and said so), not replaced by an error message."""
    if module is None:
        return True
    import importlib.util
    return importlib.util.find_spec(module) is not None


TIMING = re.compile(r"(│ *)\d+\.\d+(│)$", re.M)


def untimed(text: str) -> str:
    """Wall-clock seconds (compare's last column) are not compared by --check."""
    return TIMING.sub(lambda m: m.group(1) + "…" + m.group(2), text)


def run(cmd: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    text = out.stdout + (out.stderr if out.returncode not in (0, 1) or not out.stdout else "")
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def main() -> int:
    path = Path("README.md")
    text = path.read_text(encoding="utf-8")
    stale: list[str] = []
    skipped: list[str] = []

    def refresh(m: re.Match) -> str:
        if not available(m.group("needs")):
            skipped.append(m.group("cmd"))
            return m.group(0)
        body = run(m.group("cmd"))
        timed = m.group("cmd").startswith("bptrace compare")
        if (untimed(body) != untimed(m.group("body"))) if timed else (body != m.group("body")):
            stale.append(m.group("cmd"))
        return m.group(1) + body + m.group("end")

    new = BLOCK.sub(refresh, text)
    count = len(BLOCK.findall(text))
    for cmd in skipped:
        print(f"kept as it is (needs a module not installed here): {cmd}", file=sys.stderr)
    if "--check" in sys.argv:
        for cmd in stale:
            print(f"stale README block: {cmd}", file=sys.stderr)
        print(f"{count - len(stale)} of {count} README blocks match a real run", file=sys.stderr)
        return 1 if stale else 0
    path.write_text(new, encoding="utf-8")
    print(f"refreshed {count} blocks ({len(stale)} changed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
