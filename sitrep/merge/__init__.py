"""Merge: one event per incident, within an article and across the reports of it."""

from sitrep.merge.across import Cluster, Report, cluster_reports, consensus_event, may_merge
from sitrep.merge.confidence import CONFIDENCE_LEVELS, Confidence, SourceSupport, assess_sources
from sitrep.merge.figures import ReportedFigure, reconcile_figures
from sitrep.merge.rules import MergeRules, default_merge_rules, load_merge_rules
from sitrep.merge.within import consolidate_events

__all__ = [
    "CONFIDENCE_LEVELS",
    "Cluster",
    "Confidence",
    "MergeRules",
    "Report",
    "ReportedFigure",
    "SourceSupport",
    "assess_sources",
    "cluster_reports",
    "consensus_event",
    "consolidate_events",
    "default_merge_rules",
    "load_merge_rules",
    "may_merge",
    "reconcile_figures",
]
