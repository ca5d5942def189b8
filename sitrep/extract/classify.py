"""The kind of each event, decided by the model ``sitrep train`` fitted on annotated reports.

The rules' trigger priorities propose a type and sub-type; the learned model weighs that
proposal with the words of the event's sentences, its actors and its casualties, and decides.
Where the model is unsure (its probability at most the threshold cross-validation chose when it
was trained) the proposal stands. Campaign parents keep the rules' kind: they are the sum of
their children, not an event of their own kind. Without a trained model the rules' kind stands.
"""

from __future__ import annotations

from sitrep.learn import LinearModel, event_features
from sitrep.learn.linear import with_provenance
from sitrep.models import ArticleRecord
from sitrep.taxonomy import event_type_of

__all__ = ["EVENT_TYPE_MODEL", "classify_events"]

EVENT_TYPE_MODEL = "event_type"
"""The packaged model that decides sub-event types (``sitrep/data/models/event_type.json``)."""


def classify_events(record: ArticleRecord, model: LinearModel | None) -> ArticleRecord:
    """The record with each event's type and sub-type as ``model`` decides them."""
    if model is None:
        return record
    if model.threshold >= 1.0:
        # No probability is above 1.0: the rules' kinds stand, and weighing them costs time.
        return with_provenance(record, model)
    parents = {event.parent for event in record.events if event.parent is not None}
    types = event_type_of()
    title = record.article.title
    events = []
    for event in record.events:
        if event.id not in parents:
            sub_type, probability = model.predict(event_features(event, title))
            if sub_type in types and probability > model.threshold:
                event = event.model_copy(
                    update={"event_type": types[sub_type], "sub_event_type": sub_type}
                )
        events.append(event)
    return with_provenance(record.model_copy(update={"events": events}), model)
