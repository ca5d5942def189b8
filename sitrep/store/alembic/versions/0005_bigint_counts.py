"""figures, statements: counts as 64-bit integers on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:00:00

A figure is at most ``MAX_COUNT`` (10^9), but figures add up (an event's toll, a statement's
aggregate) and PostgreSQL's INTEGER stops at 2^31 - 1, where an ingest would fail with an
out-of-range error that SQLite never raises. The count columns become BIGINT; SQLite's INTEGER
already holds 64 bits, so nothing changes there. Existing rows are kept as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTS = {"figures": ("best", "low", "high"), "statements": ("best", "low", "high")}
_NULLABLE = {("figures", "best"): False, ("figures", "low"): False}


def _retype(to: sa.types.TypeEngine[int], from_: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in _COUNTS.items():
        for column in columns:
            op.alter_column(
                table,
                column,
                type_=to,
                existing_type=from_,
                existing_nullable=_NULLABLE.get((table, column), True),
            )


def upgrade() -> None:
    """INTEGER → BIGINT for every stored count (PostgreSQL only)."""
    _retype(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    """BIGINT → INTEGER; fails on a count above 2^31 - 1, which 0004 cannot hold."""
    _retype(sa.Integer(), sa.BigInteger())
