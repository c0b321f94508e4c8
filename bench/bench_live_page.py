"""The live page in headless Chromium (the DevTools protocol, as tests/test_live_page.py):
the time from an edit of w5 on Mazur's page to every number recomputed and the next frame
painted, against one frame at 60 Hz (16.7 ms, the goal); 1,000 epochs of the XOR example
trained on the page, against `bptrace train xor --epochs 1000` as a process (the goal is
≤ 1 s); Mazur's page's size against the static page of step --format markdown and the
goal of 150 KB; and a step too big for a live page (N-N-10, by default 40-40-10, some 7,000
quantities: the page summarises it), made live here all the same, the time of an edit of one
input against Mazur's and against 50 ms (the most an edit may take for such a page to be made
live).

    python bench/bench_live_page.py [--runs 30] [--big 40]   (--big 0: leave it out)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests.live.browser import Browser  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from common import big_config  # noqa: E402

FRAME_MS = 1000 / 60


def page(*args) -> str:
    return subprocess.run([sys.executable, "-m", "bptrace", *args], capture_output=True,
                          text=True, check=True).stdout


# one edit: the time to every number recomputed with style and layout done
EDIT = ("(function(){{var f=document.querySelector('input[data-given={name}]');"
        "var t0=performance.now();f.value='{value}';"
        "f.dispatchEvent(new Event('change'));document.body.offsetHeight;"
        "return performance.now()-t0}})()")


def big_page(n: int, path: Path) -> int:
    """An n-n-10 sigmoid net's page, live although it is over the page's limit; its quantities."""
    import bptrace
    from bptrace.trace import views
    text = big_config(n)
    limit, views.PAGE_LIMIT = views.PAGE_LIMIT, 10 ** 9
    try:
        step = bptrace.step(bptrace.load(text))
        path.write_text(step.html(), encoding="utf-8")
    finally:
        views.PAGE_LIMIT = limit
    return len(step.trace)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--big", type=int, default=40, help="N of an N-N-10 net made live (0: none)")
    args = ap.parse_args()
    runs = args.runs
    d = Path(tempfile.mkdtemp())
    mazur, xor = d / "mazur.html", d / "xor.html"
    mazur.write_text(page("step", "--format", "html"), encoding="utf-8")
    xor.write_text(page("step", "xor", "--format", "html"), encoding="utf-8")
    size = mazur.stat().st_size
    md = len(page("step", "--format", "markdown").encode())
    b = Browser()
    try:
        b.open(mazur.as_uri())
        edits = []
        for i in range(runs):
            edits.append(b.js(
                "new Promise(function(done){var f=document.querySelector('input[data-given=w5]');"
                f"var t0=performance.now();f.value='{0.3 + i * 0.001}';f.dispatchEvent(new Event('change'));"
                "requestAnimationFrame(function(){setTimeout(function(){done(performance.now()-t0)},0)})})"))
        compute = [b.js(EDIT.format(name="w5", value=0.2 + i * 0.001)) for i in range(runs)]
        mazur_input = [b.js(EDIT.format(name="i1", value=0.2 + i * 0.001)) for i in range(runs)]
        if args.big:
            big = d / "big.html"
            quantities = big_page(args.big, big)
            b.open(big.as_uri())
            big_edit = [b.js(EDIT.format(name="x1", value=0.2 + i * 0.001))
                        for i in range(min(runs, 10))]
        b.open(xor.as_uri())
        train = [b.js("(function(){var m=JSON.parse(document.querySelector('.bp-data').textContent).model;"
                      "var t0=performance.now();document.querySelector('.bp').BPE.train(m,1000);return performance.now()-t0})()")
                 for _ in range(5)]
    finally:
        b.close()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bptrace", "train", "xor", "--epochs", "1000",
                    "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    py = (time.perf_counter() - t0) * 1000
    e_med, c_med, t_med = statistics.median(edits), statistics.median(compute), statistics.median(train)
    print(f"edit → every number recomputed, style and layout done (median of {runs}): "
          f"{c_med:.2f} ms = {c_med / FRAME_MS:.2f} × one 60 Hz frame ({FRAME_MS:.1f} ms); "
          f"→ the next frame's callback: {e_med:.2f} ms (includes waiting for the frame)")
    print(f"1,000 XOR epochs on the page (median of 5): {t_med:.0f} ms = "
          f"{t_med / py:.2f} × `bptrace train xor --epochs 1000` as a process ({py:.0f} ms); "
          f"goal ≤ 1000 ms")
    print(f"Mazur's page: {size / 1024:.1f} KB = {size / 153600:.2f} × the 150 KB goal, "
          f"{size / md:.1f} × step --format markdown ({md / 1024:.1f} KB)")
    if args.big:
        m, e = statistics.median(mazur_input), statistics.median(big_edit)
        print(f"{args.big}-{args.big}-10 made live ({quantities:,} quantities, "
              f"{big.stat().st_size / 1024 ** 2:.1f} MB): an edit of one input (median of "
              f"{len(big_edit)}) {e:.0f} ms = {e / 50:.1f} × the 50 ms a live big page may take, "
              f"{e / m:.0f} × the same edit on Mazur's page ({m:.2f} ms)")


if __name__ == "__main__":
    main()
