"""The one loader for the CSV tables under ``sitrep/data``.

Lexicons and tables live in data files, not in code; this loader refuses a missing column or an
empty cell so that a typo in a data file fails loudly instead of matching everything or nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from importlib import resources

from sitrep.errors import LexiconError

__all__ = ["COUNTRY_CODE_COLUMNS", "read_table"]

COUNTRY_CODE_COLUMNS = ("iso3", "iso_numeric", "acled_region", "gwno", "latitude", "longitude")
"""The columns of ``countries.csv`` beside the names: the exports read the codes, the gazetteer the
point; every reader allows them all."""


def read_table(
    name: str, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Read ``sitrep/data/<name>`` as a list of rows, each cell stripped.

    Columns in ``required`` must exist and be non-empty in every row; columns in ``optional`` may be
    empty. Any other column is an error. Lines starting with ``#`` are comments.
    """
    path = resources.files("sitrep").joinpath("data", name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"data file {name} is missing from the sitrep package") from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines)
    columns = list(reader.fieldnames or [])
    missing = [column for column in required if column not in columns]
    unknown = [column for column in columns if column not in required and column not in optional]
    if missing or unknown:
        raise LexiconError(f"{name}: missing columns {missing}, unknown columns {unknown}")
    rows: list[dict[str, str]] = []
    for number, row in enumerate(reader, start=2):
        cleaned = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if None in row:
            raise LexiconError(f"{name}: row {number} has more cells than the header")
        empty = [column for column in required if not cleaned.get(column)]
        if empty:
            raise LexiconError(f"{name}: row {number} has empty {', '.join(empty)}")
        rows.append(cleaned)
    if not rows:
        raise LexiconError(f"{name} holds no rows")
    return rows
