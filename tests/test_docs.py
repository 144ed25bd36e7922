"""Docs derived from code are current, and every setting is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
gen_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_docs)


def test_settings_doc_is_current() -> None:
    assert (ROOT / "docs" / "settings.md").read_text() == gen_docs.settings_md(), "run scripts/gen_docs.py"


def test_every_setting_has_a_description() -> None:
    for cls in gen_docs.settings_classes():
        assert all(f.description for f in cls.model_fields.values()), cls.__name__


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "./setup.sh" in first_block and "./test.sh" in first_block
    assert "exec ./test.sh" in (ROOT / ".ci" / "run").read_text()
