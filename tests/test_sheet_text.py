"""A sheet's texts made once for its four documents write each document exactly as it is
written alone (Markdown and LaTeX, sheet and key, in English and Chinese)."""

from __future__ import annotations

import pytest

from bptrace.checking import exercise as E
from bptrace.render.documents import exercise_latex, exercise_markdown
from bptrace.render.documents.sheet_text import SheetText


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_made_once_write_every_document_as_alone(lang):
    raw, traced = E.draw_traced(3, 1, [2, 3, 2], "tanh", "mse", title="T")
    s = E.sheet(raw, "B", (), None, ("forward",), traced)
    text = SheetText(s.trace, s.asked, lang)
    for render in (exercise_markdown, exercise_latex):
        for key in (False, True):
            kw = {"key": key, "lang": lang, "shown": () if key else s.shown}
            assert render(s.trace, s.asked, text=text, **kw) == render(s.trace, s.asked, **kw)
    assert len(text.answers) == len(s.asked) and text.problem


def test_a_sheets_picture_is_a_copy_of_the_keys_layout_that_marks_only_itself():
    from bptrace.render.pictures import sheet_pictures
    raw, traced = E.draw_traced(7, 0, [2, 2, 2], "sigmoid", "half_sse", title="T")
    s = E.sheet(raw, "A", (), None, (), traced)
    sheet, key = sheet_pictures(s)
    assert sheet is not key and not {id(b) for b in sheet.boxes} & {id(b) for b in key.boxes}
    blanks = [n for b in sheet.boxes for n in b.numbers if n.blank is not None]
    assert blanks and not [n for b in key.boxes for n in b.numbers if n.blank is not None]
