"""Renderers: records (traces, checks, training reports) → text. They format; they never
compute.

- :mod:`~bptrace.render.text`: numbers, substituted formulas, symbols, words of a quantity;
- :mod:`~bptrace.render.data.json`, :mod:`~bptrace.render.data.reports`: the machine-readable forms;
- :mod:`~bptrace.render.terminal.step`: a step as Rich tables; :mod:`~bptrace.render.terminal.reports`:
  train, check, compare, perceptron and grading reports; :mod:`~bptrace.render.terminal.tables`:
  text charts;
- :mod:`~bptrace.render.documents.markdown`, :mod:`~bptrace.render.documents.latex` (both also through
  :mod:`~bptrace.render.documents`): handouts; :mod:`~bptrace.render.pictures.plots`: matplotlib.

This face re-exports the helpers callers import from ``bptrace.render``.
"""

from __future__ import annotations

# name → its module, loaded when the name is first asked for (a step drawn in the terminal
# needs neither the JSON nor the CSV writer)
_FROM = {"history_csv": "data.reports", "step_csv": "data.reports", **dict.fromkeys(
    ("BIG_JSON", "checks_json", "dumps", "gradcheck_json", "jacobian_json", "matrix_json",
     "network_json", "step_json"), "data.json"), "train_json": "data.reports", **dict.fromkeys(
    ("boundary_text", "check_note", "check_summary", "explanation", "fmt", "formula_text",
     "gradcheck_summary", "headline", "layer_label", "note_text", "substituted", "symbol",
     "text_blocks"), "text")}


def __getattr__(name: str):
    if name == "SECTIONS":
        from bptrace.trace.quantity import SECTIONS
        return SECTIONS
    if name in _FROM:
        import importlib
        return getattr(importlib.import_module(f"bptrace.render.{_FROM[name]}"), name)
    raise AttributeError(f"module 'bptrace.render' has no attribute {name!r}")


__all__ = ["BIG_JSON", "SECTIONS", "boundary_text", "check_note", "check_summary", "checks_json",
           "dumps", "explanation", "fmt", "formula_text",
           "gradcheck_json", "gradcheck_summary", "headline", "history_csv", "jacobian_json",
           "layer_label", "matrix_json", "network_json", "note_text", "step_csv", "step_json",
           "substituted", "symbol", "text_blocks", "train_json"]


# --- What every command's output shares: the JSON object's envelope, CSV text, and the
# architecture line. Formatting only.

def envelope(command: str, **fields) -> dict:
    """The JSON object every command prints: {"bptrace": version, "command": …, fields…}
    (in this order: the output is byte-stable)."""
    from bptrace import __version__
    return {"bptrace": __version__, "command": command, **fields}


def json_text(obj) -> str:
    from bptrace.render.data.json import dumps
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
    from bptrace.render.data.json import gradcheck_json
    return {**gradcheck_json(gradcheck),
            "numeric": {f"numeric.grad.{n}": r[1] for n, r in gradcheck[2].items()},
            **({"difference_quotients": {n: {"h": h, "E_plus": ep, "E_minus": em}
                                         for n, (h, ep, em) in gradcheck.quotients.items()}}
               if getattr(gradcheck, "quotients", None) else {})}
