"""The README and the docs site: a short README that still holds the set-up CI runs, every
command and every page in both languages, the pages in the site's navigation, and every
shown command output kept as a block that docs/refresh_readme.py checks against a real run."""

import re
import subprocess
from pathlib import Path

import yaml

from bptrace.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
RUN = re.compile(r"<!-- run(?:\(\w+\))?: (?P<cmd>.+?) -->\n```text\n(?P<body>.*?)```", re.S)


def pages(lang):
    return sorted(p.relative_to(DOCS / lang).as_posix() for p in (DOCS / lang).rglob("*.md"))


def test_readme_is_short_and_keeps_the_set_up_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300
    # CI (.ci/run) runs the second one literally; the first is what a newcomer types
    assert "pip install . && bptrace step" in text
    assert "pip install '.[test]' && python -m pytest" in text
    assert "python3 -m venv .venv" in text


def test_readme_picture_and_links_are_files_of_the_repository():
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert pictures, "the README shows one picture"
    local = [t for t in targets if "://" not in t]
    assert local
    for target in local:
        assert not target.startswith("/"), target                      # relative: works off the repository
        assert (ROOT / target).is_file(), target
    tracked = subprocess.run(["git", "ls-files", *pictures], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    if tracked or (ROOT / ".git").exists():
        assert sorted(tracked) == sorted(pictures), "the README's picture is committed"


def test_every_command_in_the_readme_table_and_with_a_page_in_both_languages():
    text = README.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"| `bptrace {name}" in text, name
        for lang in LANGS:
            page = DOCS / lang / "commands" / f"{name}.md"
            assert page.is_file(), page
            assert page.read_text(encoding="utf-8").startswith(f"# bptrace {name}"), page
            assert f"docs/{lang}/commands/{name}.md" in text, (lang, name)


def test_the_two_languages_have_the_same_pages_and_all_are_in_the_navigation():
    assert pages("zh") == pages("en")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def listed(nav):
        for item in nav:
            if isinstance(item, str):
                yield item
            else:
                for value in item.values():
                    yield from ([value] if isinstance(value, str) else listed(value))

    assert sorted(listed(config["nav"])) == pages("en")
    # the sections the other work streams move their README text into
    for page in ("grading.md", "reliability.md", "speed.md", "developers.md", "config/index.md",
                 "config/conventions.md", "course/index.md", "chinese.md", "classroom.md", "api.md"):
        assert page in pages("en"), page
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    langs = [entry["locale"] for entry in i18n["languages"]]
    assert langs[0] == "zh"                                   # Chinese first: the default


def test_each_course_document_has_its_page_named_by_its_title():
    titles = {"bp-notes.md": "BP 神经网络", "slides.md": "《神经元、感知机与 BP 神经网络》",
              "curve-fit.md": "《BP神经网络拟合非线性函数》", "derivation.md": "《BP神经网络算法推导》",
              "blog.md": "《神经网络》"}
    for lang in LANGS:
        for page, title in titles.items():
            first = (DOCS / lang / "course" / page).read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# ") and title in first, (lang, page, first)


def test_every_shown_output_is_a_filled_run_block():
    """An empty block would pass docs/refresh_readme.py --check only until it is refreshed:
    each is filled; the Chinese pages show Chinese output where the command has it."""
    for path in [README] + sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in RUN.finditer(text):
            assert m.group("body").strip(), f"{path}: {m.group('cmd')}"
    zh = [m.group("cmd") for p in (DOCS / "zh").rglob("*.md")
          for m in RUN.finditer(p.read_text(encoding="utf-8"))]
    assert sum("--lang zh" in cmd for cmd in zh) >= len(zh) // 2


def test_chinese_paragraphs_are_not_broken_across_source_lines():
    """A line break inside a paragraph shows as a space, which Chinese does not have between
    characters: the Chinese pages keep each paragraph (and list item) on one source line."""
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    block = re.compile(r"^\s*(\||#|```|<!--|- |\* |\d+\. |!\[)")
    broken = []
    for path in sorted((DOCS / "zh").rglob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        fence = False
        for n, (line, after) in enumerate(zip(lines, lines[1:] + [""]), 1):
            if line.startswith("```"):
                fence = not fence
            if fence or not line.strip() or not after.strip() or block.match(line) or block.match(after):
                continue
            if cjk.match(line.rstrip()[-1]) or cjk.match(after.strip()[0]):
                broken.append(f"{path.relative_to(DOCS)}:{n}")
    assert not broken, broken


def test_the_output_check_covers_the_readme_and_every_page(monkeypatch):
    """`python docs/refresh_readme.py --check` (run by CI) reads README.md and every page."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("refresh_readme", DOCS / "refresh_readme.py")
    refresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(refresh)
    monkeypatch.chdir(ROOT)
    covered = {p.as_posix() for p in refresh.pages()}
    assert "README.md" in covered
    for lang in LANGS:
        assert {f"docs/{lang}/{page}" for page in pages(lang)} <= covered
    # compare's wall-clock column, whatever its width, is not what makes a block stale
    table = ("┏━━┳━━━━━━━━━━━━━┳━━━━━━━━┓\n┃  ┃  final loss ┃ seconds┃\n"
             "│1 │  0.00608122 │    6.13│\n└──┴─────────────┴────────┘\n")
    slower = ("┏━━┳━━━━━━━━━━━━━┳━━━━━━━━━┓\n┃  ┃  final loss ┃  seconds┃\n"
              "│1 │  0.00608122 │    16.13│\n└──┴─────────────┴─────────┘\n")
    assert refresh.untimed(table) == refresh.untimed(slower)
    assert refresh.untimed(table) != refresh.untimed(table.replace("0.00608122", "0.00608123"))


def test_a_sed_edit_of_an_example_in_the_docs_changes_it():
    """`bptrace examples NAME | sed 's/A/B/'` in a page really edits the example (a pattern
    that never matches would show the unchanged config as if edited)."""
    import re
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    if shutil.which("sed") is None:
        import pytest
        pytest.skip("no sed")
    root = Path(__file__).resolve().parent.parent
    found = 0
    for page in sorted((root / "docs").rglob("*.md")):
        for name, script in re.findall(r"bptrace examples (\w+) \| sed '([^']+)'", page.read_text()):
            text = subprocess.run([sys.executable, "-m", "bptrace", "examples", name],
                                  capture_output=True, text=True, check=True).stdout
            edited = subprocess.run(["sed", script], input=text, capture_output=True,
                                    text=True, check=True).stdout
            assert edited != text, f"{page.relative_to(root)}: sed '{script}' changes nothing"
            found += 1
    assert found
