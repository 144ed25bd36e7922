"""Readers and input checks: every bad input gives one clear message and the rest still goes in."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.ingest import (
    ArticleInput,
    InputProblem,
    article_id,
    check_article,
    detect_language,
    read_paths,
)
from eventwire.settings import Settings

EN = ("Government forces shelled the town on Monday, killing at least four civilians, "
      "local officials said. The army said it was targeting militants who had attacked a checkpoint.")
FR = ("Les forces gouvernementales ont bombardé la ville lundi, tuant au moins quatre civils, "
      "ont déclaré les responsables locaux. L'armée a dit viser des militants qui avaient attaqué un poste.")


def _read(*paths: Path | str, **kw) -> list:
    return list(read_paths([str(p) for p in paths], Settings(**kw)))


def test_plain_text_gets_a_stable_content_id(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(EN)
    [art] = _read(f)
    assert isinstance(art, ArticleInput)
    assert art.text == EN
    assert art.id == article_id("  " + EN.upper() + "\n")  # case and spacing do not change the id


def test_empty_file_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    [p] = _read(f)
    assert isinstance(p, InputProblem) and "E102" in p.message and "empty" in p.message


def test_binary_and_non_utf8_are_reported(tmp_path: Path) -> None:
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 attack in Paris".encode("latin-1"))
    [p1, p2] = _read(b, latin)
    assert "binary" in p1.message
    assert "not UTF-8" in p2.message and "re-encode" in p2.message


def test_huge_file_is_refused_with_the_limit_and_a_way_out(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # 50 MB, as the issue asks
        fh.write((EN + "\n").encode() * (50_000_000 // (len(EN) + 1) + 1))
    [p] = _read(f)
    assert isinstance(p, InputProblem)
    assert "E108" in p.message and "MB" in p.message and "EVENTWIRE_MAX_BYTES" in p.message


def test_unknown_extension_and_missing_path(tmp_path: Path) -> None:
    f = tmp_path / "a.docx"
    f.write_bytes(b"PK\x03\x04")
    [p1, p2] = _read(f, tmp_path / "nope.txt")
    assert "unknown file type '.docx'" in p1.message
    assert "no such file" in p2.message


def test_jsonl_reports_bad_lines_by_number_and_keeps_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "one", "text": EN, "published": "2024-07-31T10:00:00Z", "title": "T"}),
             '{"id": "two", "text": ',  # malformed
             json.dumps({"id": "three"}),  # no text
             "",
             json.dumps({"id": "five", "text": EN + " More."})]
    f.write_text("\n".join(lines) + "\n")
    items = _read(f)
    ok = [i for i in items if isinstance(i, ArticleInput)]
    bad = [i for i in items if isinstance(i, InputProblem)]
    assert [a.id for a in ok] == ["one", "five"]
    assert ok[0].published == "2024-07-31" and ok[0].title == "T"
    assert [b.origin for b in bad] == [f"{f} line 2", f"{f} line 3"]
    assert "malformed JSON" in bad[0].message and "'text'" in bad[1].message


def test_html_article_text_title_and_date(tmp_path: Path) -> None:
    f = tmp_path / "story.html"
    f.write_text("<html><head><title>Shelling kills four</title>"
                 '<meta property="article:published_time" content="2024-03-05"></head>'
                 f"<body><nav>Home | World</nav><article><h1>Shelling kills four</h1><p>{EN}</p>"
                 f"<p>{EN}</p></article><footer>© 2021 Example News</footer></body></html>")
    [art] = _read(f)
    assert isinstance(art, ArticleInput)
    assert art.title == "Shelling kills four"
    assert art.published == "2024-03-05"
    assert "shelled the town" in art.text and "Home | World" not in art.text


def test_broken_html_still_yields_its_text_or_a_clear_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(f"<html><body><div><p>{EN}<p>{EN}<div><span>unclosed")
    nothing = tmp_path / "nothing.html"
    nothing.write_text("<html><body><div></div><script>var x = 1;</script>")
    [art, p] = _read(broken, nothing)
    assert isinstance(art, ArticleInput) and "shelled the town" in art.text
    assert isinstance(p, InputProblem) and "no article text" in p.message


def test_rss_feed_entries_become_articles(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>One</title><link>http://example.org/1</link><guid>id-1</guid>
        <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>{EN}</description></item>
      <item><title>Two</title><link>http://example.org/2</link><description></description></item>
      </channel></rss>""")
    items = _read(f)
    art = items[0]
    assert isinstance(art, ArticleInput)
    assert (art.id, art.title, art.url, art.source, art.published) == ("id-1", "One", "http://example.org/1",
                                                                       "Wire", "2024-03-05")
    assert isinstance(items[1], InputProblem) and "entry 2" in items[1].origin


def test_directory_reads_known_files_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(EN)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(EN + " Again.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = _read(tmp_path)
    assert len(items) == 2 and all(isinstance(i, ArticleInput) for i in items)


def test_language_detection() -> None:
    assert detect_language(EN)[0] == "en"
    assert detect_language(FR)[0] == "fr"
    problem = check_article(ArticleInput(text=FR, origin="fr.txt"), Settings())
    assert problem is not None and "E101" in problem.message and "'fr'" in problem.message
    assert check_article(ArticleInput(text=EN), Settings()) is None


def test_overlong_text_is_cut_with_a_warning() -> None:
    art = ArticleInput(text=(EN + "\n") * 100)
    assert check_article(art, Settings(max_chars=2000)) is None
    assert len(art.text) <= 2000 and art.warnings and "cut" in art.warnings[0]


def test_jsonl_line_ranges_keep_real_line_numbers(tmp_path: Path) -> None:
    from eventwire.ingest import read_jsonl

    f = tmp_path / "big.jsonl"
    f.write_text("\n".join([json.dumps({"id": f"n{i}", "text": EN}) for i in range(4)] + ["{oops"]) + "\n")
    items = list(read_jsonl(f, Settings(), start=2))
    assert [i.id for i in items if isinstance(i, ArticleInput)] == ["n2", "n3"]
    assert [i.origin for i in items if isinstance(i, InputProblem)] == [f"{f} line 5"]
    assert [i.origin for i in items if isinstance(i, ArticleInput)] == [f"{f}:3", f"{f}:4"]
