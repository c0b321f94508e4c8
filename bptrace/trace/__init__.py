"""The trace of one step: every scalar of the forward pass, the backward pass and the update
as plain data, in sections (:data:`SECTIONS`).

- :mod:`~bptrace.trace.quantity`: the records (Quantity, ParamInfo, LayerInfo, Trace,
  BatchTrace, Phrase) and the section names;
- :mod:`~bptrace.trace.store`: how a trace keeps its numbers — arrays with keys by rule, a
  Quantity made only when asked for (:mod:`~bptrace.config.edgenames`: a layer's edges as arrays);
- :mod:`~bptrace.trace.build`: :func:`build_trace`, from a network, a sample and η (the
  forward pass and the loss; :mod:`~bptrace.trace.backward` the rest); :func:`step_values`,
  the same step's values alone;
- :mod:`~bptrace.trace.build`: :func:`build_batch_trace`, several samples and one mean update;
- :mod:`~bptrace.trace.build`: :func:`traces`, a hand-rounded trace beside the exact one;
- :mod:`~bptrace.trace.views`: matrix/Jacobian views, summaries (:func:`stats`), :func:`drift`.

Readers import the records and views without numpy; the builders (which need the maths,
hence numpy) are loaded when first asked for.
"""

from __future__ import annotations

from bptrace.trace.quantity import (PASS_SECTIONS, RESULT_SECTIONS, SECTIONS, BatchTrace,
                                    LayerInfo, ParamInfo, Phrase, Quantity, Trace)
from bptrace.trace.views import DriftRow, LayerMatrices, Range, drift, matrix_view, stats

__all__ = ["SECTIONS", "PASS_SECTIONS", "RESULT_SECTIONS", "BatchTrace", "LayerInfo", "ParamInfo", "Phrase",
           "Quantity", "Trace", "DriftRow", "LayerMatrices", "Range", "drift", "matrix_view",
           "stats", "build_trace", "build_batch_trace", "Traces", "traces", "hand_values",
           "step_values"]

_BUILDERS = {"build_trace": "bptrace.trace.build", "build_batch_trace": "bptrace.trace.build",
             "Traces": "bptrace.trace.build", "traces": "bptrace.trace.build",
             "hand_values": "bptrace.trace.build", "step_values": "bptrace.trace.build"}


def __getattr__(name: str):
    if name in _BUILDERS:
        import importlib
        return getattr(importlib.import_module(_BUILDERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
