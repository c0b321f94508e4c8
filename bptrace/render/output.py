"""What every command's output shares: the JSON object's envelope, CSV text, and the
architecture line. Formatting only."""

from __future__ import annotations


def envelope(command: str, **fields) -> dict:
    """The JSON object every command prints: {"bptrace": version, "command": …, fields…}
    (in this order: the output is byte-stable)."""
    from bptrace import __version__
    return {"bptrace": __version__, "command": command, **fields}


def json_text(obj) -> str:
    from bptrace.render import dumps
    return dumps(obj)


def csv_text(header: list[str], rows) -> str:
    """CSV with a header row, '\\n' line ends; cells made safe for spreadsheets."""
    from bptrace.render.safe import csv_text as safe_csv
    return safe_csv(header, rows)


def architecture(n_inputs: int, layers: list[tuple[int, str]], lang: str) -> str:
    """'2 inputs → 2 sigmoid → 2 sigmoid': the inputs, then every layer's size and activation."""
    from bptrace.words import words
    return " → ".join([f"{n_inputs} {words(lang)('inputs')}"] +
                      [f"{size} {activation}" for size, activation in layers])


def gradcheck_fields(gradcheck) -> dict:
    """The JSON fields of a gradient check: its summary and every numeric.grad.* estimate."""
    from bptrace.render import gradcheck_json
    return {**gradcheck_json(gradcheck),
            "numeric": {f"numeric.grad.{n}": r[1] for n, r in gradcheck[2].items()},
            **({"difference_quotients": {n: {"h": h, "E_plus": ep, "E_minus": em}
                                         for n, (h, ep, em) in gradcheck.quotients.items()}}
               if getattr(gradcheck, "quotients", None) else {})}
