"""The store on SQLite and PostgreSQL: all or nothing, idempotent, stable ids, migrations."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select, text

from sitrep.errors import EventNotFoundError, StoreError
from sitrep.models import Article, ArticleRecord, Event, Evidence, Fatalities, Figure, Statement
from sitrep.store import (
    EventFilter,
    SaveOutcome,
    Store,
    current_revision,
    downgrade,
    head_revision,
    open_engine,
    stored_event_id,
    upgrade,
)
from sitrep.store.filters import filter_conditions
from sitrep.store.schema import Base, EventRow

TEXT = (
    "QUETTA, Pakistan — Militants attacked police posts in two towns on Saturday. "
    "Two police officers were killed in Quetta, police official Ali Khan said. "
    "In Turbat, three civilians died."
)


def _record(
    article_id: str = "a1", text: str = TEXT, published: str = "2026-01-31"
) -> ArticleRecord:
    quetta = TEXT.index("Two police")
    return ArticleRecord(
        article=Article(
            id=article_id,
            url=f"https://example.org/{article_id}",
            title="Attacks",
            published=dt.date.fromisoformat(published),
            text=text,
            source="test",
        ),
        events=[
            Event(
                id="e1",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                admin1="Balochistan",
                fatalities=Fatalities(security_forces=Figure.exact(2), civilians=Figure.exact(3)),
            ),
            Event(
                id="e2",
                parent="e1",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                admin1="Balochistan",
                admin2="Quetta",
                location="Quetta",
                latitude=30.199,
                longitude=67.01,
                geo_precision=1,
                actor1="Unidentified Armed Group (Pakistan)",
                actor2="Police Forces of Pakistan",
                fatalities=Fatalities(security_forces=Figure.exact(2)),
                evidence=[
                    Evidence(
                        start=quetta,
                        end=quetta + 36,
                        text=TEXT[quetta : quetta + 36],
                        attributed_to="police official Ali Khan",
                        field="fatalities.security_forces",
                    )
                ],
            ),
            Event(
                id="e3",
                parent="e1",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                location="Turbat",
                latitude=26.0,
                longitude=63.05,
                geo_precision=1,
                fatalities=Fatalities(civilians=Figure(best=3, low=3, high=None)),
                injured=Figure.exact(4),
            ),
        ],
        statements=[
            Statement(
                kind="aggregate",
                category="militants",
                count=Figure.exact(108),
                period="past 48 hours",
                text="108 militants",
                start=0,
                end=10,
            ),
            Statement(kind="denial", actor="Government of India", text="denies", start=11, end=17),
        ],
    )


def test_save_then_read_back(store: Store) -> None:
    assert store.save(_record()) is SaveOutcome.NEW
    events = store.events()
    assert len(events) == 3
    parent_id = stored_event_id("a1", "e1")
    quetta = next(e for e in events if e.location == "Quetta")
    assert quetta.id == stored_event_id("a1", "e2")
    assert quetta.parent == parent_id
    assert quetta.fatalities.security_forces == Figure.exact(2)
    assert quetta.fatalities_total == Figure.exact(2)
    assert quetta.sources and quetta.sources[0].article_id == "a1"
    assert quetta.sources[0].url == "https://example.org/a1"
    assert quetta.evidence[0].attributed_to == "police official Ali Khan"
    turbat = next(e for e in events if e.location == "Turbat")
    assert turbat.fatalities.civilians == Figure(best=3, low=3, high=None)
    assert turbat.injured == Figure.exact(4)
    assert [s.kind for s in store.statements("a1")] == ["aggregate", "denial"]
    assert store.statements("a1")[0].count == Figure.exact(108)


def test_storing_again_changes_nothing(store: Store) -> None:
    assert store.save(_record()) is SaveOutcome.NEW
    before = store.row_counts()
    assert store.save(_record()) is SaveOutcome.ALREADY_STORED
    assert store.save(_record(article_id="other-id")) is SaveOutcome.ALREADY_STORED  # same text
    assert store.row_counts() == before
    assert before["articles"] == 1 and before["events"] == 3 and before["statements"] == 2


def test_a_failure_midway_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.store.repository as repository

    def explode(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repository, "_add_statements", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save(_record())
    assert set(store.row_counts().values()) == {0}
    monkeypatch.undo()
    assert store.save(_record()) is SaveOutcome.NEW


@pytest.mark.parametrize(
    ("where", "locations"),
    [
        (EventFilter(country="pk"), ["Quetta", "Turbat", None]),
        (EventFilter(country="NG"), []),
        (EventFilter(event_type="Violence against civilians"), ["Turbat"]),
        (EventFilter(event_type="Armed clash"), ["Quetta", None]),
        (EventFilter(event_type="violence AGAINST civilians"), ["Turbat"]),
        (EventFilter(event_type="armed clash"), ["Quetta", None]),
        (EventFilter(event_type="Clash"), []),
        (EventFilter(admin1="BALOCHISTAN"), ["Quetta", None]),
        (EventFilter(since=dt.date(2026, 2, 1)), []),
        (
            EventFilter(until=dt.date(2026, 1, 31), since=dt.date(2026, 1, 31)),
            ["Quetta", "Turbat", None],
        ),
    ],
    ids=[
        "country-any-case",
        "other-country",
        "type",
        "sub-type",
        "type-any-case",
        "sub-type-any-case",
        "not-a-type",
        "province-any-case",
        "since",
        "day",
    ],
)
def test_event_filters(store: Store, where: EventFilter, locations: list[str | None]) -> None:
    store.save(_record())
    assert sorted(e.location or "~" for e in store.events(where)) == sorted(
        loc or "~" for loc in locations
    )


@pytest.mark.parametrize(
    ("where", "index"),
    [
        (EventFilter(), "ix_events_date_id"),
        (EventFilter(country="PK"), "ix_events_country_date_id"),
        (EventFilter(admin1="borno"), "ix_events_admin1_date_id"),
        (EventFilter(event_type="Battles"), "ix_events_event_type_date_id"),
        (EventFilter(event_type="suicide bomb"), "ix_events_sub_event_type_date_id"),
    ],
    ids=["none", "country", "province", "type", "sub-type"],
)
def test_a_filtered_page_walks_an_index_in_the_pages_order(
    sqlite_url: str, where: EventFilter, index: str
) -> None:
    """A page reads its fifty rows from an index already in date and id order: no sort of every
    match (with the type's own index, SQLite sorted every battle to return fifty)."""
    page = (
        select(EventRow)
        .where(*filter_conditions(where), EventRow.date.is_not(None))
        .order_by(EventRow.date.desc(), EventRow.id.desc())
        .limit(51)
    )
    with Store.open(sqlite_url) as store, store.engine.connect() as connection:
        sql = str(page.compile(store.engine, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(row[3] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert f"USING INDEX {index} " in plan and "TEMP B-TREE" not in plan, plan


def test_event_detail(store: Store) -> None:
    store.save(_record())
    detail = store.event_detail(stored_event_id("a1", "e1"))
    assert {child.location for child in detail.children} == {"Quetta", "Turbat"}
    quetta = store.event_detail(stored_event_id("a1", "e2"))
    assert quetta.articles["a1"].text == TEXT
    assert quetta.figure_history["security_forces"][0].figure == Figure.exact(2)
    assert quetta.evidence_by_article["a1"][0].field == "fatalities.security_forces"
    with pytest.raises(EventNotFoundError, match="sitrep events"):
        store.event_detail("ev-missing")


def test_migrations_go_up_down_up(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
        downgrade(engine, "base")
        assert current_revision(engine) is None
        with engine.connect() as connection:
            remaining = connection.execute(
                text("SELECT count(*) FROM alembic_version")
            ).scalar_one()
        assert remaining == 0
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
    finally:
        engine.dispose()
    with Store.open(db_url) as store:
        assert store.save(_record()) is SaveOutcome.NEW


# SQLite cannot reflect an expression index (lower(admin1)), so Alembic skips comparing it
# there with a warning; PostgreSQL reflects and compares it.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_build_exactly_the_models_tables(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("urls", "keyed"),
    [
        (["https://example.org/a", "https://example.org/b"], [True, True]),
        (["https://example.org/a?utm_source=x", "https://EXAMPLE.org/a"], [True, False]),
        ([None, "https://example.org/a"], [False, True]),
    ],
    ids=["distinct", "same-page-twice", "no-url"],
)
def test_upgrade_to_0002_keys_stored_articles_and_downgrade_keeps_them(
    db_url: str, urls: list[str | None], keyed: list[bool]
) -> None:
    engine = open_engine(db_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            for number, url in enumerate(urls):
                connection.execute(
                    text(
                        "INSERT INTO articles (id, url, text, content_hash, sitrep_version, "
                        "rules, ingested_at) VALUES (:id, :url, 'x', :hash, '0', 'r', "
                        "CURRENT_TIMESTAMP)"
                    ),
                    {"id": f"a{number}", "url": url, "hash": f"h{number}"},
                )
        upgrade(engine)
        with engine.connect() as connection:
            keys = connection.execute(text("SELECT url_key FROM articles ORDER BY id")).scalars()
            assert [key is not None for key in keys] == keyed
        downgrade(engine, "0001")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == len(
                urls
            )
    finally:
        engine.dispose()


def test_a_page_is_stored_once_under_any_spelling_of_its_url(store: Store) -> None:
    first = _record("a1")
    assert store.save(first) is SaveOutcome.NEW
    article = first.article.model_copy(
        update={"id": "a2", "url": "HTTPS://example.org:443/a1?utm_source=feed", "text": "Other."}
    )
    assert store.has_article("a2", None, article.url)
    assert store.save(ArticleRecord(article=article)) is SaveOutcome.ALREADY_STORED
    assert store.row_counts()["articles"] == 1


def test_a_database_from_a_newer_sitrep_is_refused(db_url: str) -> None:
    Store.open(db_url).close()
    engine = open_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer sitrep"):
        Store.open(db_url)


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"


def test_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql://postgres@127.0.0.1:1/nowhere")


def _old_quetta_report(connection: Connection) -> None:
    """What sitrep stored before merging (revision 0002): one event of one article."""
    quetta = TEXT.index("Two police")
    statements = [
        "INSERT INTO articles (id, url, published, text, content_hash, sitrep_version, rules, "
        "ingested_at) VALUES ('old', 'https://old.example/1', '2026-01-31', :text, 'h0', '0', "
        "'r', CURRENT_TIMESTAMP)",
        "INSERT INTO events (id, background, date, date_precision, event_type, sub_event_type, "
        "country, admin1, admin2, location, latitude, longitude, geo_precision, actor1, "
        "assoc_actors, claimed_by, created_at) VALUES ('evold', false, '2026-01-31', 1, "
        "'Battles', 'Armed clash', 'PK', 'Balochistan', 'Quetta', 'Quetta', 30.199, 67.01, 1, "
        "'Baloch Liberation Army', '[]', '[\"Baloch Liberation Army\"]', CURRENT_TIMESTAMP)",
        "INSERT INTO event_sources (event_id, article_id, local_id) VALUES ('evold', 'old', 'e1')",
        "INSERT INTO figures (event_id, article_id, category, best, low, high) "
        "VALUES ('evold', 'old', 'security_forces', 2, 2, 2)",
        "INSERT INTO evidence (event_id, article_id, position, field, span_start, span_end, "
        "text, attributed_to) VALUES ('evold', 'old', 0, 'fatalities.security_forces', :start, "
        ":end, 'x', 'police official Ali Khan')",
    ]
    values = {"text": TEXT, "start": quetta, "end": quetta + 36}
    for statement in statements:
        connection.execute(text(statement), values)


def test_upgrade_to_0003_keeps_each_stored_event_as_a_report_that_later_reports_merge_with(
    db_url: str,
) -> None:
    engine = open_engine(db_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            _old_quetta_report(connection)
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(
                text("SELECT event_id, local_id FROM event_reports")
            ).all() == [("evold", "e1")]
            assert connection.execute(text("SELECT speaker FROM figures")).scalar_one() == (
                "police official Ali Khan"
            )
    finally:
        engine.dispose()
    with Store.open(db_url) as store:
        assert store.save(_record()) is SaveOutcome.NEW
        quetta = next(e for e in store.events() if e.location == "Quetta")
        assert {s.article_id for s in quetta.sources or []} == {"old", "a1"}
        assert quetta.id == stored_event_id("a1", "e2")  # named after its earliest report


_BEYOND_INT32 = 3 * 10**9
"""Three figures at the bound (MAX_COUNT, 10^9) add up past PostgreSQL's INTEGER (issue 15)."""


def test_counts_beyond_32_bits_are_stored_and_read_back(db_url: str) -> None:
    record = _record()
    toll = Figure(best=_BEYOND_INT32, low=_BEYOND_INT32, high=_BEYOND_INT32 + 1)
    events = [
        event.model_copy(update={"fatalities": Fatalities(civilians=toll)})
        if event.id == "e3"
        else event
        for event in record.events
    ]
    statements = [record.statements[0].model_copy(update={"count": toll})]
    record = record.model_copy(update={"events": events, "statements": statements})
    with Store.open(db_url) as store:
        assert store.save(record) is SaveOutcome.NEW
        turbat = store.event_detail(stored_event_id("a1", "e3"))
        assert turbat.figure_history["civilians"][0].figure == toll
        assert store.statements("a1")[0].count == toll


@pytest.mark.postgres
def test_upgrade_to_0005_makes_postgres_counts_bigint_and_keeps_rows(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, text, content_hash, sitrep_version, rules, "
                    "ingested_at) VALUES ('a0', 'x', 'h0', '0', 'r', CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO statements (article_id, position, kind, best, low, high, text, "
                    "span_start, span_end) VALUES ('a0', 0, 'aggregate', 7, 7, 7, 'x', 0, 1)"
                )
            )
        upgrade(engine)
        with engine.connect() as connection:
            types = connection.execute(
                text(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns "
                    "WHERE column_name IN ('best', 'low', 'high')"
                )
            ).all()
            assert {row[2] for row in types} == {"bigint"} and len(types) == 6
            assert connection.execute(text("SELECT best FROM statements")).scalar_one() == 7
        downgrade(engine, "0004")
        upgrade(engine)
    finally:
        engine.dispose()
