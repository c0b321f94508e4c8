"""Renderers: records (traces, checks, training reports) → text. They format; they never
compute.

- :mod:`~bptrace.render.text`: numbers, substituted formulas, symbols, words of a quantity;
- :mod:`~bptrace.render.json`, :mod:`~bptrace.render.csv`: the machine-readable forms;
- :mod:`~bptrace.render.terminal`: a step as Rich tables; :mod:`~bptrace.render.reports`:
  train, check, compare, perceptron and grading reports; :mod:`~bptrace.render.charts`:
  text charts;
- :mod:`~bptrace.render.markdown`, :mod:`~bptrace.render.latex` (both also through
  :mod:`~bptrace.render.document`): handouts; :mod:`~bptrace.render.plots`: matplotlib.

This face re-exports the helpers callers import from ``bptrace.render``.
"""

from __future__ import annotations

from bptrace.render.csv import history_csv, step_csv
from bptrace.render.json import (BIG_JSON, checks_json, dumps, gradcheck_json,
                                 jacobian_json, matrix_json, network_json, step_json, train_json)
from bptrace.render.text import (boundary_text, check_note, check_summary, explanation,
                                 fmt, formula_text, gradcheck_summary,
                                 headline, layer_label, note_text, substituted, symbol,
                                 text_blocks)
from bptrace.trace.quantity import SECTIONS

__all__ = ["BIG_JSON", "SECTIONS", "boundary_text", "check_note", "check_summary", "checks_json",
           "dumps", "explanation", "fmt", "formula_text",
           "gradcheck_json", "gradcheck_summary", "headline", "history_csv", "jacobian_json",
           "layer_label", "matrix_json", "network_json", "note_text", "step_csv", "step_json",
           "substituted", "symbol", "text_blocks", "train_json"]
