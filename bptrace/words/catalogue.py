"""The word catalogues: gettext ``.po`` files (``locale/<lang>/LC_MESSAGES/bptrace.po``),
compiled to ``.mo`` when the package is built and read with the standard library's
:mod:`gettext`. A ``.mo`` that is missing or older than its ``.po`` (a source checkout, an
edited catalogue) is compiled from the ``.po`` when first needed — in memory, and kept beside
the ``.po`` where that folder is writable. Nothing here knows a word; standard library only
(the build step imports this file on its own)."""

from __future__ import annotations

import ast
import gettext
import io
import struct
from pathlib import Path

DOMAIN = "bptrace"
LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = tuple(sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def read_po(text: str) -> dict[str, str]:
    """A ``.po`` file's messages: {"context\\x04msgid": msgstr} ("" for the header), as
    GNU gettext keys them. Reads what msgfmt writes and reads: comments, msgctxt, msgid,
    msgstr, strings continued on the following lines."""
    found: dict[str, str] = {}
    entry: dict[str, str] = {}
    field = None

    def flush():
        if "msgid" in entry:
            key = entry["msgid"]
            if "msgctxt" in entry:
                key = f"{entry['msgctxt']}\x04{key}"
            found[key] = entry.get("msgstr", "")
        entry.clear()

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"line {n}: a string outside an entry")
            entry[field] += ast.literal_eval(line)
            continue
        word, _, rest = line.partition(" ")
        if word not in ("msgctxt", "msgid", "msgstr"):
            raise ValueError(f"line {n}: unknown keyword {word!r}")
        if word in ("msgctxt", "msgid") and ("msgstr" in entry or word in entry):
            flush()
        field = word
        entry[field] = ast.literal_eval(rest.strip())
    flush()
    return found


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU ``.mo`` image of {key: msgstr} (the layout msgfmt writes, without hashing)."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, blob = [], [], b""
    for data, table in ((ids, id_table), (strs, str_table)):
        for item in data:
            table.append((len(item), start + len(blob)))
            blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    for length, offset in id_table + str_table:
        out += struct.pack("<2I", length, offset)
    return out + blob


def compile_all(root: Path = LOCALE, into: Path | None = None) -> list[Path]:
    """Every ``.po`` under ``root`` compiled to its ``.mo`` (under ``into``, same layout)."""
    written = []
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = (into or root) / po.relative_to(root).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(mo_bytes(read_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written


_LOADED: dict[str, gettext.GNUTranslations] = {}


def translations(lang: str) -> gettext.GNUTranslations:
    """The catalogue of one of :data:`LANGUAGES`, read with :mod:`gettext`."""
    got = _LOADED.get(lang)
    if got is None:
        if lang != "en" and not (LOCALE / lang / "LC_MESSAGES").is_dir():
            return translations("en")
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with open(mo, "rb") as f:
                got = gettext.GNUTranslations(f)
        else:
            data = mo_bytes(read_po(po.read_text(encoding="utf-8")))
            try:                                    # kept for next time where it can be
                mo.write_bytes(data)
            except OSError:
                pass
            got = gettext.GNUTranslations(io.BytesIO(data))
        _LOADED[lang] = got
    return got


def messages(lang: str) -> dict[str, str]:
    """A catalogue's messages by "context\\x04msgid" (the header left out)."""
    return {k: v for k, v in translations(lang)._catalog.items() if k and isinstance(k, str)}
