"""Tests for sitrep.geo: finding place names in reports and resolving them to the gazetteer."""

from __future__ import annotations

import socket
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.geo import (
    Gazetteer,
    Place,
    article_mentions,
    find_place_mentions,
    geolocate,
    load_gazetteer,
    place_beside,
    place_for_spans,
    resolve_place,
)
from sitrep.geo.attach import PlaceContext
from sitrep.geo.build import _load
from sitrep.geo.gazetteer import Country, fold_name
from sitrep.geo.resolve import MentionCues, load_mention_cues, sentence_spans, stated_division
from sitrep.models import Article, ArticleRecord, Event, Evidence


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _record(text: str, evidence_of: str | None = None) -> ArticleRecord:
    """One event whose evidence is ``evidence_of`` (the last sentence by default) in ``text``."""
    quote = evidence_of if evidence_of is not None else text.split(". ")[-1]
    start = text.index(quote)
    event = Event(
        id="e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=[Evidence(start=start, end=start + len(quote), text=quote)],
    )
    return ArticleRecord(article=Article(id="a1", text=text), events=[event])


class Case(NamedTuple):
    text: str
    location: str | None
    country: str | None
    admin1: str | None
    precision: int | None
    dateline_place: str | None = None
    dateline_country: str | None = None


CASES = {
    "in-quetta": Case(
        "Two policemen were killed in a grenade attack in Quetta.",
        "Quetta",
        "PK",
        "Balochistan",
        1,
    ),
    "near-konduga-in-borno-state": Case(
        "Insurgents attacked troops near Konduga in Borno state on Sunday.",
        "Konduga",
        "NG",
        "Borno",
        2,
    ),
    "province-only": Case(
        "Three labourers were shot dead in Balochistan province.",
        "Balochistan",
        "PK",
        "Balochistan",
        3,
    ),
    "state-only": Case(
        "Gunmen abducted 40 pupils in Zamfara state, officials said.",
        "Zamfara",
        "NG",
        "Zamfara",
        3,
    ),
    "hyderabad-pakistani-article": Case(
        "Pakistani officials said a bomb exploded in a market in Hyderabad.",
        "Hyderabad",
        "PK",
        "Sindh",
        1,
    ),
    "hyderabad-indian-article": Case(
        "Indian police said a crowd attacked a mosque in Hyderabad.",
        "Hyderabad",
        "IN",
        "Telangana",
        1,
    ),
    "hyderabad-dateline-country": Case(
        "A bomb went off in Hyderabad.",
        "Hyderabad",
        "PK",
        "Sindh",
        1,
        "Karachi",
        "PK",
    ),
    "dateline-not-taken-when-sentence-names-place": Case(
        "Militants stormed a checkpost in Bannu.",
        "Bannu",
        "PK",
        "Khyber Pakhtunkhwa",
        1,
        "Peshawar",
        "PK",
    ),
    "dateline-as-last-resort": Case(
        "Security forces killed four militants overnight.",
        "Peshawar",
        "PK",
        "Khyber Pakhtunkhwa",
        3,
        "PESHAWAR",
        "Pakistan",
    ),
    "monday-not-a-place": Case(
        "Kenyan police said the attack took place on Monday.",
        None,
        "KE",
        None,
        3,
    ),
    "march-not-a-place": Case(
        "Somali officials said the bombing happened in March.",
        None,
        "SO",
        None,
        3,
    ),
    "demonym-kenyan": Case(
        "Kenyan police said gunmen attacked a bus.",
        None,
        "KE",
        None,
        3,
    ),
    "demonym-burkinabe": Case(
        "The Burkinabe army said soldiers were ambushed.",
        None,
        "BF",
        None,
        3,
    ),
    "demonym-south-sudanese": Case(
        "South Sudanese officials said cattle raiders killed 12 people.",
        None,
        "SS",
        None,
        3,
    ),
    "accent-bobo-dioulasso": Case(
        "A grenade was thrown at a bar in Bobo-Dioulasso.",
        "Bobo-Dioulasso",
        "BF",
        "Hauts-Bassins",
        1,
    ),
    "accent-segou-with-accent": Case(
        "Jihadists attacked an army camp in Ségou.",
        "Segou",
        "ML",
        "Segou",
        1,
    ),
    "accent-segou-without-accent": Case(
        "Jihadists attacked an army camp in Segou.",
        "Segou",
        "ML",
        "Segou",
        1,
    ),
    "multiword-dera-ismail-khan": Case(
        "Gunmen shot dead a police officer in Dera Ismail Khan.",
        "Dera Ismail Khan",
        "PK",
        "Khyber Pakhtunkhwa",
        1,
    ),
    "district-lakki-marwat": Case(
        "Militants attacked a police station in the Lakki Marwat district.",
        "Lakki Marwat",
        "PK",
        "Khyber Pakhtunkhwa",
        3,
    ),
    "outside-town": Case(
        "A roadside bomb exploded outside Mastung, killing two.",
        "Mastung",
        "PK",
        "Balochistan",
        2,
    ),
    "town-of": Case(
        "Al Shabaab fighters overran the town of Mandera.",
        "Mandera",
        "KE",
        "Mandera",
        1,
    ),
    "alias-north-kivu": Case(
        "ADF rebels killed 20 villagers in North Kivu province.",
        "North Kivu",
        "CD",
        "North Kivu",
        3,
    ),
    "drc-abbreviation-context": Case(
        "Fighting near Goma displaced thousands, DRC officials said.",
        "Goma",
        "CD",
        "North Kivu",
        2,
    ),
    "niger-state-not-niger-country": Case(
        "Bandits killed 10 farmers in Niger State.",
        "Niger",
        "NG",
        "Niger",
        3,
    ),
    "niger-country": Case(
        "Soldiers were killed in Niger, the army said.",
        None,
        "NE",
        None,
        3,
    ),
    "country-adjective-not-a-place": Case(
        "The withdrawal of US troops angered residents of Kabul.",
        "Kabul",
        "AF",
        "Kabul",
        1,
    ),
    "sentence-initial-word-not-a-place": Case(
        "Police in Mogadishu said a car bomb exploded.",
        "Mogadishu",
        "SO",
        "Banaadir",
        1,
    ),
    "possessive-name": Case(
        "Clashes erupted in Ukraine's Kherson region.",
        "Kherson",
        "UA",
        "Kherson",
        3,
    ),
    "qualifier-after-comma": Case(
        "A suicide bomber struck in Quetta, Balochistan.",
        "Quetta",
        "PK",
        "Balochistan",
        1,
    ),
    "earlier-sentence-place": Case(
        "Fighting broke out in Kandahar city. Two soldiers died.",
        "Kandahar",
        "AF",
        "Kandahar",
        1,
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_geolocate_sentence(case: Case, gazetteer: Gazetteer) -> None:
    record = geolocate(_record(case.text), gazetteer, case.dateline_place, case.dateline_country)
    event = record.events[0]
    got = (fold_name(event.location or ""), event.country, fold_name(event.admin1 or ""))
    assert got == (fold_name(case.location or ""), case.country, fold_name(case.admin1 or ""))
    assert event.geo_precision == case.precision
    if event.location is not None:
        assert event.latitude is not None and event.longitude is not None


def test_geolocate_article(gazetteer: Gazetteer) -> None:
    text = (
        "QUETTA: Two soldiers were killed near Turbat on Saturday, officials said. "
        "Separately, gunmen attacked a bus in Mastung. "
        "The Baloch Liberation Army claimed both attacks."
    )
    record = ArticleRecord(
        article=Article(id="a2", text=text),
        events=[
            Event(
                id="e1",
                event_type="Battles",
                sub_event_type="Armed clash",
                evidence=[Evidence(start=0, end=60, text=text[0:60])],
            ),
            Event(
                id="e2",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                evidence=[
                    Evidence(
                        start=text.index("gunmen"),
                        end=text.index(" in Mastung"),
                        text="gunmen attacked a bus",
                    )
                ],
            ),
            Event(id="e3", event_type="Battles", sub_event_type="Armed clash"),
        ],
    )
    located = geolocate(record, gazetteer, dateline_place="Quetta", dateline_country="PK")
    turbat, mastung, no_evidence = located.events
    assert (turbat.location, turbat.geo_precision, turbat.admin1) == ("Turbat", 2, "Balochistan")
    assert (mastung.location, mastung.geo_precision) == ("Mastung", 1)
    assert no_evidence.location == "Turbat"  # no evidence: the article's first place
    place = [e for e in mastung.evidence if e.field == "place"]
    assert len(place) == 1 and text[place[0].start : place[0].end] == "Mastung"
    assert record.events[0].location is None  # the input is not changed
    assert geolocate(located, gazetteer) == located  # a second run changes nothing
    ArticleRecord.model_validate(located.model_dump())  # still valid against the contract


def test_resolve_place_ranking(gazetteer: Gazetteer) -> None:
    assert resolve_place("nowhere-at-all", gazetteer) is None
    pakistani = resolve_place("hyderabad", gazetteer, country="PK")
    assert pakistani is not None and pakistani.admin1 == "Sindh"
    near_karachi = resolve_place("Hyderabad", gazetteer, near=(24.86, 67.01))
    assert near_karachi is not None and near_karachi.country == "PK"
    borno = resolve_place("Borno", gazetteer, country="NG")
    assert borno is not None and borno.feature == "admin1"
    kano = resolve_place("Kano", gazetteer, country="NG")
    assert kano is not None and kano.feature == "city"  # the town wins over its namesake state
    kano_state = resolve_place("Kano", gazetteer, country="NG", prefer="admin1")
    assert kano_state is not None and kano_state.feature == "admin1"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Pakistani", "PK"),
        ("Nigerian", "NG"),
        ("DR Congo", "CD"),
        ("Congolese", "CD"),
        ("Burma", "MM"),
        ("Burmese", "MM"),
        ("U.S.", "US"),
        ("America", "US"),
        ("Somali", "SO"),
        ("Mozambican", "MZ"),
        ("Malian", "ML"),
        ("Burkinabé", "BF"),
        ("Syrian", "SY"),
        ("Pakistan's", "PK"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("us", None),
        ("drc", None),
        ("Atlantis", None),
    ],
    ids=lambda value: str(value),
)
def test_country_by_name(name: str, code: str | None, gazetteer: Gazetteer) -> None:
    assert gazetteer.country_by_name(name) == code


def test_lookup_folds_case_accents_and_punctuation(gazetteer: Gazetteer) -> None:
    expected = gazetteer.lookup("Bobo-Dioulasso")
    assert expected
    assert gazetteer.lookup("BOBO DIOULASSO") == expected
    assert gazetteer.lookup("bobo-dioulassó") == expected


def test_small_gazetteer_coexists_with_packaged_one(gazetteer: Gazetteer) -> None:
    town = Place("Springfield", "US", "Illinois", None, 39.8, -89.6, "city")
    small = Gazetteer([town], [Country("US", "United States", ("US", "American"))])
    assert small.lookup("springfield") == [town]
    mentions = find_place_mentions("A shooting in Springfield left two dead.", small)
    assert [(m.name, m.place, m.precision) for m in mentions] == [("Springfield", town, 1)]
    assert small.lookup("Quetta") == [] and gazetteer.lookup("Quetta")


def test_months_weekdays_and_unanchored_words_are_not_places(gazetteer: Gazetteer) -> None:
    text = "March on Monday. Police said in May the Army of Peshawar met. Quetta was calm."
    names = [m.name for m in find_place_mentions(text, gazetteer)]
    assert names == ["Peshawar"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gunfire was heard near the KPO for hours.", []),  # Kpo the village, in capitals
        ("Fighters were seen near the KPO in Quetta.", ["Quetta"]),
        ("Militants regrouped in KP after the raid.", ["KP"]),  # a province's letters
    ],
)
def test_letters_in_capitals_name_a_province_or_nothing(
    gazetteer: Gazetteer, text: str, names: list[str]
) -> None:
    assert [m.name for m in find_place_mentions(text, gazetteer, country="PK")] == names


def test_a_name_the_gazetteer_lacks_put_in_place_context_twice_is_a_place(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Fighters killed 17 civilians in an attack in Wemboni, in Cameroon's Far North region. "
        "Witnesses said the fighters walked into Wemboni late on Saturday."
    )
    wemboni = [m for m in article_mentions(text, gazetteer)[1] if m.name == "Wemboni"]
    assert len(wemboni) == 2 and wemboni[0].place.admin1 == "Far North"
    once = "Gunmen killed a trader in Wemboni on Friday, police said."
    assert article_mentions(once, gazetteer)[1] == []
    languages = (
        "Gunmen killed two policemen in Bannu on Monday. The group said in Pashto that it "
        "attacked. A second statement in Pashto, and a video in Arabic, posted in Arabic, "
        "repeated the claim."
    )
    assert [m.name for m in article_mentions(languages, gazetteer)[1]] == ["Bannu"]


@pytest.mark.parametrize(
    ("title", "location", "precision"),
    [
        ("Turbat sit-in over custodial killing enters fifth day", "Turbat", 2),
        ("Sit-In Enters Fifth Day In Turbat", "Turbat", 2),  # title case
        ("Sit-in over custodial killing enters fifth day", "Quetta", 3),  # the dateline
        ("Gwadar sit-in enters fifth day", "Quetta", 3),  # a town the story never names
    ],
)
def test_an_event_the_story_places_nowhere_takes_the_headline_town_before_the_dateline(
    gazetteer: Gazetteer, title: str, location: str, precision: int
) -> None:
    text = (
        "QUETTA: Protesters kept up their sit-in for a fifth day on Monday. "
        "The road, which connects Turbat with Karachi, stayed closed."
    )
    record = _record(text, "Protesters kept up their sit-in for a fifth day on Monday.")
    record = record.model_copy(
        update={"article": record.article.model_copy(update={"title": title})}
    )
    (event,) = geolocate(record, gazetteer, dateline_place="Quetta", dateline_country="PK").events
    assert (event.location, event.geo_precision) == (location, precision)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "The raid hit several villages of Beni territory, among them Wemboni, Chalaluma "
            "and Nyongoro.",
            ["Beni", "Wemboni", "Chalaluma", "Nyongoro"],
        ),
        (
            "Gunmen struck in Beni, Butembo and Oicha, Mulala added.",
            ["Beni", "Butembo", "Oicha"],
        ),
        (
            "Gunmen attacked several villages in Beni territory, killing dozens including "
            "Christians and Muslims.",
            ["Beni"],
        ),
        (
            "Insurgents hit four towns in Kenya: Garissa, Mandera, Wajir and Lamu, police said.",
            ["Kenya", "Garissa", "Mandera", "Wajir", "Lamu"],
        ),
        (
            "The raids struck three districts of Pakistan — Bannu, Lakki Marwat and Tank.",
            ["Pakistan", "Bannu", "Lakki Marwat", "Tank"],
        ),
    ],
    ids=[
        "villages-among-them",
        "a-speaker-after-a-list",
        "people-including",
        "towns-colon-list",
        "districts-dash-list",
    ],
)
def test_villages_listed_after_among_them_are_places_and_a_speaker_is_not(
    gazetteer: Gazetteer, text: str, names: list[str]
) -> None:
    assert [m.name for m in article_mentions(text, gazetteer)[1]] == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A qualifier between "city of" and the name: the region is the country, not a town.
        ("Gunmen raided Kayes, the main city of western Mali, on Monday.", ("Mali", "country")),
        ("Two died in Gao, the largest town of northern Mali.", ("Mali", "country")),
        ("Fighting spread to the town of Garissa in eastern Kenya.", ("Kenya", "country")),
    ],
    ids=["city-of-western-mali", "town-of-northern-mali", "town-of-garissa"],
)
def test_a_qualified_region_after_city_of_is_the_country(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str]
) -> None:
    found = {(m.name, m.place.feature) for m in article_mentions(text, gazetteer)[1]}
    assert expected in found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Gunmen killed six herders in Menaka, Mali; the group is active across the Sahel.", []),
        (
            "Gunmen killed six herders in Menaka, Mali; troops were sent from Sahel Region.",
            ["Sahel"],
        ),
    ],
    ids=["bare-region-abroad-dropped", "region-named-as-one-stands"],
)
def test_a_province_abroad_stands_only_when_named_as_one(
    gazetteer: Gazetteer, text: str, kept: list[str]
) -> None:
    country, mentions = article_mentions(text, gazetteer)
    assert country == "ML"
    assert [m.name for m in mentions if m.place.country != "ML"] == kept


def test_no_network_access(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> socket.socket:
        raise AssertionError("the geo stage tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    _load.cache_clear()  # read the gazetteer from disk again, with sockets refused
    try:
        fresh = load_gazetteer()
        record = geolocate(_record("Gunmen attacked a bus in Quetta."), fresh)
    finally:
        _load.cache_clear()
    assert record.events[0].location == "Quetta"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    gazetteer = load_gazetteer()
    for mention in find_place_mentions(text, gazetteer):
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.precision in (1, 2, 3)
    resolve_place(text, gazetteer)
    resolve_place(text, gazetteer, country="PK", near=(30.0, 67.0))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "in",
                "near",
                "Quetta",
                "Borno",
                "state",
                "March",
                "Ségou",
                "Kenyan",
                ",",
                ".",
                "U.S.",
                "district",
                "the",
                "of",
            ]
        ),
        max_size=30,
    )
)
def test_never_raises_on_place_like_text(words: list[str]) -> None:
    text = " ".join(words)
    for mention in find_place_mentions(text, load_gazetteer()):
        assert text[mention.start : mention.end] == mention.name


ATTACHMENT_TEXT = (
    "QUETTA, Pakistan — Militants attacked a checkpoint in Turbat on Monday.\n"
    "Two soldiers died. Police said the attackers fled.\n"
    "In Mastung, a bomb hit a market. Officials gave no toll.\n"
    "Gunmen raided a bazaar near Panjgur in Balochistan province.\n"
    "Troops responded and killed three of them.\n"
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants attacked a checkpoint in Turbat on Monday.", "Turbat"),  # its own sentence
        ("Two soldiers died.", "Turbat"),  # nearest in the paragraph (before it)
        ("Officials gave no toll.", "Mastung"),  # its paragraph names Mastung
        ("Troops responded and killed three of them.", "Panjgur"),  # not the province after it
    ],
    ids=["own-sentence", "earlier-in-paragraph", "same-paragraph", "last-sentence-most-precise"],
)
def test_place_for_spans(sentence: str, expected: str, gazetteer: Gazetteer) -> None:
    _, mentions = article_mentions(ATTACHMENT_TEXT, gazetteer, "PK")
    start = ATTACHMENT_TEXT.index(sentence)
    sentences = sentence_spans(ATTACHMENT_TEXT)
    context = PlaceContext(ATTACHMENT_TEXT, None, mentions, sentences, None, None, None)
    mention = place_for_spans([(start, start + len(sentence))], context)
    assert mention is not None and mention.place.name == expected


@pytest.mark.parametrize(
    ("text", "unknown", "expected_admin2"),
    [
        ("Insurgents raided a post in Balincha in Kech district.", "Balincha", "Kech"),
        ("Attacks in Balincha, Tump and Kharan were repelled.", "Balincha", "Kech"),
        ("Gunmen struck Xyzabad. Later they fled towards Mastung.", "Xyzabad", "Mastung"),
        (
            "Raids hit Kech district. Elders of Qwzabad village in Balochistan fled.",
            "Qwzabad",
            "Kech",
        ),
        (
            "A convoy was ambushed in Kurram district. Survivors reached Kurram's hospital. "
            "Some lorries got through to Thall in Hangu district.\n\n"
            "The bodies of four drivers were found in the Qwdawali area.",
            "Qwdawali",
            "Kurram",
        ),
    ],
    ids=[
        "named-district",
        "listed-town",
        "only-place-after",
        "province-beside-district-before",
        "the-district-the-article-keeps-naming",
    ],
)
def test_place_beside_falls_back_honestly(
    text: str, unknown: str, expected_admin2: str, gazetteer: Gazetteer
) -> None:
    assert not gazetteer.knows(unknown)
    _, mentions = article_mentions(text, gazetteer, "PK")
    mention = place_beside(unknown, text, mentions)
    assert mention is not None
    assert mention.place.admin2 == expected_admin2
    assert mention.precision >= 2


def test_a_dateline_abroad_places_nothing(gazetteer: Gazetteer) -> None:
    text = (
        "BANGKOK — Myanmar's military carried out air strikes in Sagaing Region on Monday. "
        "Nearly a dozen civilians died."
    )
    record = geolocate(_record(text, "Nearly a dozen civilians died."), gazetteer, "Bangkok", None)
    event = record.events[0]
    assert event.country == "MM"
    assert event.location != "Bangkok"


@pytest.mark.parametrize(
    ("text", "villages", "admin2"),
    [
        (
            "Jets bombed the villages of Xyzkone and Qwertyi in Kech district on Monday.",
            ["Xyzkone", "Qwertyi"],
            "Kech",
        ),
        (
            "Gunmen killed a farmer near Mastung. A second farmer died in Zorblat, another "
            "village of the area.",
            ["Zorblat"],
            "Mastung",
        ),
        ("Two traders died in Plimkot village near Turbat.", ["Plimkot"], "Kech"),
        (
            "Militants killed six people in a raid on Qwitho village near Mastung.",
            ["Qwitho"],
            "Mastung",
        ),
    ],
    ids=["villages-of-a-and-b", "another-village", "x-village", "raid-on-x-village"],
)
def test_villages_the_gazetteer_lacks_are_mentions_under_their_own_names(
    text: str, villages: list[str], admin2: str, gazetteer: Gazetteer
) -> None:
    _, mentions = article_mentions(text, gazetteer, "PK")
    placed = {m.name: m for m in mentions if m.name in villages}
    assert sorted(placed) == sorted(villages)
    for mention in placed.values():
        assert mention.place.name == mention.name
        assert mention.place.admin2 == admin2
        assert mention.precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen struck in Mastung and Kalat, Balochistan Home Ministry spokesman Ali Shah said.",
        "Footage posted on X showed the fire in Quetta. Another clip on X showed Mastung.",
        "Troops of Zarkon Brigade moved into Turbat, where Zarkon Brigade fighters had camped.",
        "A guard at the Orthodox church in Quetta was killed, and a priest at the Orthodox "
        "church in Turbat.",
    ],
    ids=[
        "an-institution-after-a-list",
        "an-outlet-named-twice",
        "a-unit-named-twice",
        "an-adjective-of-a-church-named-twice",
    ],
)
def test_institutions_and_outlets_the_gazetteer_lacks_are_no_places(
    text: str, gazetteer: Gazetteer
) -> None:
    _, mentions = article_mentions(text, gazetteer, "PK")
    names = [m.name for m in mentions]
    assert names and not any(
        word in name for name in names for word in ("Ministry", "Brigade", "Orthodox")
    ), names
    assert "X" not in names


def _first_cue_by_scan(cues: MentionCues, preceding: str) -> str | None:
    """The place-context lexicon read as written: every before-cue tried in order."""
    words = fold_name(preceding).split()
    if words and words[-1] == "the":
        words = words[:-1]
    qualified = bool(words) and words[-1] in cues.qualifiers
    if qualified:
        words = words[:-1]
    tail = " ".join(words[-4:])
    for cue, kind in cues.before:
        if tail == cue or tail.endswith(" " + cue):
            return "at" if qualified and kind == "town" else kind
    return None


_CUES = load_mention_cues()
_CUE_WORDS = sorted({w for cue, _ in _CUES.before for w in cue.split()} | set(_CUES.qualifiers))


@given(st.lists(st.sampled_from([*_CUE_WORDS, "the", "Police", "said", ","]), max_size=7))
@settings(max_examples=400, deadline=None)
def test_the_cue_before_a_name_is_the_first_the_lexicon_lists(words: list[str]) -> None:
    preceding = " ".join(words) + " "
    assert _CUES.before_cue(preceding) == _first_cue_by_scan(_CUES, preceding)


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1", "admin2", "precision"),
    [
        # An event note's hierarchy in parentheses settles a namesake (Boni is also in Burkina
        # Faso) and places a village no source lists in its district, at precision 2.
        (
            "On 3 March 2024, JNIM militants attacked a FAMa position in Boni (Douentza, "
            "Mopti). 5 soldiers were killed.",
            "Boni",
            "ML",
            "Mopti",
            "Douentza",
            1,
        ),
        (
            "On 1 September 2023, Al Shabaab militants attacked a military base in Wisil "
            "(Hobyo, Mudug).",
            "Wisil",
            "SO",
            "Mudug",
            "Hobyo",
            2,
        ),
        (
            "On 14 January 2024, the military conducted an airstrike on Let Pan Hla village "
            "(Mawlaik, Sagaing). 14 civilians were killed.",
            "Let Pan Hla",
            "MM",
            "Sagaing",
            "Mawlaik",
            2,
        ),
        # No place word before the name: the hierarchy alone makes it a place.
        (
            "On 19 November 2022, Russian forces shelled Nikopol (Nikopolskyi, Dnipropetrovsk).",
            "Nikopol",
            "UA",
            "Dnipropetrovsk",
            "Nikopolskyi",
            1,
        ),
        # A hierarchy after a word that names no place is a place of its own.
        (
            "On 4 March 2024, gang members attacked the Croix-des-Bouquets police station "
            "(Croix-des-Bouquets, Ouest).",
            "Croix-des-Bouquets",
            "HT",
            "Ouest",
            "Croix des Bouquets",
            1,
        ),
        # A province spelled otherwise still states the hierarchy ("Lattakia" for Latakia).
        (
            "On 2 April 2024, rioters set fire to a police station in Jableh (Jableh, Lattakia).",
            "Jableh",
            "SY",
            "Latakia",
            "Jablah",
            2,
        ),
    ],
)
def test_a_hierarchy_in_parentheses_places_the_name(
    gazetteer: Gazetteer,
    text: str,
    name: str,
    country: str,
    admin1: str,
    admin2: str,
    precision: int,
) -> None:
    found, mentions = article_mentions(text, gazetteer)
    [mention] = [m for m in mentions if m.name == name]
    assert found == country
    assert (mention.place.country, mention.place.admin1, mention.place.admin2) == (
        country,
        admin1,
        admin2,
    )
    assert mention.precision == precision
    # the names in the parentheses are the hierarchy, not places of their own
    assert [m.name for m in mentions] == [name]


def test_a_township_the_gazetteer_lacks_is_placed_in_its_state(gazetteer: Gazetteer) -> None:
    text = (
        "On 4 March 2024, the Arakan Army seized a junta outpost in Paletwa township, Chin state."
    )
    _, mentions = article_mentions(text, gazetteer)
    [paletwa] = [m for m in mentions if m.name == "Paletwa"]
    assert (paletwa.place.country, paletwa.place.admin1, paletwa.precision) == ("MM", "Chin", 3)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a convoy near Damboa (Reuters) on Monday.",
        "Militants of Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked Boni.",
    ],
)
def test_a_parenthesis_that_is_no_hierarchy_states_nothing(gazetteer: Gazetteer, text: str) -> None:
    end = text.index(" (")
    assert stated_division(text, end, gazetteer) == (None, end)
