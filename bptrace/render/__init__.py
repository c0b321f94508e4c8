"""Renderers: records (traces, checks, training reports) → text. They format; they never
compute.

- :mod:`~bptrace.render.text`: numbers, substituted formulas, symbols, words of a quantity;
- :mod:`~bptrace.render.data.json`, :mod:`~bptrace.render.data.reports`: the machine-readable forms;
- :mod:`~bptrace.render.terminal.step`: a step as Rich tables; :mod:`~bptrace.render.terminal.reports`:
  train, check, compare, perceptron and grading reports; :mod:`~bptrace.render.terminal.charts`:
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
