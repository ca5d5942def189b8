"""events: indexes for the API's newest-first pages, alone and within a country

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:10:00

``GET /events`` pages run by ``date`` descending then ``id`` descending and resume after a cursor
(a date and an id); these composite indexes let SQLite and PostgreSQL walk that order and stop
after one page instead of sorting every matching event on each request.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the two indexes."""
    op.create_index("ix_events_date_id", "events", ["date", "id"])
    op.create_index("ix_events_country_date_id", "events", ["country", "date", "id"])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_events_country_date_id", table_name="events")
    op.drop_index("ix_events_date_id", table_name="events")
