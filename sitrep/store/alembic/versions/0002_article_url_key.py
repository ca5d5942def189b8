"""articles.url_key: an article is also known by its normalised URL

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00

Existing articles get the key of their stored URL; where two stored articles share a normalised
URL, the first (by id) keeps it and the others stay NULL, so the unique index can be built.

The column and index are added and dropped with plain ALTER TABLE, never in Alembic's batch
mode: on SQLite, batch mode copies and drops the table, and dropping ``articles`` with foreign
keys enforced would cascade to every event source, figure and statement.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sitrep.ingest.urls import url_key

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_articles = sa.table(
    "articles", sa.column("id", sa.String), sa.column("url", sa.Text), sa.column("url_key")
)


def upgrade() -> None:
    """Add the column, fill it from the stored URLs, then index it as unique."""
    op.add_column("articles", sa.Column("url_key", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    taken: set[str] = set()
    rows = connection.execute(
        sa.select(_articles.c.id, _articles.c.url)
        .where(_articles.c.url.is_not(None))
        .order_by(_articles.c.id)
    ).all()
    for article_id, url in rows:
        key = url_key(url)
        if key is None or key in taken:
            continue
        taken.add(key)
        connection.execute(
            sa.update(_articles).where(_articles.c.id == article_id).values(url_key=key)
        )
    op.create_index(op.f("ix_articles_url_key"), "articles", ["url_key"], unique=True)


def downgrade() -> None:
    """Drop the index and the column (SQLite 3.35+ drops a column in place)."""
    op.drop_index(op.f("ix_articles_url_key"), table_name="articles")
    op.drop_column("articles", "url_key")
