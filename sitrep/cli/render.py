"""Rich output for the terminal: tables, the ingest progress bar, and ``sitrep show``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from sitrep.errors import InputError
from sitrep.extract.text import split_sentences
from sitrep.models import CATEGORIES, Article, ArticleRecord, Event, Evidence, Figure
from sitrep.store import EventDetail, SaveOutcome

__all__ = [
    "events_table",
    "ingest_progress",
    "print_event_detail",
    "records_table",
    "sentence_with_highlight",
]

OnItem = Callable[[Article | InputError, SaveOutcome | None], None]


def format_figure(figure: Figure | None) -> str:
    """``11`` for an exact figure, ``11 (10–12)`` for a spread, ``31 (31–?)`` when open-ended."""
    if figure is None:
        return "–"
    if figure.low == figure.best == figure.high:
        return str(figure.best)
    high = "?" if figure.high is None else str(figure.high)
    return f"{figure.best} ({figure.low}–{high})"


def _place(event: Event) -> str:
    parts = [event.location, event.admin2, event.admin1, event.country]
    return ", ".join(dict.fromkeys(part for part in parts if part)) or "–"


def _event_columns(table: Table) -> None:
    for name in ("date", "type", "place", "actors", *CATEGORIES, "injured"):
        table.add_column(name, overflow="fold")


def _event_cells(event: Event) -> list[str]:
    actors = " vs ".join(actor for actor in (event.actor1, event.actor2) if actor)
    return [
        str(event.date) if event.date else "–",
        f"{event.event_type}: {event.sub_event_type}",
        _place(event),
        actors or "–",
        *[format_figure(getattr(event.fatalities, category)) for category in CATEGORIES],
        format_figure(event.injured),
    ]


def events_table(events: Sequence[Event]) -> Table:
    """The stored events, one row each, children indented under their campaign."""
    table = Table(title=f"{len(events)} events", show_lines=False)
    table.add_column("id", no_wrap=True)
    _event_columns(table)
    table.add_column("sources", justify="right")
    for event in events:
        marker = "  └ " if event.parent else ""
        label = f"{marker}{event.id}" + (" (background)" if event.background else "")
        table.add_row(label, *_event_cells(event), str(len(event.sources or [])))
    return table


def records_table(records: Sequence[ArticleRecord]) -> Table:
    """``sitrep extract --format table``: every event of every article, with its article."""
    table = Table(title="extracted events")
    table.add_column("article", overflow="fold")
    table.add_column("event", no_wrap=True)
    _event_columns(table)
    for record in records:
        label = record.article.title or record.article.id
        if not record.events:
            table.add_row(label, "–", *["" for _ in range(4 + len(CATEGORIES) + 1)])
        for event in record.events:
            table.add_row(label, event.id, *_event_cells(event))
    return table


@contextmanager
def ingest_progress(console: Console) -> Iterator[OnItem | None]:
    """A progress display with live counts when writing to a terminal; nothing otherwise."""
    if not console.is_terminal:
        yield None
        return
    counts = {"new": 0, "already stored": 0, "failed": 0}
    columns = (
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, counts="")

        def on_item(item: Article | InputError, outcome: SaveOutcome | None) -> None:
            counts["failed" if outcome is None else outcome.value] += 1
            summary = ", ".join(f"{value} {key}" for key, value in counts.items())
            progress.update(task, advance=1, counts=summary)

        yield on_item


def sentence_with_highlight(article: Article, evidence: Evidence) -> Text:
    """The sentence(s) around an evidence span, with the span itself highlighted."""
    sentences = [
        sentence
        for sentence in split_sentences(article.text)
        if sentence.start < max(evidence.end, evidence.start + 1) and sentence.end > evidence.start
    ]
    start = min((s.start for s in sentences), default=evidence.start)
    end = max((s.end for s in sentences), default=evidence.end)
    text = Text(article.text[start:end])
    text.stylize("bold black on yellow", evidence.start - start, evidence.end - start)
    return text


def print_event_detail(console: Console, detail: EventDetail) -> None:
    """``sitrep show``: the event, its figures with their history, and highlighted evidence."""
    event = detail.event
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    rows: list[tuple[str, str]] = [
        ("id", event.id),
        ("campaign", event.parent or "–"),
        ("date", f"{event.date or 'unknown'} (precision {event.date_precision})"),
        ("type", f"{event.event_type}: {event.sub_event_type}"),
        ("place", f"{_place(event)} (geo precision {event.geo_precision or '–'})"),
        ("coordinates", f"{event.latitude}, {event.longitude}" if event.latitude else "–"),
        ("actor1", event.actor1 or "–"),
        ("actor2", event.actor2 or "–"),
        ("claimed by", ", ".join(event.claimed_by) or "–"),
        ("background", "yes" if event.background else "no"),
    ]
    for key, value in rows:
        header.add_row(key, value)
    console.print(Panel(header, title=f"event {event.id}", expand=False))

    figures = Table(title="figures")
    for name in ("category", "figure", "as reported (article: value)"):
        figures.add_column(name)
    current = {category: getattr(event.fatalities, category) for category in CATEGORIES}
    current.update(
        {"total": event.fatalities_total, "injured": event.injured, "abducted": event.abducted}
    )
    for category, figure in current.items():
        history = detail.figure_history.get(category, [])
        reported = "; ".join(f"{r.article_id}: {format_figure(r.figure)}" for r in history)
        figures.add_row(category, format_figure(figure), reported or "–")
    console.print(figures)

    for article_id, evidence_list in detail.evidence_by_article.items():
        article = detail.articles[article_id]
        title = f"{article.title or article_id} ({article.published or 'undated'})"
        body = []
        for evidence in evidence_list:
            label = Text(f"{evidence.field or 'evidence'}", style="bold")
            if evidence.attributed_to:
                label.append(f" — {evidence.attributed_to}", style="italic")
            body.extend([label, sentence_with_highlight(article, evidence), Text("")])
        console.print(Panel(Group(*body), title=title, subtitle=article.url or article_id))

    if detail.children:
        console.print(events_table(detail.children))
