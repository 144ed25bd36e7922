"""The output contract of ``eventwire extract`` (``shared/spec/output.md``) as pydantic models.

These models are the single definition of the contract: the CLI, the store, the API and the
published JSON Schema (``docs/output.schema.json``) are all derived from them. Field names are fixed
by the contract; new fields may be added, none renamed or dropped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ACTOR_KINDS: tuple[str, ...] = (
    "state", "government", "military", "police", "legislature", "judiciary", "political_party",
    "armed_group", "igo", "ngo", "media", "business", "person", "civilians", "protesters",
    "religious", "other",
)
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
ActorKind = Literal[
    "state", "government", "military", "police", "legislature", "judiciary", "political_party",
    "armed_group", "igo", "ngo", "media", "business", "person", "civilians", "protesters",
    "religious", "other",
]
Status = Literal["asserted", "negated", "hypothetical", "future", "historical"]
Precision = Literal["day", "week", "month", "year", "range", "publication", "unknown"]
Feature = Literal["country", "admin1", "admin2", "city", "site", "region"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Model):
    id: str
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD, the anchor for relative dates")
    source: str | None = None
    url: str | None = None
    language: str = "en"


class Actor(_Model):
    id: str
    name: str
    canonical: str | None = None
    kind: ActorKind | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    mentions: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    confidence: float = 1.0


class ActorRef(_Model):
    id: str
    name: str
    canonical: str | None = None
    kind: ActorKind | None = None
    country: str | None = None


class Place(_Model):
    id: str
    name: str
    canonical: str | None = None
    feature: Feature | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    mentions: list[str] = Field(default_factory=list)
    confidence: float = 1.0


class PlaceRef(_Model):
    id: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = Field(None, description="ACLED: 1 exact place, 2 near/region, 3 country")


class DateInfo(_Model):
    start: str | None = None
    end: str | None = None
    precision: Precision = "unknown"
    text: str | None = None


class Codes(_Model):
    cameo: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None


class Event(_Model):
    id: str
    type: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    place: PlaceRef | None = None
    date: DateInfo = Field(default_factory=DateInfo)
    fatalities: int | None = None
    status: Status = "asserted"
    sentence: str
    span: tuple[int, int]
    confidence: float = 0.5
    codes: Codes = Field(default_factory=Codes)
    trigger: str | None = Field(None, description="the word(s) that express the event")
    evidence: list[str] = Field(default_factory=list, description="every sentence that mentions this event")
    note: str | None = None


class Quote(_Model):
    id: str
    text: str
    speaker: ActorRef | None = None
    cue: str | None = None
    span: tuple[int, int]
    partial: bool = False


class Relation(_Model):
    type: Literal["member_of", "allied_with"]
    subject: str
    object: str
    sentence: str


class Document(_Model):
    article: Article
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
