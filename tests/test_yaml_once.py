"""A YAML text that cannot nest deeper than the limit is read in one pass, with the same
errors, in the same order, as the depth pass and the reading together give."""

from __future__ import annotations

import pytest

from bptrace.config import yamlsource
from bptrace.config.yamlsource import MAX_DEPTH, _shallow, parse_yaml
from bptrace.errors import BadInput


def _error(text: str) -> tuple:
    with pytest.raises(BadInput) as got:
        yamlsource._parse_yaml(text)
    return got.value.key, got.value.line, str(got.value)


def test_only_texts_that_cannot_nest_deeper_than_the_limit_skip_the_depth_pass(monkeypatch):
    assert _shallow("sheet: exercise-A.yaml\nnet.h1: 0.1411\nout.h1: -0.532\n")
    assert not _shallow("[" * (MAX_DEPTH + 1))
    deep = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 2))
    assert not _shallow(deep)
    assert _error(deep)[:2] == ("yaml deep", MAX_DEPTH + 1)
    passes = []
    monkeypatch.setattr(yamlsource, "_check_depth", lambda text: passes.append(text))
    yamlsource._parse_yaml("net.h1: 0.1411\n")
    assert passes == []


@pytest.mark.parametrize("text, line, words", [
    ("a: *nope\nb: [1, 2\n", 3, "expected ','"),        # the syntax error, not the alias first
    ("a: 1\n---\nb: [\n", 4, "expected node content"),  # in a second document: still the syntax
    ("a: 1\n---\nb: 2\n", 2, "another document"),
    ("a: *x\n", 1, "undefined alias"),
])
def test_a_shallow_texts_error_is_the_one_the_depth_pass_met_first(text, line, words):
    assert _shallow(text)
    key, at, message = _error(text)
    assert (key, at) == ("yaml invalid", line) and words in message
