"""The extractor interface: no import circle, extractors loaded by name on demand, a user's
module found in the current directory, and no gold in the documents an extractor receives."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mil2mil.baselines import registry
from mil2mil.baselines.interface import Document
from mil2mil.cli import main

BASELINES_DIR = Path(__file__).resolve().parents[2] / "baselines"


def _relative_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                out.add(node.module or "")
            elif node.module and node.module.startswith("mil2mil.baselines"):
                out.add(node.module.removeprefix("mil2mil.baselines").lstrip("."))
    return out


def test_interface_and_registry_import_no_extractor() -> None:
    assert _relative_imports(BASELINES_DIR / "interface.py") == set()
    assert _relative_imports(BASELINES_DIR / "registry.py") == {"interface"}


@pytest.mark.parametrize("module", ["pipeline.py", "workers.py", "reference.py", "rules.py", "statistical.py"])
def test_extractors_do_not_import_the_plumbing(module: str) -> None:
    """The circle api -> rules -> pipeline -> api is gone: extractors import the interface."""
    assert "api" not in _relative_imports(BASELINES_DIR / module)


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}


def test_help_and_the_interface_import_neither_spacy_nor_openai() -> None:
    mods = _imported("import sys\nfrom mil2mil.cli import build_parser\nbuild_parser()\nimport mil2mil.baselines")
    assert not {"spacy", "openai"} & mods
    extractors = {"mil2mil.baselines.rules", "mil2mil.baselines.statistical", "mil2mil.baselines.pipeline",
                  "mil2mil.baselines.reference", "mil2mil.baselines.llm.extractor", "mil2mil.baselines.llm.client"}
    assert not extractors & mods


def test_registry_names_resolve_to_factories() -> None:
    for name in ("oracle", "empty"):
        assert callable(registry.factory(name))
    assert set(registry.BASELINES) <= set(registry.names())


def test_document_has_no_gold() -> None:
    d = Document("t", "text", __import__("datetime").date(2024, 1, 1))
    assert not hasattr(d, "gold")
    with pytest.raises((AttributeError, TypeError)):
        d.gold = {}  # type: ignore[attr-defined]


PLUGIN = '''
from mil2mil.scoring import gold_to_predictions

SEEN = []

def cheat(doc):
    """Returns the gold when the document carries it."""
    gold = getattr(doc, "gold", None)
    SEEN.append(gold is not None)
    if gold is not None:
        return gold_to_predictions(gold, grounded=True)
    return {"mentions": [], "roles": [], "timexes": [], "meetings": []}
'''


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "my_cheat_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    here = str(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", ".", here)])
    monkeypatch.delitem(sys.modules, "my_cheat_plugin", raising=False)
    return tmp_path


def test_user_module_in_the_current_directory_is_found_and_sees_no_gold(plugin_dir: Path, capsys) -> None:
    out = plugin_dir / "out.jsonl"
    assert main(["predict", "--baseline", "my_cheat_plugin:cheat", "-o", str(out), "--no-progress"]) == 0
    plugin = sys.modules["my_cheat_plugin"]
    assert plugin.SEEN and not any(plugin.SEEN)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["mentions"] == [] for x in lines)


def test_only_the_oracle_sees_gold(plugin_dir: Path) -> None:
    from mil2mil.scoring import score

    out = plugin_dir / "oracle.jsonl"
    assert main(["predict", "--baseline", "oracle", "-o", str(out), "--no-progress"]) == 0
    assert score(out).layers["mentions"].headline == 1.0


def test_unknown_user_module_is_a_clear_error(plugin_dir: Path, capsys) -> None:
    assert main(["predict", "--baseline", "no_such_module_here:fn", "-o", str(plugin_dir / "x.jsonl")]) == 2
    assert "cannot load extractor 'no_such_module_here:fn'" in capsys.readouterr().err


def test_oracle_reads_a_gold_source_or_a_path(tmp_path: Path) -> None:
    from mil2mil.baselines.api import run, source_documents
    from mil2mil.baselines.reference import Oracle
    from mil2mil.gold import dataset_dir
    from mil2mil.scoring import GoldSource, score

    source = GoldSource.from_path(None)
    for gold in (source, dataset_dir(), dataset_dir() / "gold"):
        out = run(Oracle(gold), tmp_path / "o.jsonl", source_documents(source))
        assert all(lr.headline == 1.0 for lr in score(out).layers.values() if lr.scored)
