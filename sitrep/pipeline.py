"""The pipeline, ingest → extract → geo → merge → store, as plain functions over the models.

The CLI and the API call these; nothing here prints or exits. Every input is isolated: whatever
goes wrong with one article, foreseen (:class:`~sitrep.errors.InputError`) or not (any other
exception, a bug that an odd input met), becomes that article's error naming the file it came
from, and the run goes on. Only the failures that concern every article alike stop a run: a
sitrep data file that cannot be read (:class:`~sitrep.errors.SitrepError`) and a database that
cannot be reached (:data:`~sitrep.store.DATABASE_UNAVAILABLE`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.config import InputOptions
from sitrep.errors import InputError, SitrepError, unexpected_error
from sitrep.extract import extract_article, split_dateline
from sitrep.extract.actors import assign_actors
from sitrep.extract.campaigns import form_campaigns
from sitrep.extract.classify import EVENT_TYPE_MODEL, classify_events
from sitrep.geo import Gazetteer, PlaceMention, geolocate, load_gazetteer
from sitrep.geo.locate import EVENT_PLACE_MODEL
from sitrep.geo.split import EVENT_SPLIT_MODEL
from sitrep.geo.toponyms import placed_mentions
from sitrep.ingest import content_hash
from sitrep.ingest.sources import read_sources
from sitrep.learn import LinearModel, load_model
from sitrep.learn.linear import with_provenance
from sitrep.merge import consolidate_events
from sitrep.models import Article, ArticleRecord
from sitrep.store import DATABASE_UNAVAILABLE, SaveOutcome, Store

__all__ = [
    "IngestSummary",
    "Reading",
    "extract_record",
    "extract_records",
    "ingest",
    "is_stored",
    "place_events",
    "process_article",
    "propose_events",
    "read_article",
    "save_record",
    "store_article",
]


def process_article(article: Article, gazetteer: Gazetteer | None = None) -> ArticleRecord:
    """Everything between reading a report and storing it: the rules propose, the models decide.

    See :func:`propose_events`; each event's kind is then decided by the packaged model
    (:func:`~sitrep.extract.classify.classify_events`).
    """
    return classify_events(propose_events(article, gazetteer), load_model(EVENT_TYPE_MODEL))


@dataclass(frozen=True)
class Reading:
    """What the rules read in an article before any learned decision: its events as sentences
    tell them, and the places it names. Training reads each annotated report once and refits
    the decisions that follow as often as it needs."""

    record: ArticleRecord
    places: tuple[str | None, list[PlaceMention]]
    dateline_city: str | None
    dateline_country: str | None


def read_article(article: Article, gazetteer: Gazetteer | None = None) -> Reading:
    """Extract events and statements, and find the places the article names."""
    dateline = split_dateline(article.text)
    if article.published is None and dateline is not None and dateline.date is not None:
        # A wire dateline with a full date ("KANO, Nigeria, April 2, 2026 —") dates the report.
        article = article.model_copy(update={"published": dateline.date})
    record = extract_article(article)
    gaz = gazetteer or load_gazetteer()
    city = dateline.city if dateline else None
    country = dateline.country if dateline else None
    return Reading(record, placed_mentions(article.text, gaz, country, city), city, country)


def place_events(
    reading: Reading,
    gazetteer: Gazetteer | None = None,
    place_model: LinearModel | None = None,
    split_model: LinearModel | None = None,
) -> ArticleRecord:
    """Place each event (by ``place_model``; the rules' order without one), copy it to the other
    places its sentences say it also happened at (by ``split_model``), regroup a coordinated
    wave into a campaign with a child per place, name the actors as ACLED does and fold what
    remains to ACLED's grain."""
    record = geolocate(
        reading.record,
        gazetteer or load_gazetteer(),
        reading.dateline_city,
        reading.dateline_country,
        mentions=reading.places,
        model=place_model,
        split=split_model,
    )
    for model in (place_model, split_model if place_model is not None else None):
        if model is not None:
            record = with_provenance(record, model)
    record = form_campaigns(record, reading.places[1])
    return consolidate_events(assign_actors(record))


def propose_events(article: Article, gazetteer: Gazetteer | None = None) -> ArticleRecord:
    """An article's record before its types are decided: read, then placed by the packaged
    place and split models (:func:`read_article`, :func:`place_events`)."""
    gaz = gazetteer or load_gazetteer()
    return place_events(
        read_article(article, gaz),
        gaz,
        load_model(EVENT_PLACE_MODEL),
        load_model(EVENT_SPLIT_MODEL),
    )


def extract_records(
    paths: Iterable[str | Path], options: InputOptions | None = None
) -> Iterator[ArticleRecord | InputError]:
    """Records for every report under ``paths``; unreadable inputs come through as errors, and
    so does an article whose extraction fails unexpectedly (see the module's docstring)."""
    gazetteer = load_gazetteer()
    for source, item in read_sources(paths, options):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield extract_record(item, gazetteer, source)
        except InputError as error:
            yield error


@dataclass
class IngestSummary:
    """What an ingest run did, for the summary line and the exit code."""

    new: int = 0
    already_stored: int = 0
    errors: list[InputError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


def store_article(
    article: Article, store: Store, gazetteer: Gazetteer | None = None, source: str | None = None
) -> SaveOutcome:
    """Extract and store one article, unless it is already stored (then nothing is extracted).

    An unexpected exception while extracting or storing it is raised as an
    :class:`~sitrep.errors.UnexpectedError` naming ``source`` (the file or request the article
    came from) and the article; nothing of it is stored, since :meth:`Store.save` writes one
    transaction. The database's own failures and sitrep's data errors pass through unchanged.
    """
    if is_stored(article, store):
        return SaveOutcome.ALREADY_STORED
    return save_record(extract_record(article, gazetteer, source), store, source)


def is_stored(article: Article, store: Store) -> bool:
    """Whether the article, or a copy of it (same text or URL), is stored already."""
    return store.has_article(article.id, content_hash(article.text), article.url)


def save_record(record: ArticleRecord, store: Store, source: str | None = None) -> SaveOutcome:
    """Store an extracted record in one transaction (for callers that extracted it elsewhere,
    as the API's workers do); failures are raised as :func:`store_article` raises them."""
    try:
        return store.save(record)
    except SitrepError:
        raise
    except DATABASE_UNAVAILABLE:
        raise
    except Exception as exc:  # this article's data broke the write (e.g. a value out of range)
        raise unexpected_error(_origin(record.article, source), "storing it", exc) from exc


def extract_record(
    article: Article, gazetteer: Gazetteer | None = None, source: str | None = None
) -> ArticleRecord:
    """:func:`process_article`, an unexpected exception raised as this article's InputError."""
    try:
        return process_article(article, gazetteer)
    except SitrepError:
        raise
    except Exception as exc:  # an odd input met a bug: report it against this article
        raise unexpected_error(_origin(article, source), "extracting its events", exc) from exc


def _origin(article: Article, source: str | None) -> str:
    """Where an article came from, for its error line: the input and the article's id."""
    return f"{source or article.source or 'input'}: article {article.id}"


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    options: InputOptions | None = None,
    on_item: Callable[[Article | InputError, SaveOutcome | None], None] | None = None,
) -> IngestSummary:
    """Read, extract and store every report under ``paths``, one transaction per article.

    Articles already stored are recognised before extraction, so re-running an ingest is cheap
    and changes nothing. ``on_item`` is called after each input (for a progress display). Each
    input that fails, in whatever way, is one of ``errors`` and the others go on.
    """
    summary = IngestSummary()
    gazetteer = load_gazetteer()
    for source, item in read_sources(paths, options):
        outcome: SaveOutcome | None = None
        if isinstance(item, InputError):
            summary.errors.append(item)
        else:
            try:
                outcome = store_article(item, store, gazetteer, source)
            except InputError as error:
                summary.errors.append(error)
        if outcome is SaveOutcome.NEW:
            summary.new += 1
        elif outcome is SaveOutcome.ALREADY_STORED:
            summary.already_stored += 1
        if on_item is not None:
            on_item(item, outcome)
    return summary
