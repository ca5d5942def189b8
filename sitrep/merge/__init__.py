"""Merge: one event per incident, within an article and across the reports of it."""

from sitrep.merge.figures import ReportedFigure, reconcile_figures
from sitrep.merge.within import consolidate_events

__all__ = ["ReportedFigure", "consolidate_events", "reconcile_figures"]
