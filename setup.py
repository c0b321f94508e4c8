"""The build step pyproject.toml cannot say: the word catalogues (.po) compiled to the .mo
files gettext reads, into the build (wheels) and, for an editable install, beside the .po
files. Everything else is in pyproject.toml."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _catalogue():
    """bptrace.words, loaded on its own (it imports nothing of bptrace): its compile_all."""
    spec = importlib.util.spec_from_file_location(
        "_bptrace_catalogue", HERE / "bptrace" / "words" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        catalogue = _catalogue()
        if getattr(self, "editable_mode", False):
            catalogue.compile_all()                 # beside the .po files the install links to
        else:
            catalogue.compile_all(into=Path(self.build_lib) / "bptrace" / "words" / "locale")

    def get_outputs(self, include_bytecode=True):
        root = Path(self.build_lib) / "bptrace" / "words" / "locale"
        return super().get_outputs(include_bytecode) + [
            str(root / po.relative_to(HERE / "bptrace" / "words" / "locale").with_suffix(".mo"))
            for po in (HERE / "bptrace" / "words" / "locale").glob("*/LC_MESSAGES/*.po")]


setup(cmdclass={"build_py": BuildWithCatalogues})
