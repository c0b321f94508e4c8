"""Refresh the command outputs shown in README.md from real runs.

Every block written as

    <!-- run: bptrace step --explain w1 -->
    ```text
    …
    ```

gets the command's real output (80 columns, no colour). `| head -n N` / `| tail -n N` /
`| sed -n A,Bp` after the command keep part of it. Run from the repository root:

    python docs/refresh_readme.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BLOCK = re.compile(r"(<!-- run: (?P<cmd>.+?) -->\n```text\n)(?P<body>.*?)(```)", re.S)


def run(cmd: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    text = out.stdout + (out.stderr if out.returncode not in (0, 1) or not out.stdout else "")
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def main() -> None:
    path = Path("README.md")
    text = path.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: m.group(1) + run(m.group("cmd")) + m.group(4), text)
    path.write_text(new, encoding="utf-8")
    print(f"refreshed {len(BLOCK.findall(text))} blocks", file=sys.stderr)


if __name__ == "__main__":
    main()
