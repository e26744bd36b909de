"""The llm extractor against a local chat-completions server (no network): outcomes and rates,
retries, replay equality, resumption, clear errors, the key kept out of every file and message."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from mil2mil.baselines.interface import Document
from mil2mil.baselines.llm.extractor import LLMExtractor
from mil2mil.cli import main

from .server import FakeServer, completion, error, ok

ANSWER = {
    "entities": [{"name": "Tomas Reindl", "type": "PER", "aliases": None},
                 {"name": "Veldoria", "type": "GPE", "aliases": ["Veldorian Republic"]}],
    "roles": [{"person": "Tomas Reindl", "normalized_title": "minister of national defense", "organization": None,
               "status": "current"}],
    "timexes": [{"text": "Saturday", "type": "DATE", "value": "2031-03-01"}],
    "meetings": [{"participants": ["Tomas Reindl"], "date": "2031-03-01", "location": None, "modality": "video",
                  "status": "occurred", "topics": ["military_communication"], "cross_doc_id": None}],
}
#: What the parser keeps of ANSWER (nulls of optional fields dropped).
LAYERS = {
    "entities": [{"name": "Tomas Reindl", "type": "PER"}, {"name": "Veldoria", "type": "GPE", "aliases": ["Veldorian Republic"]}],
    "roles": ANSWER["roles"],
    "timexes": ANSWER["timexes"],
    "meetings": [{k: v for k, v in ANSWER["meetings"][0].items() if k != "cross_doc_id"}],
}
TEXT = json.dumps(ANSWER)
BAD_ITEM = json.dumps({**ANSWER, "entities": ANSWER["entities"] + [{"name": "X", "type": "PERSON", "aliases": None}]})

SCRIPTS = {
    "M-valid": [ok(TEXT)],
    "M-fenced": [ok(f"Here is the extraction:\n```json\n{TEXT}\n```\nLet me know if you need more.")],
    "M-malformed": [ok('{"entities": [{"name": "Tomas Reindl", "type": ')],
    "M-refusal": [ok(None, refusal="I can't help with that request.")],
    "M-refusal-text": [ok("I'm sorry, but I cannot assist with this.")],
    "M-truncated": [ok('{"entities": [{"name": "Tomas', finish="length")],
    "M-429": [error(429, "slow down", {"retry-after": "0"}), ok(TEXT)],
    "M-500": [error(500, "internal")],
    "M-slow": [(200, completion(TEXT), {}, 1.5), ok(TEXT)],
    "M-baditem": [ok(BAD_ITEM)],
}
EXPECTED = {
    "m-valid": "valid", "m-fenced": "extracted", "m-malformed": "failed", "m-refusal": "refused",
    "m-refusal-text": "refused", "m-truncated": "truncated", "m-429": "valid", "m-500": "failed",
    "m-slow": "valid", "m-baditem": "valid",
}


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key or server from the environment never reaches the tests."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def docs() -> list[Document]:
    return [Document(m.lower(), f"{m}: Defense Minister Tomas Reindl of Veldoria spoke on Saturday.", dt.date(2031, 3, 3))
            for m in SCRIPTS]


def extractor(url: str, responses: Path, **kw: Any) -> LLMExtractor:
    opts: dict[str, Any] = {"concurrency": 3, "timeout": 0.5, "max_retries": 1, "backoff": 0.01, "progress": False}
    opts.update(kw)
    return LLMExtractor("test-model", base_url=url, responses=responses, **opts)


def run(ext: LLMExtractor, documents: list[Document]) -> list[dict[str, Any]]:
    from mil2mil.baselines.api import predict

    return list(predict(ext, documents, progress=False))


@pytest.fixture
def first_run(tmp_path: Path) -> tuple[list[dict[str, Any]], Path, FakeServer]:
    resp = tmp_path / "resp.jsonl"
    with FakeServer(SCRIPTS) as server:
        preds = run(extractor(server.url, resp), docs())
    return preds, resp, server


def test_outcomes_layers_and_metadata(first_run) -> None:
    preds, resp, server = first_run
    by_id = {p["doc_id"]: p for p in preds}
    assert {d: p["llm"]["outcome"] for d, p in by_id.items()} == EXPECTED
    for d, p in by_id.items():
        info = p["llm"]
        assert info["model"] == "test-model" and info["decoding"] == "constrained"
        assert info["prompt"].startswith("extract-v1@")
        layers = {k: p[k] for k in ("entities", "roles", "timexes", "meetings")}
        if EXPECTED[d] in ("valid", "extracted"):
            assert layers == LAYERS, d
            assert info["prompt_tokens"] == 100 and info["completion_tokens"] == 20
        else:  # failures are scored as empty predictions
            assert layers == {k: [] for k in layers}, d
    assert by_id["m-baditem"]["llm"]["dropped"] == 1
    assert by_id["m-valid"]["llm"]["dropped"] == 0
    # retries: 429 then success, a timeout then success, a 500 twice (max_retries=1)
    records = [json.loads(x) for x in resp.read_text(encoding="utf-8").splitlines()]
    attempts = {r["doc_id"]: r["attempts"] for r in records}
    assert attempts["m-429"] == 2 and attempts["m-slow"] == 2 and attempts["m-500"] == 2 and attempts["m-valid"] == 1
    assert {r["doc_id"]: r["http_status"] for r in records}["m-500"] == 500
    # the request: constrained decoding with the strict schema, temperature 0, the document date
    body = server.requests[0]
    assert body["response_format"]["type"] == "json_schema" and body["response_format"]["json_schema"]["strict"] is True
    assert body["temperature"] == 0.0
    assert "Document date: 2031-03-03" in body["messages"][-1]["content"]


def test_replay_rebuilds_the_same_predictions_offline(first_run) -> None:
    preds, resp, _ = first_run
    replayed = run(LLMExtractor.from_responses(resp, progress=False), docs())
    assert replayed == preds


def test_rerun_sends_only_what_is_not_answered(first_run) -> None:
    preds, resp, _ = first_run
    fixed = {k: [error(500, "must not be asked")] for k in SCRIPTS}
    fixed["M-500"] = [ok(TEXT)]
    with FakeServer(fixed) as server:
        again = run(extractor(server.url, resp), docs())
    assert len(server.requests) == 1 and "M-500" in server.requests[0]["messages"][-1]["content"]
    by_id = {p["doc_id"]: p for p in again}
    assert by_id["m-500"]["llm"]["outcome"] == "valid"
    assert [p for p in again if p["doc_id"] != "m-500"] == [p for p in preds if p["doc_id"] != "m-500"]
    # a different parameter is a different cache key: everything is asked again
    with FakeServer({k: [ok(TEXT)] for k in SCRIPTS}) as server:
        run(extractor(server.url, resp, temperature=0.5), docs())
    assert len(server.requests) == len(SCRIPTS)


def test_torn_last_line_is_cut_and_the_run_resumes(first_run) -> None:
    preds, resp, _ = first_run
    with resp.open("a", encoding="utf-8") as f:
        f.write('{"key": "abc", "doc_id": "m-va')
    fixed = {k: [error(500, "must not be asked")] for k in SCRIPTS}
    fixed["M-500"] = [ok(TEXT)]
    with FakeServer(fixed) as server:
        run(extractor(server.url, resp), docs())
    assert len(server.requests) == 1
    assert all(json.loads(x) for x in resp.read_text(encoding="utf-8").splitlines())


def test_a_stopped_run_keeps_its_answers_and_resumes(tmp_path: Path, capsys) -> None:
    """A rejected key half-way stops the run (exit 2); the answers before it are kept."""
    resp = tmp_path / "resp.jsonl"
    documents = docs()[:3]
    scripts = {"M-valid": [ok(TEXT)], "M-fenced": [error(401, "bad key")], "M-malformed": [ok(TEXT)]}
    with FakeServer(scripts) as server:
        with pytest.raises(Exception) as info:
            run(extractor(server.url, resp, concurrency=1), documents)
    assert "rejected the request without an API key ($OPENAI_API_KEY is unset)" in str(info.value.problems[0])  # type: ignore[attr-defined]
    kept = [json.loads(x)["doc_id"] for x in resp.read_text(encoding="utf-8").splitlines()]
    assert kept == ["m-valid"]
    with FakeServer({k: [ok(TEXT)] for k in SCRIPTS}) as server:
        preds = run(extractor(server.url, resp, concurrency=1), documents)
    assert len(server.requests) == 2 and all(p["llm"]["outcome"] == "valid" for p in preds)


# --- the command line ------------------------------------------------------------------------

def gold_answer(body: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Answers with the gold of the news document in the request, as an ungrounded line."""
    from mil2mil.scoring import GoldSource, gold_to_predictions

    user = body["messages"][-1]["content"]
    for g in GoldSource.from_path(None).iter_docs():
        if g.text in user:
            line = gold_to_predictions(g.raw, grounded=False)
            return ok(json.dumps({k: line[k] for k in ("entities", "roles", "timexes", "meetings")}))
    return error(400, "unknown document")


SECRET = "sk-test-0123456789-secret"


def test_cli_run_score_and_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MY_KEY", SECRET)
    pred, resp, replay = tmp_path / "pred.jsonl", tmp_path / "resp.jsonl", tmp_path / "replay.jsonl"
    with FakeServer(fallback=gold_answer) as server:
        rc = main(["llm", "--base-url", server.url, "--model", "test-model", "-o", str(pred), "--responses", str(resp),
                   "--api-key-env", "MY_KEY", "--seed", "7", "--max-tokens", "4000", "--score", "--no-progress"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert {h.get("authorization") for h in server.headers} == {f"Bearer {SECRET}"}
    assert server.requests[0]["seed"] == 7 and server.requests[0]["max_tokens"] == 4000
    assert "llm run: model test-model, prompt extract-v1@" in out and "valid 2 (100.0%)" in out
    sigs = [line for line in out.splitlines() if line.startswith("signature:")]
    assert sigs and all("|prompt:extract-v1@" in s and "|dec:constrained|" in s for s in sigs)
    from mil2mil.scoring import score

    report = score(pred)
    assert all(lr.headline == 1.0 for lr in report.layers.values() if lr.scored)
    assert report.llm is not None and report.llm["rates"]["valid"] == 1.0
    # replay: no server, same bytes
    assert main(["llm", "--replay", str(resp), "-o", str(replay), "--no-progress"]) == 0
    assert replay.read_bytes() == pred.read_bytes()
    # the key is in no file and no message
    out2, err2 = capsys.readouterr()
    for text in (pred.read_text(), resp.read_text(), out, err, out2, err2):
        assert SECRET not in text


def test_cli_free_decoding_is_named_in_the_signature(tmp_path: Path, capsys) -> None:
    pred = tmp_path / "pred.jsonl"
    with FakeServer(fallback=gold_answer) as server:
        assert main(["llm", "--base-url", server.url, "--model", "test-model", "-o", str(pred),
                     "--structured", "none", "--score", "--no-progress"]) == 0
    assert "response_format" not in server.requests[0]
    assert "|dec:free|" in capsys.readouterr().out
    assert (tmp_path / "pred.jsonl.responses.jsonl").is_file()


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("case", ["unreachable", "key", "model"])
def test_cli_fatal_errors_are_one_line_and_exit_2(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    args = ["llm", "--model", "test-model", "-o", str(tmp_path / "p.jsonl"), "--max-retries", "1", "--backoff", "0.01",
            "--no-progress"]
    if case == "unreachable":
        rc = main([*args, "--base-url", f"http://127.0.0.1:{_free_port()}/v1"])
        want = "cannot reach the server"
    else:
        reply = error(401, f"Incorrect API key provided: {SECRET}") if case == "key" else None
        with FakeServer(fallback=(lambda body: reply) if reply else None, models=("other-model",) if case == "model" else ("test-model",)) as server:
            rc = main([*args, "--base-url", server.url])
        want = "rejected the API key from $OPENAI_API_KEY" if case == "key" else "has no model 'test-model'"
    err = capsys.readouterr().err
    assert rc == 2
    assert want in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert SECRET not in err
    assert not (tmp_path / "p.jsonl").exists() and not (tmp_path / "p.jsonl.responses.jsonl").exists()


def test_predict_runs_the_llm_extractor_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The registry's ``llm``: ``mil2mil predict --baseline llm`` with the server from OPENAI_BASE_URL."""
    pred = tmp_path / "pred.jsonl"
    with FakeServer(fallback=gold_answer) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assert main(["predict", "--baseline", "llm", "--model", "test-model", "-o", str(pred), "--score",
                     "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "llm run: model test-model" in out and "|dec:constrained|" in out
    assert all(json.loads(x)["llm"]["outcome"] == "valid" for x in pred.read_text(encoding="utf-8").splitlines())


def test_ctrl_c_keeps_the_answers_and_a_rerun_resumes(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from mil2mil.scoring import GoldSource

    texts = [g.text for g in GoldSource.from_path(None).iter_docs()]

    def slow_second(body: dict[str, Any]):  # type: ignore[no-untyped-def]
        reply = gold_answer(body)
        if texts[1] in body["messages"][-1]["content"]:
            return (reply[0], reply[1], reply[2], 60.0)
        return reply

    pred, resp = tmp_path / "pred.jsonl", tmp_path / "resp.jsonl"
    with FakeServer(fallback=slow_second) as server:
        cmd = [sys.executable, "-m", "mil2mil", "llm", "--base-url", server.url, "--model", "test-model",
               "-o", str(pred), "--responses", str(resp), "--no-progress"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (resp.exists() and resp.read_text(encoding="utf-8").count("\n") >= 1):
            time.sleep(0.05)
        while time.monotonic() < deadline and len(server.requests) < 2:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "rerun the same command to resume" in err and "Traceback" not in err
    assert not pred.exists()
    kept = [json.loads(x) for x in resp.read_text(encoding="utf-8").splitlines()]
    assert len(kept) == 1 and kept[0]["response"] is not None
    with FakeServer(fallback=gold_answer) as server:
        assert main(["llm", "--base-url", server.url, "--model", "test-model", "-o", str(pred), "--responses",
                     str(resp), "--no-progress"]) == 0
    assert len(server.requests) == 1 and texts[1] in server.requests[0]["messages"][-1]["content"]
    assert len(pred.read_text(encoding="utf-8").splitlines()) == 2


def test_committed_runs_become_rows_of_the_results_table(tmp_path: Path, capsys) -> None:
    from mil2mil.baselines.api import source_documents
    from mil2mil.commands.results import llm_rows
    from mil2mil.scoring import GoldSource

    runs = tmp_path / "runs"
    runs.mkdir()
    with FakeServer(fallback=gold_answer) as server:
        assert main(["llm", "--base-url", server.url, "--model", "test-model", "-o", str(tmp_path / "p.jsonl"),
                     "--responses", str(runs / "test-model.responses.jsonl"), "--seed", "3", "--no-progress"]) == 0
    source = GoldSource.from_path(None)
    rows, lines = llm_rows(runs, source_documents(source), source, tmp_path)
    assert len(rows) == 1 and rows[0][0] == "`llm` test-model"
    report = rows[0][1]
    assert not report.layers["mentions"].scored and report.layers["entities"].headline == 1.0
    assert "prompt `extract-v1@" in lines[0] and "decoding constrained" in lines[0] and "seed 3" in lines[0]
    assert "valid 100%" in lines[0] and "|dec:constrained|" in lines[0]
