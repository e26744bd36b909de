"""The oracle: a gold document written as a predictions line.

Scoring the gold against itself must give 1.0 on every metric, in both matching kinds;
this function is how that guarantee is tested, and it doubles as a worked example of the
prediction format.
"""

from __future__ import annotations

from typing import Any


def gold_to_predictions(doc: dict[str, Any], grounded: bool = True) -> dict[str, Any]:
    """The predictions line a perfect system would emit for ``doc``.

    Grounded: mentions with offsets and gold entity ids as cluster ids; references are those
    ids. Ungrounded: entities by canonical name (mention names as aliases), references by
    canonical name, timexes as values only.
    """
    ents = {e["id"]: e for e in doc["entities"]}
    if grounded:
        def ref(eid: str | None) -> str | None:
            return eid
    else:
        def ref(eid: str | None) -> str | None:
            return None if eid is None else ents[eid]["canonical_name"]
    out: dict[str, Any] = {"doc_id": doc["doc_id"], "matching": "grounded" if grounded else "ungrounded"}
    if grounded:
        out["mentions"] = [
            {"start": m["start"], "end": m["end"], "type": m["type"], "entity": m["entity"], "text": m["text"]}
            for m in doc["mentions"]
        ]
    else:
        aliases: dict[str, list[str]] = {}
        for m in doc["mentions"]:
            if m["form"] == "NAM" and m["text"] not in aliases.setdefault(m["entity"], []):
                aliases[m["entity"]].append(m["text"])
        out["entities"] = [
            {"name": e["canonical_name"], "type": e["type"], "aliases": aliases.get(e["id"], [])}
            for e in doc["entities"]
        ]
    out["roles"] = [
        {"person": ref(r["person"]), "normalized_title": r["normalized_title"],
         "organization": ref(r["organization"]), "status": r["status"],
         **({"country": ref(r["country"])} if r.get("country") is not None else {})}
        for r in doc["roles"]
    ]
    if grounded:
        out["timexes"] = [{"start": t["start"], "end": t["end"], "text": t["text"], "type": t["type"], "value": t["value"]}
                          for t in doc["timexes"]]
    else:
        out["timexes"] = [{"type": t["type"], "value": t["value"]} for t in doc["timexes"]]
    out["meetings"] = [
        {
            "participants": [ref(p["entity"]) for p in m["participants"]],
            "date": m["date"]["value"] if m["date"] else None,
            "location": ref(m["location"]),
            "modality": m["modality"],
            "status": m["status"],
            "topics": sorted({t["topic"] for t in m["topics"]}),
            "cross_doc_id": m["cross_doc_id"],
        }
        for m in doc["meetings"]
    ]
    return out
