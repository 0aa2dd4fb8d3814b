"""Shared test fixtures.

Tests that read ``../shared`` (the project's read-only data folder) use the ``shared`` fixture
or the ``SHARED`` constant with ``needs_shared``; they skip with a clear reason when the folder
is absent (a user's machine).  CI always has it.  Set ``RASD_SHARED`` to point elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASD_SHARED", ROOT.parent / "shared"))
HAVE_SHARED = (SHARED / "README.md").exists()

needs_shared = pytest.mark.skipif(
    not HAVE_SHARED, reason=f"../shared data folder not found at {SHARED} (set RASD_SHARED)"
)


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path of the shared data folder; skips the test when it is absent."""
    if not HAVE_SHARED:
        pytest.skip(f"../shared data folder not found at {SHARED} (set RASD_SHARED)")
    return SHARED


def load_cases(kind: str | None = None, prefix: str | None = None) -> list[dict]:
    """Handed failure cases from ``../shared/cases/handed.jsonl`` (empty list when absent)."""
    path = SHARED / "cases" / "handed.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            if (kind is None or c["kind"] == kind) and (prefix is None or c["id"].startswith(prefix)):
                out.append(c)
    return out


@pytest.fixture(scope="session")
def pipeline():
    """One shared :class:`rasd.pipeline.Pipeline` for the session (models load once)."""
    from rasd.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def ner():
    """A rule-based :class:`rasd.ner.rules.EntityRecognizer`, one per test module (loading its
    lexicons once per module); a module's own ``ner`` fixture takes precedence."""
    from rasd.ner.rules import EntityRecognizer

    return EntityRecognizer()
