"""Shared fixtures: the pipeline (loaded once per test session) and the ../shared folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test with a clear message when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not here: the shared material (../shared beside the repo) is needed for this test")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.config import Settings
    from eventwire.pipeline import Pipeline
    return Pipeline(Settings())


@pytest.fixture(scope="session")
def code_text(pipeline):
    """Code one text and return the Result."""
    from eventwire.model import RawInput

    def run(text: str, pub_date: str | None = "2020-01-15", doc_id: str = "t"):
        return next(pipeline.process([RawInput(doc_id=doc_id, text=text, pub_date=pub_date)]))
    return run
