"""Every view fits 80 (and 120) columns without cutting a number or a key."""

import json
import re

import pytest
from rich.cells import cell_len

CASES = [("step", "--gradcheck"), ("step", "xor", "--batch"), ("step", "xor", "--gradcheck"),
         ("step", "--lang", "zh"), ("check", "bp-notes", "--diagnose"), ("examples",)]


def _cells(line):
    return [c.strip() for c in line.split("│")[1:-1]] if line.startswith("│") else None


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_fits_without_cutting(run, monkeypatch, width, args):
    monkeypatch.setenv("COLUMNS", str(width))
    out = run(*args).stdout
    lines = out.splitlines()
    assert all(cell_len(l) <= width for l in lines), max(lines, key=cell_len)
    assert "…" not in out
    for a, b in zip(lines, lines[1:]):                      # a number or key split over lines
        ca, cb = _cells(a), _cells(b)
        if ca and cb and len(ca) == len(cb) and not cb[0]:
            for x, y in zip(ca[1:], cb[1:]):
                assert not (re.search(r"[0-9.]$", x) and re.match(r"[0-9.]", y)), (a, b)


@pytest.mark.parametrize("width", [80, 120])
def test_batch_shows_every_key_and_value_whole(run, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("step", "xor", "--batch").stdout
    values = json.loads(run("step", "xor", "--batch", "--format", "json").stdout)["values"]
    keys = {k.split(".", 1)[1] for k in values if re.match(r"s\d\.", k)}
    for key in keys:                                        # every key whole, in its column
        assert re.search(rf"^│{re.escape(key)} +│", out, re.M), key
    assert "0.0815384143" in out and "-0.0288639701" in out
    assert values["s2.out.z1"] == pytest.approx(0.751615372, abs=1e-9)


def test_an_ascii_terminal_gets_ascii_tables():
    import io

    from bptrace import api
    from bptrace.render.safe import console
    from bptrace.render.terminal.step import step_rich

    class Ascii(io.StringIO):
        encoding = "ascii"

    out = Ascii()
    step_rich(api.step(api.load("xor")).trace, console(file=out, width=100, force_terminal=True,
                                                       highlight=False, emoji=False))
    printed = out.getvalue()
    assert "+---" in printed and "┏" not in printed and "\x1b[1m" in printed
