"""Arabic language data of rasd: tab-separated tables (month names, time words, numbers,
units, currencies, reporting verbs ...), each file documenting its columns and sources in its
own ``#`` header."""

from __future__ import annotations

from pathlib import Path

#: the folder of the data files
LANG_DIR = Path(__file__).resolve().parent


def read_tsv(name: str | Path) -> list[list[str]]:
    """Rows of the data file ``name`` of this folder (or of the file at a :class:`Path`, for
    the other data folders of the package), split at tabs; ``#`` comment lines and blank
    lines are skipped.

    Raises:
        FileNotFoundError: no such file.
    """
    rows = []
    path = name if isinstance(name, Path) else LANG_DIR / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
