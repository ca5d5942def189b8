"""Export: events and records written as JSON lines or flat CSV."""

from sitrep.export.flat import CSV_COLUMNS, write_events_csv
from sitrep.export.lines import event_json, events_jsonl, record_json

__all__ = ["CSV_COLUMNS", "event_json", "events_jsonl", "record_json", "write_events_csv"]
