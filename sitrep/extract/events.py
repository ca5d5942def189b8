"""Build an article's events from its sentences: the minimal, rule-based extraction stage.

One pass over the sentences after the dateline. A sentence that reports violence (a trigger word
from ``extract_triggers.csv`` or a casualty figure) either starts an event or, when it only
elaborates the one before ("the assault", a later figure, the same kind of violence on the same
day), adds to it. Statements (aggregates, claims, denials, accusations) make no event.

Figures that two sentences repeat are counted once: per event and category the largest figure is
kept, not the sum. A revised death toll replaces the earlier figure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sitrep.extract.casualties import Casualty, find_casualties
from sitrep.extract.dates import NARRATIVE_PATTERN, Precision, find_date_spans, resolve_date
from sitrep.extract.lexicon import CasualtyKind, ExtractLexicon, Trigger, default_lexicon
from sitrep.extract.statements import (
    find_attribution,
    find_claimant,
    find_statements,
    is_statement_only,
)
from sitrep.extract.text import Sentence, split_dateline, split_sentences
from sitrep.models import (
    CATEGORIES,
    Article,
    ArticleRecord,
    Category,
    Event,
    Evidence,
    Fatalities,
    Figure,
    Provenance,
    Statement,
    sum_figures,
)

__all__ = [
    "GENERIC_TRIGGER",
    "RULES_VERSION",
    "STRONG_TRIGGER",
    "extract_article",
    "lethal_force",
    "reconcile_unknown",
    "riot",
    "sentence_trigger",
    "sentence_triggers",
    "unknown_as_civilians",
]

RULES_VERSION = "rules-9"
"""Written into every record's provenance; bump it whenever the rules or lexicons change."""

STRONG_TRIGGER = 50
"""From this priority a trigger names its kind strongly enough to start an event of its own."""
GENERIC_TRIGGER = 30
"""Triggers up to this priority only say that something violent happened ("attack", "shot
dead"); any later sentence may say what kind it was."""
_WEAPON = 60
"""Explosion triggers from this priority name the weapon (IED, grenade, suicide bomber)."""
_REMOTE = "Explosions/Remote violence"
_CLASH = ("Battles", "Armed clash")
_SHELLING = "Shelling/artillery/missile attack"
_ABDUCTION = "Abduction/forced disappearance"
_LETHAL_FORCE = "Excessive force against protesters"
_DISRUPTED = "Disrupted weapons use"
_TARGETED = 90
"""The priority of the triggers that tell an attack on a target ("stormed … camp", "attacked …
post"), above those that tell fighting ("clash", "gunbattle": 75)."""
_VIOLENT_DEMONSTRATION = "Violent demonstration"
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|stated|reported|statement|added|confirmed|published|posted|"
    r"issued|update|speaking|spoke|addressing|briefing|conference|interview)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_REPORTING_REACH = 60
"""The longest reporting word and the 40 characters after it: the window searched before a date."""
# "800 strikes since mid-March", "fighting since October": the day a span began, which runs to
# the report; a month or more back it dates no incident of its own, and a recent day ("since
# Sunday") only the span's start. "The largest operation since February 28, when officers
# dismantled a camp" is the day of the incident the clause tells.
_SPAN_START = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
_SPAN_REACH = 10
"""The characters before a date searched for the "since" that opens a span."""
_SPAN_END = re.compile(r"\b(?:until|till)\b[^,.;]{0,20}$", re.IGNORECASE)
_SPAN_END_REACH = 30
"""The characters before a date searched for the "until" that ends a span."""
_WHEN_AFTER = re.compile(r"\W{0,3}\s*when\b", re.IGNORECASE)
# "another attack", "a second drone strike", "an earlier raid": not the event being told. "The
# third such attack on the city" counts the event being told among others of its kind.
_DISTINCT = re.compile(
    r"\b(?:another|(?:a|the)\s+(?:second|third|fourth|separate|further|new)|an\s+unrelated|"
    r"(?P<recalled>an\s+earlier|a\s+previous|a\s+prior))\s+(?!such\b)(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_OTHER_INCIDENT = re.compile(
    r"\b(?:another|(?:a|the)\s+(?:second|third|separate|further)|an\s+unrelated|"
    r"(?P<recalled>an\s+earlier|a\s+previous|a\s+prior))\s+(?!such\b)(?:[\w-]+\s+){0,2}?"
    r"(?:attack|strike|raid|bombing|blast|assault|ambush|explosion|incident|shelling)s?\b",
    re.IGNORECASE,
)
# "They came one day after military operations in which 41 insurgents were killed": the toll of
# that sentence is the earlier incident's.
_CAME_AFTER = re.compile(
    r"\b(?:came|come|comes|occurred|happened|followed|took\s+place)\s+(?:just\s+|only\s+)?"
    r"(?:(?:a|one|two|three|four|five|several|a\s+few|\d+)\s+)?"
    r"(?:(?P<hours>hours?)|days?|weeks?|months?)"
    r"\s+after\b",
    re.IGNORECASE,
)
# "Elsewhere, two soldiers died …", "Further south, four people were injured …": the same news
# told of another place, so another event.
_ELSEWHERE = re.compile(
    r"\W*(?:elsewhere|(?:further|farther)\s+(?:north|south|east|west|afield|inland))\b",
    re.IGNORECASE,
)
_EARLIER = re.compile(r"\bearlier\s+(?:this|in\s+the)\s+(?:week|month)\b", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\b(?:the\s+)?(?:following|next)\s+(?:day|morning|night)\b", re.I)
_ANAPHORA = re.compile(
    r"\b(?:(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?(?:such\s+)?"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)['’]s\s+"
    r"(?:[\w-]+\s+)?)$",
    re.IGNORECASE,
)
"""What makes a trigger a reference to an event told already: "the attack", "this such
assault", and a day's possessive ("Tuesday's riot", "yesterday's deadly bombing")."""


@dataclass(frozen=True)
class _Hit:
    """The trigger a sentence reads as, and whether it refers back to an earlier event."""

    trigger: Trigger
    anaphoric: bool
    distinct: bool = False
    recalled: bool = False
    reason: Trigger | None = None
    """For arrests "over the suicide bombing": the trigger of the attack they were made over."""


@dataclass
class _Draft:
    """An event while its sentences are being read."""

    event_type: str
    sub_event_type: str
    priority: int
    date: dt.date | None
    precision: Precision
    figures: dict[tuple[CasualtyKind, Category], Figure] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    recalled: bool = False
    """Told as an earlier incident ("an earlier strike on a mosque"): background."""
    shares: dict[Category, Figure] = field(default_factory=dict)
    """Parts of the toll by who died ("police accounted for 27 of the dead")."""
    reason: Trigger | None = None
    """For arrests made over an attack: that attack's trigger, so that its retelling ("the
    bombing killed 12") is the earlier attack, not these arrests."""

    def retype(self, hit: _Hit | None) -> None:
        """Take the sentence's event type when its trigger outranks the current one.

        One exception: rockets or mortars in a fight that is also a gunfight or a clash were
        the fighters' weapons, not a bombardment; ACLED codes the fight, an armed clash.
        """
        if hit is None:
            return
        fight = (hit.trigger.event_type, hit.trigger.sub_event_type) == _CLASH
        shelled = self.sub_event_type == _SHELLING
        if fight and shelled and hit.trigger.priority >= STRONG_TRIGGER:
            self.event_type, self.sub_event_type = _CLASH
            self.priority = hit.trigger.priority
            return
        if self.sub_event_type == _CLASH[1] and hit.trigger.sub_event_type == _SHELLING:
            return
        if hit.trigger.priority > self.priority:
            self.event_type = hit.trigger.event_type
            self.sub_event_type = hit.trigger.sub_event_type
            self.priority = hit.trigger.priority


def extract_article(article: Article, lexicon: ExtractLexicon | None = None) -> ArticleRecord:
    """Extract events and statements from one article.

    Dates are resolved against ``article.published``, or the dateline's date when there is no
    publication date. Places, coordinates and actors are left for later stages, except
    ``claimed_by``, which takes the name of a group that "claimed responsibility".

    Args:
        article: The report; evidence offsets point into ``article.text``.
        lexicon: The lexicon to use; the shipped one by default.
    """
    lex = lexicon or default_lexicon()
    text = article.text
    dateline = split_dateline(text)
    reference = article.published or (dateline.date if dateline else None)
    sentences = split_sentences(text, dateline.end if dateline else 0, lex)
    default_date, default_precision = _default_date(sentences, reference)

    drafts: list[_Draft] = []
    statements: list[Statement] = []
    # An earlier day a paragraph opened with ("Last week, eight attackers tried to storm the
    # port") dates its later sentences too, until one gives another: they tell that incident.
    paragraph_date: tuple[int, tuple[dt.date, Precision]] | None = None
    weapon_killed = False
    for sentence in sentences:
        paragraph = text.rfind("\n", 0, sentence.start)
        own_date = _sentence_date(sentence.text, reference)
        if own_date is not None:
            paragraph_date = (paragraph, own_date)
        elif (
            paragraph_date is not None
            and paragraph_date[0] == paragraph
            and drafts
            # An undated report's main event has no day to compare: a paragraph that gives one
            # ("Al-Shabaab warned in January 2020 … Within days, the militants assaulted …")
            # tells another incident.
            and (drafts[0].date is None or paragraph_date[1][0] < drafts[0].date)
        ):
            own_date = paragraph_date[1]
        casualties = find_casualties(sentence, lex)
        said = find_statements(sentence, casualties, lex)
        statements.extend(said)
        claimant = find_claimant(sentence.text)
        hit = _trigger(sentence.text, lex)
        if hit is not None and hit.reason is not None and casualties:
            # "arrested two suspects over the attack, which killed 12": the toll is the attack's.
            hit = _Hit(trigger=hit.reason, anaphoric=True)
        weapon_killed = weapon_killed or bool(
            casualties
            and hit is not None
            and hit.trigger.event_type == _REMOTE
            and hit.trigger.priority >= _WEAPON
        )
        reports = not is_statement_only(said) and (
            bool(casualties) or (hit is not None and not lex.generic_re.search(sentence.text))
        )
        if reports:
            of_wounds = bool(casualties) and lex.later_deaths_re.search(sentence.text) is not None
            draft = _place(
                drafts,
                sentence,
                hit,
                casualties,
                own_date,
                (default_date, default_precision),
                of_wounds,
            )
            revised = any(statement.kind == "revision" for statement in said)
            _add_sentence(draft, text, sentence, hit, casualties, revised)
        if claimant is not None and drafts and claimant not in drafts[-1].claimed_by:
            drafts[-1].claimed_by.append(claimant)

    if (
        lex.accident_re.search(text)
        and not any(draft.claimed_by for draft in drafts)
        and not weapon_killed
    ):
        # "The explosion was caused by explosives stored in the armoury": not an attack. An
        # article that says a weapon killed (a bomb, an IED, a grenade) reports one.
        drafts = [draft for draft in drafts if draft.event_type != _REMOTE]
    events = [
        _event(index, draft, drafts[0], reference, lex)
        for index, draft in enumerate(drafts, start=1)
    ]
    return ArticleRecord(
        article=article,
        events=events,
        statements=statements,
        sitrep=Provenance(rules=RULES_VERSION),
    )


def sentence_trigger(text: str, lexicon: ExtractLexicon | None = None) -> Trigger | None:
    """The kind of violence a sentence reports, by its highest-priority trigger word."""
    hit = _trigger(text, lexicon or default_lexicon())
    return hit.trigger if hit is not None else None


def sentence_triggers(text: str, lexicon: ExtractLexicon | None = None) -> list[Trigger]:
    """Every trigger a sentence holds, in the order they appear (the non-trigger phrases masked).

    The learned type model weighs them all; the priority order is only the rules' proposal.
    """
    lex = lexicon or default_lexicon()
    masked = lex.non_trigger_re.sub(lambda match: " " * len(match.group(0)), text)
    candidates = lex.triggers_in(masked)
    found = [
        (match.start(), i) for i, t in enumerate(candidates) if (match := t.pattern.search(masked))
    ]
    return [candidates[i] for _, i in sorted(found)]


def _trigger(text: str, lex: ExtractLexicon) -> _Hit | None:
    """The highest-priority trigger in a sentence, ignoring the lexicon's non-trigger phrases.

    One exception to priority: a weapon named before what it hit ("an explosion targeted a
    convoy", "a bomb struck the checkpoint") makes the attack an explosion, not an armed clash,
    whatever the target's trigger says.
    """
    masked = lex.non_trigger_re.sub(lambda match: " " * len(match.group(0)), text)
    best: tuple[Trigger, int] | None = None
    first_blast: tuple[Trigger, int] | None = None
    for trigger in lex.triggers_in(masked):
        match = trigger.pattern.search(masked)
        if match is None:
            continue
        if best is None or trigger.priority > best[0].priority:
            best = (trigger, match.start())
        if trigger.event_type == _REMOTE and (
            first_blast is None or match.start() < first_blast[1]
        ):
            first_blast = (trigger, match.start())
    if best is None:
        return None
    if best[0].event_type == "Battles" and first_blast is not None and first_blast[1] < best[1]:
        best = first_blast
    before = masked[: best[1]]
    arrest = _arrests_over(best[0], before, masked, lex)
    if arrest is not None:
        return _Hit(trigger=arrest, anaphoric=False, reason=best[0])
    distinct = _DISTINCT.search(before)
    return _Hit(
        trigger=best[0],
        anaphoric=distinct is None and _ANAPHORA.search(before) is not None,
        distinct=distinct is not None,
        recalled=distinct is not None and distinct.group("recalled") is not None,
    )


_OVER_THE = re.compile(
    r"\b(?:over|for|in\s+connection\s+with|behind|involved\s+in|linked\s+to)\s+"
    r"(?:the|last\s+\w+['’]s|this\s+\w+['’]s)\s+"
    r"(?:(?!(?:weekend|past|last|next|week|month|year|days|night|first|time)\b)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_ATTACK_NOUN = re.compile(
    r"(?:bombings?|attacks?|blasts?|explosions?|ambush(?:es)?|massacres?|raids?|assaults?"
    r"|strikes?|killings?|shootings?|kidnappings?|abductions?)$",
    re.IGNORECASE,
)


def _arrests_over(
    violent: Trigger, before: str, masked: str, lex: ExtractLexicon
) -> Trigger | None:
    """ "Four suspects were taken into custody over the suicide bombing": the sentence reports
    arrests, and the bombing it names is an attack told before, the reason for them."""
    if violent.sub_event_type == "Arrests" or not _OVER_THE.search(before):
        return None
    named = violent.pattern.search(masked, len(before))
    if named is None or not _ATTACK_NOUN.search(named.group()):
        return None  # "over the weekend after gunmen killed …": no attack is named as the reason
    for trigger in lex.triggers:
        if trigger.sub_event_type != "Arrests":
            continue
        match = trigger.pattern.search(masked)
        if match is not None and match.start() < len(before):
            return trigger
    return None


def _sentence_date(
    text: str, reference: dt.date | None, narrative: bool = True
) -> tuple[dt.date, Precision] | None:
    """The date of what a sentence reports, skipping reporting dates ("said on Wednesday").

    ``narrative=False`` also skips the days that count from the story ("the previous week"):
    they date their own sentence, never the article's incident.
    """
    for start, end, expression in find_date_spans(text):
        if _REPORTING_BEFORE.search(text, max(0, start - _REPORTING_REACH), start):
            continue
        if not narrative and NARRATIVE_PATTERN.match(expression):
            continue
        if _SPAN_END.search(text, max(0, start - _SPAN_END_REACH), start):
            continue  # "a curfew until 6pm on Thursday": when something ends, no incident's day
        day, precision = resolve_date(expression, reference)
        if day is None:
            continue
        if _starts_span(text, start, end):
            if precision == 3:
                continue  # "since mid-March": the start of a long span is context
            return day, 2  # "since Sunday": the span's start, at week precision
        return day, precision
    return None


def _starts_span(text: str, start: int, end: int) -> bool:
    """Whether the date expression at ``start:end`` is the beginning of a span ("since
    Sunday"), not the day of an incident told with it ("since May 3, when …")."""
    return (
        _SPAN_START.search(text, max(0, start - _SPAN_REACH), start) is not None
        and _WHEN_AFTER.match(text, end) is None
    )


def _default_date(
    sentences: list[Sentence], reference: dt.date | None
) -> tuple[dt.date | None, Precision]:
    """The article's first day or week; else the day officials spoke; else the reference date.

    With no date for the event itself, "police said on Sunday" is the best clue: reports carry
    the day's events, so the day of the statement is taken, at week precision. With no reference
    date an undated incident stays undated: a date written out further on ("in March 2019")
    belongs to whatever that sentence reports. A month alone ("placed under a state of siege in
    May", "the attack earlier this month on the oil terminal") is context, not the incident's
    date: reports carry the week's news, so the reference date's week is the better guess.
    """
    if reference is None:
        return None, 3
    for sentence in sentences:
        found = _sentence_date(sentence.text, reference, narrative=False)
        if found is not None and found[1] < 3:
            return found
    for sentence in sentences:
        for _start, _end, expression in find_date_spans(sentence.text):
            if NARRATIVE_PATTERN.match(expression):
                continue
            day, precision = resolve_date(expression, reference)
            if day is not None and precision < 3:
                return day, 2
    return (reference, 2)


def _place(
    drafts: list[_Draft],
    sentence: Sentence,
    hit: _Hit | None,
    casualties: list[Casualty],
    own_date: tuple[dt.date, Precision] | None,
    default: tuple[dt.date | None, Precision],
    of_wounds: bool = False,
) -> _Draft:
    """The event a reporting sentence belongs to: the current one, or a new one it starts.

    ``of_wounds``: the sentence tells deaths of the wounded ("had died of his injuries"), which
    belong to the event being told even when they came on a later day.
    """
    current = drafts[-1] if drafts else None
    other = _OTHER_INCIDENT.search(sentence.text)
    after = _CAME_AFTER.search(sentence.text)
    came_after = after is not None
    elsewhere = bool(casualties) and _ELSEWHERE.match(sentence.text) is not None
    if current is not None and (
        (hit is not None and hit.distinct)
        or other is not None
        or (came_after and casualties)
        or elsewhere
    ):
        # "came only hours after gunmen shot dead seven": another incident of the same news,
        # not one recalled as background.
        recalled = (
            (after is not None and after.group("hours") is None)
            or (hit is not None and hit.recalled)
            or (other is not None and other.group("recalled") is not None)
        )
        date = own_date or _next_day(sentence, current) or default
        draft = _start(drafts, hit, casualties, date, recalled)
        if hit is None or hit.trigger.priority < STRONG_TRIGGER:
            # "Another strike killed a woman", "another attack": another of the same kind,
            # unless its dead say otherwise ("another attack killed three soldiers" was fought).
            kind = (current.event_type, current.sub_event_type)
            if casualties and _fallback_type(casualties) == ("Battles", "Armed clash"):
                kind = ("Battles", "Armed clash")
            draft.event_type, draft.sub_event_type = kind
            draft.priority = current.priority
        return draft
    if current is not None:
        if _narrows(own_date, current):
            # "died this week" then "in Tuesday's raids": the day the week was hiding.
            assert own_date is not None
            current.date, current.precision = own_date
        same_day = (
            own_date is None
            or own_date == (current.date, current.precision)
            or _told_later(hit, casualties, own_date, current, of_wounds)
        )
        reason = current.reason
        if (
            reason is not None
            and hit is not None
            and hit.trigger.event_type == reason.event_type
            and (casualties or hit.anaphoric)
        ):
            # "… taken into custody over the suicide bombing. The bombing killed 12": the attack
            # the arrests were made over, told before them, and as precisely as the lead told it.
            told = hit if hit.trigger.priority >= reason.priority else _Hit(reason, True)
            return _start(drafts, told, casualties, own_date or (None, 3), True)
        referred = _referred(hit, drafts) if own_date is None else None
        if referred is not None:
            return referred  # "the protest would go on", told after the protest's background
        if casualties and own_date is None and all(c.reference for c in casualties):
            return current  # "the five died when a bomber blew himself up": how, not more
        if (hit is None or hit.anaphoric) and same_day:
            # A figure with no trigger of its own adds to the current event, unless the
            # sentence dates it elsewhere ("148 died in April 2015"): that is another event.
            if _may_retype(current, hit, casualties, own_date):
                current.retype(hit)
            return current
        elif same_day and hit is not None:
            trigger = hit.trigger
            refined = _refines(trigger, current, casualties, sentence)
            same_kind = refined or (trigger.event_type, trigger.sub_event_type) == (
                current.event_type,
                current.sub_event_type,
            )
            if (
                same_kind or trigger.priority < STRONG_TRIGGER or current.priority < STRONG_TRIGGER
            ) and not _people_rose(hit, drafts):
                if refined or _may_retype(current, hit, casualties, own_date):
                    current.retype(hit)
                return current
    if (
        current is not None
        and not casualties
        and own_date is None
        and not _people_rose(hit, drafts)
    ):
        # Another kind of violence, with no day and no toll of its own, after an event has been
        # reported: more of the same day (a wave's next town) or talk of the conflict
        # ("resistance fighters cannot counter air attacks"), not a second incident. It neither
        # starts an event nor retypes the current one.
        return current
    # "Earlier this week, thirty people were killed in …": told as earlier than the news.
    earlier = current is not None and _EARLIER.search(sentence.text) is not None
    return _start(drafts, hit, casualties, own_date or default, earlier)


_DEMONSTRATIONS = ("Protests", "Riots")


def _referred(hit: _Hit | None, drafts: list[_Draft]) -> _Draft | None:
    """The earlier event "the protest" or "the march" refers to, when the current event is of
    another kind: a demonstration is not retold as the attack that was its background."""
    if hit is None or not hit.anaphoric or hit.trigger.event_type not in _DEMONSTRATIONS:
        return None
    if drafts[-1].event_type == hit.trigger.event_type:
        return None
    return next((d for d in reversed(drafts) if d.event_type == hit.trigger.event_type), None)


def _people_rose(hit: _Hit | None, drafts: list[_Draft]) -> bool:
    """ "Angered by the attack, residents blocked roads in protest": the first demonstration told
    after violence of another kind is an event of its own, told in the same breath or not."""
    return (
        hit is not None
        and hit.trigger.priority >= STRONG_TRIGGER
        and hit.trigger.event_type in _DEMONSTRATIONS
        and not any(draft.event_type in _DEMONSTRATIONS for draft in drafts)
    )


def _start(
    drafts: list[_Draft],
    hit: _Hit | None,
    casualties: list[Casualty],
    date: tuple[dt.date | None, Precision],
    recalled: bool,
) -> _Draft:
    """A new event, typed by the sentence's trigger or, failing one, by its victims."""
    if hit is not None:
        event_type, sub_event_type = hit.trigger.event_type, hit.trigger.sub_event_type
        priority = hit.trigger.priority
    else:
        event_type, sub_event_type = _fallback_type(casualties)
        priority = 0
    draft = _Draft(event_type, sub_event_type, priority, date[0], date[1], recalled=recalled)
    draft.reason = hit.reason if hit is not None else None
    drafts.append(draft)
    return draft


def _next_day(sentence: Sentence, current: _Draft) -> tuple[dt.date, Precision] | None:
    """ "The following day another attack…": the day after the current event, when it has one."""
    if current.date is None or _NEXT_DAY.search(sentence.text) is None:
        return None
    return current.date + dt.timedelta(days=1), current.precision


def _refines(
    trigger: Trigger, current: _Draft, casualties: list[Casualty], sentence: Sentence
) -> bool:
    """Whether the sentence tells what became of the event being told, not a second one:
    "protesters marched … police fired tear gas" (a protest with intervention), "a bomb was
    found at the market … experts rendered it safe" (the weapon's use disrupted, if it harmed
    no one). A killing
    told with it ("earlier this week, police fired on protesters, leaving one dead") may be
    another incident."""
    if any(casualty.kind == "killed" for casualty in casualties):
        return False
    if _EARLIER.search(sentence.text) is not None:
        return False
    if trigger.event_type == current.event_type == "Protests":
        return True
    # A bomb that went off and killed or wounded is an explosion, whatever else was defused.
    harmed = any(kind in ("killed", "injured") for kind, _ in current.figures)
    return trigger.sub_event_type == _DISRUPTED and current.event_type == _REMOTE and not harmed


def _may_retype(
    current: _Draft,
    hit: _Hit | None,
    casualties: list[Casualty],
    own_date: tuple[dt.date, Precision] | None,
) -> bool:
    """Whether a sentence may change the kind of violence of an event a trigger already typed.

    A sentence with no toll and no day of its own may refine the kind ("the blast" → "a suicide
    attack", or a bare "attack" to "shelling") but not switch a typed event to another type:
    talk of the conflict ("the army's operations against the group, which has stepped up its
    attacks on security forces") does not make a bombing a battle.
    """
    if hit is None or casualties or own_date is not None or current.priority <= GENERIC_TRIGGER:
        return True
    return hit.trigger.event_type == current.event_type


def _told_later(
    hit: _Hit | None,
    casualties: list[Casualty],
    own_date: tuple[dt.date, Precision] | None,
    current: _Draft,
    of_wounds: bool = False,
) -> bool:
    """ "The toll from the bombing rose to eight on Friday": a later day in a sentence that
    refers back to the event (or only restates its toll) dates the telling, not a new incident."""
    if own_date is None or current.date is None or own_date[0] < current.date:
        return False
    refers_back = of_wounds or (hit is not None and hit.anaphoric)
    return refers_back or (bool(casualties) and all(c.toll for c in casualties))


def _narrows(own_date: tuple[dt.date, Precision] | None, current: _Draft) -> bool:
    """Whether a sentence's exact day falls in the week its event was only dated by."""
    if own_date is None or current.date is None or current.precision != 2 or own_date[1] != 1:
        return False
    return current.date - dt.timedelta(days=6) <= own_date[0] <= current.date


def _fallback_type(casualties: list[Casualty]) -> tuple[str, str]:
    """An event type from the victims alone, for an event no trigger word names."""
    categories = {casualty.category for casualty in casualties if casualty.kind == "killed"}
    if categories and categories <= {"security_forces", "militants"}:
        return "Battles", "Armed clash"
    if all(casualty.kind == "abducted" for casualty in casualties):
        return "Violence against civilians", "Abduction/forced disappearance"
    return "Violence against civilians", "Attack"


def _add_sentence(
    draft: _Draft,
    text: str,
    sentence: Sentence,
    hit: _Hit | None,
    casualties: list[Casualty],
    revised: bool,
) -> None:
    """Add a sentence's figures and evidence to an event, counting repeated figures once."""
    source = find_attribution(sentence.text)
    if hit is not None:
        draft.evidence.append(_evidence(text, sentence.start, sentence.end, "event", source))
    sentence_figures: dict[tuple[CasualtyKind, Category], Figure] = {}
    tolls: dict[tuple[CasualtyKind, Category], Figure] = {}
    added: set[tuple[CasualtyKind, Category]] = set()
    restated: set[tuple[CasualtyKind, Category]] = set()
    for casualty in casualties:
        name = f"fatalities.{casualty.category}" if casualty.kind == "killed" else casualty.kind
        draft.evidence.append(_evidence(text, casualty.start, casualty.end, name, source))
        if casualty.share:
            kept_share = draft.shares.get(casualty.category)
            if kept_share is None or casualty.figure.best > kept_share.best:
                draft.shares[casualty.category] = casualty.figure
            continue
        key = (casualty.kind, casualty.category)
        (added if casualty.added else restated).add(key)
        bucket = tolls if casualty.toll else sentence_figures
        bucket[key] = bucket[key] + casualty.figure if key in bucket else casualty.figure
    for key, figure in tolls.items():
        if key not in sentence_figures or figure.best > sentence_figures[key].best:
            sentence_figures[key] = figure
    for key, figure in sentence_figures.items():
        kept = draft.figures.get(key)
        if kept is not None and key in added and key not in restated:
            # "37 soldiers died … 30 more died later": 67, not the larger of the two.
            draft.figures[key] = kept + figure
            continue
        if kept is None or figure.best > kept.best or (revised and key in tolls):
            draft.figures[key] = figure


def _evidence(text: str, start: int, end: int, name: str, source: str | None) -> Evidence:
    return Evidence(start=start, end=end, text=text[start:end], field=name, attributed_to=source)


_BACKGROUND_AFTER = dt.timedelta(days=45)
"""An incident this long before the report is context ("the April 2015 attack"), not news."""


def _long_before(day: dt.date | None, reference: dt.date | None) -> bool:
    return day is not None and reference is not None and day < reference - _BACKGROUND_AFTER


def riot(event_type: str, sub_event_type: str, told: str, lex: ExtractLexicon) -> str | None:
    """The riot sub-type ACLED's convention makes of an event, or None when it is no riot.

    A demonstration whose crowd turns violent ("protesters threw stones", "set fire to the
    council office") is a violent demonstration, and a clash between a crowd and the police is
    a riot, not an armed clash; with an armed group in the event it is not. A crowd's violence
    told with no demonstration (rival fans fighting running battles, youths setting cars alight
    and pelting police with fireworks) is a riot too, whatever weapon word typed it: a violent
    demonstration, or mob violence where the crowd turned on people. Lethal force on the crowd
    ("fired live rounds into the crowd") stays excessive force against protesters, however the
    crowd behaved, as the annotated reports code it.

    ``told`` is the text of the sentences that tell the event. The places of a wave are typed
    by their own clauses (:mod:`sitrep.extract.campaigns`) and follow the same convention.
    """
    if sub_event_type == "Excessive force against protesters" or event_type == "Riots":
        return None
    if event_type == "Protests":
        return _VIOLENT_DEMONSTRATION if lex.crowd_violence_re.search(told) else None
    if lex.armed_re.search(told):
        return None
    clash = sub_event_type == _CLASH[1]
    if lex.crowd_re.search(told) and (clash or lex.crowd_violence_re.search(told)):
        return "Mob violence" if lex.mob_re.search(told) else _VIOLENT_DEMONSTRATION
    return None


def unknown_as_civilians(
    event_type: str, killed: Mapping[Category, Figure | None]
) -> dict[Category, Figure | None]:
    """ "Nine people were killed" in a bombing, a massacre or a protest: ACLED counts the people
    an attack kills as civilians unless the report says they were combatants; so too the rest of
    "five people, three of them policemen". In a battle they stay unknown."""
    figures = dict(killed)
    if event_type != "Battles" and figures.get("unknown"):
        figures["civilians"] = sum_figures([figures.get("civilians"), figures["unknown"]])
        figures["unknown"] = None
    return figures


def lethal_force(
    event_type: str, sub_event_type: str, killed: Mapping[Category, Figure | None]
) -> str:
    """ACLED's convention: a demonstration that was not violent, at which people were killed,
    met lethal force (excessive force against protesters), as every annotated protest with
    deaths is coded."""
    if event_type == "Protests" and any(f is not None and f.best > 0 for f in killed.values()):
        return _LETHAL_FORCE
    return sub_event_type


def _combatants_only(draft: _Draft) -> bool:
    """ACLED's definition: violence against civilians targets unarmed people. An "attack" whose
    only dead are soldiers, police or militants ("gunmen killed 12 soldiers at an army post",
    then "claimed the attack") was fought between armed sides: a battle. Only the generic
    attack is retyped; an abduction or a sexual assault says what was done, whoever suffered."""
    if (draft.event_type, draft.sub_event_type) != ("Violence against civilians", "Attack"):
        return False
    dead = {category for kind, category in draft.figures if kind == "killed"}
    return bool(dead) and dead <= {"security_forces", "militants"}


def _civilians_only(draft: _Draft) -> bool:
    """The other half of the definition: an "armed clash" whose only dead and wounded are
    civilians ("gunmen stormed the miners' camp, killing seven workers") targeted the unarmed;
    a clash told with words of fighting ("a gunbattle", "exchanged fire") stays one."""
    if (draft.event_type, draft.sub_event_type) != _CLASH or draft.priority < _TARGETED:
        return False
    harmed = {category for kind, category in draft.figures if kind in ("killed", "injured")}
    return bool(harmed) and harmed == {"civilians"}


def _event(
    index: int, draft: _Draft, first: _Draft, reference: dt.date | None, lex: ExtractLexicon
) -> Event:
    """Freeze a draft into an ``Event``.

    An event dated before the article's first event is background; so is one dated "earlier
    this week" (the week of the first event, at a coarser precision), one dated more than 45
    days before the report, and a dated one beside an undated first event.
    """
    event_type, sub_event_type = draft.event_type, draft.sub_event_type
    told = " ".join(e.text for e in draft.evidence if e.field == "event")
    rioted = riot(event_type, sub_event_type, told, lex)
    if rioted is not None:
        event_type, sub_event_type = "Riots", rioted
    elif _combatants_only(draft):
        event_type, sub_event_type = "Battles", "Armed clash"
    elif _civilians_only(draft):
        event_type, sub_event_type = "Violence against civilians", "Attack"
    killed = reconcile_unknown({c: draft.figures.get(("killed", c)) for c in CATEGORIES})
    sub_event_type = lethal_force(event_type, sub_event_type, killed)
    killed = _apply_shares(unknown_as_civilians(event_type, killed), draft.shares)
    if sub_event_type == _ABDUCTION and (killed["civilians"] or killed["unknown"]):
        # "Gunmen shot dead seven labourers and took four away": a killing is the graver act,
        # and ACLED codes the attack, not the abduction.
        sub_event_type = "Attack"
    injured = reconcile_unknown({c: draft.figures.get(("injured", c)) for c in CATEGORIES})
    abducted = reconcile_unknown({c: draft.figures.get(("abducted", c)) for c in CATEGORIES})
    background = (
        draft is not first
        and draft.date is not None
        and first.date is not None
        and (
            draft.date < first.date
            or (draft.date == first.date and draft.precision > first.precision)
        )
    ) or _long_before(draft.date, reference)
    if draft is not first and draft.recalled:
        background = True
    if draft is not first and first.date is None and draft.date is not None:
        # With no publication date the article's own incident is undated ("on Monday"); an
        # incident the text dates outright ("in September 2013") is one it recalls.
        background = True
    return Event(
        id=f"e{index}",
        date=draft.date,
        date_precision=draft.precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        fatalities=Fatalities(
            civilians=killed["civilians"],
            security_forces=killed["security_forces"],
            militants=killed["militants"],
            unknown=killed["unknown"],
        ),
        injured=sum_figures(list(injured.values())),
        abducted=sum_figures(list(abducted.values())),
        claimed_by=list(draft.claimed_by),
        background=background,
        evidence=list(draft.evidence),
    )


_DONORS: tuple[Category, ...] = ("civilians", "unknown", "security_forces")


def _apply_shares(
    killed: dict[Category, Figure | None], shares: dict[Category, Figure]
) -> dict[Category, Figure | None]:
    """Move part of a toll to the category a later sentence says it was.

    "Forty-four worshippers were killed … police officers accounted for 27 of the dead" is 27
    police and 17 others, not 71: the share is taken from the largest other category, and the
    total stays what it was.
    """
    result = dict(killed)
    for category, share in shares.items():
        current = result.get(category)
        missing = share.best - (current.best if current else 0)
        donors = [
            (figure.best, name)
            for name in _DONORS
            if name != category and (figure := result.get(name)) is not None
        ]
        if missing <= 0 or not donors:
            continue
        _, donor = max(donors)
        given = result[donor]
        if given is None or given.best < missing:
            continue
        left = given.best - missing
        result[donor] = Figure.exact(left) if left else None
        result[category] = share
    return result


def reconcile_unknown(figures: dict[Category, Figure | None]) -> dict[Category, Figure | None]:
    """Stop an "unknown" total from double-counting the victims it includes.

    "Nine people were killed" followed by "seven of them civilians and two policemen" gives
    unknown 9 next to civilians 7 and security forces 2. The unknown figure is then a total that
    includes them: it is dropped when the civilian and security force figures reach it, and
    reduced to the remainder otherwise. Militants are left out of the comparison because reports
    count attackers apart from their victims ("nine people were killed; the bomber also died").
    """
    unknown = figures.get("unknown")
    named = [figures.get("civilians"), figures.get("security_forces")]
    present = [figure for figure in named if figure is not None]
    if unknown is None or not present:
        return figures
    best = sum(figure.best for figure in present)
    low = sum(figure.low for figure in present)
    result = dict(figures)
    if unknown.best <= best:
        result["unknown"] = None
        return result
    remainder = unknown.best - best
    result["unknown"] = Figure(
        best=remainder,
        low=max(0, min(remainder, unknown.low - low)),
        high=None if unknown.high is None else max(remainder, unknown.high - best),
    )
    return result
