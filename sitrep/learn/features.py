"""The features of an extracted event that its kind is decided on.

Everything comes from what the stages already put on the event: the sentences its evidence
points to (the words of the first one, where the event was found; the triggers of it, of the
others and of the headline), the rules' own type and sub-type (a proposal, one feature among the
others), the classes of its actors and which casualty figures it carries. The words of the
later sentences and of the headline were features too, and cost accuracy out of fold (they fit
the training reports, not the next one). Nothing reads the article's text again.
"""

from __future__ import annotations

import re

from sitrep.codebook import actor_type
from sitrep.extract.events import sentence_triggers
from sitrep.models import CATEGORIES, Event

__all__ = ["event_features"]

_WORD = re.compile(r"[^\W\d_]{2,}")
_EVENT_FIELD = "event"


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _actor_class(name: str | None) -> str:
    if name is None:
        return "none"
    inter = actor_type(name).inter
    return "named" if inter is None else str(inter)


def event_features(event: Event, title: str | None = None) -> dict[str, float]:
    """A sparse feature vector (name → value) for one event, the same at training and use.

    ``title`` is the article's headline: a report's headline names the kind of news it carries
    ("Protesters block …", "Rebels seize …") more often than its later sentences do; its
    triggers are features.
    """
    features: dict[str, float] = {
        f"rule_type={event.event_type}": 1.0,
        f"rule_sub={event.sub_event_type}": 1.0,
        f"actor1={_actor_class(event.actor1)}": 1.0,
        f"actor2={_actor_class(event.actor2)}": 1.0,
        f"pair={_actor_class(event.actor1)}/{_actor_class(event.actor2)}": 1.0,
    }
    sentences = [item.text for item in event.evidence if item.field == _EVENT_FIELD]
    if sentences:
        for word in _words(sentences[0]):
            features[f"w0={word}"] = 1.0
        found = sentence_triggers(sentences[0])
        if found:
            features[f"first0={found[0].sub_event_type}"] = 1.0
        for trigger in found:
            features[f"trig0={trigger.sub_event_type}"] = 1.0
            features[f"trigtype0={trigger.event_type}"] = 1.0
    for text in sentences[1:]:
        for trigger in sentence_triggers(text):
            features[f"trig={trigger.sub_event_type}"] = 1.0
            features[f"trigtype={trigger.event_type}"] = 1.0
    if title:
        for trigger in sentence_triggers(title):
            features[f"trigt={trigger.sub_event_type}"] = 1.0
    dead = False
    for category in CATEGORIES:
        figure = getattr(event.fatalities, category)
        if figure is not None and figure.best > 0:
            features[f"dead={category}"] = 1.0
            dead = True
    features["dead" if dead else "no_dead"] = 1.0
    for name, figure in (("injured", event.injured), ("abducted", event.abducted)):
        if figure is not None and figure.best > 0:
            features[name] = 1.0
    if event.claimed_by:
        features["claimed"] = 1.0
    if event.background:
        features["background"] = 1.0
    return features
