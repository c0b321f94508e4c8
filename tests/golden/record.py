"""Golden outputs: every command on every shipped config, recorded before a refactor and
compared after it ("refactors change no behaviour").

    python tests/golden/record.py            # record (overwrite tests/golden/out/)
    python tests/golden/record.py --check    # compare; exit 1 and list what changed

Each case is one command line run as a whole process at 80 columns without colour; its
stdout, stderr and exit status are stored. A deliberate change of output re-records the
affected cases in the same commit, so the diff shows exactly what changed.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "out"
CONFIGS = sorted(p.stem for p in (ROOT / "configs").glob("*.yaml"))
PERCEPTRON = sorted(p.stem for p in (ROOT / "configs" / "perceptron").glob("*.yaml"))

# configs whose training is long in their own train: section: train fewer epochs
SHORT_TRAIN = {"cubic": 300, "curve": 300, "redblue": 200, "regression": 300}


def cases() -> dict[str, str]:
    c: dict[str, str] = {}
    for name in CONFIGS:
        path = f"configs/{name}.yaml"
        for fmt in ("json", "rich", "markdown", "latex", "csv"):
            c[f"step-{name}-{fmt}"] = f"bptrace step {path} --format {fmt}"
        c[f"step-{name}-matrix"] = f"bptrace step {path} --view matrix"
        c[f"step-{name}-round4"] = f"bptrace step {path} --round 4 --format json"
        c[f"step-{name}-gradcheck"] = f"bptrace step {path} --gradcheck --format json"
        c[f"check-{name}-json"] = f"bptrace check {path} --format json"
        c[f"check-{name}-rich"] = f"bptrace check {path}"
        epochs = SHORT_TRAIN.get(name)
        extra = f" --epochs {epochs}" if epochs else ""
        c[f"train-{name}-json"] = f"bptrace train {path}{extra} --format json"
        c[f"train-{name}-rich"] = f"bptrace train {path}{extra}"
        c[f"exercise-{name}-json"] = f"bptrace exercise --from {path} --format json --seed 3"
    for name in ("mazur", "bp-notes", "xor"):
        c[f"check-{name}-diagnose-json"] = f"bptrace check configs/{name}.yaml --diagnose --format json"
        c[f"check-{name}-diagnose-rich"] = f"bptrace check configs/{name}.yaml --diagnose"
        c[f"step-{name}-explain"] = f"bptrace step configs/{name}.yaml --explain " + (
            "w1" if name != "xor" else "w_x1_y1")
        c[f"step-{name}-zh"] = f"bptrace step configs/{name}.yaml --lang zh"
    c["step-xor-batch"] = "bptrace step xor --batch"
    c["step-xor-batch-json"] = "bptrace step xor --batch --format json"
    c["step-mazur-jacobian"] = "bptrace step --view jacobian"
    c["step-softmax-jacobian"] = "bptrace step softmax --view jacobian"
    c["step-wvbc-delta"] = "bptrace step wvbc --view delta"
    c["step-wvbc-delta-latex"] = "bptrace step wvbc --view delta --format latex"
    for name in PERCEPTRON:
        for fmt in ("json", "rich", "markdown"):
            c[f"perceptron-{name}-{fmt}"] = f"bptrace perceptron configs/perceptron/{name}.yaml --format {fmt}"
    for fmt in ("json", "markdown", "latex", "yaml"):
        c[f"exercise-default-{fmt}"] = f"bptrace exercise --seed 7 --format {fmt}"
        c[f"exercise-default-{fmt}-key"] = f"bptrace exercise --seed 7 --format {fmt} --key"
    c["exercise-zh"] = "bptrace exercise --seed 7 --lang zh"
    c["compare-cubic-json"] = "bptrace compare cubic --vary 'hidden=1;2;5-5' --vary epochs=300 --format json"
    c["compare-xor-rich"] = "bptrace compare xor --vary learning_rate=0.5,1 --vary epochs=300"
    for name in CONFIGS:
        path = f"configs/{name}.yaml"
        c[f"draw-{name}-svg"] = f"bptrace draw {path}"
        c[f"draw-{name}-tikz"] = f"bptrace draw {path} --format tikz --show values,grad,new"
        c[f"draw-{name}-dot"] = f"bptrace draw {path} --format dot"
        c[f"step-{name}-html"] = f"bptrace step {path} --format html"
        c[f"export-{name}"] = f"bptrace export {path} --to pytorch"
    c["draw-mazur-path"] = "bptrace draw --path w1 --show values,err,delta"
    c["draw-mazur-zh"] = "bptrace draw --lang zh"
    c["check-mazur-html"] = "bptrace check --format html"
    for path in sorted((ROOT / "configs" / "textbooks").glob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        c[f"step-book-{path.stem}-json"] = f"bptrace step {rel} --format json"
        c[f"step-book-{path.stem}-rich"] = f"bptrace step {rel}"
        c[f"check-book-{path.stem}-diagnose"] = f"bptrace check {rel} --diagnose"
    c["examples"] = "bptrace examples"
    for name in CONFIGS:
        c[f"examples-{name}"] = f"bptrace examples {name}"
    c["help"] = "bptrace --help"
    for cmd in ("step", "train", "check", "exercise", "perceptron", "compare", "examples", "draw",
                "export", "verify", "plot"):
        c[f"help-{cmd}"] = f"bptrace {cmd} --help"
    # bptrace plot's messages (its pictures are matplotlib's bytes, which change with its
    # releases: tests/test_plot_pictures.py holds them instead)
    c["bad-plot-kind"] = "bptrace plot slise"
    c["bad-plot-param"] = "bptrace plot slice --param w55"
    c["bad-plot-same"] = "bptrace plot surface xor --params theta2_1,theta2_1 --lang zh"
    c["bad-plot-range"] = "bptrace plot activations sigmoid --range 1:nan"
    c["bad-missing-file"] = "bptrace step nonexistent.yaml"
    return c


TIMING = re.compile(r"(│ *)\d+\.\d+(│)$|(\"seconds\": )[0-9.e-]+", re.M)


def untimed(text: str) -> str:
    """Timing fields aside: wall-clock seconds in compare's table and JSON (only compare
    prints them: elsewhere a table's last column of numbers is data, compared as it is)."""
    if not text.startswith("$ bptrace compare"):
        return text
    return TIMING.sub(lambda m: (m.group(1) or m.group(3)) + "…" + (m.group(2) or ""), text)


def run(cmd: str) -> str:
    env = {**{k: v for k, v in os.environ.items()
              if not k.startswith("BPTRACE_") and k not in ("XDG_CONFIG_HOME", "LC_ALL", "LC_MESSAGES")},
           "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""), "LANG": "C.UTF-8",
           "PYTHONHASHSEED": "0"}
    p = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env, cwd=ROOT)
    return untimed(f"$ {cmd}\n--- exit {p.returncode}\n--- stdout\n{p.stdout}--- stderr\n{p.stderr}")


def main() -> int:
    check = "--check" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    todo = {k: v for k, v in cases().items() if not only or any(o in k for o in only)}
    OUT.mkdir(exist_ok=True)
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(todo, pool.map(run, todo.values())))
    bad = []
    for name, text in sorted(results.items()):
        path = OUT / f"{name}.txt"
        if check:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                bad.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if check:
        print(f"{len(results) - len(bad)} of {len(results)} golden outputs unchanged")
        for name in bad:
            print(f"  changed: {name}")
        return 1 if bad else 0
    print(f"recorded {len(results)} golden outputs in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
