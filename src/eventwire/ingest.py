"""Readers: plain text, HTML, JSONL, RSS/Atom, stdin -> ``ArticleInput`` records.

Every reader yields either an ``ArticleInput`` or an ``InputProblem`` (what was wrong, where, what
to do), never raises for one bad item: one malformed line or file must not stop the rest.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .settings import Settings

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | FEED_EXT


@dataclass
class ArticleInput:
    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = "<text>"  # file[:line] it came from, for messages
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)
        self.published = normalise_date(self.published)


@dataclass
class InputProblem:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = ArticleInput | InputProblem


def article_id(text: str) -> str:
    """sha1 of the normalised text: the same story re-encoded or re-spaced gets the same id."""
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def normalise_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO date/datetime string (or date object); None when absent or unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        import dateparser

        d = dateparser.parse(str(value), settings={"DATE_ORDER": "YMD", "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises many kinds on garbage; an unreadable date is just absent
        return None
    return d.date().isoformat() if d else None


def decode(data: bytes, origin: str) -> str | InputProblem:
    if not data.strip():
        return InputProblem(origin, "[E102] the input is empty; give a file with article text.")
    if b"\x00" in data[:8192]:
        return InputProblem(origin, "[E103] the input is binary, not text; give UTF-8 text, HTML or JSONL.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return InputProblem(origin, f"[E104] the input is not UTF-8 (byte {e.start}); re-encode it as UTF-8.")


def read_paths(paths: Iterable[str], settings: Settings, stdin_text: str | None = None) -> Iterator[Item]:
    for p in paths:
        if p == "-":
            text = stdin_text if stdin_text is not None else sys.stdin.read()
            if text.lstrip().startswith("{"):
                yield from jsonl_lines(text.splitlines(), "<stdin>", settings)
            else:
                yield from _text(text.encode("utf-8"), "<stdin>")
            continue
        path = Path(p)
        if not path.exists():
            yield InputProblem(p, "[E105] no such file or directory; check the path.")
        elif path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_EXT)
            if not files:
                yield InputProblem(p, f"[E106] the directory holds no readable files ({', '.join(sorted(KNOWN_EXT))}).")
            for f in files:
                yield from read_file(f, settings)
        else:
            yield from read_file(path, settings)


def read_file(path: Path, settings: Settings) -> Iterator[Item]:
    origin = str(path)
    ext = path.suffix.lower()
    if ext not in KNOWN_EXT:
        yield InputProblem(origin, f"[E107] unknown file type '{ext or '(none)'}'; use one of {', '.join(sorted(KNOWN_EXT))}.")
        return
    if ext in JSONL_EXT:
        yield from _jsonl_file(path, settings)
        return
    size = path.stat().st_size
    if size > settings.max_bytes:
        yield InputProblem(origin, f"[E108] the file is {size / 1e6:.1f} MB, over the {settings.max_bytes / 1e6:.0f} MB "
                                   "limit; split it into articles (JSONL) or raise EVENTWIRE_MAX_BYTES.")
        return
    data = path.read_bytes()
    if ext in HTML_EXT:
        yield from _html(data, origin)
    elif ext in FEED_EXT:
        yield from _feed(data, origin)
    else:
        yield from _text(data, origin)


def _text(data: bytes, origin: str) -> Iterator[Item]:
    text = decode(data, origin)
    yield text if isinstance(text, InputProblem) else ArticleInput(text=text, origin=origin)


def html_to_article(html: str, origin: str, url: str | None = None) -> Item:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as e:  # trafilatura/lxml raise assorted errors on broken markup
        return InputProblem(origin, f"[E109] the HTML could not be parsed ({type(e).__name__}); check the file.")
    text = (doc.text or "").strip() if doc else ""
    if not text:
        return InputProblem(origin, "[E110] no article text found in the HTML; is it a page with an article body?")
    title = doc.title or None
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    return ArticleInput(text=text, title=title, published=doc.date, url=url or doc.url,
                        source=doc.sitename, origin=origin)


def _html(data: bytes, origin: str) -> Iterator[Item]:
    html = decode(data, origin)
    yield html if isinstance(html, InputProblem) else html_to_article(html, origin)


def _feed(data: bytes, origin: str) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield InputProblem(origin, f"[E111] no feed entries found{why}; is this an RSS or Atom feed?")
        return
    source = feed.feed.get("title")
    for i, e in enumerate(feed.entries, 1):
        where = f"{origin}:entry {i}"
        body = ""
        if e.get("content"):
            body = e.content[0].get("value", "")
        body = body or e.get("summary", "")
        item = html_to_article(f"<html><body><article>{body}</article></body></html>", where, e.get("link")) \
            if "<" in body else (ArticleInput(text=body, origin=where) if body.strip()
                                 else InputProblem(where, "[E102] the entry has no text."))
        if isinstance(item, ArticleInput):
            item.title = e.get("title") or item.title
            item.url = e.get("link") or item.url
            item.source = source or item.source
            parsed = e.get("published_parsed") or e.get("updated_parsed")
            if parsed:
                item.published = date(parsed[0], parsed[1], parsed[2]).isoformat()
            if e.get("id"):
                item.id = e.id
        yield item


def _jsonl_file(path: Path, settings: Settings) -> Iterator[Item]:
    yield from read_jsonl(path, settings)


def read_jsonl(path: Path, settings: Settings, start: int = 0, stop: int | None = None) -> Iterator[Item]:
    """Articles of lines [start, stop) of a JSONL file (0-based), streamed; messages keep real line numbers."""
    try:
        fh = path.open("rb")
    except OSError as e:
        yield InputProblem(str(path), f"[E105] cannot open the file ({e.strerror}).")
        return
    with fh:
        yield from jsonl_lines(itertools.islice(fh, start, stop), str(path), settings, first_line=start + 1)


def jsonl_lines(lines: Iterable[bytes | str], origin: str, settings: Settings, first_line: int = 1) -> Iterator[Item]:
    for n, raw in enumerate(lines, first_line):
        where = f"{origin}:{n}"
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            line = decode(raw, f"{origin} line {n}")
            if isinstance(line, InputProblem):
                yield line
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputProblem(f"{origin} line {n}", f"[E112] malformed JSON ({e.msg} at column {e.colno}); the line is skipped.")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield InputProblem(f"{origin} line {n}", "[E113] the record has no 'text' string; each line needs {\"text\": ...}.")
            continue
        if not rec["text"].strip():
            yield InputProblem(f"{origin} line {n}", "[E102] the record's text is empty.")
            continue
        yield ArticleInput(text=rec["text"], id=str(rec["id"]) if rec.get("id") is not None else None,
                           title=rec.get("title"), published=rec.get("published"), url=rec.get("url"),
                           source=rec.get("source"), origin=where)


_EN_WORDS = frozenset("the of and to in a is that for on was with as by at said from it his were has have be are an".split())


def check_article(art: ArticleInput, settings: Settings) -> InputProblem | None:
    """Refuse what the English pipeline cannot read; trim what is too long to parse at once."""
    if not art.text.strip():
        return InputProblem(art.origin, "[E102] the text is empty.")
    if len(art.text) > settings.max_chars:
        cut = art.text.rfind("\n", 0, settings.max_chars)
        art.text = art.text[: cut if cut > settings.max_chars // 2 else settings.max_chars]
        art.warnings.append(f"text cut to {len(art.text):,} characters (EVENTWIRE_MAX_CHARS)")
    lang, p = detect_language(art.text)
    if lang != "en" or p < settings.min_english:
        return InputProblem(art.origin, f"[E101] the text looks like '{lang}' (p={p:.2f}), not English; "
                                        "eventwire reads English only, so it is skipped.")
    return None


def detect_language(text: str) -> tuple[str, float]:
    """(language code, probability). English function words decide fast on clear cases; langdetect the rest."""
    sample = text[:3000]
    words = re.findall(r"[a-zA-Z]+", sample.lower())
    letters = sum(ch.isalpha() for ch in sample)
    latin = sum("a" <= ch.lower() <= "z" for ch in sample)
    if words and letters and latin / letters > 0.9:
        ratio = sum(w in _EN_WORDS for w in words) / len(words)
        if ratio > 0.12 and len(words) >= 8:
            return "en", 1.0
    try:
        from langdetect import DetectorFactory, detect_langs

        DetectorFactory.seed = 0  # langdetect is random without a seed
        best = detect_langs(sample)[0]
        return best.lang, best.prob
    except Exception:  # langdetect raises on text with no letters
        return "unknown", 0.0
