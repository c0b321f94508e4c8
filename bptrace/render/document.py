"""Documents for the classroom: a worked solution in Markdown (:mod:`bptrace.render.markdown`)
and a handout in LaTeX (:mod:`bptrace.render.latex`), under one name for their callers."""

from __future__ import annotations

from bptrace.render.latex import check_latex, exercise_latex, tex_name, tex_text, to_latex
from bptrace.render.latex_step import step_latex
from bptrace.render.latex_views import view_latex
from bptrace.render.markdown import (check_markdown, exercise_markdown, md, perceptron_markdown,
                                     step_markdown, train_markdown, view_markdown)

__all__ = ["check_latex", "check_markdown", "exercise_latex", "exercise_markdown", "md",
           "perceptron_markdown", "step_latex", "step_markdown", "tex_name", "tex_text",
           "to_latex", "train_markdown", "view_latex", "view_markdown"]
