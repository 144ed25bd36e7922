"""`eventwire extract` end to end, as a user runs it (subprocess), and the published schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from eventwire.document import Document

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "eventwire.cli"]
EN = ("Government forces shelled the town of Kafr Nabl on Monday, killing at least four civilians, "
      "local officials said. The army said it was targeting militants who had attacked a checkpoint.")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], input=stdin, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_published_schema_is_the_models_schema() -> None:
    published = json.loads((ROOT / "docs" / "output.schema.json").read_text())
    assert published == Document.model_json_schema(), "regenerate: eventwire schema > docs/output.schema.json"


@pytest.mark.slow
def test_sample_json_validates_against_the_published_schema() -> None:
    r = run("extract", "examples/seed_nujaba.txt", "--published", "2024-07-31", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, json.loads((ROOT / "docs" / "output.schema.json").read_text()))
    assert doc["article"]["published"] == "2024-07-31"
    assert doc["events"] and doc["actors"] and doc["places"] and doc["quotes"]
    for e in doc["events"]:  # every record is tied to the text it came from
        assert e["sentence"] in (ROOT / "examples/seed_nujaba.txt").read_text()


@pytest.mark.slow
def test_bad_inputs_are_reported_and_the_good_ones_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(EN)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    french = tmp_path / "fr.txt"
    french.write_text("Les forces gouvernementales ont bombardé la ville lundi, tuant au moins quatre civils, "
                      "ont déclaré les responsables locaux.")
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK\x03\x04")
    lines = tmp_path / "b.jsonl"
    lines.write_text(json.dumps({"id": "x1", "text": EN, "published": "2024-03-06"}) + "\n{broken\n")
    r = run("extract", str(good), str(empty), str(binary), str(french), str(lines), str(tmp_path / "missing.txt"),
            str(docx), "--published", "2024-03-06", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    docs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(docs) == 2 and {d["article"]["id"] for d in docs} >= {"x1"}
    err = r.stderr
    assert "Traceback" not in err
    for needle in ("empty", "binary", "not English", "line 2", "no such file", "unknown file type"):
        assert needle in err, needle
    assert len([x for x in err.splitlines() if x.startswith("skipped")]) == 6


@pytest.mark.slow
def test_nothing_processed_exits_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = run("extract", str(empty))
    assert r.returncode == 1
    assert "nothing could be processed" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_stdin_and_table_output() -> None:
    r = run("extract", "-", "--published", "2024-03-06", stdin=EN)
    assert r.returncode == 0, r.stderr
    assert "Events" in r.stdout and "Actors" in r.stdout and "2024-03-" in r.stdout


@pytest.mark.slow
def test_unknown_publication_date_is_said_not_guessed() -> None:
    r = run("extract", "-", "--format", "json", stdin=EN)
    doc = json.loads(r.stdout)
    assert doc["article"]["published"] is None
    assert any("publication date" in w for w in doc["warnings"])
    assert all(e["date"]["start"] is None or e["date"]["precision"] != "publication" for e in doc["events"])


@pytest.mark.slow
def test_python_api_returns_the_document_model(extract) -> None:
    doc = extract(EN, published="2024-03-06")
    assert isinstance(doc, Document)
    assert doc.article.published == "2024-03-06"
    with pytest.raises(Exception, match="E102|empty"):
        extract("   ")
