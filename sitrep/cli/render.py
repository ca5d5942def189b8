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
from sitrep.merge import ReportedFigure
from sitrep.models import CATEGORIES, Article, ArticleRecord, Event, Evidence, Figure
from sitrep.store import EventDetail, SaveOutcome

__all__ = [
    "events_table",
    "highlight_evidence",
    "ingest_progress",
    "print_event_detail",
    "records_table",
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


_SHORT = {"civilians": "civ", "security_forces": "sec", "militants": "mil", "unknown": "unk"}


def _event_columns(table: Table) -> None:
    table.add_column("date", no_wrap=True)
    table.add_column("event")
    table.add_column("place")
    table.add_column("deaths", justify="right")
    table.add_column("by category")
    table.add_column("injured", justify="right")


def _split(event: Event) -> str:
    parts = [
        f"{_SHORT[category]} {format_figure(getattr(event.fatalities, category))}"
        for category in CATEGORIES
        if getattr(event.fatalities, category) is not None
    ]
    return ", ".join(parts) or "–"


def _event_cells(event: Event) -> list[str]:
    place = ", ".join(part for part in (event.location, event.country) if part) or "–"
    return [
        str(event.date) if event.date else "–",
        event.sub_event_type,
        place,
        format_figure(event.fatalities_total),
        _split(event),
        format_figure(event.injured),
    ]


def events_table(events: Sequence[Event]) -> Table:
    """The stored events, one row each, children indented under their campaign."""
    table = Table(title=f"{len(events)} events", show_lines=False)
    table.add_column("id", no_wrap=True)
    _event_columns(table)
    table.add_column("sources", justify="right")
    table.add_column("confidence")
    for event in events:
        marker = "  └ " if event.parent else ""
        label = f"{marker}{event.id}" + (" (background)" if event.background else "")
        sources = len(event.sources or [])
        outlets = event.source_count if event.source_count is not None else sources
        count = str(sources) if outlets == sources else f"{sources} ({outlets} outlets)"
        table.add_row(label, *_event_cells(event), count, event.confidence or "–")
    return table


def records_table(records: Sequence[ArticleRecord]) -> Table:
    """``sitrep extract --format table``: every event of every article, with its article."""
    table = Table(title="extracted events")
    table.add_column("article", max_width=40, overflow="ellipsis", no_wrap=True)
    table.add_column("event", no_wrap=True)
    _event_columns(table)
    for record in records:
        label = record.article.title or record.article.id
        if not record.events:
            table.add_row(label, "–", *["" for _ in range(6)])
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


def highlight_evidence(
    article: Article, evidence: Sequence[Evidence], markers: bool = False
) -> list[tuple[list[Evidence], Text]]:
    """Each sentence that holds evidence, once, with every evidence span in it highlighted.

    With ``markers`` (output that is not a terminal) the spans are also wrapped in »…«, so the
    highlight survives a pipe or a file.
    """
    sentences = split_sentences(article.text)
    grouped: dict[tuple[int, int], list[Evidence]] = {}
    for item in evidence:
        inside = [
            s for s in sentences if s.start < max(item.end, item.start + 1) and s.end > item.start
        ]
        bounds = (
            min((s.start for s in inside), default=item.start),
            max((s.end for s in inside), default=item.end),
        )
        grouped.setdefault(bounds, []).append(item)
    result = []
    for (start, end), items in sorted(grouped.items()):
        spans = sorted({(max(i.start, start), min(i.end, end)) for i in items})
        text = Text()
        cursor = start
        for span_start, span_end in spans:
            if span_start < cursor:
                continue  # nested or overlapping span: already highlighted
            text.append(article.text[cursor:span_start])
            inner = article.text[span_start:span_end]
            text.append(f"»{inner}«" if markers else inner, style="bold black on yellow")
            cursor = span_end
        text.append(article.text[cursor:end])
        result.append((items, text))
    return result


def _reported(report: ReportedFigure) -> str:
    speaker = report.speaker or "the outlet's own count"
    day = report.published or "undated"
    return f"{day}, {report.article_id}: {format_figure(report.figure)} — {speaker}"


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
        ("sources", f"{len(event.sources or [])} articles, {event.source_count or 0} outlets"),
        ("confidence", event.confidence or "–"),
    ]
    for key, value in rows:
        header.add_row(key, value)
    console.print(Panel(header, title=f"event {event.id}", expand=False))

    figures = Table(title="figures (best: the latest official figure; each report below)")
    for name in ("category", "figure", "as reported (date, article: value — speaker)"):
        figures.add_column(name)
    current: dict[str, Figure | None] = {
        category: getattr(event.fatalities, category) for category in CATEGORIES
    }
    current.update(
        {"total": event.fatalities_total, "injured": event.injured, "abducted": event.abducted}
    )
    for category, figure in current.items():
        history = detail.figure_history.get(category, [])
        reported = "\n".join(_reported(report) for report in history)
        figures.add_row(category, format_figure(figure), reported or "–")
    console.print(figures)

    for article_id, evidence_list in detail.evidence_by_article.items():
        article = detail.articles[article_id]
        title = f"{article.title or article_id} ({article.published or 'undated'})"
        body: list[Text] = []
        for items, sentence in highlight_evidence(article, evidence_list, not console.is_terminal):
            label = Text(", ".join(dict.fromkeys(i.field or "evidence" for i in items)), "bold")
            speakers = sorted({i.attributed_to for i in items if i.attributed_to})
            if speakers:
                label.append(f" — said by {'; '.join(speakers)}", style="italic")
            body.extend([label, sentence, Text("")])
        console.print(Panel(Group(*body), title=title, subtitle=article.url or article_id))

    if detail.children:
        console.print(events_table(detail.children))
