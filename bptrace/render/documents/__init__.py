"""Documents for the classroom: a worked solution in Markdown (:mod:`bptrace.render.documents.markdown`)
and a handout in LaTeX (:mod:`bptrace.render.documents.latex`), under one name for their callers;
the live classroom page (:mod:`bptrace.render.documents.live`) and the model of a network it
computes on (:mod:`bptrace.render.documents.live`)."""

from __future__ import annotations

from bptrace.render import envelope
from bptrace.render.documents.latex import check_latex, exercise_latex, tex_name, tex_text, to_latex
from bptrace.render.documents.latex_step import step_latex
from bptrace.render.documents.latex_views import view_latex
from bptrace.render.documents.markdown import (check_markdown, exercise_markdown, md,
                                               perceptron_markdown, step_markdown, train_markdown,
                                               view_markdown)

__all__ = ["check_latex", "check_markdown", "exercise_latex", "exercise_markdown", "md",
           "perceptron_markdown", "step_latex", "step_markdown", "tex_name", "tex_text",
           "to_latex", "train_markdown", "view_latex", "view_markdown"]


# --- Exercise sheets (bptrace.checking.exercise.Sheet records) as files and JSON.

def sheet_json(s, seed: int) -> dict:
    return envelope("exercise", seed=seed, variant=s.name, config=s.raw, blanks=s.asked,
                    shown={k: s.trace[k].value for k in s.shown},
                    answers={k: s.trace[k].value for k in s.asked})


def sheet_files(sheets, lang: str, path: str | None = None) -> list[tuple[str, str]]:
    """(file name, text) for every variant: sheet-A.md/.tex, key-A.md/.tex, exercise-A.yaml
    (the network, for step and check), answers-A.yaml (a template to fill in); ``path``'s
    chain-rule paths on the keys' pictures (a sheet's picture keeps its blanks)."""
    from bptrace.config.dump import comment_text
    from bptrace.render import documents as document
    from bptrace.render.documents.sheet_text import SheetText
    from bptrace.render.pictures import sheet_pictures
    from bptrace.render.safe import one_line
    from bptrace.words import words

    files = []
    for s in sheets:
        tr, asked, name = s.trace, s.asked, s.name
        sheet, key = sheet_pictures(s, path)        # one layout for the four documents
        text = SheetText(tr, asked, lang)           # and their texts made once
        files += [(f"sheet-{name}.md", document.exercise_markdown(tr, asked, lang=lang,
                                                                 picture=sheet, shown=s.shown,
                                                                 text=text)),
                  (f"key-{name}.md", document.exercise_markdown(tr, asked, key=True, lang=lang,
                                                               picture=key, text=text)),
                  (f"sheet-{name}.tex", document.exercise_latex(tr, asked, lang=lang,
                                                                picture=sheet, shown=s.shown,
                                                                text=text)),
                  (f"key-{name}.tex", document.exercise_latex(tr, asked, key=True, lang=lang,
                                                              picture=key, text=text)),
                  (f"exercise-{name}.yaml", s.text),
                  (f"answers-{name}.yaml",
                   f"# {comment_text(one_line(tr.title))}: {words(lang)('answers header')}\n"
                   f"sheet: exercise-{name}.yaml\n" + "".join(f"{k}: \n" for k in asked))]
    return files
