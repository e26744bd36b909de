"""CI check of dataset/croissant.json with mlcroissant (run in its own environment).

Validates the metadata, loads every record of each record set, and checks that the records
agree with the Parquet files (counts and the first document id), so the Croissant description
is not only well-formed but actually reads the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import mlcroissant as mlc

dataset = mlc.Dataset(jsonld=str(Path(sys.argv[1])))
documents = list(dataset.records(record_set="documents"))
ner = list(dataset.records(record_set="ner"))
doc_ids = sorted(r["documents/doc_id"].decode() for r in documents)
assert len(documents) == 2, len(documents)
assert doc_ids[0].startswith("kuna-"), doc_ids
assert all(len(r["ner/tokens"]) == len(r["ner/ner_tags"]) for r in ner)
print(f"croissant: {len(documents)} documents, {len(ner)} ner rows loaded")
for name, size in (("constructed-validation", 300), ("constructed-test", 1000)):
    rows = list(dataset.records(record_set=name))
    assert len(rows) == size, (name, len(rows))
    assert all(r[f"{name}/doc_id"].decode().startswith("constructed-") for r in rows)
    print(f"croissant: {name}: {len(rows)} documents loaded")
