"""The README's Python examples run as written (offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_python_example_runs(index: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.chdir(tmp_path)
    exec(compile(python_blocks()[index], f"README.md python block {index}", "exec"), {})


def test_readme_gives_setup_and_test_commands_that_ci_runs() -> None:
    text = README.read_text(encoding="utf-8")
    bash = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    setup, tests = bash[0].strip(), bash[1].strip()
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" in setup and tests == "python -m pytest -q"
    assert ci.strip().splitlines()[-1] == tests
    for command in re.findall(r"mil2mil [a-z]+(?: --[a-z]+)?", setup):
        assert command in ci


def test_readme_names_the_benchmark_commands_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    for script in re.findall(r"python (benchmarks/[a-z_]+\.py)", text):
        assert (README.parent / script).is_file(), script
    assert "benchmarks/bench_scorer.py" in text and "benchmarks/bench_baselines.py" in text


def test_readme_example_signature_is_what_the_scorer_writes(tmp_path: Path) -> None:
    from mil2mil.gold import load_gold
    from mil2mil.scoring import gold_to_predictions, score

    text = README.read_text(encoding="utf-8")
    shown = re.search(r"Every score comes with a signature such as\n\n```\n(.+?)\n```", text).group(1)
    path = tmp_path / "oracle.jsonl"
    path.write_text("".join(json.dumps(gold_to_predictions(d)) + "\n" for d in load_gold()), encoding="utf-8")
    assert shown == score(path, layers=("mentions",), bootstrap=1000).layers["mentions"].signature


def test_core_install_is_light_and_all_installs_every_extra() -> None:
    import tomllib

    project = tomllib.loads((README.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert names == {"jsonschema", "numpy", "scipy"}
    extras = project["optional-dependencies"]
    covered = re.search(r"\[(.*)\]", extras["all"][0]).group(1).split(",")
    assert sorted(covered) == sorted(k for k in extras if k not in ("all", "test", "spacy-model"))
    heavy = {re.split(r"[<>=!\[ ]", d, maxsplit=1)[0].lower() for k in covered for d in extras[k]}
    assert {"spacy", "datasets", "pyarrow", "scikit-learn"} <= heavy
    assert '".[all,test]"' in README.read_text(encoding="utf-8")


def test_a_command_without_its_extra_names_it(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import builtins

    from mil2mil.cli import main

    real = builtins.__import__

    def no_pyarrow(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.split(".")[0] == "pyarrow":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "mil2mil.export", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    assert main(["export", "--check"]) == 2
    err = capsys.readouterr().err
    assert err == ("error: `mil2mil export` needs pyarrow, which the core install leaves out; "
                   "install it with: pip install 'mil2mil[hf]'\n")
