"""Reconciling the figures several reports give for one event into one {best, low, high}."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitrep.models import Figure

__all__ = ["ReportedFigure", "reconcile_figures"]


@dataclass(frozen=True)
class ReportedFigure:
    """A figure as one article gave it, with what is needed to weigh it against the others."""

    figure: Figure
    article_id: str
    published: dt.date | None


def reconcile_figures(reports: list[ReportedFigure]) -> Figure | None:
    """Keep the spread of all reports and take ``best`` from the most recent one.

    Tolls grow as bodies are found and the wounded die, so the latest report is the best
    estimate; low and high keep what every report said so nothing is lost. The result does not
    depend on the order of ``reports`` (ties on date fall to the article id).
    """
    if not reports:
        return None
    latest = max(reports, key=lambda report: (report.published or dt.date.min, report.article_id))
    low = min(report.figure.low for report in reports)
    highs = [report.figure.high for report in reports]
    high = None if any(value is None for value in highs) else max(v for v in highs if v is not None)
    best = latest.figure.best
    return Figure(best=best, low=min(low, best), high=None if high is None else max(high, best))
