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


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_extras_have_floors_and_no_invented_addresses():
    import re
    project = _project()
    assert "urls" not in project                    # no public address yet: none invented
    for extra, reqs in project["optional-dependencies"].items():
        for req in reqs:
            name = re.split(r"[<>=!~\[ ]", req, 1)[0]
            if req.startswith("bptrace["):          # another extra of bptrace's, with its floors
                assert req[8:-1] in project["optional-dependencies"], req
                continue
            assert re.search(r">=\s*\d", req), f"{extra}: {req} has no floor"
            assert name != "torch" or extra == "torch", f"{extra} repeats torch"


def test_the_words_are_package_data():
    st = _setuptools()
    assert "locale/*/LC_MESSAGES/*.po" in st["package-data"]["bptrace.words"]
    assert (ROOT / "CHANGELOG.md").is_file()
    manifest = (ROOT / "MANIFEST.in").read_text()
    assert "graft docs" in manifest and "CHANGELOG.md" in manifest


@pytest.mark.slow                       # builds a wheel and an sdist: seconds, and pip
def test_the_built_packages_carry_catalogues_docs_and_notebook(tmp_path):
    import subprocess
    import tarfile
    import zipfile
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("en", "zh_CN", "zh_TW"):
        assert f"bptrace/words/locale/{lang}/LC_MESSAGES/bptrace.mo" in names
    try:
        from setuptools import build_meta
        sdist = build_meta.build_sdist(str(tmp_path))
    except Exception as exc:                # an older setuptools than the build asks for
        pytest.skip(f"cannot build an sdist here: {exc}")
    members = tarfile.open(tmp_path / sdist).getnames()
    top = members[0].split("/")[0]
    for want in ("docs/classroom.ipynb", "docs/en/index.md", "docs/zh/index.md", "CHANGELOG.md",
                 "bptrace/words/locale/zh_TW/LC_MESSAGES/bptrace.po"):
        assert f"{top}/{want}" in members, want
    assert not [m for m in members if m.endswith(".mo")]
