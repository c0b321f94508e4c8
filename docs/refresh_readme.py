"""Refresh the command outputs shown in README.md and in the docs site's pages (docs/zh/,
docs/en/) from real runs.

Every block written as

    <!-- run: bptrace step --explain w1 -->
    ```text
    …
    ```

gets the command's real output (80 columns, no colour). `| head -n N` / `| tail -n N` /
`| sed -n A,Bp` after the command keep part of it. A block written `<!-- run(torch): … -->` needs that
module: where it is not installed, the block is kept as it is and said so. A command shown on
several pages runs once; the commands run side by side (`--jobs N`, default: the machine's
cores). A command that writes a file (`printf … > /tmp/x.yaml && …`) names a file no other
block writes. Run from the repository root:

    python docs/refresh_readme.py            # rewrite the blocks
    python docs/refresh_readme.py --check    # exit 1 if any block is stale (CI)
    python docs/refresh_readme.py docs/en/commands/step.md   # only these files
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BLOCK = re.compile(r"(<!-- run(?:\((?P<needs>\w+)\))?: (?P<cmd>.+?) -->\n```text\n)(?P<body>.*?)(?P<end>```)", re.S)


def pages() -> list[Path]:
    """README.md, then every Markdown page of the docs site."""
    return [Path("README.md")] + sorted(Path("docs").rglob("*.md"))


def available(module: str | None) -> bool:
    """A block written `<!-- run(torch): … -->` needs that module; without it the block is
    kept as it is (and said so), not replaced by an error message."""
    if module is None:
        return True
    import importlib.util
    return importlib.util.find_spec(module) is not None


LAST_COLUMN = re.compile(r"[┳┃╇│┴][^┳┃╇│┴\n]*[┓┃┩│┘]$", re.M)


def untimed(text: str) -> str:
    """Wall-clock seconds (compare's last column) are not compared by --check, nor the
    column's width (a slow machine's 10.5 s widens it)."""
    return LAST_COLUMN.sub("", text)


def run(cmd: str) -> str:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("BPTRACE_")},
           "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    text = out.stdout + (out.stderr if out.returncode not in (0, 1) or not out.stdout else "")
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def jobs() -> int:
    for i, arg in enumerate(sys.argv):
        if arg == "--jobs" and i + 1 < len(sys.argv):
            return max(1, int(sys.argv[i + 1]))
        if arg.startswith("--jobs="):
            return max(1, int(arg.split("=", 1)[1]))
    return max(2, os.cpu_count() or 1)


def chosen() -> list[Path]:
    skip = {"--check", "--jobs"}
    args = [a for i, a in enumerate(sys.argv[1:], 1)
            if a not in skip and not a.startswith("--jobs=") and sys.argv[i - 1] != "--jobs"]
    return [Path(a) for a in args] if args else pages()


def main() -> int:
    files = chosen()
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    wanted: dict[str, None] = {}
    skipped: list[str] = []
    for text in texts.values():
        for m in BLOCK.finditer(text):
            if available(m.group("needs")):
                wanted.setdefault(m.group("cmd"))
            elif m.group("cmd") not in skipped:
                skipped.append(m.group("cmd"))
    # the long runs (training, comparing, diagnosing) first, so that none is left alone at the end
    order = sorted(wanted, key=lambda cmd: not re.search(r"bptrace (train|compare|verify)|--diagnose", cmd))
    with ThreadPoolExecutor(jobs()) as pool:
        outputs = dict(zip(order, pool.map(run, order)))

    stale: list[str] = []
    count = 0
    for path, text in texts.items():
        def refresh(m: re.Match) -> str:
            if m.group("cmd") not in outputs:
                return m.group(0)
            body = outputs[m.group("cmd")]
            timed = m.group("cmd").startswith("bptrace compare")
            if (untimed(body) != untimed(m.group("body"))) if timed else (body != m.group("body")):
                stale.append(f"{path}: {m.group('cmd')}")
            return m.group(1) + body + m.group("end")

        new = BLOCK.sub(refresh, text)
        count += len(BLOCK.findall(text))
        if "--check" not in sys.argv and new != text:
            path.write_text(new, encoding="utf-8")
    for cmd in skipped:
        print(f"kept as it is (needs a module not installed here): {cmd}", file=sys.stderr)
    where = f"{len(files)} files" if len(files) > 1 else str(files[0])
    if "--check" in sys.argv:
        for block in stale:
            print(f"stale block: {block}", file=sys.stderr)
        print(f"{count - len(stale)} of {count} blocks ({len(wanted)} commands) in {where} "
              f"match a real run", file=sys.stderr)
        return 1 if stale else 0
    print(f"refreshed {count} blocks in {where} ({len(stale)} changed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
