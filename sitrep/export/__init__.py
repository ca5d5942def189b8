"""Export: events as JSON lines, flat CSV, ACLED's and UCDP GED's CSV, GeoJSON and Parquet.

Each writer takes any iterable of events (a store query, an extract run) and a stream or a path,
so the command line and any other caller share them.
"""

from sitrep.export.acled import ACLED_COLUMNS, acled_rows, write_acled_csv, write_acled_flat
from sitrep.export.campaigns import FlatEvent, flatten_batches, flatten_campaigns
from sitrep.export.flat import CSV_COLUMNS, write_events_csv
from sitrep.export.geojson import GeoJsonResult, event_feature, write_geojson
from sitrep.export.lines import event_json, events_jsonl, record_json
from sitrep.export.notes import event_notes
from sitrep.export.parquet import (
    ROW_GROUP_EVENTS,
    events_table,
    parquet_schema,
    write_events_parquet,
)
from sitrep.export.ucdp import (
    UCDP_COLUMNS,
    type_of_violence,
    ucdp_rows,
    write_ucdp_csv,
    write_ucdp_flat,
)

__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "ROW_GROUP_EVENTS",
    "UCDP_COLUMNS",
    "FlatEvent",
    "GeoJsonResult",
    "acled_rows",
    "event_feature",
    "event_json",
    "event_notes",
    "events_jsonl",
    "events_table",
    "flatten_batches",
    "flatten_campaigns",
    "parquet_schema",
    "record_json",
    "type_of_violence",
    "ucdp_rows",
    "write_acled_csv",
    "write_acled_flat",
    "write_events_csv",
    "write_events_parquet",
    "write_geojson",
    "write_ucdp_csv",
    "write_ucdp_flat",
]
