"""The docs' screenshots of the live page, in Chinese (docs/live-*.png), taken in headless
Chromium: a changed weight, practice with a named mistake, training.

    python docs/live_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from tests.live.browser import Browser  # noqa: E402


def page(name: str) -> str:
    d = Path(tempfile.mkdtemp())
    p = d / f"{name}.html"
    p.write_text(subprocess.run([sys.executable, "-m", "bptrace", "step", name, "--format", "html",
                                 "--lang", "zh"], capture_output=True, text=True, check=True).stdout,
                 encoding="utf-8")
    return p.as_uri()


def main() -> None:
    mazur, xor = page("mazur"), page("xor")
    b = Browser()
    try:
        b.open(mazur + "#w5=0.1&net.o1")
        b.screenshot(str(HERE / "live-edit.png"))
        b.open(mazur + "#practice&answer.out.h1=0.5933&answer.err.o1=-0.7414&answer.dout.o1=0.1868"
               "&answer.delta.o1=0.7414")
        b.js("window.scrollTo(0, document.querySelector('tr[data-key=\"err.o1\"]').getBoundingClientRect().top"
             " + window.scrollY - 260); 1")
        time.sleep(0.2)
        b.screenshot(str(HERE / "live-practice.png"))
        b.open(xor + "#train=1000")
        time.sleep(0.5)
        b.js("window.scrollTo(0, document.querySelector('.bp-train').getBoundingClientRect().top"
             " + window.scrollY - 90); 1")
        time.sleep(0.2)
        b.screenshot(str(HERE / "live-train.png"))
    finally:
        b.close()


if __name__ == "__main__":
    main()
