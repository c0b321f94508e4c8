"""The installed package is the source tree: every sub-package and every shipped config is
listed in pyproject.toml, so a regular (non-editable) install has them all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed():
    listed = set(_setuptools()["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "bptrace").rglob("__init__.py")}
    assert found - listed == set()


def test_every_config_folder_is_listed_with_its_yaml():
    st = _setuptools()
    folders = {p.parent for p in (ROOT / "configs").rglob("*.yaml")}
    for folder in folders:
        name = ".".join(("bptrace", "configs") + folder.relative_to(ROOT / "configs").parts)
        assert name in st["packages"], name
        assert "*.yaml" in st["package-data"][name], name
