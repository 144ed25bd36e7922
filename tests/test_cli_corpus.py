"""The corpus commands: ingest (reports, idempotence, resume after a kill), events, actors, quotes, export."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import typer
from test_store import ARMY, KISMAYO, make_doc
from typer.testing import CliRunner

from eventwire import cli_corpus
from eventwire.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()
    cli_corpus.register(a)
    return a


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with Store(url) as s:
        s.add(make_doc("A1", recipient=ARMY))
        s.add(make_doc("A2", fatalities=4))
        s.add(make_doc("A3", day="2024-03-04", type="PROTEST", actor={"name": "teachers", "kind": "protesters"},
                       city="Kismayo", latlon=KISMAYO, fatalities=None))
    return url


def test_events_formats(app, db):
    res = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    evs = json.loads(res.stdout)
    assert [e["type"] for e in evs] == ["ASSAULT", "PROTEST"] and evs[0]["n_articles"] == 2
    res = runner.invoke(app, ["events", "--db", db, "--type", "PROTEST", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 1 and rows[0]["place"] == "Kismayo" and rows[0]["actor"] == "teachers"
    res = runner.invoke(app, ["events", "--db", db, "--near", "2.04,45.34,30", "--format", "jsonl"])
    assert [json.loads(x)["type"] for x in res.stdout.splitlines()] == ["ASSAULT"]
    res = runner.invoke(app, ["events", "--db", db, "--since", "2024-03-03"])
    assert res.exit_code == 0 and "PROTEST" in res.stdout and "ASSAULT" not in res.stdout
    res = runner.invoke(app, ["events", "--db", db, "--near", "2.04,45.34"])
    assert res.exit_code != 0 and "LAT,LON,KM" in res.output


def test_actors_quotes_stats(app, db):
    res = runner.invoke(app, ["actors", "--db", db, "--format", "json"])
    acts = json.loads(res.stdout)
    assert acts[0]["canonical"] == "Al-Shabaab" and acts[0]["articles"] == 2
    res = runner.invoke(app, ["quotes", "--db", db])
    assert res.exit_code == 0 and "We will not stop." in res.stdout
    res = runner.invoke(app, ["stats", "--db", db])
    assert json.loads(res.stdout)["articles"] == 3


def test_export_command(app, db, tmp_path):
    out = tmp_path / "acled.csv"
    res = runner.invoke(app, ["export", "--db", db, "--schema", "acled", "-o", str(out)])
    assert res.exit_code == 0, res.output
    header = out.read_text().splitlines()[0].split(",")
    assert len(header) == 31 and header[0] == "event_id_cnty"
    out = tmp_path / "g.tsv"
    runner.invoke(app, ["export", "--db", db, "--schema", "gdelt", "-o", str(out), "--type", "PROTEST"])
    assert [len(x.split("\t")) for x in out.read_text().splitlines()] == [61]


def test_dedup_command_rebuilds_merges(app, db, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DEDUP_ENABLED", "false")
    res = runner.invoke(app, ["dedup", "--db", db])
    assert res.exit_code == 0 and "3 events" in res.output  # unmerged: one per report
    monkeypatch.delenv("EVENTWIRE_DEDUP_ENABLED")
    res = runner.invoke(app, ["dedup", "--db", db])
    assert "2 events" in res.output


def test_bad_database_url_is_reported(app):
    res = runner.invoke(app, ["events", "--db", "mysql://nowhere/x"])
    assert res.exit_code == 2 and "E400" in res.output


def _jsonl(path, n: int, bad: bool = True) -> None:
    cities = ["Mogadishu", "Nairobi", "Kabul", "Baghdad", "Lagos", "Karachi", "Kyiv"]
    lines = []
    for i in range(n):
        city = cities[i % len(cities)]
        text = (f"Hundreds of protesters gathered in {city} on Monday to demand the release of detained activists, "
                f"police said. The rally was the {i + 1}th this year, organisers said.")
        lines.append(json.dumps({"id": f"art-{i:04d}", "text": text, "published": "2024-05-08", "source": "Wire"}))
    if bad:
        lines.insert(1, '{"id": "broken", "text": "unterminated')
        lines.insert(2, json.dumps({"id": "empty", "text": "   "}))
        lines.insert(3, json.dumps({"id": "fr", "text": "Des centaines de manifestants se sont rassemblés lundi dans "
                                    "la capitale pour exiger la libération des militants détenus, selon la police."}))
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.slow
def test_ingest_reports_bad_lines_and_is_idempotent(app, tmp_path):
    src = tmp_path / "in.jsonl"
    _jsonl(src, 6)
    db = f"sqlite:///{tmp_path / 'i.db'}"
    res = runner.invoke(app, ["ingest", str(src), "--db", db, "--format", "json", "--quiet"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert (summary["read"], summary["stored"], summary["skipped"], summary["failed"]) == (9, 6, 0, 3)
    problems = "\n".join(summary["problems"])
    assert "line 2: [E112]" in problems and "line 3: [E102]" in problems and "line 4: [E101]" in problems
    with Store(db) as s:
        first = s.stats()
    res = runner.invoke(app, ["ingest", str(src), "--db", db, "--format", "json", "--quiet"])
    again = json.loads(res.stdout)
    assert (again["stored"], again["skipped"]) == (0, 6)
    with Store(db) as s:
        assert s.stats() == first


def _count(path) -> int:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _ingest_proc(src, dbfile) -> subprocess.Popen:
    env = {**os.environ, "EVENTWIRE_BATCH_SIZE": "4"}
    code = "from eventwire.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "ingest", str(src), "--db", f"sqlite:///{dbfile}",
                             "--format", "json", "--quiet"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    n = 150
    src = tmp_path / "many.jsonl"
    _jsonl(src, n, bad=False)
    dbfile = tmp_path / "k.db"
    proc = _ingest_proc(src, dbfile)
    deadline = time.time() + 120
    while _count(dbfile) < 10 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = _count(dbfile)
    assert 0 < at_kill < n, f"the kill came too late to test a resume ({at_kill} of {n} stored)"
    proc = _ingest_proc(src, dbfile)
    out, errs = proc.communicate(timeout=300)
    assert proc.returncode == 0, errs.decode()
    summary = json.loads(out)
    assert summary["skipped"] >= at_kill and summary["stored"] == n - summary["skipped"]
    ref = tmp_path / "ref.db"
    ref_proc = _ingest_proc(src, ref)
    ref_proc.communicate(timeout=300)
    with Store(f"sqlite:///{dbfile}") as resumed, Store(f"sqlite:///{ref}") as clean:
        got, want = resumed.stats(), clean.stats()
        assert got["articles"] == n
        assert got == want  # same rows as one uninterrupted run: nothing lost, nothing twice


@pytest.mark.slow
@pytest.mark.postgres
def test_ingest_into_postgres(app, tmp_path):
    from test_store import _pg_url, _reset_pg

    url = _pg_url()
    _reset_pg(url)
    src = tmp_path / "in.jsonl"
    _jsonl(src, 4)
    plain = url.replace("postgresql+psycopg://", "postgresql://")  # the form users type
    res = runner.invoke(app, ["ingest", str(src), "--db", plain, "--format", "json", "--quiet"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["stored"] == 4
    res = runner.invoke(app, ["ingest", str(src), "--db", plain, "--format", "json", "--quiet"])
    assert json.loads(res.stdout)["skipped"] == 4
    res = runner.invoke(app, ["events", "--db", plain, "--format", "json"])
    assert len({s["article_id"] for e in json.loads(res.stdout) for s in e["sources"]}) == 4
    _reset_pg(url)


@pytest.mark.slow
def test_ingest_with_worker_processes(app, tmp_path):
    src = tmp_path / "in.jsonl"
    _jsonl(src, 6, bad=False)
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    for db, workers in ((one, "1"), (two, "2")):
        res = runner.invoke(app, ["ingest", str(src), "--db", db, "--workers", workers, "--format", "json", "--quiet"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["stored"] == 6
    with Store(one) as a, Store(two) as b:
        assert a.stats() == b.stats()  # spaCy processes change the speed, not the result
