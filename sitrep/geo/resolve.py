"""Finding place names in a report's sentences and choosing which gazetteer entry each one means.

A capitalised name counts as a place only in place context: after a cue such as "in", "near" or
"the town of", before a cue such as "district" or "state", or as the qualifier after a place
("Quetta, Balochistan"). Without that rule every capitalised word that is also some village's
name (GeoNames has a "Police" in Poland and a "March" in England) would become a place. The cues
and the words that are never places live in ``data/geo_cues.csv`` and ``data/geo_stopwords.csv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.extract.text import split_sentences
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Feature, Gazetteer, Place, fold_name

__all__ = [
    "CueKind",
    "MentionCues",
    "PlaceMention",
    "clearly_places",
    "count_countries",
    "find_place_mentions",
    "is_acronym",
    "load_mention_cues",
    "resolve_place",
    "sentence_spans",
    "unknown_place_names",
]

CueKind = Literal["at", "near", "district", "province", "town"]
_CUE_KINDS: frozenset[str] = frozenset(["at", "near", "district", "province", "town"])
_MAX_WORDS = 4
# Dotted abbreviations ("U.S.", "D.I.") are one token; other tokens are letters and digits with
# inner hyphens or apostrophes ("Bobo-Dioulasso", "Ma'arrat").
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w'’`-]*[^\W_])?")
# A sentence ends at . ! or ? followed by space and an upper-case letter or a quote.
# A country named in a place cue but followed by a noun ("of US troops") is an adjective.
_AFTER_COUNTRY = frozenset(
    [
        "and",
        "or",
        "on",
        "in",
        "at",
        "said",
        "says",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "since",
        "after",
        "before",
        "to",
        "for",
        "with",
        "by",
        "as",
        "over",
        "last",
        "this",
        "that",
        "where",
        "when",
        "while",
        "which",
        "who",
    ]
)
_PRECISION: dict[CueKind, Literal[1, 2, 3]] = {
    "at": 1,
    "near": 2,
    "district": 3,
    "province": 3,
    "town": 1,
}
_PREFERRED: dict[CueKind, Feature | None] = {
    "at": None,
    "near": None,
    "district": "admin2",
    "province": "admin1",
    "town": "city",
}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, with the gazetteer entry chosen for it.

    Attributes:
        name: The words as the text has them.
        start: Offset of the first character in the text searched.
        end: Offset one past the last character.
        place: The gazetteer entry the words were resolved to.
        precision: ACLED geo-precision the mention supports: 1 the town itself, 2 near it or in a
            district named for it, 3 a province or a country only.
    """

    name: str
    start: int
    end: int
    place: Place
    precision: Literal[1, 2, 3]


_CUE_WORDS = 4
"""The most words a before-cue has ("on the outskirts of")."""


@dataclass(frozen=True, slots=True)
class MentionCues:
    """The lexicon of place context: which words before or after a name make it a place."""

    before: tuple[tuple[str, CueKind], ...]
    after: dict[str, CueKind]
    stopwords: frozenset[str]
    qualifiers: frozenset[str] = frozenset()
    """Words that may stand between a cue and the name ("in northern Mali", "in besieged
    El-Fasher")."""
    _ranks: dict[str, tuple[int, CueKind]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Each before-cue's place in ``before`` and its kind, so that finding the cue that ends a
    text is a few lookups, not a pass over the lexicon at every capitalised word."""

    def __post_init__(self) -> None:
        ranks: dict[str, tuple[int, CueKind]] = {}
        for rank, (cue, kind) in enumerate(self.before):
            ranks.setdefault(cue, (rank, kind))
        object.__setattr__(self, "_ranks", ranks)

    def before_cue(self, preceding: str) -> CueKind | None:
        """The cue ending ``preceding`` (the text just before a name), allowing a "the" between.

        Of the cues that end it, the first in ``before`` wins (the longest: "outskirts of",
        not "of")."""
        words = fold_name(preceding).split()
        if words and words[-1] == "the":
            words = words[:-1]
        qualified = bool(words) and words[-1] in self.qualifiers
        if qualified:  # "in central Nairobi", "in northern Mali"
            words = words[:-1]
        words = words[-_CUE_WORDS:]
        found = [
            self._ranks[tail]
            for size in range(1, len(words) + 1)
            if (tail := " ".join(words[-size:])) in self._ranks
        ]
        if not found:
            return None
        kind = min(found)[1]
        # "the main city of western Mali": the town is in the region the qualifier names, so
        # the name itself is a country or a division, not a town.
        return "at" if qualified and kind == "town" else kind

    def is_cue_word(self, word: str) -> bool:
        """Whether a capitalised word is itself a cue ("In", "District") rather than a name."""
        key = fold_name(word)
        return key in self.after or key in self._ranks


@lru_cache(maxsize=1)
def load_mention_cues() -> MentionCues:
    """The packaged place-context lexicon, read once per process."""
    before: list[tuple[str, CueKind]] = []
    after: dict[str, CueKind] = {}
    for row in read_table("geo_cues.csv", required=["cue", "position", "kind"]):
        kind = row["kind"]
        if kind not in _CUE_KINDS:
            raise LexiconError(f"geo_cues.csv: unknown kind {kind!r}; use one of {_CUE_KINDS}")
        cue = fold_name(row["cue"])
        if row["position"] == "before":
            before.append((cue, _as_kind(kind)))
        elif row["position"] == "after":
            after[cue] = _as_kind(kind)
        else:
            raise LexiconError(f"geo_cues.csv: position of {cue!r} must be before or after")
    # Longest cue first, so that "outskirts of" wins over "of".
    before.sort(key=lambda item: -len(item[0]))
    words = read_table("geo_stopwords.csv", required=["word", "reason"])
    qualifiers = read_table("geo_qualifiers.csv", required=["word"])
    return MentionCues(
        tuple(before),
        after,
        frozenset(fold_name(row["word"]) for row in words),
        frozenset(fold_name(row["word"]) for row in qualifiers),
    )


def _as_kind(kind: str) -> CueKind:
    for known in ("at", "near", "district", "province", "town"):
        if kind == known:
            return known
    raise LexiconError(f"unknown cue kind {kind!r}")


_DIVISIONS = ("admin1", "admin2")
_FEATURE_RANK = {"country": 0, "city": 1, "admin2": 2, "admin1": 3}


def resolve_place(
    name: str,
    gazetteer: Gazetteer,
    country: str | None = None,
    near: tuple[float, float] | None = None,
    *,
    prefer: Feature | None = None,
    within: str | None = None,
) -> Place | None:
    """The gazetteer entry that ``name`` most likely means, or None when it names nothing.

    Candidates are ranked by, in order: having the feature the context asks for (``prefer``:
    "Niger State" wants an admin1 even in an article about Niger, and "Soum province" takes a
    district when that is what the country's provinces are); being in ``country`` (the article's
    country); being in the province ``within`` names ("Boni, Mopti region"); being a country,
    then a town, then a division (a bare "in Mastung" or "on Beni" is the town); being closest
    to ``near``; and the gazetteer's order (most populous first).
    """
    candidates = gazetteer.lookup(name)
    if not candidates:
        return None

    def prefer_rank(place: Place) -> int:
        if prefer is None or place.feature == prefer:
            return 0
        if prefer in _DIVISIONS and place.feature in _DIVISIONS:
            return 1
        return 2

    def rank(item: tuple[int, Place]) -> tuple[int, bool, bool, int, float, int]:
        order, place = item
        distance = 0.0
        if near is not None and place.latitude is not None and place.longitude is not None:
            distance = distance_km(*near, place.latitude, place.longitude)
        return (
            prefer_rank(place),
            country is not None and place.country != country,
            within is not None and place.admin1 != within,
            _FEATURE_RANK[place.feature],
            distance,
            order,
        )

    return min(enumerate(candidates), key=rank)[1]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, by the extraction stage's splitter."""
    return [(sentence.start, sentence.end) for sentence in split_sentences(text)]


class _Token(NamedTuple):
    """A word and its offsets (a tuple: an article has thousands, made twice each)."""

    text: str
    start: int
    end: int


def _tokens(sentence: str, offset: int) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        word = match.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        start = offset + match.start()
        tokens.append(_Token(word, start, start + len(word)))
    return tokens


def _capitalised_runs(tokens: list[_Token], text: str, cues: MentionCues) -> list[list[_Token]]:
    """Maximal sequences of capitalised words separated by single spaces, cue words excluded."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        is_name = (
            token.text[0].isupper() or _PARTICLE_NAME.match(token.text) is not None
        ) and not cues.is_cue_word(token.text)
        joined = bool(current) and text[current[-1].end : token.start] == " "
        if joined and (is_name or token.text in _PARTICLES):
            current.append(token)  # "Deir ez-Zor", "Mocimboa da Praia", "El Fasher"
            continue
        if current:
            runs.append(_trim_particles(current))
        current = [token] if is_name and token.text[0].isupper() else []
    if current:
        runs.append(_trim_particles(current))
    return [run for run in runs if run]


_PARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "ar",
        "as",
        "ash",
        "az",
        "ez",
        "de",
        "da",
        "do",
        "del",
        "des",
        "du",
        "la",
        "le",
        "wa",
        "bin",
        "ibn",
        "e",
        "i",
        "y",
    ]
)
_PARTICLE_NAME = re.compile(r"^[a-z]{1,3}-[A-Z]")  # "ez-Zor", "al-Qaim"


def _trim_particles(run: list[_Token]) -> list[_Token]:
    while run and run[-1].text in _PARTICLES:
        run = run[:-1]
    return run


def find_place_mentions(
    text: str,
    gazetteer: Gazetteer,
    *,
    country: str | None = None,
    cues: MentionCues | None = None,
    unknown: list[tuple[str, int, int]] | None = None,
) -> list[PlaceMention]:
    """Every place named in place context in ``text``, in order, resolved against the gazetteer.

    Args:
        text: A sentence or a whole article; offsets in the result point into it.
        gazetteer: Where names are looked up.
        country: The article's country, used to choose between places of the same name.
        cues: The place-context lexicon; the packaged one by default.
        unknown: If given, receives ``(name, start, end)`` of each name in place context that the
            gazetteer lacks ("in Balincha"), for the caller to place honestly.

    Returns:
        The mentions, each with its chosen place and the precision its context supports. A town
        mentioned in the same sentence as a province ("near Konduga in Borno state") is resolved
        to the town nearest that province.
    """
    recognised = (
        _recognised(text, gazetteer)
        if cues is None
        else tuple(
            _sentence_names(text, start, end, gazetteer, cues)
            for start, end in sentence_spans(text)
        )
    )
    mentions: list[PlaceMention] = []
    for names in recognised:
        if unknown is not None:
            unknown.extend(names.unknown)
        mentions.extend(_sentence_mentions(text, names, gazetteer, country))
    return mentions


@dataclass(frozen=True, slots=True)
class _SentenceNames:
    """The names one sentence gives in place context, before any is resolved."""

    end: int
    found: tuple[tuple[list[_Token], CueKind], ...]
    unknown: tuple[tuple[str, int, int], ...]
    """Names in place context that the gazetteer lacks, as ``(name, start, end)``."""
    stated: tuple[tuple[int, int, Place], ...] = ()
    """Names followed by the division they lie in, in parentheses ("Wisil (Hobyo, Mudug)"), as
    ``(start, end, division)``: whether the gazetteer has the name or not, it is a place there."""


def stated_names(text: str, gazetteer: Gazetteer) -> frozenset[int]:
    """Where the names start that the text follows with their divisions in parentheses ("Boni
    (Douentza, Mopti)"): the text says where they are, whatever other places share the name."""
    return frozenset(
        start for names in _recognised(text, gazetteer) for start, _, _ in names.stated
    )


@lru_cache(maxsize=4)
def _recognised(text: str, gazetteer: Gazetteer) -> tuple[_SentenceNames, ...]:
    """Which names of ``text`` are places, with the packaged cues: this does not depend on the
    article's country, and the places stage asks twice per article (once to find the country,
    once to resolve the names in it), so the last few answers are kept."""
    cues = load_mention_cues()
    return tuple(
        _sentence_names(text, start, end, gazetteer, cues) for start, end in sentence_spans(text)
    )


_PLACE_WORD_AFTER = re.compile(
    r"\s+(?:village|town|township|area|district|valley|camp|locality)\b"
    r"|,\s+(?:a|an|another|the)\s+(?:[\w-]+\s+){0,2}?(?:village|town|hamlet|settlement|locality)\b"
)
_PLACE_WORD_BEFORE = re.compile(r"\b(?:village|villages|town|hamlet|locality) of\s+$")
_PLACES_AMONG_THEM = re.compile(
    r"\b(?:villages|towns|localities|settlements|hamlets|cities|districts|provinces|states|"
    r"regions|counties|municipalities|neighbourhoods|neighborhoods|camps)"
    r"(?:\s+(?:of|in|across|around|near)\b[^.;:,\u2014\u2013]{0,60}?)?"
    r"(?:,?\s+(?:among\s+them|including|such\s+as|notably)\s+|\s*[:\u2014\u2013]\s*)$",
    re.IGNORECASE,
)
"""The name after "several villages of the sector, among them" or "seven towns: …": the first of
a list of places."""


def unknown_place_names(
    text: str, gazetteer: Gazetteer, country: str | None = None
) -> list[tuple[str, int, int]]:
    """Names the gazetteer lacks that the text clearly gives as places, as ``(name, start, end)``.

    Place context alone is not enough for a name nobody can look up ("at Government High
    School", "by Counter-Terrorism"): it must be listed with known places, or called a village,
    town, area or district.
    """
    found: list[tuple[str, int, int]] = []
    mentions = find_place_mentions(text, gazetteer, country=country, unknown=found)
    return clearly_places(text, mentions, found)


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    rows = read_table("geo_institution_words.csv", required=["word"])
    return frozenset(fold_name(row["word"]) for row in rows)


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


def _named_before(text: str, end: int, institutions: frozenset[str]) -> bool:
    """Whether the name ending at ``end`` names the institution or building after it ("the
    Orthodox church", "the Sunni mosques"): an adjective of it, not a place."""
    word = _NEXT_WORD.match(text, end)
    return word is not None and word.group(1) in institutions


def clearly_places(
    text: str, mentions: list[PlaceMention], unknown: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The unknown names (from ``find_place_mentions(..., unknown=…)``) the text gives as places.

    For callers that found the mentions already; see :func:`unknown_place_names`.
    """
    starts = {m.start for m in mentions}
    ends = sorted({m.end for m in mentions})
    # A name put in place context twice ("the assault on Nguetechewe … walked into Nguetechewe")
    # is a place: a person or an office is seldom "in" or "into" twice.
    times = Counter(fold_name(name) for name, _, _ in unknown)

    def listed(start: int, end: int) -> bool:
        after = _LIST_SEPARATOR.match(text, end)
        if after is not None and after.end() in starts:
            return True  # "in Balincha, Tump and Kharan"
        # A separator is a comma or "and" with some space: only the places that end just
        # before the name can be listed with it, found by bisection, not by trying every place.
        index = bisect_left(ends, start) - 1
        while index >= 0 and start - ends[index] <= _LIST_SEPARATOR_REACH:
            if _LIST_SEPARATOR.fullmatch(text, ends[index], start):
                return True
            index -= 1
        return False

    clear: list[tuple[str, int, int]] = []
    # "on X", "Dagestan Interior Ministry spokeswoman": an outlet or an institution, not a place;
    # nor is a name in capitals ("the 33rd Front of FARC dissidents"): an acronym of a group.
    institutions = _institution_words()
    pending = [
        item
        for item in unknown
        if len(item[0]) > 1
        and not is_acronym(item[0])
        and fold_name(item[0]).split()[-1] not in institutions
        and not _named_before(text, item[2], institutions)
    ]
    while True:
        # A name listed beside a place already clear is one too ("the villages of Nyaung Kone
        # and Kyarsi"): go round until nothing more joins.
        joined = [
            item
            for item in pending
            if listed(item[1], item[2])
            or times[fold_name(item[0])] >= 2
            or _PLACE_WORD_AFTER.match(text, item[2])
            or _PLACE_WORD_BEFORE.search(text, max(0, item[1] - 20), item[1])
            or _PLACES_AMONG_THEM.search(text, max(0, item[1] - 120), item[1])
        ]
        if not joined:
            return sorted(clear, key=lambda item: item[1])
        clear.extend(joined)
        done = {id(item) for item in joined}
        pending = [item for item in pending if id(item) not in done]
        starts.update(item[1] for item in joined)
        ends = sorted({*ends, *(item[2] for item in joined)})


def _sentence_names(
    text: str, start: int, end: int, gazetteer: Gazetteer, cues: MentionCues
) -> _SentenceNames:
    tokens = _tokens(text[start:end], start)
    found: list[tuple[list[_Token], CueKind]] = []
    unknown: list[tuple[str, int, int]] = []
    stated: list[tuple[int, int, Place]] = []
    previous_end = -1
    inside = -1  # the end of the last stated hierarchy: its names are no places of their own
    for run in _capitalised_runs(tokens, text, cues):
        if run[0].start < inside:
            continue
        area, closed = stated_division(text, run[-1].end, gazetteer, end)
        opening = text.rfind("(", max(start, run[0].start - 2), run[0].start)
        if area is None and opening >= 0 and not text[opening + 1 : run[0].start].strip():
            # "the Croix-des-Bouquets police station (Croix-des-Bouquets, Ouest)": a hierarchy
            # of two or three names is a place even after a word that is none.
            area, closed = stated_division(text, opening, gazetteer, end, least=2)
        if area is not None:
            inside = closed
            stated.append((run[0].start, run[-1].end, area))
            previous_end = run[-1].end
            continue
        match = _match_run(run, text, start, end, previous_end, gazetteer, cues)
        if match is not None:
            found.append(match)
            previous_end = match[0][-1].end
        elif _in_place_context(run, text, start, previous_end, cues):
            # An unknown village in a list ("in Balincha, Tump and Kharan") keeps the list going.
            previous_end = run[-1].end
            unknown.append((text[run[0].start : run[-1].end], run[0].start, run[-1].end))
    return _SentenceNames(end, tuple(found), tuple(unknown), tuple(stated))


_STATED = re.compile(
    r"(?:\s+(?:village|town|city|area|camp|locality))?"
    r"\s*\(\s*([A-Z][^(),;]{0,40}?(?:\s*,\s*[A-Z][^(),;]{0,40}?){0,2})\s*\)"
)
"""A name's divisions in parentheses, the smallest first: "Boni (Douentza, Mopti)", "Let Pan Hla
village (Mawlaik, Sagaing)", as event notes write them (a country may close the list)."""


def stated_division(
    text: str, end: int, gazetteer: Gazetteer, limit: int | None = None, least: int = 1
) -> tuple[Place | None, int]:
    """The division the parentheses after ``end`` state, and where they close.

    "(Douentza, Mopti)" is the district Douentza of the province Mopti: each name is read
    within the one after it (a country, a province, a district), and the smallest division
    found is the answer; None where the last name is no province or country, or a name before
    it is no division of it (a parenthesis that is not a hierarchy: "(JNIM)", "(Reuters)"), or
    where it has fewer than ``least`` names.
    """
    match = _STATED.match(text, end, limit if limit is not None else len(text))
    if match is None:
        return None, end
    parts = [part.strip() for part in match.group(1).split(",")]
    if len(parts) < least:
        return None, end
    country: str | None = None
    area: Place | None = None
    for position, part in enumerate(reversed(parts)):
        if position == 0 and len(parts) > 1 and (code := gazetteer.country_by_name(part)):
            country = code
            continue
        wanted: tuple[Feature, ...] = ("admin1",) if area is None else ("admin2", "city")
        readings = _divisions_called(part, wanted, country, area, gazetteer)
        if not readings and area is None:  # "(Hobyo, Mudug)": Mudug may be a district only
            readings = _divisions_called(part, ("admin2",), country, area, gazetteer)
        if not readings:
            return None, end
        division = readings[0]
        if division.feature == "city":  # a district named for its town: "Gao (Gao, Gao)"
            district = division.admin2 or division.name
            division = replace(division, name=district, admin2=district, feature="admin2")
        area = division
    return area, match.end()


def _sentence_mentions(
    text: str, names: _SentenceNames, gazetteer: Gazetteer, country: str | None
) -> list[PlaceMention]:
    end, found = names.end, names.found
    mentions = [_resolve(words, kind, text, gazetteer, country, None) for words, kind in found]
    provinces = [m for m in mentions if m is not None and m.place.feature == "admin1"]
    if provinces:
        # A town named beside its province: take the town of that name nearest the province.
        anchor = provinces[0].place
        near = (anchor.latitude or 0.0, anchor.longitude or 0.0)
        mentions = [
            _resolve(words, kind, text, gazetteer, anchor.country, near, anchor.admin1)
            if mention is not None and mention.place.feature == "city"
            else mention
            for mention, (words, kind) in zip(mentions, found, strict=True)
        ]
    located = [_part_of(mention, text, end) for mention in mentions if mention is not None]
    located += [
        _in_stated(text, start, stop, area, gazetteer) for start, stop, area in names.stated
    ]
    located.sort(key=lambda mention: mention.start)
    if names.unknown:
        # "the village of Gwarkop in Kech district": a place the gazetteer lacks, in part of the
        # district it names, so the district is precision 2, not 3.
        located = [
            replace(m, precision=2) if m.precision == 3 and m.place.feature == "admin2" else m
            for m in located
        ]
    return located


_PART_OF = re.compile(
    r"(?:\s+(?:district|province|region|agency|county|state))?['’]s\s+"
    r"(?:the\s+)?(?:[A-Z][\w-]*\s+){1,3}(?:area|valley|village|town|tehsil|subdivision)\b"
)


def _divisions_called(
    part: str,
    wanted: tuple[Feature, ...],
    country: str | None,
    area: Place | None,
    gazetteer: Gazetteer,
) -> list[Place]:
    """The places of the kinds ``wanted`` that ``part`` names within ``country`` and ``area``,
    or, where none is written so, that the names spelled most like it do ("Lattakia")."""
    for names in ([part], [name for name, _ in gazetteer.similar_names(part)]):
        found = [
            place
            for name in names
            for place in gazetteer.lookup(name)
            if place.feature in wanted
            and (country is None or place.country == country)
            and (area is None or (place.country, place.admin1) == (area.country, area.admin1))
        ]
        if found:
            return found
    return []


def _in_stated(text: str, start: int, end: int, area: Place, gazetteer: Gazetteer) -> PlaceMention:
    """A name in the division the text states for it: the town of that name there nearest the
    division's centre, else (a village no source lists) the division itself under the name, at
    precision 2 in a district, 3 in a province, as a village placed beside its neighbours is."""
    name = text[start:end]
    near = None
    if area.latitude is not None and area.longitude is not None:
        near = (area.latitude, area.longitude)
    place = resolve_place(name, gazetteer, area.country, near, prefer="city", within=area.admin1)
    inside = place is not None and (place.country, place.admin1) == (area.country, area.admin1)
    if (
        place is not None
        and inside
        and (area.feature == "admin1" or place.feature != "city" or _in_district(place, area))
    ):
        return PlaceMention(name, start, end, place, 1 if place.feature == "city" else 3)
    beside = replace(area, name=name, feature="city")
    return PlaceMention(name, start, end, beside, 2 if area.feature == "admin2" else 3)


def _in_district(town: Place, district: Place) -> bool:
    if fold_name(town.admin2 or "") == fold_name(district.name):
        return True
    lat1, lon1, lat2, lon2 = town.latitude, town.longitude, district.latitude, district.longitude
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return False
    return distance_km(lat1, lon1, lat2, lon2) <= _STATED_REACH_KM


_STATED_REACH_KM = 60.0
"""A town of the name this far from the centre of the stated district may still be in it (towns
do not always know their district); farther, it is a namesake and the village is unlisted."""


def _part_of(mention: PlaceMention, text: str, sentence_end: int) -> PlaceMention:
    """In "Kurram's Bagan area" the event is in part of Kurram: precision 2 rather than 3."""
    if (
        mention.precision == 3
        and mention.place.feature in ("admin2", "city")
        and _PART_OF.match(text, mention.end, sentence_end)
    ):
        return replace(mention, precision=2)
    return mention


def _match_run(
    run: list[_Token],
    text: str,
    sentence_start: int,
    sentence_end: int,
    previous_end: int,
    gazetteer: Gazetteer,
    cues: MentionCues,
) -> tuple[list[_Token], CueKind] | None:
    """The words of ``run`` that name a place in context, and the kind of context, if any."""
    before_kind = cues.before_cue(text[max(sentence_start, run[0].start - 40) : run[0].start])
    if before_kind is None and _PLACES_AMONG_THEM.search(
        text, max(sentence_start, run[0].start - 120), run[0].start
    ):
        before_kind = "at"  # "several villages …, among them Bulongo"
    if before_kind is None and _continues_list(text, previous_end, run[0].start):
        if _SPEAKS.match(text, run[-1].end):
            return None  # "… at Nyongoro, Mulala added": a speaker after the list
        before_kind = "at"  # "Quetta, Balochistan"; "in Quetta, Mastung and Kalat"
        if _BETWEEN_AND.search(text, max(sentence_start, run[0].start - 80), run[0].start):
            before_kind = "near"  # "the area between Teguey and Bankilare"
    if (
        before_kind is None
        and previous_end >= 0
        and _POSSESSIVE_OF_PLACE.fullmatch(text, previous_end, run[0].start)
    ):
        before_kind = "near"  # "Khyber district's Tirah valley": a part of the place before
    after_match = re.match(r"\s+([A-Za-z]+)", text[run[-1].end : sentence_end])
    after_kind = cues.after.get(after_match.group(1).lower()) if after_match else None
    apposition = _CALLED_A.match(text, run[-1].end, sentence_end)
    if after_kind is None and apposition is not None:
        # "in Lamu, a region in eastern Kenya": the name is the division the apposition says.
        after_kind = cues.after.get(apposition.group(1).lower())
    if after_kind is not None:
        # "Nyaung Kone village" names the village Nyaung Kone, not a place called Kone; a
        # district or province may be named by its last words ("Upper Kurram district").
        smallest = len(run) if after_kind == "town" else 1
        for size in range(min(_MAX_WORDS, len(run)), smallest - 1, -1):
            words = run[-size:]
            if _names_place(words, gazetteer, cues):
                # "near Konduga town" is near the town; "outside Borno state" is still the state.
                # "a village in Bankass cercle" is in part of the district.
                near_part = before_kind == "near" and after_kind in ("town", "district")
                return words, "near" if near_part and size == len(run) else after_kind
    if before_kind is not None:
        for size in range(min(_MAX_WORDS, len(run)), 0, -1):
            words = run[:size]
            # "outside Temple Trees" names a building, not the town of Temple: a place that is
            # only the start of a longer name counts when the rest is a place word ("Kech City").
            rest = run[size].text.lower() if size < len(run) else None
            if rest is not None and rest not in cues.after:
                continue
            if _names_place(words, gazetteer, cues):
                return words, before_kind
    if _POSSESSIVE_AFTER.match(text, run[-1].end, sentence_end) and _major_place(
        run, gazetteer, cues
    ):
        return run, "at"  # "Islamabad's district courts", "Borno's capital"
    return None


_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_CALLED_A = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(region|county|province|state|district|governorate|department|prefecture)\b"
    r"(?!['’]s|\s+(?:headquarters|capital|seat|town|city))",
    re.IGNORECASE,
)
_BETWEEN_AND = re.compile(r"\bbetween\s+(?:[A-Z][\w'’-]*\s+){1,4}and\s+$")
_MAJOR_POPULATION = 100_000


def _major_place(run: list[_Token], gazetteer: Gazetteer, cues: MentionCues) -> bool:
    """A name whose possessive alone makes it a place: a division or a large town. ("Khan's"
    is a person's; a village's name in the possessive needs a cue like any other.)"""
    name = " ".join(token.text for token in run)
    if fold_name(name) in cues.stopwords:
        return False
    return any(
        place.feature in ("admin1", "admin2") or (place.population or 0) >= _MAJOR_POPULATION
        for place in gazetteer.lookup(name)
    )


_POSSESSIVE_OF_PLACE = re.compile(
    r"(?:\s+(?:district|province|region|agency|county|state))?['’]s\s+(?:the\s+)?"
)
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LIST_SEPARATOR_REACH = 40
"""The longest separator looked for between two listed places (a comma, "and", white space)."""


def _continues_list(text: str, previous_end: int, start: int) -> bool:
    """Whether a name follows the previous place after a comma or "and"/"or"."""
    return previous_end >= 0 and _LIST_SEPARATOR.fullmatch(text[previous_end:start]) is not None


_SPEAKS = re.compile(r"\s+(?:said|says|added|adds|told|stated|explained|noted|warned)\b")


def _in_place_context(
    run: list[_Token], text: str, sentence_start: int, previous_end: int, cues: MentionCues
) -> bool:
    if fold_name(" ".join(token.text for token in run)) in cues.stopwords:
        return False  # "on Tuesday", "in March"
    preceding = text[max(sentence_start, run[0].start - 40) : run[0].start]
    if cues.before_cue(preceding) is not None:
        return True
    if _continues_list(text, previous_end, run[0].start):
        # "… shot dead at Kidungu, Malikidogo added": a speaker, not the list's next place.
        return _SPEAKS.match(text, run[-1].end) is None
    if _PLACES_AMONG_THEM.search(text, max(sentence_start, run[0].start - 120), run[0].start):
        return True
    # "a raid on Witho village": the place word after the name says what it is.
    after = re.match(r"\s+([A-Za-z]+)", text[run[-1].end : run[-1].end + 30])
    return after is not None and cues.after.get(after.group(1).lower()) == "town"


def _names_place(words: list[_Token], gazetteer: Gazetteer, cues: MentionCues) -> bool:
    name = " ".join(word.text for word in words)
    if fold_name(name) in cues.stopwords:
        return False
    places = gazetteer.lookup(name)
    if is_acronym(name):
        # "near the KPO" (the Karachi Police Office) is no village called Kpo: letters in capitals
        # name a province or a country ("KP", "DRC") or nothing.
        return any(place.feature != "city" for place in places)
    return bool(places)


def is_acronym(name: str) -> bool:
    """Whether a name is written in capitals ("KPO", "FARC"): an organisation's letters more
    often than a village, so only a province or a country may be read from it."""
    return len(name) > 1 and name.isupper()


def _resolve(
    words: list[_Token],
    kind: CueKind,
    text: str,
    gazetteer: Gazetteer,
    country: str | None,
    near: tuple[float, float] | None,
    within: str | None = None,
) -> PlaceMention | None:
    start, end = words[0].start, words[-1].end
    name = text[start:end]
    place = resolve_place(name, gazetteer, country, near, prefer=_PREFERRED[kind], within=within)
    if place is None or (place.feature == "city" and is_acronym(name)):
        return None
    if place.feature == "country" and not _country_stands_alone(text, end):
        return None
    if place.feature == "admin2" and kind == "near":
        precision: Literal[1, 2, 3] = 2  # "the Mamund area of Bajaur": part of a district
    elif place.feature in ("admin1", "admin2", "country"):
        precision = 3
    else:
        precision = _PRECISION[kind] if kind != "province" else 1
    if kind == "district" and place.feature == "city" and place.admin2 is None:
        # "Lakki Marwat district": the district is named for the town and the source lacks it.
        place = replace(place, admin2=place.name)
    return PlaceMention(name, start, end, place, precision)


def _country_stands_alone(text: str, end: int) -> bool:
    """False for a country name used as an adjective ("of US troops"), which places nothing."""
    following = re.match(r" ([a-z]+)", text[end : end + 30])
    return following is None or following.group(1) in _AFTER_COUNTRY


_MAX_COUNTRY_WORDS = 6  # "Democratic Republic of the Congo"


@lru_cache(maxsize=4)
def count_countries(text: str, gazetteer: Gazetteer) -> Counter[str]:
    """How often each country is named in ``text``, by name, short form or demonym.

    This is the article's country context: "Kenyan police" counts for KE. Longer names win
    ("South Sudanese" is SS, not SD). The places stage asks for it several times per article
    (the article's country, the names kept at home, the ranker's features), so the last few
    answers are kept; the Counter returned is shared and must not be changed.
    """
    counts: Counter[str] = Counter()
    tokens = _tokens(text, 0)
    index = 0
    while index < len(tokens):
        if not gazetteer.may_start_country(tokens[index].text):
            index += 1
            continue
        for size in range(min(_MAX_COUNTRY_WORDS, len(tokens) - index), 0, -1):
            words = tokens[index : index + size]
            if not words[0].text[0].isupper():
                break
            if any(text[a.end : b.start] != " " for a, b in pairwise(words)):
                continue
            code = gazetteer.country_by_name(" ".join(word.text for word in words))
            if code is not None:
                counts[code] += 1
                index += size - 1
                break
        index += 1
    return counts
