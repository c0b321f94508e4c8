"""The live page in headless Chromium (the DevTools protocol, as tests/test_live_page.py):
the time from an edit of w5 on Mazur's page to every number recomputed and the next frame
painted, against one frame at 60 Hz (16.7 ms, the goal); 1,000 epochs of the XOR example
trained on the page, against `bptrace train xor --epochs 1000` as a process (the goal is
≤ 1 s); Mazur's page's size against the static page of step --format markdown and the
goal of 150 KB.

    python bench/bench_live_page.py [--runs 30]
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

FRAME_MS = 1000 / 60


def page(*args) -> str:
    return subprocess.run([sys.executable, "-m", "bptrace", *args], capture_output=True,
                          text=True, check=True).stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    runs = ap.parse_args().runs
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
        compute = [b.js("(function(){var f=document.querySelector('input[data-given=w5]');"
                        f"var t0=performance.now();f.value='{0.2 + i * 0.001}';"
                        "f.dispatchEvent(new Event('change'));document.body.offsetHeight;"
                        "return performance.now()-t0})()")
                   for i in range(runs)]
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


if __name__ == "__main__":
    main()
