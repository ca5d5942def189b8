"""events: indexes for a page filtered by province, event type or sub-event type

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00

A province (``admin1``, matched without regard to case) or a sub-event type holds about one
event in a hundred, so a newest-first page filtered by one walked ``ix_events_date_id`` through
thousands of rows to find fifty. These indexes lead with the filtered value and keep the page's
order after it, so SQLite and PostgreSQL read only the page. ``lower(admin1)`` is an expression
index, which both databases use for the same expression in the query. The type's own index
(``ix_events_event_type``) gives way to one with the page's order after the type: with both, the
planner took the type alone and sorted every battle to return fifty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three indexes, dropping the one the type's now replaces."""
    op.drop_index("ix_events_event_type", table_name="events")
    op.create_index("ix_events_event_type_date_id", "events", ["event_type", "date", "id"])
    op.create_index("ix_events_admin1_date_id", "events", [sa.text("lower(admin1)"), "date", "id"])
    op.create_index("ix_events_sub_event_type_date_id", "events", ["sub_event_type", "date", "id"])


def downgrade() -> None:
    """Drop them, restoring the type's own index."""
    op.drop_index("ix_events_sub_event_type_date_id", table_name="events")
    op.drop_index("ix_events_admin1_date_id", table_name="events")
    op.drop_index("ix_events_event_type_date_id", table_name="events")
    op.create_index("ix_events_event_type", "events", ["event_type"])
