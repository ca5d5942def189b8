"""Find who was killed, injured or abducted in a sentence, and how many.

The grammar is small on purpose: a count, a victim word from ``extract_victims.csv`` and a verb
from ``extract_casualty_verbs.csv`` next to them ("seven passengers were killed", "killing four
policemen", "three of the attackers were killed", "leaving 11 civilians and 67 insurgents dead").
A count with no verb beside it is not a casualty: "a group of about a dozen attackers" counts
attackers, not dead. Ages ("aged 12", "12-year-old"), years and durations never read as counts
because no victim word or verb follows them, and "no one was hurt" gives nothing because "no" is
not a count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from sitrep.extract.lexicon import CasualtyKind, ExtractLexicon, default_lexicon
from sitrep.extract.numbers import NUMBER_PATTERN, QUANTITY_PATTERN, parse_quantity
from sitrep.extract.parse import parse_casualties
from sitrep.extract.text import Sentence
from sitrep.models import Category, Figure

__all__ = ["Casualty", "Toll", "find_casualties", "find_tolls"]


@dataclass(frozen=True)
class Casualty:
    """One figure for one kind of harm to one category of people.

    Attributes:
        kind: "killed", "injured" or "abducted".
        category: Who: civilians, security_forces, militants or unknown.
        figure: How many, with the spread the report's wording allows.
        start: Offset of the supporting span in the article text.
        end: End offset of that span.
        toll: True for a running total ("the death toll rose to 9"), which restates rather than
            adds to the other figures of its sentence.
    """

    kind: CasualtyKind
    category: Category
    figure: Figure
    start: int
    end: int
    toll: bool = False
    share: bool = False
    """A part of a toll told already ("police officers accounted for 27 of the dead"): it says
    who some of the dead were, and adds no one."""
    added: bool = False
    """Dead on top of those told before ("30 more soldiers", "a second official had died"): the
    event's figure grows by this one rather than being restated by it."""
    reference: bool = False
    """Dead told already, named again ("the five died when a bomber blew himself up"): it says
    how they died, not that more died."""


@dataclass(frozen=True)
class Toll:
    """A death toll in a sentence, with the earlier figure it replaces when it says so."""

    casualty: Casualty
    previous: Figure | None


_STOP = (
    r"were|was|is|are|had|have|has|been|be|and|or|of|in|on|at|by|to|from|with|who|which|that|"
    r"the|a|an|as|for|after|before|while|when|killed|wounded|injured|dead|died|including|among|"
    r"said|says|were|their|its|his|her"
)
_MOD_WORD = rf"(?:\s+(?!(?:{_STOP})(?![\w-]))(?=[\w'’-]*[A-Za-z])[\w'’-]+)"
_MODS = rf"(?P<mods>{_MOD_WORD}{{0,3}})"
# "four members of the LEAs", "33 personnel of the security forces": the group names the victims.
_MEMBERS = rf"(?:\s+(?:members|personnel|cadres|men)\s+of(?:\s+the)?{_MOD_WORD}{{0,2}})?"
# "killing all 33 infiltrators", "killing all of the attackers".
_ALL = r"(?:all\s+(?:of\s+)?(?:the\s+)?)?"
# "four of the gunmen", "three of the 30 attackers": the count is the first number, the part.
_OF = rf"(?:\s+of(?:\s+(?:the|them|those|these))?(?:\s+{NUMBER_PATTERN}(?![\w-]))?)?"
_AUX = (
    r"(?:(?:were|was|are|is|had|have|has)\s+(?:(?:also|now|reportedly|later|all|since|"
    r"allegedly|been|being|either)\s+){0,3})"
)
_QUOTE = r"[\"“”'‘’]?"
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*,?\s+as\s+well\s+as\s+")
_SUBSET = re.compile(
    r"(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|among\s+the\s+dead|"
    r"among\s+those|such\s+as|mostly|mainly)\s*:?\s*$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bno|\bnot|\bnone\s+of\s+the|\baged?|\bage\s+of)\s+$", re.IGNORECASE)
_NEGATION_REACH = 40
# "two civilians were among the five dead": the five were counted where they were reported.
_REFERENCE = re.compile(r"\bamong\s+(?:the|those|these)\s+\S+$", re.IGNORECASE)
_OF_THE_VICTIMS = re.compile(r"\bof\s+(?:the|those|these)\s+(?:victims|dead)\b", re.IGNORECASE)
_BARE_END = re.compile(
    r"\s*(?:[,.;:!?”\"]|$|(?:and|in|on|at|during|when|while|as|near|after|before|since)(?![\w-]))",
    re.IGNORECASE,
)
_AND_AT_PLACE = re.compile(r"\b(?:at|in|near)\s+(?:[A-Z][\w'’-]*\s+){1,4}and\s+$")
_ALONG_WITH = re.compile(
    r"(?:along\s+with|together\s+with|alongside|as\s+well\s+as)\s+(?:the\s+)?$", re.IGNORECASE
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(NUMBER_PATTERN, re.IGNORECASE)


@dataclass(frozen=True)
class _Grammar:
    """The casualty regular expressions built from one lexicon."""

    mention: re.Pattern[str]
    single: re.Pattern[str]
    bare: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    after_gap: re.Pattern[str]
    bare_after: re.Pattern[str]
    toll: re.Pattern[str]
    pronoun: re.Pattern[str]
    share: re.Pattern[str]


@lru_cache(maxsize=8)
def _grammar(lexicon: ExtractLexicon) -> _Grammar:
    victims = lexicon.victim_pattern
    after = lexicon.verbs_after_pattern
    flags = re.IGNORECASE
    return _Grammar(
        mention=re.compile(
            rf"(?<![\w-])(?P<q>{QUANTITY_PATTERN}){_OF}{_MODS}{_MEMBERS}\s+(?P<v>{victims})",
            flags,
        ),
        single=re.compile(
            rf"(?<![\w-])(?P<q>an?|the|another){_MODS}\s+(?P<v>{lexicon.singular_victim_pattern})",
            flags,
        ),
        bare=re.compile(rf"(?<![\w-])(?P<q>{QUANTITY_PATTERN})", flags),
        before=re.compile(rf"(?P<verb>{lexicon.verbs_before_pattern})\s+{_ALL}$", flags),
        after=re.compile(rf"(?:\s*,[^,.;]{{1,80}},)?\s+{_AUX}?{_QUOTE}(?P<verb>{after})", flags),
        after_gap=re.compile(
            rf"\s+(?:(?!\b(?:said|says|told|added)\b)[^,.;]){{1,60}}?\s+(?:were|was|had|have|has)\s+"
            rf"(?:(?:also|now|reportedly|later|all|been)\s+){{0,3}}{_QUOTE}(?P<verb>{after})",
            flags,
        ),
        bare_after=re.compile(rf"\s+{_AUX}?{_QUOTE}(?P<verb>{after})", flags),
        share=re.compile(
            rf"(?<![\w-])(?P<v>{victims})\s+(?:(?:reportedly|also|alone)\s+)?"
            r"(?:accounted|account|accounts|made\s+up|make\s+up|makes\s+up)\s+(?:for\s+)?"
            rf"(?P<q>{QUANTITY_PATTERN})\s+of\s+(?:the|those)\s+"
            r"(?:dead|killed|deaths|victims|fatalities)",
            flags,
        ),
        pronoun=re.compile(rf"(?P<verb>{lexicon.verbs_before_pattern})\s+(?:him|her)\b", flags),
        toll=re.compile(
            r"\b(?:(?:death|casualty|fatality)\s+toll|number\s+of\s+(?:people\s+|those\s+)?"
            r"(?:dead|deaths|killed|fatalities))\b[^.;]{0,100}?\b"
            r"(?:(?:rose|risen|rises|climbed|climbs|increased|jumped|reached|reaches|stood|"
            r"stands|hit|hits)(?:\s+to|\s+at)?|of|to|at)\s+"
            rf"(?P<q>{QUANTITY_PATTERN})(?:\s+(?P<v>{victims}))?"
            rf"(?:\s+from\s+(?:an?\s+(?:earlier|previous)\s+)?(?P<old>{QUANTITY_PATTERN}))?",
            flags,
        ),
    )


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    figure: Figure
    category: Category | None  # None: take the category of the figure before it
    bare: bool = False


_QUOTES = re.compile(r"[\"“”]")
# The aside ends at a comma, or with the sentence ("nine people died, two of them policemen.").
_SUBSET_ASIDE = re.compile(
    r",\s*(?:including\s+|among\s+them\s+)?[\w-]+\s+of\s+(?:them|whom)\s+"
    r"(?:[^,]{1,40},|[^,.;!?]{1,40}(?=[.;!?]?[\"”’']?\s*$))",
    re.IGNORECASE,
)
# What may stand between a count and the aside that says who they were.
_LEFT = re.compile(r"\s*(?:(?:dead|killed|injured|wounded|hurt)\b)?\s*", re.IGNORECASE)
# "18 of them among the assailants": the same as "18 of them assailants".
_AMONG_THE = re.compile(r"\b(of\s+(?:them|whom))\s+among\s+(?:the\s+)?", re.IGNORECASE)


_SUBSET_AFTER = re.compile(
    r",\s*(?:an?\s+|two\s+|three\s+)?[^,;]{1,50}?\s+among\s+(?:them|whom|the\s+dead|the\s+victims)\b(?:\s*,)?",
    re.IGNORECASE,
)


def find_casualties(sentence: Sentence, lexicon: ExtractLexicon | None = None) -> list[Casualty]:
    """Return the casualty figures a sentence reports, with offsets in the article text.

    Figures in one list ("three women and three children were killed") are added up per
    category. "others", "more" and a bare count ("killing four and wounding two") take the
    category of the figure before them in the sentence, or unknown when there is none. A subset
    introduced by "including" or "among them" says who part of a count of people were (a
    breakdown of it); its people are counted already.
    """
    lex = lexicon or default_lexicon()
    grammar = _grammar(lex)
    # Quotation marks become spaces (offsets unchanged): officials' words are often quoted
    # ('"around 30 terrorists" had been "neutralised"').
    text = _QUOTES.sub(" ", sentence.text)
    # An aside naming a subset ("seven people, three of them children, were killed") is
    # blanked out: the subset is already in the figure, and the aside hides the verb.
    asides = list(_SUBSET_ASIDE.finditer(text))
    text = _SUBSET_ASIDE.sub(lambda match: " " * len(match.group(0)), text)
    asides += list(_SUBSET_AFTER.finditer(text))  # "…, two policemen among them"
    text = _SUBSET_AFTER.sub(lambda match: " " * len(match.group(0)), text)
    found: list[Casualty] = []
    breakdowns: list[Casualty] = []
    for toll in find_tolls(sentence, lex):
        found.append(toll.casualty)
    for group in _groups(text, _mentions(text, grammar, lex)):
        read = _read_group(text, group, grammar, lex, sentence.start, found)
        found.extend(read)
        breakdowns.extend(
            _breakdown(read, asides, grammar, lex, text, group[-1].end, sentence.start)
        )
    found.extend(_pronoun_victims(text, grammar, lex, sentence.start, found))
    found.extend(_shares(text, grammar, lex, sentence.start))
    spans = [(c.start, c.end) for c in [*found, *breakdowns]]
    parsed_figures = [] if any(c.toll for c in found) else parse_casualties(sentence, lex, spans)
    for parsed in parsed_figures:  # a running toll already says how many died in all
        category = parsed.category
        if category == "unknown" and found and not found[-1].toll:
            category = found[-1].category  # "… killing four soldiers; two more died later"
        found.append(Casualty(parsed.kind, category, parsed.figure, parsed.start, parsed.end))
    return [_mark_added(c, sentence) for c in found + breakdowns]


_MORE = r"(?:another|(?:a\s+)?further|(?:a|the)\s+(?:second|third|fourth|fifth))"
_ADDED_BEFORE = re.compile(rf"\b{_MORE}\s+$", re.IGNORECASE)
_ADDED_START = re.compile(rf"{_MORE}\b|(?:[\w-]+\s+){{1,2}}more\b(?!\s+than)", re.IGNORECASE)


_TOLD_AGAIN = re.compile(rf"(?:the|these|those)\s+{NUMBER_PATTERN}\b(?!\s+(?:more|other)\b)", re.I)


def _mark_added(casualty: Casualty, sentence: Sentence) -> Casualty:
    """Flag a figure told as more dead than those already told ("two more", "another 30"), or as
    the same dead told again ("the five")."""
    if casualty.toll or casualty.share:
        return casualty
    start = casualty.start - sentence.start
    span = sentence.text[start : casualty.end - sentence.start]
    if _ADDED_START.match(span) or _ADDED_BEFORE.search(sentence.text, max(0, start - 20), start):
        return replace(casualty, added=True)
    if _TOLD_AGAIN.match(span):
        return replace(casualty, reference=True)
    return casualty


_PASSIVE_AUX = re.compile(r"\b(?:were|was|are|is|had|have|has|been|being)\b", re.IGNORECASE)


def _active(text: str, after: re.Match[str]) -> bool:
    """ "A suicide bomber killed 44 worshippers": the victim word is the killer, not the killed.

    Without an auxiliary ("were killed", "had died") a verb followed by its object (a count, an
    article or a victim word) is active.
    """
    if _PASSIVE_AUX.search(after.group(0)):
        return False
    rest = text[after.end() : after.end() + 40]
    return _OBJECT_AFTER.match(rest) is not None


# An object follows its verb after a space or two: a longer run is an aside blanked out
# ("left 19 people dead, 18 of them assailants, the spokesman said").
_OBJECT_AFTER = re.compile(
    rf"\s{{1,3}}(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|over\s+)?"
    rf"(?:{NUMBER_PATTERN}|an?\s|the\s|his\s|her\s|their\s|dozens\b|scores\b)",
    re.IGNORECASE,
)


_SHARE_WORD = re.compile(r"\b(?:account|made\s+up|make\s+up|makes\s+up)", re.IGNORECASE)
_HIM_OR_HER = re.compile(r"\b(?:him|her)\b", re.IGNORECASE)


def _shares(text: str, grammar: _Grammar, lex: ExtractLexicon, offset: int) -> list[Casualty]:
    """ "Police officers accounted for 27 of the dead": who part of the toll were."""
    result: list[Casualty] = []
    if _SHARE_WORD.search(text) is None:
        return result  # the share pattern opens on every victim word: look for its verb first
    for match in grammar.share.finditer(text):
        figure = parse_quantity(match.group("q"))
        category = lex.victim(match.group("v"))[0]
        if figure is None or category in (None, "unknown"):
            continue
        result.append(
            Casualty(
                "killed",
                category,
                figure,
                offset + match.start(),
                offset + match.end(),
                share=True,
            )
        )
    return result


def _pronoun_victims(
    text: str, grammar: _Grammar, lex: ExtractLexicon, offset: int, found: list[Casualty]
) -> list[Casualty]:
    """ "Police fired on a suspected militant when he resisted arrest, killing him": one person,
    the one the sentence named just before (a singular victim word), when no figure covers it."""
    result: list[Casualty] = []
    if _HIM_OR_HER.search(text) is None:
        return result
    for match in grammar.pronoun.finditer(text):
        start = offset + match.start()
        if any(c.start <= start < c.end for c in found):
            continue
        named = list(grammar.single.finditer(text, 0, match.start()))
        if not named or any(c.start <= offset + named[-1].start() < c.end for c in found):
            continue  # nobody named, or the one named is counted already
        category = lex.victim(named[-1].group("v"))[0] or "unknown"
        kind = lex.verb_kind(match.group("verb"), "before")
        result.append(
            Casualty(
                kind, category, Figure.exact(1), offset + named[-1].start(), offset + match.end()
            )
        )
    return result


def _breakdown(
    read: list[Casualty],
    asides: list[re.Match[str]],
    grammar: _Grammar,
    lex: ExtractLexicon,
    text: str,
    group_end: int,
    offset: int,
) -> list[Casualty]:
    """What an aside says about who the people of a bare count were.

    "five people, three of them security personnel, were killed" gives unknown 5 and a share of
    3 security forces; the event moves the share out of the count, keeping unknown at the
    remaining 2, so nobody is counted twice: militants too ("19 people dead, 18 of them among
    the assailants" is 18 militants and one other). ``text`` is the sentence's, asides blanked;
    ``group_end`` where the count's phrase ends in it.
    """
    if len(read) != 1 or read[0].category != "unknown":
        return []
    # The aside follows the count ("five people, three of them police, were killed") or the
    # whole phrase ("five people were killed, two policemen and a soldier among them"; "left 19
    # people dead, 18 of them assailants").
    anchors = (group_end, read[0].end - offset)
    aside = next(
        (
            a
            for a in asides
            if any(
                a.start() >= anchor and _LEFT.fullmatch(text, anchor, a.start())
                for anchor in anchors
            )
        ),
        None,
    )
    if aside is None:
        return []
    told = _AMONG_THE.sub(r"\1 ", aside.group(0))
    counted = [(m, parse_quantity(m.group("q"))) for m in grammar.mention.finditer(told)]
    spans = [(m.start(), m.end()) for m, _ in counted]
    single = [
        (m, Figure.exact(1))
        for m in grammar.single.finditer(told)
        if not any(start < m.end() and m.start() < end for start, end in spans)
    ]
    named: list[tuple[Category, Figure]] = []
    for match, figure in [*counted, *single]:
        category = lex.victim(match.group("v"))[0]
        if figure is not None and category not in (None, "unknown"):
            named.append((category, figure))
    # One share per category: "two policemen and a Rangers soldier among them" is 3 police.
    return [
        Casualty(
            kind=read[0].kind,
            category=category,
            figure=figure,
            start=offset + aside.start(),
            end=offset + aside.end(),
            share=True,
        )
        for category, figure in _summed(named).items()
    ]


def find_tolls(sentence: Sentence, lexicon: ExtractLexicon | None = None) -> list[Toll]:
    """Return the death tolls a sentence states ("the death toll rose to 9 from 6")."""
    lex = lexicon or default_lexicon()
    tolls: list[Toll] = []
    for match in _grammar(lex).toll.finditer(sentence.text):
        figure = parse_quantity(match.group("q"))
        if figure is None:
            continue
        category: Category = "unknown"
        if match.group("v"):
            category = lex.victim(match.group("v"))[0] or "unknown"
        previous = parse_quantity(match.group("old")) if match.group("old") else None
        casualty = Casualty(
            kind="killed",
            category=category,
            figure=figure,
            start=sentence.start + match.start(),
            end=sentence.start + match.end(),
            toll=True,
        )
        tolls.append(Toll(casualty=casualty, previous=previous))
    return tolls


_SPEAKS = re.compile(
    r"\s*,?\s*(?:(?:also|later|earlier|then)\s+)?"
    r"(?:said|says|told|tells|added|adds|confirmed|confirms|stated|states|explained|reported)\b"
    r"(?!\s+to\b)",
    re.IGNORECASE,
)
"""A speech verb right after a victim word: "'We lost two soldiers,' an army officer told
reporters" names who spoke, not a third dead ("two soldiers said to have died" is no speaker)."""


def _mentions(text: str, grammar: _Grammar, lex: ExtractLexicon) -> list[_Mention]:
    """All "count + victim" phrases in the sentence, plus bare counts, without overlaps; the
    speaker of the sentence is none of them."""
    candidates: list[_Mention] = []
    for match in grammar.mention.finditer(text):
        figure = parse_quantity(match.group("q"))
        if _OF_THE_VICTIMS.search(match.group(0)):
            continue  # "eight of the victims died": part of a count given already
        if figure is not None:
            category = lex.victim(match.group("v"))[0]
            candidates.append(_Mention(match.start(), match.end(), figure, category))
    for match in grammar.single.finditer(text):
        category = lex.victim(match.group("v"))[0]
        candidates.append(_Mention(match.start(), match.end(), Figure.exact(1), category))
    for match in grammar.bare.finditer(text):
        figure = parse_quantity(match.group("q"))
        if (
            figure is None
            or _YEAR.fullmatch(match.group("q"))
            or not _NUMBER.search(match.group("q"))
        ):
            continue  # a year, or a vague word ("thousands") that needs a victim word to count
        candidates.append(_Mention(match.start(), match.end(), figure, None, bare=True))
    candidates.sort(key=lambda m: (m.start, m.bare, -(m.end - m.start)))
    chosen: list[_Mention] = []
    for mention in candidates:
        if chosen and mention.start < chosen[-1].end:
            continue
        if not mention.bare and _SPEAKS.match(text, mention.end):
            continue
        # The negation ends right at the count: look only at the words before it (with
        # pos/endpos, \b and $ still see the text around the window), not the whole sentence.
        negated = _NEGATED.search(text, max(0, mention.start - _NEGATION_REACH), mention.start)
        if negated or _REFERENCE.search(
            text[max(0, mention.start - 20) : mention.start] + text[mention.start : mention.end]
        ):
            continue
        chosen.append(mention)
    return chosen


def _groups(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Join "count + victim" phrases that form one list ("11 civilians, 10 soldiers and ...")."""
    groups: list[list[_Mention]] = []
    for mention in mentions:
        if groups and not mention.bare and not groups[-1][-1].bare:
            gap = text[groups[-1][-1].end : mention.start]
            if _LIST_JOIN.fullmatch(gap):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _summed(figures: Iterable[tuple[Category, Figure]]) -> dict[Category, Figure]:
    """The figures of one list added up per category, in the order the categories come."""
    totals: dict[Category, Figure] = {}
    for category, figure in figures:
        totals[category] = totals[category] + figure if category in totals else figure
    return totals


def _partitive(
    group: list[_Mention], earlier: list[Casualty], offset: int, reach: int
) -> list[Casualty]:
    """ "Nine people died, among them two Levies personnel", "18 killed, including 5 soldiers":
    who part of a count of people were, as a breakdown of it (the event's reconciliation keeps
    the rest of the nine unknown). A subset of people already told by who they were ("five
    soldiers, including two officers") says nothing more and is skipped, as is one with no
    count told just before it."""
    if not earlier or earlier[-1].category != "unknown" or earlier[-1].end - offset < reach:
        return []
    whole = earlier[-1]
    totals = _summed(
        (mention.category, mention.figure)
        for mention in group
        if mention.category not in (None, "unknown")
    )
    if sum(figure.best for figure in totals.values()) > whole.figure.best:
        return []  # more than the whole: not a part of it
    return [
        Casualty(whole.kind, category, figure, offset + group[0].start, offset + group[-1].end)
        for category, figure in totals.items()
    ]


def _read_group(
    text: str,
    group: list[_Mention],
    grammar: _Grammar,
    lex: ExtractLexicon,
    offset: int,
    earlier: list[Casualty],
) -> list[Casualty]:
    """Turn one list of mentions into casualties when a verb says what happened to them."""
    first, last = group[0], group[-1]
    before_text = text[max(0, first.start - 60) : first.start]
    if _SUBSET.search(before_text):
        return _partitive(group, earlier, offset, first.start - len(before_text))
    kind: CasualtyKind | None = None
    verb_start, verb_end = first.start, last.end
    before = grammar.before.search(before_text)
    if before is not None:
        kind = lex.verb_kind(before.group("verb"), "before")
        verb_start = first.start - (len(before_text) - before.start())
    elif last.bare:
        after = grammar.bare_after.match(text, last.end)
        if after is not None and _BARE_END.match(text, after.end()) is not None:
            kind = lex.verb_kind(after.group("verb"), "after")
            verb_end = after.end()
    else:
        after = grammar.after.match(text, last.end) or grammar.after_gap.match(text, last.end)
        if after is not None and not _active(text, after):
            kind = lex.verb_kind(after.group("verb"), "after")
            verb_end = after.end()
    if kind is None and earlier and _ALONG_WITH.search(before_text):
        # "four soldiers were martyred, along with two civilians": the same fate.
        kind = earlier[-1].kind
    if (
        kind is None
        and earlier
        and earlier[-1].end - offset >= first.start - len(before_text)
        and _AND_AT_PLACE.search(before_text)
        and (not last.bare or _BARE_END.match(text, last.end) is not None)
    ):
        # "killed five civilians at Wemboni and two farmers at Chalaluma": the same verb.
        kind = earlier[-1].kind
    if kind is None:
        return []
    if first.bare and before is not None and _BARE_END.match(text, first.end) is None:
        return []
    previous: Category = earlier[-1].category if earlier else "unknown"
    categorised: list[tuple[Category, Figure]] = []
    for mention in group:
        previous = mention.category or previous
        categorised.append((previous, mention.figure))
    totals = _summed(categorised)
    return [
        Casualty(
            kind=kind,
            category=category,
            figure=figure,
            start=offset + verb_start,
            end=offset + verb_end,
        )
        for category, figure in totals.items()
    ]
