"""``mil2mil agreement [--write | --check]``: inter-annotator agreement and the adjudication table.

Scores each blind pass against the first pass with the project's scorer, adds Cohen's
kappa for label choices, and lists every disagreement with its adjudication decision. With
``--write`` the agreement table goes into DATASHEET.md and the disagreement table into
docs/adjudication.md (between ``<!-- agreement:start/end -->`` and
``<!-- disagreements:start/end -->``); ``--check`` writes nothing and exits 1 if either
committed block differs, or if a disagreement has no decision.
"""

from __future__ import annotations

import argparse
import sys

from mil2mil.blocks import update_blocks
from mil2mil.gold import dataset_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "agreement", help="inter-annotator agreement (into DATASHEET.md) and disagreements (into docs/adjudication.md)",
        description="Score each blind annotation pass against the first with the project's scorer, every layer, "
        "plus Cohen's kappa; list every disagreement with its decision from dataset/agreement/adjudication.yaml. "
        "Without options, print the agreement table; --disagreements prints the adjudication table.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update the blocks in DATASHEET.md and docs/adjudication.md")
    mode.add_argument("--check", action="store_true", help="fail (exit 1) if a committed block differs or a decision is missing")
    mode.add_argument("--disagreements", action="store_true", help="print the disagreement table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mil2mil import agreement  # the scorer and scikit-learn: only when this command runs

    study = agreement.load_study()
    found = study.disagreements()
    decisions = agreement.load_decisions()
    listing = agreement.render_disagreements(found, decisions)
    if args.disagreements:
        sys.stdout.write(listing)
        return 0
    table = study.table()
    if not (args.write or args.check):
        sys.stdout.write(table)
        return 0
    root = dataset_dir().parent
    missing = agreement.decision_problems(found, decisions)
    diffs = update_blocks([root / "DATASHEET.md"], "agreement", table, check=args.check)
    diffs += update_blocks([root / "docs" / "adjudication.md"], "disagreements", listing, check=args.check)
    authored = agreement.load_authored_study()
    if authored is not None:
        path = agreement.authored_agreement_dir() / agreement.DECISIONS_FILE
        found = authored.disagreements()
        decisions = agreement.load_decisions(path)
        missing += agreement.decision_problems(found, decisions, path)
        listing = agreement.render_disagreements(found, decisions, f"dataset/authored/agreement/{agreement.DECISIONS_FILE}")
        diffs += update_blocks([root / "DATASHEET.md"], "agreement-authored", authored.table(), check=args.check)
        diffs += update_blocks([root / "docs" / "adjudication.md"], "disagreements-authored", listing, check=args.check)
    for p in missing:
        sys.stderr.write(f"error: {p}\n")
    if diffs:
        sys.stderr.write("agreement tables differ from the annotation passes; run `mil2mil agreement --write`:\n" + "".join(diffs))
    return 1 if (diffs or missing) else 0
