"""The oracle's grounded predictions, converted to the ungrounded track, score 1.0 on every
ungrounded layer of the news gold: the conversion names each cluster by a name of its own
(no two entities share one; a metonymic mention never takes another entity's name), and an
entity known only by pronouns is not predicted, as the gold does not score it."""

from __future__ import annotations

from pathlib import Path

from mil2mil.gold import load_gold
from mil2mil.scoring import GoldSource, Options, gold_to_predictions, score
from mil2mil.scoring.convert import convert_file

from scoring_fixtures import write_jsonl


def test_converted_oracle_scores_one(tmp_path: Path) -> None:
    grounded = write_jsonl(tmp_path / "o.jsonl", [gold_to_predictions(d) for d in load_gold()])
    out = tmp_path / "ou.jsonl"
    convert_file(grounded, out, GoldSource.from_path(None))
    report = score(out, GoldSource.from_path(None), Options())
    scored = {name: lr.headline for name, lr in report.layers.items() if lr.scored}
    assert set(scored) == {"entities", "roles", "timexes", "meetings", "crossdoc"}
    assert all(v == 1.0 for v in scored.values()), scored
