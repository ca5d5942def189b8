"""Schema migrations with Alembic, driven from code so no alembic.ini has to be found on disk."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from sitrep.errors import SchemaOutOfDateError, StoreError

__all__ = ["current_revision", "downgrade", "ensure_schema", "head_revision", "upgrade"]


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("sitrep.store").joinpath("alembic"))
    )
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str:
    """The revision this version of sitrep writes."""
    head = ScriptDirectory.from_config(_config(engine)).get_current_head()
    if head is None:
        raise StoreError("sitrep ships no migrations; the installation is broken")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None for a database sitrep has never touched."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default)."""
    command.upgrade(_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` ("base" drops every sitrep table)."""
    command.downgrade(_config(engine), revision)


def ensure_schema(engine: Engine) -> None:
    """Create a new database at the current revision; refuse one that needs ``db upgrade``.

    Upgrading an existing database silently could surprise someone sharing it with an older
    sitrep, so only an empty database is migrated without asking.
    """
    current = current_revision(engine)
    head = head_revision(engine)
    if current == head:
        return
    if current is None:
        leftover = set(inspect(engine).get_table_names()) & {"articles", "events"}
        if leftover:
            raise StoreError(
                "the database has sitrep tables but no migration record; "
                "use a fresh database or run `sitrep db upgrade`"
            )
        upgrade(engine)
        return
    script = ScriptDirectory.from_config(_config(engine))
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise StoreError(
            f"the database is at revision {current}, made by a newer sitrep; upgrade sitrep"
        )
    raise SchemaOutOfDateError(
        f"the database is at revision {current}, this sitrep needs {head}: run `sitrep db upgrade`"
    )
