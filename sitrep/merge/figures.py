"""Reconciling the figures several reports give for one event into one {best, low, high}.

Every report's figure is kept (the history); the reconciled figure is derived from it:

- a later figure from the same source supersedes that source's earlier one ("the toll rose to
  15" replaces the 10 the same police gave yesterday), so only each source's latest figure
  stands; a source is the kind of authority speaking (police, hospital, ministry…), another
  named speaker, or, for a figure nobody is quoted for, the outlet's own count;
- ``low`` and ``high`` keep the spread of the standing figures;
- ``best`` is the most recent standing figure from an authoritative source (officials, police,
  the military, hospitals, ministries, or the reporting agency's own unattributed count), else
  the most recent standing figure;
- a figure spoken by the perpetrator is a claim: it stays in the history but never sets best,
  low or high. (Claims normally never become figures at all: the extractor files them as
  statements. This is the second line of defence.)

The result does not depend on the order of the reports: recency is the publication date, and
ties fall to the article id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.merge.rules import MergeRules, default_merge_rules
from sitrep.models import Figure

__all__ = ["ReportedFigure", "reconcile_figures", "source_key", "standing_figures"]


@dataclass(frozen=True)
class ReportedFigure:
    """A figure as one article gave it, with what is needed to weigh it against the others."""

    figure: Figure
    article_id: str
    published: dt.date | None
    speaker: str | None = None
    """Who the article quotes for the figure (the evidence's ``attributed_to``), if anyone."""
    outlet: str | None = None
    """The outlet (URL host) that published the article; None counts the article as its own."""


def _recency(report: ReportedFigure) -> tuple[dt.date, str]:
    return (report.published or dt.date.min, report.article_id)


def source_key(report: ReportedFigure, rules: MergeRules) -> tuple[str, str]:
    """Who stands behind a figure: the same key for the same source in two reports."""
    if report.speaker:
        kind = rules.authority_kind(report.speaker)
        return ("authority", kind) if kind else ("speaker", report.speaker.casefold())
    return ("outlet", report.outlet or report.article_id)


def standing_figures(
    reports: Sequence[ReportedFigure],
    rules: MergeRules | None = None,
    perpetrators: Sequence[str] = (),
) -> list[ReportedFigure]:
    """The figures that count: each source's latest one, claims by the perpetrator left out."""
    rules = rules or default_merge_rules()
    latest: dict[tuple[str, str], ReportedFigure] = {}
    for report in sorted(reports, key=_recency):
        if rules.speaks_for(report.speaker, list(perpetrators)):
            continue
        latest[source_key(report, rules)] = report
    return sorted(latest.values(), key=_recency)


def _authoritative(report: ReportedFigure, rules: MergeRules) -> bool:
    return report.speaker is None or rules.authority_kind(report.speaker) is not None


def reconcile_figures(
    reports: Sequence[ReportedFigure],
    rules: MergeRules | None = None,
    perpetrators: Sequence[str] = (),
) -> Figure | None:
    """One figure from every report of it (see the module docstring); None when none stands.

    ``perpetrators`` names the groups behind the event (its ``actor1`` and ``claimed_by``): a
    figure one of them is quoted for is a claim.
    """
    rules = rules or default_merge_rules()
    standing = standing_figures(reports, rules, perpetrators)
    if not standing:
        return None
    authoritative = [report for report in standing if _authoritative(report, rules)]
    best = max(authoritative or standing, key=_recency).figure.best
    low = min(report.figure.low for report in standing)
    highs = [report.figure.high for report in standing]
    high = None if any(value is None for value in highs) else max(v for v in highs if v is not None)
    return Figure(best=best, low=min(low, best), high=None if high is None else max(high, best))
