"""event_reports (each event as each article reported it) and figures.speaker

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-09 10:00:00

Cross-report merging rebuilds stored events from the reports of them, so every article's own
version of each event is kept in ``event_reports``. A database from before merging holds one
event per article event: each becomes its own report (its figures, evidence and parent taken
from the stored rows), and each figure gets the speaker its evidence names.

Columns are added with plain ALTER TABLE, never in Alembic's batch mode: on SQLite, batch mode
copies and drops the table, and dropping ``figures`` is harmless but the habit is not (see
0002).
"""

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EVENT_COLUMNS = (
    "id",
    "parent_id",
    "background",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "assoc_actors",
    "claimed_by",
)
_TYPES: dict[str, Any] = {
    "date": sa.Date(),
    "background": sa.Boolean(),
    "assoc_actors": sa.JSON(),
    "claimed_by": sa.JSON(),
}
_events = sa.table("events", *(sa.column(name, _TYPES.get(name)) for name in _EVENT_COLUMNS))
_sources = sa.table(
    "event_sources", sa.column("event_id"), sa.column("article_id"), sa.column("local_id")
)
_figures = sa.table(
    "figures",
    sa.column("id"),
    sa.column("event_id"),
    sa.column("article_id"),
    sa.column("category"),
    sa.column("best"),
    sa.column("low"),
    sa.column("high"),
    sa.column("speaker"),
)
_evidence = sa.table(
    "evidence",
    sa.column("event_id"),
    sa.column("article_id"),
    sa.column("position"),
    sa.column("field"),
    sa.column("span_start"),
    sa.column("span_end"),
    sa.column("text"),
    sa.column("attributed_to"),
)
_reports = sa.table(
    "event_reports",
    sa.column("article_id"),
    sa.column("local_id"),
    sa.column("event_id"),
    sa.column("country"),
    sa.column("date", sa.Date()),
    sa.column("payload"),
)


def upgrade() -> None:
    """Create event_reports, add figures.speaker, and fill both from the stored rows."""
    op.create_table(
        "event_reports",
        sa.Column("article_id", sa.String(length=128), nullable=False),
        sa.Column("local_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_event_reports_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "local_id", name=op.f("pk_event_reports")),
    )
    op.create_index(
        "ix_event_reports_country_date", "event_reports", ["country", "date"], unique=False
    )
    op.create_index(op.f("ix_event_reports_event_id"), "event_reports", ["event_id"], unique=False)
    op.add_column("figures", sa.Column("speaker", sa.Text(), nullable=True))
    _fill(op.get_bind())


def _fill(connection: sa.Connection) -> None:
    local: dict[str, tuple[str, str]] = {
        event_id: (article_id, local_id)
        for event_id, article_id, local_id in connection.execute(sa.select(_sources))
    }
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in connection.execute(
        sa.select(_evidence).order_by(_evidence.c.event_id, _evidence.c.position)
    ).mappings():
        evidence[row["event_id"]].append(
            {
                "start": row["span_start"],
                "end": row["span_end"],
                "text": row["text"],
                "attributed_to": row["attributed_to"],
                "field": row["field"],
            }
        )
    figures: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in connection.execute(sa.select(_figures)).mappings():
        figure = {"best": row["best"], "low": row["low"], "high": row["high"]}
        figures[row["event_id"]][row["category"]] = figure
        category = row["category"]
        wanted = category if category in _OTHER else f"fatalities.{category}"
        speaker = next(
            (e["attributed_to"] for e in evidence[row["event_id"]] if e["field"] == wanted), None
        )
        if speaker is not None:
            connection.execute(
                sa.update(_figures).where(_figures.c.id == row["id"]).values(speaker=speaker)
            )
    for row in connection.execute(sa.select(_events)).mappings():
        if row["id"] not in local:
            continue
        article_id, local_id = local[row["id"]]
        counted = figures[row["id"]]
        payload = {
            "id": local_id,
            "parent": local.get(row["parent_id"], ("", None))[1] if row["parent_id"] else None,
            "date": row["date"].isoformat() if row["date"] else None,
            **{name: row[name] for name in _EVENT_COLUMNS[4:] if name != "date"},
            "background": bool(row["background"]),
            "assoc_actors": _listed(row["assoc_actors"]),
            "claimed_by": _listed(row["claimed_by"]),
            "fatalities": {k: v for k, v in counted.items() if k not in _OTHER},
            "injured": counted.get("injured"),
            "abducted": counted.get("abducted"),
            "evidence": evidence[row["id"]],
        }
        connection.execute(
            sa.insert(_reports).values(
                article_id=article_id,
                local_id=local_id,
                event_id=row["id"],
                country=row["country"],
                date=row["date"],
                payload=json.dumps(payload),
            )
        )


_OTHER = ("injured", "abducted")


def _listed(value: object) -> list[str]:
    """A JSON column as read back: a list on PostgreSQL, maybe a string on SQLite."""
    if isinstance(value, str):
        loaded = json.loads(value)
        return [str(item) for item in loaded] if isinstance(loaded, list) else []
    return [str(item) for item in value] if isinstance(value, list) else []


def downgrade() -> None:
    """Drop event_reports and figures.speaker; merged events stay as they are."""
    op.drop_column("figures", "speaker")
    op.drop_index(op.f("ix_event_reports_event_id"), table_name="event_reports")
    op.drop_index("ix_event_reports_country_date", table_name="event_reports")
    op.drop_table("event_reports")
