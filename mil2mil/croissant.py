"""Croissant (ML Commons) metadata for the dataset folder, generated from the files themselves.

``dataset/croissant.json`` lists every file with its SHA-256 and describes the two record sets
that ``datasets`` loads. It is derived data: ``mil2mil export`` writes it and ``--check``
compares it, so a hash can never go stale.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from mil2mil import __version__

CROISSANT_FILE = "croissant.json"

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "equivalentProperty": "cr:equivalentProperty",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DESCRIPTION = (
    "Mil2Mil: English news articles about military and diplomatic talks with stand-off gold "
    "annotations of entities, roles, TIMEX3 dates and meetings (who met whom, in what role, "
    "when, where, how and about what), for evaluating information extraction systems; plus a "
    "constructed corpus of fictional wire reports (generated text about invented people, not "
    "fact) with exact gold and phenomenon tags (constructed-validation, constructed-test)."
)
LICENSE_NOTE = (
    "Annotations: CC BY 4.0. Code: MIT. The article texts (raw/*.txt and the documents.text "
    "column) remain the property of their publishers and are included for research use only."
)

#: (record set, parquet file, [(field, column, dataType, repeated)])
RECORD_SETS: tuple[tuple[str, str, tuple[tuple[str, str, str, bool], ...]], ...] = (
    ("documents", "data/documents.parquet", (
        ("doc_id", "doc_id", "sc:Text", False),
        ("text", "text", "sc:Text", False),
        ("text_file", "text_file", "sc:Text", False),
        ("text_sha256", "text_sha256", "sc:Text", False),
    )),
    ("ner", "data/ner.parquet", (
        ("id", "id", "sc:Text", False),
        ("doc_id", "doc_id", "sc:Text", False),
        ("sentence", "sentence", "sc:Integer", False),
        ("tokens", "tokens", "sc:Text", True),
        ("ner_tags", "ner_tags", "sc:Integer", True),
    )),
    ("constructed-validation", "data/constructed-validation.parquet", (
        ("doc_id", "doc_id", "sc:Text", False),
        ("text", "text", "sc:Text", False),
    )),
    ("constructed-test", "data/constructed-test.parquet", (
        ("doc_id", "doc_id", "sc:Text", False),
        ("text", "text", "sc:Text", False),
    )),
)

ENCODINGS = {".parquet": "application/x-parquet", ".txt": "text/plain", ".json": "application/json"}


def _files(dataset: Path) -> list[str]:
    names = [f"data/{p.name}" for p in sorted((dataset / "data").glob("*.parquet"))]
    names += [f"raw/{p.name}" for p in sorted((dataset / "raw").glob("*.txt"))]
    names += [f"gold/{p.name}" for p in sorted((dataset / "gold").glob("*.json"))]
    return names


def build(dataset: Path) -> dict[str, Any]:
    """The Croissant JSON-LD document for ``dataset`` (hashes of the files as they are now)."""
    distribution = []
    for name in _files(dataset):
        path = dataset / name
        distribution.append({
            "@type": "cr:FileObject",
            "@id": name,
            "name": name,
            "contentSize": f"{path.stat().st_size} B",
            "contentUrl": name,
            "encodingFormat": ENCODINGS[path.suffix],
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        })
    record_sets = []
    for set_name, file_name, fields in RECORD_SETS:
        record_sets.append({
            "@type": "cr:RecordSet",
            "@id": set_name,
            "name": set_name,
            "field": [
                {
                    "@type": "cr:Field",
                    "@id": f"{set_name}/{field}",
                    "name": field,
                    "dataType": data_type,
                    **({"repeated": True} if repeated else {}),
                    "source": {"fileObject": {"@id": file_name}, "extract": {"column": column}},
                }
                for field, column, data_type, repeated in fields
            ],
        })
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "Mil2Mil",
        "description": DESCRIPTION,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "version": __version__,
        "citeAs": "The Mil2Mil authors. Mil2Mil: a benchmark for extracting meetings between military "
                  f"and diplomatic officials from news. Version {__version__}. See CITATION.cff.",
        "creator": {"@type": "sc:Organization", "name": "The Mil2Mil authors"},
        "inLanguage": "en",
        "keywords": ["information extraction", "event extraction", "TIMEX3", "coreference", "benchmark"],
        "usageInfo": LICENSE_NOTE,
        "distribution": distribution,
        "recordSet": record_sets,
    }
