"""``mil2mil llm``: run a model on an OpenAI-compatible chat-completions server over the gold
documents with a versioned prompt, and write a predictions file (or rebuild it offline with
``--replay``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mil2mil.errors import InputError, Problem
from mil2mil.gold_sets import add_gold_argument, resolve

STRUCTURED = ("json_schema", "json_object", "none")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return n


def _non_negative(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value!r}")
    return n


def run_llm(args: argparse.Namespace) -> int:
    from mil2mil.baselines.api import predict, schema_problems, source_documents, write_predictions
    from mil2mil.baselines.llm.extractor import LLMExtractor

    progress = False if args.no_progress else None
    source = resolve(args.gold)
    docs = source_documents(source)
    if args.replay is not None:
        if not args.replay.is_file():
            raise InputError([Problem(str(args.replay), "", "responses file does not exist")])
        ext = LLMExtractor.from_responses(args.replay, progress=progress)
    else:
        if not args.model:
            raise InputError([Problem("--model", "", "give --model NAME (the model the server serves), or --replay RESP.jsonl")])
        responses = args.responses or args.output.with_name(args.output.name + ".responses.jsonl")
        ext = LLMExtractor(args.model, base_url=args.base_url, prompt=args.prompt, structured=args.structured,
                           temperature=args.temperature, seed=args.seed, max_tokens=args.max_tokens,
                           concurrency=args.concurrency, responses=responses, api_key_env=args.api_key_env,
                           timeout=args.timeout, max_retries=args.max_retries, backoff=args.backoff, progress=progress)
        ext.prompt  # noqa: B018  (an unknown --prompt is an error before anything is sent)
    try:
        lines = list(predict(ext, docs, progress=False))
    except KeyboardInterrupt:
        print(f"\ninterrupted: the answers received are kept in {ext.responses}; rerun the same command to resume",
              file=sys.stderr)
        sys.stderr.flush()
        os._exit(130)  # requests still in flight in worker threads are abandoned, not awaited
    problems = [p for n, pred in enumerate(lines, 1) for p in schema_problems(pred, str(args.output), n)]
    if problems:
        raise InputError(problems)
    tmp = args.output.with_name(f".{args.output.name}.tmp")
    write_predictions(lines, tmp)
    os.replace(tmp, args.output)
    outcomes: dict[str, int] = {}
    for pred in lines:
        outcomes[pred["llm"]["outcome"]] = outcomes.get(pred["llm"]["outcome"], 0) + 1
    counts = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(f"wrote {len(lines)} document(s) to {args.output} (model {ext.model}, prompt {ext.prompt_label}, "
          f"decoding {ext.decoding}; {counts}; {ext.sent} sent, {ext.cached} from {ext.responses})", file=sys.stderr)
    if ext.errors:
        more = f" (and {len(ext.errors) - 1} more)" if len(ext.errors) > 1 else ""
        print(f"warning: {len(ext.errors)} request(s) failed after their retries and were scored as empty; a rerun "
              f"asks them again: {ext.errors[0]}{more}", file=sys.stderr)
    if args.score:
        from .score import print_text_report

        print_text_report(args.output, source, args.bootstrap)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from mil2mil.baselines.llm.prompts import DEFAULT_PROMPT, available

    p = sub.add_parser(
        "llm", help="run an LLM (any OpenAI-compatible server) over the gold and write predictions",
        description="Send each gold document with a versioned prompt to an OpenAI-compatible chat-completions "
                    "server (vLLM, llama.cpp server, Ollama, hosted APIs), parse the answers leniently and write "
                    "an ungrounded predictions file whose lines record the prompt, model, decoding mode, parse "
                    "outcome, tokens and latency. Every request and answer is kept in a responses file that is "
                    "also the cache: a rerun sends only what is not answered yet. Needs `pip install \"mil2mil[llm]\"`. "
                    "See docs/llm.md.")
    p.add_argument("--base-url", default=None, metavar="URL", help="the server's API root, e.g. http://localhost:8000/v1 "
                   "(default: $OPENAI_BASE_URL)")
    p.add_argument("--model", default=None, metavar="NAME", help="the model name the server serves")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PRED.jsonl")
    add_gold_argument(p, "gold set whose documents are sent")
    p.add_argument("--prompt", default=DEFAULT_PROMPT, metavar="ID", help=f"prompt file in baselines/llm/prompts/: "
                   f"{', '.join(available())} (default: {DEFAULT_PROMPT})")
    p.add_argument("--structured", choices=STRUCTURED, default="json_schema",
                   help="json_schema: constrained decoding with the output schema (default); json_object: JSON "
                        "mode; none: free text")
    p.add_argument("--temperature", type=float, default=0.0, help="sampling temperature (default: 0)")
    p.add_argument("--seed", type=int, default=None, help="sampling seed, for servers that honour it")
    p.add_argument("--max-tokens", type=_positive, default=None, metavar="N", help="answer token limit (default: the server's)")
    p.add_argument("--concurrency", type=_positive, default=1, metavar="K", help="requests in flight at once (default: 1)")
    p.add_argument("--responses", type=Path, default=None, metavar="RESP.jsonl",
                   help="responses file, appended to and used as the cache (default: PRED.jsonl.responses.jsonl)")
    p.add_argument("--replay", type=Path, default=None, metavar="RESP.jsonl",
                   help="rebuild the predictions from a responses file, sending nothing")
    p.add_argument("--api-key-env", default="OPENAI_API_KEY", metavar="VAR",
                   help="environment variable holding the API key (default: OPENAI_API_KEY; unset: no key)")
    p.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS", help="per-request timeout (default: 600)")
    p.add_argument("--max-retries", type=_non_negative, default=5, metavar="N",
                   help="retries on 408/409/429/5xx and timeouts (default: 5; an unreachable server: at most 2)")
    p.add_argument("--backoff", type=float, default=1.0, metavar="SECONDS",
                   help="first retry delay, doubled each time, unless the server sends Retry-After (default: 1)")
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    p.add_argument("--score", action="store_true", help="score the predictions against the gold right away")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="with --score: bootstrap resamples for 95%% CIs")
    p.set_defaults(func=run_llm)
