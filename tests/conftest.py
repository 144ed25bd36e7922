"""Shared fixtures. The spaCy pipeline is loaded once per test session (tests using it are 'slow')."""

from __future__ import annotations

import pytest

from eventwire.knowledge import Knowledge, load_knowledge
from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def kb(settings: Settings) -> Knowledge:
    return load_knowledge(settings)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):
    """The spaCy pipeline with eventwire's entity ruler, as the stages see it."""
    return pipeline.nlp


@pytest.fixture(scope="session")
def extract(pipeline: Pipeline):
    """extract(text, published=...) -> Document, through the whole pipeline."""
    import eventwire

    return eventwire.extract
