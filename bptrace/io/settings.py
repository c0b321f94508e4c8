"""The user's own defaults: a settings file in the platform's config folder
(``~/.config/bptrace/settings.yaml`` on Linux, ``~/Library/Application Support/bptrace`` on
macOS, ``%APPDATA%\\bptrace`` on Windows; ``BPTRACE_CONFIG_DIR`` moves it) with a language,
the digits shown and a teacher's own terms::

    lang: zh_TW
    digits: 6
    terms: {校对误差: 灵敏度}

An option beats the environment variable (BPTRACE_LANG, BPTRACE_DIGITS), the variable beats
this file. A file that cannot be read is bad input naming it; loading never prints."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bptrace.words import Lang, language, locale_lang


@dataclass(frozen=True)
class Settings:
    lang: str | None = None
    digits: int | None = None
    terms: dict = field(default_factory=dict)


def settings_dir() -> Path:
    """The platform's config folder for bptrace (click's rule: XDG on Linux, Application
    Support on macOS, APPDATA on Windows)."""
    return _place()[0]


def settings_path() -> Path:
    return _place()[1]


# the variables the folder depends on (click's rule)
_ENV = ("BPTRACE_CONFIG_DIR",) + (("APPDATA", "LOCALAPPDATA", "USERPROFILE")
                                  if os.name == "nt" else ("XDG_CONFIG_HOME", "HOME"))
_PLACES: dict = {}


def _place() -> tuple[Path, Path]:
    """(the folder, the settings file), found once for the variables they depend on."""
    key = tuple(map(os.environ.get, _ENV))
    if key not in _PLACES:
        if key[0]:
            folder = Path(key[0])
        else:
            import click
            folder = Path(click.get_app_dir("bptrace"))
        _PLACES[key] = folder, folder / "settings.yaml"
    return _PLACES[key]


_CACHE: dict = {}


def user_settings() -> Settings:
    """The settings file's contents (empty where there is none)."""
    path = settings_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Settings()
    if _CACHE.get("key") == (path, stamp):
        return _CACHE["value"]
    value = _read(path)
    _CACHE.update(key=(path, stamp), value=value)
    return value


def _read(path: Path) -> Settings:
    from bptrace.errors import BadInput
    from bptrace.words import language
    from bptrace.words.messages import os_reason
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadInput(key="cannot read", args={"why": os_reason(exc)}, file=str(path)) from None
    except (UnicodeDecodeError, yaml.YAMLError):
        raise BadInput(key="settings form", file=str(path)) from None
    if data is None:
        return Settings()
    if not isinstance(data, dict) or set(data) - {"lang", "digits", "terms"}:
        raise BadInput(key="settings form", file=str(path))
    lang = data.get("lang")
    if lang is not None and language(str(lang)) is None:
        raise BadInput(key="settings lang", args={"value": str(lang)}, file=str(path))
    digits = data.get("digits")
    if digits is not None and (type(digits) is not int or not 1 <= digits <= 17):
        raise BadInput(key="settings digits", args={"value": str(digits)}, file=str(path))
    terms = terms_of(data.get("terms"))
    if terms is None:
        raise BadInput(key="terms form", file=str(path))
    return Settings(language(str(lang)) if lang is not None else None, digits, terms)


def terms_of(value) -> dict | None:
    """A ``terms:`` mapping {old: new} of texts (None where it is not one)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and k and isinstance(v, str)
                                              for k, v in value.items()):
        return None
    return dict(value)


def env_digits() -> int | None:
    """BPTRACE_DIGITS, where it is a whole number 1–17 (bad input otherwise)."""
    raw = os.environ.get("BPTRACE_DIGITS", "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        n = 0
    if not 1 <= n <= 17:
        from bptrace.errors import BadInput
        raise BadInput(key="env digits", args={"value": raw})
    return n


def default_digits() -> int | None:
    """The digits when no --digits is given: BPTRACE_DIGITS, else the settings file."""
    return env_digits() or user_settings().digits


# --- The language to write in, from the option, BPTRACE_LANG, this file and the locale

def default_lang() -> str:
    """The language when no --lang (or ``lang=``) is given: BPTRACE_LANG, else the user's
    settings file, else the locale (an option beats the variable, the variable the file)."""
    env = language(os.environ.get("BPTRACE_LANG", ""))
    if env:
        return env
    mine = _settings_or_none()          # a bad file: said once where a command starts
    return (mine.lang if mine is not None else None) or locale_lang()


def _settings_or_none() -> Settings | None:
    from bptrace.errors import BadInput
    try:
        return user_settings()
    except BadInput:
        return None


def resolve(lang: str | None = None, terms: dict | None = None) -> Lang:
    """The language to write in: ``lang`` in any spelling (None: :func:`default_lang`), with
    the terms of the user's settings file and then ``terms`` (a config's) applied."""
    from bptrace.errors import BadInput
    code = language(str(lang)) if lang is not None else None
    if lang is not None and code is None:
        raise BadInput(key="use one of", args={"option": "lang", "value": str(lang),
                                               "known": ["en", "zh", "zh_CN", "zh_TW"]})
    if code is None:
        code = default_lang()
    mine = _settings_or_none()          # (read once: the file's stamp is kept)
    return Lang(code, {**(mine.terms if mine is not None else {}),
                       **(getattr(lang, "terms", None) or {}), **(terms or {})})
