"""The command line: each command parses options, makes one library call and formats the result.

Exit codes: 0 all good, 1 some inputs failed (the others were processed) or the command could not
do its job, 2 a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
from rich.console import Console

from sitrep import __version__
from sitrep.cli.render import (
    events_table,
    ingest_progress,
    print_event_detail,
    records_table,
)
from sitrep.config import DEFAULT_MAX_BYTES, FetchOptions, InputOptions, database_url_from_env
from sitrep.errors import InputError, SitrepError, unexpected_error
from sitrep.evaluate.merging import evaluate_merging
from sitrep.evaluate.places import check_gold_places
from sitrep.evaluate.run import evaluate_files, read_gold_articles
from sitrep.evaluate.toponyms import read_toponym_corpus, score_toponym_corpus
from sitrep.export import (
    events_jsonl,
    record_json,
    write_acled_csv,
    write_events_csv,
    write_events_parquet,
    write_geojson,
    write_ucdp_csv,
)
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.geo.imports import import_places
from sitrep.geo.toponyms import article_places
from sitrep.ingest.sources import read_inputs, read_span_inputs
from sitrep.learn.corpus import (
    DEFAULT_FOLDS,
    evaluate_folds,
    packaged_models_dir,
    read_pairs,
    train_models,
)
from sitrep.learn.linear import LinearModel
from sitrep.learn.toponyms import train_from_files
from sitrep.merge import CONFIDENCE_LEVELS, Confidence
from sitrep.models import Article, ArticleRecord, Event
from sitrep.pipeline import extract_records, ingest
from sitrep.store import (
    BoundingBox,
    EventFilter,
    Store,
    current_revision,
    downgrade,
    head_revision,
    open_engine,
    upgrade,
)
from sitrep.taxonomy import event_taxonomy

__all__ = ["app", "main"]

app = typer.Typer(
    name="sitrep",
    help="Turn news reports of political violence into a sourced, geocoded event dataset.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
gazetteer_app = typer.Typer(
    help="Add places to the gazetteer and measure it.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")

_WIDE = 160
"""Tables piped to a file or a pager are laid out this wide instead of Rich's 80 columns."""
out = Console()
if not out.is_terminal:
    out = Console(width=_WIDE)
err = Console(stderr=True, soft_wrap=True)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class EventsFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    ucdp_csv = "ucdp-csv"
    geojson = "geojson"
    parquet = "parquet"


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-01-31") from exc


Paths = Annotated[
    list[str],
    typer.Argument(
        help="Report files (.txt, .html, .jsonl), RSS/Atom feeds (.xml, .rss, .atom), web "
        "archives (.warc, .warc.gz), directories, http(s) URLs of feeds or article pages, "
        "or - for stdin."
    ),
]
Published = Annotated[
    str | None,
    typer.Option(help="Publication date (YYYY-MM-DD) of plain-text input.", callback=_parse_day),
]
Url = Annotated[str | None, typer.Option(help="URL of plain-text input.")]
Title = Annotated[str | None, typer.Option(help="Headline of plain-text input.")]
MaxBytes = Annotated[
    int | None,
    typer.Option(
        help=f"Refuse input files and downloads larger than this (default {DEFAULT_MAX_BYTES:,}, "
        "or SITREP_MAX_BYTES).",
        min=1,
    ),
]
_DEFAULT_FETCH = FetchOptions(allow_private=False)
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private-urls",
        help="Let URLs reach loopback, private and link-local addresses (an intranet, a test "
        "server); refused by default. Also SITREP_ALLOW_PRIVATE_URLS=1.",
    ),
]
ConnectTimeout = Annotated[
    float,
    typer.Option(help="Seconds to wait for a web server to accept a connection.", min=0.01),
]
ReadTimeout = Annotated[
    float,
    typer.Option(help="Seconds to wait for a web server's next bytes.", min=0.01),
]
MaxRedirects = Annotated[int, typer.Option(help="Redirects to follow per URL.", min=0)]
HostInterval = Annotated[
    float,
    typer.Option(help="Least seconds between two requests to one web host.", min=0),
]
Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL: sqlite:///FILE or postgresql://USER@HOST/DB "
        "(default SITREP_DATABASE_URL, else ./sitrep.db).",
    ),
]


def _options(
    published: object,
    url: str | None,
    title: str | None,
    max_bytes: int | None,
    fetch: FetchOptions | None = None,
) -> InputOptions:
    date = published if isinstance(published, dt.date) else None
    options = InputOptions(published=date, url=url, title=title)
    if max_bytes is not None:
        options = replace(options, max_bytes=max_bytes)
    if fetch is not None:
        options = replace(options, fetch=fetch)
    return options


def _fetch_options(
    allow_private: bool,
    connect_timeout: float,
    read_timeout: float,
    max_redirects: int,
    host_interval: float,
) -> FetchOptions:
    """The flags, with SITREP_ALLOW_PRIVATE_URLS as the default of --allow-private-urls."""
    return FetchOptions(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        max_redirects=max_redirects,
        host_interval=host_interval,
        allow_private=allow_private or FetchOptions().allow_private,
    )


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def _report(error: InputError) -> None:
    err.print(f"[red]error:[/] {error}", markup=True, highlight=False)


def _open_store(db: str | None) -> Store:
    try:
        return Store.open(database_url_from_env(db))
    except SitrepError as exc:
        _fail(str(exc))


def _version(value: bool) -> None:
    if value:
        out.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            help="Log progress details; -vv also logs debug details, such as the traceback of "
            "an input that failed unexpectedly.",
        ),
    ] = 0,
) -> None:
    levels = {0: logging.WARNING, 1: logging.INFO}
    logging.basicConfig(
        level=levels.get(verbose, logging.DEBUG),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def extract(
    paths: Paths,
    published: Published = None,
    url: Url = None,
    title: Title = None,
    max_bytes: MaxBytes = None,
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.jsonl,
    allow_private_urls: AllowPrivate = False,
    connect_timeout: ConnectTimeout = _DEFAULT_FETCH.connect_timeout,
    read_timeout: ReadTimeout = _DEFAULT_FETCH.read_timeout,
    max_redirects: MaxRedirects = _DEFAULT_FETCH.max_redirects,
    host_interval: HostInterval = _DEFAULT_FETCH.host_interval,
) -> None:
    """Extract events from reports and print them; nothing is stored.

    Example:  sitrep extract report.txt --published 2026-01-31 --format jsonl
    """
    fetch = _fetch_options(
        allow_private_urls, connect_timeout, read_timeout, max_redirects, host_interval
    )
    options = _options(published, url, title, max_bytes, fetch)
    failed = 0
    records: list[ArticleRecord] = []
    try:
        for item in extract_records(paths, options):
            if isinstance(item, InputError):
                failed += 1
                _report(item)
            elif format is ExtractFormat.jsonl:
                typer.echo(record_json(item))
            else:
                records.append(item)
    except SitrepError as exc:
        _fail(str(exc))
    if format is ExtractFormat.table and records:
        out.print(records_table(records))
    raise typer.Exit(1 if failed else 0)


@app.command("places")
def places_command(
    paths: Paths,
    spans: Annotated[
        bool,
        typer.Option(
            "--spans",
            help='Resolve the spans each JSONL line gives ("toponyms": [{"start", '
            '"end"}]) instead of finding the names: one entry per span, in order, null '
            "coordinates where none is known.",
        ),
    ] = False,
    score: Annotated[
        bool,
        typer.Option(
            "--score",
            help="Score a geoparsing corpus instead (JSONL whose toponyms carry the gold "
            "lat, lon and country): the share of its gold spans resolved within 161 km and in "
            "the right country, their median and mean error, and, finding the names as well, "
            "recognition precision, recall and F1 by span overlap.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --score: one JSON line.")] = False,
    max_bytes: MaxBytes = None,
) -> None:
    """Find every place name in reports and resolve it; print one JSON line per article.

    Each line is {"id", "places": [{"start", "end", "text", "name", "country", "admin1",
    "admin2", "latitude", "longitude", "geo_precision", "feature"}]}.

    Example:  sitrep places report.txt
    Example:  sitrep places corpus.jsonl --spans
    Example:  sitrep places lgl.jsonl --score
    """
    gazetteer = load_gazetteer()
    if score:
        _score_places(paths, gazetteer, as_json)
        return
    if as_json:
        _fail("--json goes with --score", 2)
    options = _options(None, None, None, max_bytes)
    items: Iterator[Any] = (
        read_span_inputs(paths, options)
        if spans
        else (
            (item, None) if isinstance(item, Article) else item
            for item in read_inputs(paths, options)
        )
    )
    failed = 0
    for item in items:
        if isinstance(item, InputError):
            failed += 1
            _report(item)
            continue
        article, given = item
        try:
            line = article_places(article, gazetteer, given)
        except Exception as exc:  # one article's bug must not stop the others
            failed += 1
            _report(unexpected_error(article.source or article.id, "placing it", exc))
            continue
        typer.echo(line.model_dump_json())
    raise typer.Exit(1 if failed else 0)


def _score_places(paths: list[str], gazetteer: Gazetteer, as_json: bool) -> None:
    try:
        articles = [a for path in paths for a in read_toponym_corpus(Path(path), gazetteer)]
    except SitrepError as exc:
        _fail(str(exc))
    _print_figures(dict(score_toponym_corpus(articles, gazetteer)), as_json)


@app.command("ingest")
def ingest_command(
    paths: Paths,
    db: Db = None,
    published: Published = None,
    url: Url = None,
    title: Title = None,
    max_bytes: MaxBytes = None,
    allow_private_urls: AllowPrivate = False,
    connect_timeout: ConnectTimeout = _DEFAULT_FETCH.connect_timeout,
    read_timeout: ReadTimeout = _DEFAULT_FETCH.read_timeout,
    max_redirects: MaxRedirects = _DEFAULT_FETCH.max_redirects,
    host_interval: HostInterval = _DEFAULT_FETCH.host_interval,
) -> None:
    """Extract events from reports, feeds, pages and web archives and store them.

    Reports already stored (the same id, text or normalised URL) are skipped, so a run can be
    repeated or resumed after an interruption.

    Example:  sitrep ingest examples/ https://example.org/world/rss.xml --db sqlite:///events.db
    """
    fetch = _fetch_options(
        allow_private_urls, connect_timeout, read_timeout, max_redirects, host_interval
    )
    options = _options(published, url, title, max_bytes, fetch)
    with _open_store(db) as store, ingest_progress(err) as on_item:
        try:
            summary = ingest(paths, store, options, on_item=on_item)
        except SitrepError as exc:
            _fail(str(exc))
    for error in summary.errors:
        _report(error)
    err.print(
        f"{summary.new} new, {summary.already_stored} already stored, {summary.failed} failed",
        highlight=False,
    )
    raise typer.Exit(1 if summary.failed else 0)


def _check_type(value: str | None) -> str | None:
    if value is None:
        return None
    taxonomy = event_taxonomy()
    known = set(taxonomy) | {sub for subs in taxonomy.values() for sub in subs}
    if value not in known:
        raise typer.BadParameter(
            f"{value!r} is not an ACLED event or sub-event type; one of: " + "; ".join(taxonomy)
        )
    return value


Country = Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code, e.g. PK.")]
Since = Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).", callback=_parse_day)]
Until = Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).", callback=_parse_day)]
EventType = Annotated[
    str | None,
    typer.Option("--type", help="ACLED event type or sub-event type.", callback=_check_type),
]
Background = Annotated[
    bool,
    typer.Option(
        "--background/--no-background",
        help="Include background events (earlier incidents a report mentions as context).",
    ),
]


Admin1 = Annotated[str | None, typer.Option("--admin1", help="Province or state, as stored.")]
Actor = Annotated[
    str | None, typer.Option("--actor", help="Part of an actor's name (either side).")
]
Bbox = Annotated[
    str | None,
    typer.Option("--bbox", help="Only events inside minlon,minlat,maxlon,maxlat (degrees)."),
]
Text = Annotated[
    str | None,
    typer.Option("--text", "-q", help="Text in the place, provinces, actors or report titles."),
]
MinSources = Annotated[
    int | None,
    typer.Option(
        "--min-sources", min=1, help="Only events reported by at least N outlets (URL hosts)."
    ),
]


def _check_confidence(value: str | None) -> str | None:
    if value is not None and value not in CONFIDENCE_LEVELS:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(CONFIDENCE_LEVELS)}")
    return value


ConfidenceOption = Annotated[
    str | None,
    typer.Option(
        "--confidence",
        help="Only events of this confidence: " + ", ".join(CONFIDENCE_LEVELS) + ".",
        callback=_check_confidence,
    ),
]


def _confidence(value: str | None) -> Confidence | None:
    for level in CONFIDENCE_LEVELS:
        if value == level:
            return level
    return None


def _event_filter(
    country: str | None,
    since: object,
    until: object,
    event_type: str | None,
    background: bool,
    min_sources: int | None = None,
    confidence: str | None = None,
    *,
    admin1: str | None = None,
    actor: str | None = None,
    bbox: str | None = None,
    text: str | None = None,
) -> EventFilter:
    """The filter that `sitrep events` and `sitrep export` share (and `GET /events` too)."""
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise typer.BadParameter("use a two-letter ISO code such as PK", param_hint="--country")
    try:
        box = BoundingBox.parse(bbox) if bbox else None
    except SitrepError as exc:
        raise typer.BadParameter(str(exc), param_hint="--bbox") from exc
    try:
        return EventFilter(
            country=country,
            admin1=admin1,
            since=since if isinstance(since, dt.date) else None,
            until=until if isinstance(until, dt.date) else None,
            event_type=event_type,
            actor=actor,
            bbox=box,
            text=text,
            include_background=background,
            min_sources=min_sources,
            confidence=_confidence(confidence),
        )
    except SitrepError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _stored_events(db: str | None, where: EventFilter) -> list[Event]:
    with _open_store(db) as store:
        try:
            return store.events(where)
        except SitrepError as exc:
            _fail(str(exc))


@app.command()
def events(
    db: Db = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    type: EventType = None,
    background: Background = True,
    min_sources: MinSources = None,
    confidence: ConfidenceOption = None,
    admin1: Admin1 = None,
    actor: Actor = None,
    bbox: Bbox = None,
    text: Text = None,
    format: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EventsFormat.table,
) -> None:
    """List stored events, each with its sources and how well it is confirmed.

    Example:  sitrep events --country PK --min-sources 2 --format csv > events.csv
    """
    where = _event_filter(
        country,
        since,
        until,
        type,
        background,
        min_sources,
        confidence,
        admin1=admin1,
        actor=actor,
        bbox=bbox,
        text=text,
    )
    found = _stored_events(db, where)
    if format is EventsFormat.jsonl:
        for line in events_jsonl(found):
            typer.echo(line)
    elif format is EventsFormat.csv:
        write_events_csv(found, sys.stdout)
    else:
        out.print(events_table(found))


@app.command("export")
def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Dataset format.")],
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="File to write (default: standard output; parquet needs one)."
        ),
    ] = None,
    db: Db = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    type: EventType = None,
    background: Background = True,
    min_sources: MinSources = None,
    confidence: ConfidenceOption = None,
    admin1: Admin1 = None,
    actor: Actor = None,
    bbox: Bbox = None,
    text: Text = None,
) -> None:
    """Export stored events as ACLED's or UCDP GED's CSV, GeoJSON or Parquet.

    ACLED and UCDP have no parent events: a campaign's children are exported,
    its parent only for deaths no child accounts for. GeoJSON and Parquet keep
    every event and its parent; GeoJSON leaves out events without coordinates.

    Example:  sitrep export --format acled-csv --country PK --out pakistan.csv
    """
    where = _event_filter(
        country,
        since,
        until,
        type,
        background,
        min_sources,
        confidence,
        admin1=admin1,
        actor=actor,
        bbox=bbox,
        text=text,
    )
    if format is ExportFormat.parquet:
        if out_path is None:
            raise typer.BadParameter(
                "parquet is binary: name a file with --out FILE", param_hint="--out"
            )
        found = _stored_events(db, where)
        try:
            written = write_events_parquet(found, out_path)
        except SitrepError as exc:
            _fail(str(exc))
        err.print(f"{written} events written to {out_path}", highlight=False)
        return
    found = _stored_events(db, where)
    try:
        with _text_output(out_path) as stream:
            if format is ExportFormat.acled_csv:
                rows = write_acled_csv(found, stream)
                err.print(f"{rows} ACLED rows from {len(found)} events", highlight=False)
            elif format is ExportFormat.ucdp_csv:
                rows = write_ucdp_csv(found, stream)
                err.print(
                    f"{rows} UCDP GED rows from {len(found)} events "
                    "(GED codes organised violence with deaths only)",
                    highlight=False,
                )
            else:
                result = write_geojson(found, stream)
                err.print(
                    f"{result.features} features, {result.unlocated} events without coordinates",
                    highlight=False,
                )
    except SitrepError as exc:
        _fail(str(exc))


@contextmanager
def _text_output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or the file at ``path`` (UTF-8, CSV-safe newlines)."""
    if path is None:
        yield sys.stdout
        return
    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror}; check the directory exists")
    with stream:
        yield stream


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An id from `sitrep events`.")], db: Db = None
) -> None:
    """Show one event: its figures, their history and the evidence in its sentences.

    Example:  sitrep show ev3f9c2a81d04b7e
    """
    with _open_store(db) as store:
        try:
            detail = store.event_detail(event_id)
        except SitrepError as exc:
            _fail(str(exc))
    print_event_detail(out, detail)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one `sitrep extract` record.

    Example:  sitrep schema > sitrep-record.schema.json
    """
    typer.echo(json.dumps(ArticleRecord.model_json_schema(), indent=2))


@app.command("eval")
def eval_command(
    gold: Annotated[
        list[Path], typer.Argument(help="Annotated reports (JSONL, sitrep's eval format).")
    ],
    per_article: Annotated[
        bool, typer.Option("--per-article", help="List each article's misses after the figures.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the figures as one JSON line (--per-article: one more each)."
        ),
    ] = False,
    merging: Annotated[
        bool,
        typer.Option(
            "--merging",
            help="Measure merging across reports instead: store every article in a temporary "
            "database and count incidents split over several events and events joining "
            "unrelated clusters (--per-article lists them).",
        ),
    ] = False,
    folds: Annotated[
        int | None,
        typer.Option(
            "--folds",
            min=2,
            help="Refit the learned decisions K times, each on the other folds (by cluster), "
            "and score every report with a model that never saw it: the out-of-fold figures, "
            "beside the in-sample ones of a model fitted on all the files.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the folds and the fits.")] = 0,
    also: Annotated[
        list[Path] | None,
        typer.Option(
            "--with",
            help="With --folds: annotated reports every fold's model also learns from, never "
            "scored (the project's own reports, say). Repeat for several files.",
        ),
    ] = None,
) -> None:
    """Extract events from annotated reports and score them against the annotations.

    Example:  sitrep eval annotated.jsonl --per-article
    Example:  sitrep eval dev.jsonl dev2.jsonl --folds 5 --with tests/fixtures/annotated.jsonl
    Example:  sitrep eval annotated.jsonl --merging
    """
    if merging:
        if len(gold) != 1:
            _fail("--merging scores one annotated file at a time", 2)
        _eval_merging(gold[0], per_article, as_json)
        return
    if folds is not None:
        _eval_folds(gold, folds, seed, also or [], as_json)
        return
    if also:
        _fail("--with goes with --folds", 2)
    try:
        report = evaluate_files(gold)
    except SitrepError as exc:
        _fail(str(exc))
    _print_figures(report.figures(), as_json)
    if not per_article:
        return
    for article in report.articles:
        if as_json:
            typer.echo(json.dumps(article.summary()))
        elif problems := article.problems():
            out.print(article.article_id, highlight=False)
            for problem in problems:
                out.print(f"  {problem}", highlight=False, markup=False)


def _eval_folds(gold: list[Path], folds: int, seed: int, also: list[Path], as_json: bool) -> None:
    try:
        report = evaluate_folds(read_pairs(gold), folds, seed, read_pairs(also))
    except SitrepError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc), 2)
    held_out, fitted = report.out_of_fold.figures(), report.in_sample.figures()
    if as_json:
        typer.echo(
            json.dumps({"folds": folds, "seed": seed, "out_of_fold": held_out, "in_sample": fitted})
        )
        return
    width = max(len(name) for name in held_out)
    out.print(f"{'':{width}}  out-of-fold  in-sample   ({folds} folds by cluster, seed {seed})")
    for name, value in held_out.items():
        cells = [_cell(value), _cell(fitted[name])]
        out.print(f"{name:{width}}  {cells[0]:>11}  {cells[1]:>9}", highlight=False)


def _cell(value: float | int | None) -> str:
    return "n/a" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


@app.command("train")
def train_command(
    gold: Annotated[
        list[Path] | None,
        typer.Argument(help="Annotated reports to learn from (JSONL, eval format)."),
    ] = None,
    toponyms: Annotated[
        list[Path] | None,
        typer.Option(
            "--toponyms",
            help="Geoparsing corpora (JSONL whose toponyms carry the gold lat, lon and country, "
            "LGL's form) for the ranker of place names' readings. Repeat for several files.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the folds and the fits.")] = 0,
    folds: Annotated[
        int, typer.Option("--folds", min=2, help="Folds (by cluster) for the figures it records.")
    ] = DEFAULT_FOLDS,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Directory to write the model files to (default: the package's "
            "sitrep/data/models, which the pipeline reads).",
        ),
    ] = None,
) -> None:
    """Fit the learned decisions (the place, split and event-type models) and write them.

    The rules read each report once. Every candidate place of every event is an example for the
    place model (right when an event there would match a gold event); every other place of an
    event's own sentences, for the split model (right when a copy of the event there would match
    a gold event the event does not); every event the scorer then matches is an example for the
    type model. With --toponyms, every reading of every gold place name is an example for the
    place-name ranker (right when the nearest to the gold point, within 161 km; folds by
    article); train it first, since the other models learn from the places it chooses. Each
    model file records the training files' sha256, the seed and its out-of-fold figures; the
    same files and seed give the same files.

    Example:  sitrep train tests/fixtures/annotated.jsonl dev.jsonl dev2.jsonl --seed 0
    Example:  sitrep train --toponyms lgl.jsonl
    """
    if not gold and not toponyms:
        _fail("give annotated reports, --toponyms corpora, or both", 2)
    models: list[LinearModel] = []
    try:
        if gold:
            models, _ = train_models(gold, seed, folds)
        if toponyms:
            models.append(train_from_files(toponyms, load_gazetteer(), seed, folds))
    except SitrepError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc), 2)
    directory = out_dir or packaged_models_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for model in models:
        target = directory / f"{model.name}.json"
        target.write_text(model.model_dump_json(indent=None) + "\n", encoding="utf-8")
        out.print(
            f"{model.name}: {model.examples} examples, {len(model.features)} features, "
            f"{len(model.classes)} classes → {target}",
            highlight=False,
        )
        _print_figures(dict(model.figures), as_json=False)


def _print_figures(figures: dict[str, float | int | None], as_json: bool) -> None:
    """One JSON object, or a column of names and values (floats to four places)."""
    if as_json:
        typer.echo(json.dumps(figures))
        return
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        text = "n/a" if value is None else f"{value:.4f}" if isinstance(value, float) else value
        out.print(f"{name:{width}}  {text}", highlight=False)


def _eval_merging(gold: Path, listed: bool, as_json: bool) -> None:
    try:
        report = evaluate_merging(gold)
    except SitrepError as exc:
        _fail(str(exc))
    _print_figures(report.figures(), as_json)
    if listed:
        for line in [*(f"split: {s}" for s in report.split), *report.cross_cluster]:
            out.print(f"  {line}", highlight=False, markup=False)


@db_app.command("upgrade")
def db_upgrade(
    db: Db = None,
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Migrate the database to the newest schema (or to --revision).

    Example:  sitrep db upgrade --db postgresql://postgres@127.0.0.1/sitrep
    """
    engine = open_engine(database_url_from_env(db))
    try:
        upgrade(engine, revision)
        err.print(f"database at revision {current_revision(engine)} (head {head_revision(engine)})")
    except SitrepError as exc:
        _fail(str(exc))
    except Exception as exc:
        _fail(f"cannot migrate {database_url_from_env(db)}: {exc}")
    finally:
        engine.dispose()


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help='Target revision; "base" drops all tables.')],
    db: Db = None,
) -> None:
    """Migrate the database back to an older schema revision.

    Example:  sitrep db downgrade base --db sqlite:///scratch.db
    """
    engine = open_engine(database_url_from_env(db))
    try:
        downgrade(engine, revision)
        err.print(f"database at revision {current_revision(engine)}")
    except Exception as exc:
        _fail(f"cannot migrate {database_url_from_env(db)}: {exc}")
    finally:
        engine.dispose()


@app.command()
def bench(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Reports to time (default: examples/).")
    ] = None,
    n: Annotated[int, typer.Option("--n", min=1, help="How many reports (repeated).")] = 500,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: every core).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Time extraction against spaCy's full English pipeline on the same reports.

    Example:  sitrep bench examples/ --n 500 --json
    """
    from sitrep.bench import benchmark  # loads spaCy; only this command needs it

    try:
        result = benchmark(paths or ["examples"], n=n, workers=workers)
    except SitrepError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
    else:
        for key, value in result.as_dict().items():
            out.print(f"{key:22} {value}", highlight=False)


@app.command()
def serve(
    db: Db = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="HTTP worker processes (one per core to spare).")
    ] = 1,
) -> None:
    """Serve the HTTP API and the dashboard (map, timeline, event pages).

    Reads are open to whoever can reach the address (SITREP_READ_TOKEN, if set, guards
    /points and /export); POST /articles needs Authorization: Bearer with SITREP_API_TOKEN
    (writes are off without one). SITREP_CORS_ORIGINS, SITREP_MAX_BODY_BYTES,
    SITREP_MAX_EXPORT_EVENTS, SITREP_API_WORKERS, SITREP_API_QUEUE and SITREP_TILE_URL adjust
    it. API docs at /docs.

    Example:  SITREP_API_TOKEN=s3cret sitrep serve --db sitrep.db --port 8000
    """
    import uvicorn  # only this command needs the server

    from sitrep.api import SERVE_DATABASE, create_app
    from sitrep.config import ApiSettings

    settings = ApiSettings()
    with _open_store(db) as store:
        writes = "on (bearer token)" if settings.api_token else "off (no SITREP_API_TOKEN)"
        err.print(f"dashboard and API at http://{host}:{port}/ (docs at /docs); writes {writes}")
        if workers == 1:
            uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")
            return
        # Several processes: each opens the store (checked above) by its URL, from the
        # environment, and answers requests on its own core.
        os.environ[SERVE_DATABASE] = database_url_from_env(db)
        config = uvicorn.Config(
            "sitrep.api:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
        )
        _serve_in_processes(config, host, port)


def _serve_in_processes(config: Any, host: str, port: int) -> None:
    """uvicorn's supervisor over a listening socket bound here with its protocol set.

    uvicorn binds the socket its workers share with ``proto`` 0, so asyncio never sets
    TCP_NODELAY on the connections they accept and each keep-alive request after the first
    waits about 40 ms for a delayed ACK (Kludex/uvicorn#3149); a socket made with
    ``IPPROTO_TCP`` keeps the single process's latency.
    """
    import socket

    from uvicorn.supervisors import Multiprocess

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    listener.set_inheritable(True)
    Multiprocess(config, sockets=[listener]).run()


@gazetteer_app.command("import")
def gazetteer_import(
    path: Annotated[Path, typer.Argument(help="A GeoNames dump (XX.txt) or a CSV of places.")],
    admin1: Annotated[
        Path | None, typer.Option(help="admin1CodesASCII.txt (default: beside the dump).")
    ] = None,
    admin2: Annotated[
        Path | None, typer.Option(help="admin2Codes.txt (default: beside the dump).")
    ] = None,
) -> None:
    """Add a GeoNames country dump or a CSV of places to the gazetteer.

    The CSV has the columns name,aliases,country,admin1,admin2,latitude,longitude,feature. Files
    are kept under SITREP_GAZETTEER_DIR (default ~/.local/share/sitrep/gazetteer).

    Example:  sitrep gazetteer import BF.txt --admin1 admin1CodesASCII.txt --admin2 admin2Codes.txt
    """
    try:
        result = import_places(path, admin1=admin1, admin2=admin2)
        load_gazetteer()  # rebuild now, once, rather than in the next ingest
    except SitrepError as exc:
        _fail(str(exc))
    err.print(f"{result.places:,} places from {result.source} stored in {result.target}")


@gazetteer_app.command("check")
def gazetteer_check(
    gold: Annotated[Path, typer.Argument(help="Annotated reports (JSONL, sitrep's eval format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="List each miss.")] = False,
) -> None:
    """Resolve each gold event's place name in its article and score it (10 km, district).

    Example:  sitrep gazetteer check annotated.jsonl --misses
    """
    try:
        result = check_gold_places(read_gold_articles(gold), load_gazetteer())
    except SitrepError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.summary()))
    else:
        for key, value in result.summary().items():
            out.print(f"{key:32} {value}", highlight=False)
    if misses:
        for miss in result.misses:
            out.print(f"  {miss}", highlight=False)


def main() -> None:
    """Entry point of the ``sitrep`` script."""
    app()
