"""The word catalogues (bptrace/words/locale/*/LC_MESSAGES/bptrace.po): every message id has
its words in every language with the same placeholders; the .po files are well-formed as
Babel (a development tool, never needed at run time) reads them; Traditional Chinese is its
own catalogue in Taiwan usage, not a character conversion; the locale picks the language."""

import re
import string
from pathlib import Path

import pytest

from bptrace.words import language, text
from bptrace.words import LANGUAGES, LOCALE, catalogue, mo_bytes, read_po

_FIELDS = string.Formatter()
_GRAMMAR = {"s", "are"}          # English-only arguments (a plural's s, is/are)


def _fields(value: str) -> set[str]:
    return {f for _, f, _, _ in _FIELDS.parse(value) if f is not None and f != ""} | \
        ({"<positional>"} if any(f == "" for _, f, _, _ in _FIELDS.parse(value)) else set())


def test_every_message_has_every_language_with_the_same_placeholders():
    cats = {lang: catalogue(lang) for lang in LANGUAGES}
    ids = set().union(*cats.values())
    assert len(ids) > 700
    missing = {lang: sorted(ids - set(cat)) for lang, cat in cats.items() if ids - set(cat)}
    assert not missing, missing
    empty = [(lang, k) for lang, cat in cats.items() for k, v in cat.items()
             if not v.strip() and not k.endswith("\x04")]
    assert not empty, empty
    differ = []
    for k in ids:
        en = _fields(cats["en"][k])
        for lang in ("zh_CN", "zh_TW"):
            got = _fields(cats[lang][k])
            dropped_ok = k.startswith("yaml\x04")        # a detail of PyYAML's may go
            if not ((dropped_ok or en - _GRAMMAR <= got) and got <= en):
                differ.append((lang, k.replace("\x04", ": "), sorted(en), sorted(got)))
    assert not differ, differ


def test_a_template_never_breaks_formatting():
    """Every message formats (no stray brace) with its own placeholders filled."""
    broken = []
    for lang in LANGUAGES:
        for k, v in catalogue(lang).items():
            try:
                names = {f for _, f, _, _ in _FIELDS.parse(v) if f}
                v.format(*range(3), **{n: "x" for n in names})
            except (ValueError, IndexError, KeyError) as exc:
                broken.append((lang, k, str(exc)))
    assert not broken, broken


def test_babel_reads_every_catalogue_as_we_do():
    from babel.messages.pofile import read_po as babel_read
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "bptrace.po"
        with open(po, "rb") as f:
            cat = babel_read(f)
        ours = read_po(po.read_text(encoding="utf-8"))
        theirs = {(f"{m.context}\x04" if m.context else "") + m.id: m.string for m in cat if m.id}
        assert theirs == {k: v for k, v in ours.items() if k}, lang
        assert (cat.locale.language, cat.locale.territory) == tuple((lang + "_").split("_")[:2]) \
            or lang == "en"


def test_compiled_catalogue_is_what_msgfmt_writes(tmp_path):
    import gettext
    import shutil
    import subprocess
    po = LOCALE / "zh_TW" / "LC_MESSAGES" / "bptrace.po"
    ours = gettext.GNUTranslations(__import__("io").BytesIO(mo_bytes(read_po(po.read_text("utf-8")))))
    assert ours.pgettext("word", "forward") == "前向傳播"
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "x.mo"), str(po)], check=True)
        with open(tmp_path / "x.mo", "rb") as f:
            assert gettext.GNUTranslations(f)._catalog == ours._catalog


def test_traditional_chinese_is_taiwan_usage_not_a_character_table():
    tw = catalogue("zh_TW")
    joined = "\n".join(tw.values())
    for word in ("傳播", "誤差", "網路", "權重", "預設", "檔案", "資料", "活化函數", "參數"):
        assert word in joined, word
    # mainland words that a conversion table would only have re-spelt
    for word in ("網絡", "權值", "默認", "文件夾", "數據", "激活函數", "引數", "函式", "“"):
        bad = [k for k, v in tw.items() if word in v.replace("偏權值", "")
               and not (word == "引數" and k.startswith(("usage\x04", "click\x04")))   # argument
               and not re.search(r"《[^》]*" + word, v)]
        assert not bad, (word, bad[:5])
    assert "，" in joined and not re.search(r"[们这说网络权门]", joined)     # no Simplified left
    # a table's row and column are 列 and 欄 in Taiwan (行 and 列 on the mainland)
    assert text("error", "column range", "zh_TW", where="x", k=3, width=5).startswith("x：沒有第 3 欄")


@pytest.mark.parametrize("value,want", [
    ("zh_CN.UTF-8", "zh"), ("zh_SG", "zh"), ("zh-Hans", "zh"), ("zh", "zh"), ("zh_TW.UTF-8", "zh_TW"),
    ("zh_HK.Big5", "zh_TW"), ("zh-Hant-TW", "zh_TW"), ("zh_MO", "zh_TW"), ("en_US.UTF-8", "en"),
    ("C.UTF-8", "en"), ("POSIX", "en"), ("fr_FR", None), ("", None)])
def test_a_locale_picks_the_language(value, want):
    assert language(value) == want


def test_no_word_pairs_left_in_python():
    """The words room holds a loader and the catalogues, no tables of words."""
    room = Path(__file__).resolve().parent.parent / "bptrace" / "words"
    modules = sorted(p.name for p in room.rglob("*.py"))
    assert len(modules) <= 5, modules
    for p in room.rglob("*.py"):
        assert not re.search(r'\(\s*"[^"]*",\s*"[^"]*[\u4e00-\u9fff]', p.read_text("utf-8")), p


def test_a_language_is_added_by_a_catalogue_alone(tmp_path, monkeypatch, run):
    """A new language needs no code: its .po beside the others is found by its folder name."""
    import shutil
    from bptrace import words
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    po = locale / "en" / "LC_MESSAGES" / "bptrace.po"
    (locale / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "ja" / "LC_MESSAGES" / "bptrace.po").write_text(
        po.read_text("utf-8").replace('msgstr "Forward pass"', 'msgstr "順伝播"'), "utf-8")
    monkeypatch.setattr(words, "LOCALE", locale)
    monkeypatch.setattr(words, "_LOADED", {})
    assert language("ja_JP.UTF-8") == "ja"
    out = run("step", "--lang", "ja").stdout
    assert "順伝播" in out and "Loss" in out
