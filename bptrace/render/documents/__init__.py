"""Documents for the classroom: a worked solution in Markdown (:mod:`bptrace.render.documents.markdown`)
and a handout in LaTeX (:mod:`bptrace.render.documents.latex`), under one name for their callers."""

from __future__ import annotations

from bptrace.render.documents.latex import check_latex, exercise_latex, tex_name, tex_text, to_latex
from bptrace.render.documents.latex_step import step_latex
from bptrace.render.documents.latex_views import view_latex
from bptrace.render.documents.markdown import (check_markdown, exercise_markdown, md, perceptron_markdown, step_markdown, train_markdown, view_markdown)

__all__ = ["check_latex", "check_markdown", "exercise_latex", "exercise_markdown", "md",
           "perceptron_markdown", "step_latex", "step_markdown", "tex_name", "tex_text",
           "to_latex", "train_markdown", "view_latex", "view_markdown"]
