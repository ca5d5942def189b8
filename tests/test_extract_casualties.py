"""Casualty figures and statements in single sentences (casualties.py, statements.py)."""

from __future__ import annotations

import pytest

from sitrep.extract.casualties import find_casualties
from sitrep.extract.statements import find_attribution, find_claimant, find_statements
from sitrep.extract.text import Sentence


def _sentence(text: str, offset: int = 0) -> Sentence:
    return Sentence(start=offset, end=offset + len(text), text=text)


def _read(text: str) -> list[tuple[str, str, int, int, int | None]]:
    return [
        (c.kind, c.category, c.figure.best, c.figure.low, c.figure.high)
        for c in find_casualties(_sentence(text))
    ]


CASES = [
    (
        "Bandits stormed the market, killing five traders and wounding nine others.",
        [("killed", "civilians", 5, 5, 5), ("injured", "civilians", 9, 9, 9)],
    ),
    ("Two soldiers were killed in the ambush.", [("killed", "security_forces", 2, 2, 2)]),
    ("Four of the gunmen were killed by villagers.", [("killed", "militants", 4, 4, 4)]),
    (
        "A car bomb left 23 worshippers dead outside the mosque.",
        [("killed", "civilians", 23, 23, 23)],
    ),
    (
        "Two women and four children were killed when the shell landed.",
        [("killed", "civilians", 6, 6, 6)],
    ),
    (
        "The assault left eight policemen, three civilians and 14 militants dead.",
        [
            ("killed", "security_forces", 8, 8, 8),
            ("killed", "civilians", 3, 3, 3),
            ("killed", "militants", 14, 14, 14),
        ],
    ),
    (
        "At least 12 people, including a child, were killed in the blast.",
        [("killed", "unknown", 12, 12, None), ("killed", "civilians", 1, 1, 1)],
    ),
    ("Nearly a dozen villagers were shot dead.", [("killed", "civilians", 11, 10, 12)]),
    (
        "More than 40 students were kidnapped from the school.",
        [("abducted", "civilians", 41, 41, None)],
    ),
    ("Gunmen abducted 17 passengers from a bus.", [("abducted", "civilians", 17, 17, 17)]),
    ("Dozens of protesters were injured.", [("injured", "civilians", 24, 24, None)]),
    ("Five Levies personnel were martyred.", [("killed", "security_forces", 5, 5, 5)]),
    ("Three FC soldiers lost their lives.", [("killed", "security_forces", 3, 3, 3)]),
    (
        "The strike killed 30 fighters and wounded 10 more.",
        [("killed", "militants", 30, 30, 30), ("injured", "militants", 10, 10, 10)],
    ),
    (
        "Rebels killed three and wounded two in the raid.",
        [("killed", "unknown", 3, 3, 3), ("injured", "unknown", 2, 2, 2)],
    ),
    ("A policeman was gunned down at the gate.", [("killed", "security_forces", 1, 1, 1)]),
    ("The attacker was also killed.", [("killed", "militants", 1, 1, 1)]),
    ("Officials confirmed the deaths of 6 soldiers.", [("killed", "security_forces", 6, 6, 6)]),
    (
        "Nine traders, among them two women, died on the spot.",
        [("killed", "civilians", 9, 9, 9)],
    ),
    ("Some 20 insurgents had been “neutralised”.", [("killed", "militants", 20, 20, 20)]),
    ("No one was hurt in the explosion.", []),
    ("There were no casualties, police said.", []),
    ("No civilians were killed.", []),
    ("A boy aged 12 was wounded.", [("injured", "civilians", 1, 1, 1)]),
    ("Two 15-year-old boys were abducted.", [("abducted", "civilians", 2, 2, 2)]),
    ("The insurgency has killed thousands since it began in 2009.", []),
    ("The conflict has lasted 15 years.", []),
    ("A group of about 30 gunmen attacked the village.", []),
    ("The death toll rose to 14 from 11 overnight.", [("killed", "unknown", 14, 14, 14)]),
    (
        "Three members of the border police were shot dead at the crossing.",
        [("killed", "security_forces", 3, 3, 3)],
    ),
    (
        "The raid ended with troops killing all 12 kidnappers.",
        [("killed", "militants", 12, 12, 12)],
    ),
    (
        "The fighting has cost the lives of five law enforcement personnel.",
        [("killed", "security_forces", 5, 5, 5)],
    ),
    (
        "Police repelled the assault, losing two Anti-Terrorism Squad commandos.",
        [("killed", "security_forces", 2, 2, 2)],
    ),
    (
        "Seven soldiers died in the ambush along with three aid workers.",
        [("killed", "security_forces", 7, 7, 7), ("killed", "civilians", 3, 3, 3)],
    ),
    ('Officials said 14 "khawarij" were "neutralised".', [("killed", "militants", 14, 14, 14)]),
    ("The car bomb killed two Turkish nationals.", [("killed", "civilians", 2, 2, 2)]),
    (
        "The blast killed six people, four of them policemen, and wounded ten.",
        [
            ("killed", "unknown", 6, 6, 6),
            ("injured", "unknown", 10, 10, 10),
            ("killed", "security_forces", 4, 4, 4),
        ],
    ),
    ("Officials said the nine dead were buried on Monday.", []),
    ("Gunmen opened fire, martyring three policemen.", [("killed", "security_forces", 3, 3, 3)]),
    (
        "Six drivers and two passengers were also confirmed dead.",
        [("killed", "civilians", 8, 8, 8)],
    ),
    ("He said eight of the victims died on the spot.", []),
    (
        "Troops fired on a suspected militant when he resisted arrest, killing him.",
        [("killed", "militants", 1, 1, 1)],
    ),
    (
        "A policeman was shot dead and gunmen took his son away, killing him later.",
        [("killed", "security_forces", 1, 1, 1)],
    ),
    ("Two FARC dissidents died when their bomb went off.", [("killed", "militants", 2, 2, 2)]),
    ("A suicide bomber killed 44 worshippers.", [("killed", "civilians", 44, 44, 44)]),
    ("The gunman killed a policeman.", [("killed", "security_forces", 1, 1, 1)]),
    ("A roadside bomb killed a Levies subedar.", [("killed", "security_forces", 1, 1, 1)]),
    ("Two havildars died in the blast.", [("killed", "security_forces", 2, 2, 2)]),
    (
        "Five people were killed, two policemen and a soldier among them.",
        [("killed", "unknown", 5, 5, 5), ("killed", "security_forces", 3, 3, 3)],
    ),
    (
        "Gunmen killed five civilians at Wemboni and two farmers at Chalaluma.",
        [("killed", "civilians", 5, 5, 5), ("killed", "civilians", 2, 2, 2)],
    ),
    (
        "Gunmen killed five civilians in Quetta and two vehicles were torched.",
        [("killed", "civilians", 5, 5, 5)],
    ),
    (
        "Five people were hacked to death and decapitated by insurgents.",
        [("killed", "unknown", 5, 5, 5)],
    ),
]


# Who the victims were, by class of wording (each class found missing in annotated reports).
VICTIMS = [
    # "N of them X" after a count says who part of it were; "three of the 30" counts three.
    (
        "Nine people died, two of them policemen.",
        [("killed", "unknown", 9, 9, 9), ("killed", "security_forces", 2, 2, 2)],
    ),
    (
        "Nine people died, two of them policemen, officials said.",
        [("killed", "unknown", 9, 9, 9), ("killed", "security_forces", 2, 2, 2)],
    ),
    (
        "The attack left 19 people dead, 18 of them among the assailants, the spokesman said.",
        [("killed", "unknown", 19, 19, 19), ("killed", "militants", 18, 18, 18)],
    ),
    ("Nine people died, two of them in hospital.", [("killed", "unknown", 9, 9, 9)]),
    (
        "The shootout left three of the 30 attackers and one police officer dead.",
        [("killed", "militants", 3, 3, 3), ("killed", "security_forces", 1, 1, 1)],
    ),
    ("Two of the 12 soldiers were killed.", [("killed", "security_forces", 2, 2, 2)]),
    # People named by nationality are counted; who they were is not said.
    (
        "Strikes across the enclave killed at least 65 Palestinians overnight, medics said.",
        [("killed", "unknown", 65, 65, None)],
    ),
    (
        "Three Pakistanis and two Afghans died in the crossfire.",
        [("killed", "unknown", 5, 5, 5)],
    ),
    # One person named by a role.
    (
        "A 19-year-old football supporter was beaten to death after the match.",
        [("killed", "civilians", 1, 1, 1)],
    ),
    (
        "A 36-year-old vegetable seller was stabbed to death near the bus stand.",
        [("killed", "civilians", 1, 1, 1)],
    ),
    ("Two fans died in the crush.", [("killed", "civilians", 2, 2, 2)]),
    (
        "A prison security agent died after being beaten with metal bars.",
        [("killed", "security_forces", 1, 1, 1)],
    ),
    ("An army ranger was killed on Friday.", [("killed", "security_forces", 1, 1, 1)]),
    # People held or on the move, and people named by their faith, are civilians.
    (
        "The strike killed at least 68 African migrants and injured 47 others.",
        [("killed", "civilians", 68, 68, None), ("injured", "civilians", 47, 47, 47)],
    ),
    ("Gang members killed 46 other inmates.", [("killed", "civilians", 46, 46, 46)]),
    ("Twelve prisoners died in the fire.", [("killed", "civilians", 12, 12, 12)]),
    ("Its fighters had killed 15 Christians.", [("killed", "civilians", 15, 15, 15)]),
    ("Two Muslim clerics were shot dead.", [("killed", "civilians", 2, 2, 2)]),
]


@pytest.mark.parametrize(("text", "expected"), VICTIMS)
def test_who_the_victims_were(
    text: str, expected: list[tuple[str, str, int, int, int | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    CASES,
    ids=[
        "killing-and-wounding-others",
        "passive",
        "of-the",
        "left-dead",
        "list-same-category",
        "list-mixed",
        "including-subset",
        "nearly-a-dozen",
        "more-than-abducted",
        "active-abducted",
        "dozens-injured",
        "levies-martyred",
        "fc-lost-lives",
        "more-inherits",
        "bare-counts",
        "singular-policeman",
        "singular-attacker",
        "deaths-of",
        "among-them-subset",
        "quoted-verb",
        "negation-no-one",
        "negation-casualties",
        "negation-no-civilians",
        "age-not-count",
        "age-compound",
        "year-not-count",
        "duration-not-count",
        "no-verb",
        "toll",
        "members-of-the-force",
        "all-n",
        "cost-the-lives-of",
        "losing-long-modifiers",
        "along-with",
        "quoted-khawarij",
        "nationals",
        "aside-breaks-down-a-bare-count",
        "the-n-dead-is-a-reference",
        "martyring",
        "confirmed-dead",
        "of-the-victims-is-a-part",
        "killing-him",
        "him-already-counted",
        "dissidents",
        "active-bomber-is-no-victim",
        "active-gunman-is-no-victim",
        "a-rank-is-security-forces",
        "ranks-plural",
        "breakdown-after-the-verb",
        "second-object-at-another-place",
        "a-count-of-things-is-no-second-object",
        "hacked-to-death",
    ],
)
def test_find_casualties(text: str, expected: list[tuple[str, str, int, int, int | None]]) -> None:
    assert _read(text) == expected


def test_casualty_offsets_point_into_the_article() -> None:
    article = "Intro sentence. Two soldiers were killed in the ambush."
    sentence = _sentence(article[16:], offset=16)
    (casualty,) = find_casualties(sentence)
    assert article[casualty.start : casualty.end] == "Two soldiers were killed"


STATEMENTS = [
    (
        "The army said 95 militants had been killed in the past 72 hours.",
        [("aggregate", "militants", 95, "past 72 hours")],
    ),
    (
        "At least 300 civilians have been killed so far this year, the UN said.",
        [("aggregate", "civilians", 300, "this year")],
    ),
    (
        "Rights groups say 40 protesters have died nationwide.",
        [("aggregate", "civilians", 40, "nationwide")],
    ),
    (
        "The group said it killed 22 soldiers, a figure the army disputed.",
        [("claim", "security_forces", 22, None)],
    ),
    (
        "The rebels claimed to have killed 12 troops.",
        [("claim", "security_forces", 12, None)],
    ),
    ("The ministry denied that any civilians were harmed.", [("denial", None, None, None)]),
    ("Officials accused the militia of burning homes.", [("accusation", None, None, None)]),
    ("The death toll rose to 14 from 11 on Friday.", [("revision", "unknown", 14, None)]),
    ("Two soldiers were killed on Monday.", []),
    (
        "The TTP asserted that 30 soldiers had been killed in the raid.",
        [("claim", "security_forces", 30, None)],
    ),
    (
        "The militant group alleged that 12 policemen died in its attack.",
        [("claim", "security_forces", 12, None)],
    ),
    ("The army said 12 soldiers were killed in the raid.", []),
    ("A human rights group said 5 villagers were killed.", []),
    ("Residents and a pro-democracy group said 9 villagers died.", []),
    ("The group said it had verified that 5 civilians were killed.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    STATEMENTS,
    ids=[
        "aggregate-hours",
        "aggregate-year",
        "aggregate-nationwide",
        "claim-said-it",
        "claim-claimed-to-have",
        "denial",
        "accusation",
        "revision",
        "not-a-statement",
        "named-group-asserts",
        "militant-group-alleges",
        "army-says-is-no-claim",
        "rights-group-is-no-claim",
        "civic-group-is-no-claim",
        "a-group-unqualified-is-no-claim",
    ],
)
def test_find_statements(
    text: str, expected: list[tuple[str, str | None, int | None, str | None]]
) -> None:
    statements = find_statements(_sentence(text))
    got = [(s.kind, s.category, s.count.best if s.count else None, s.period) for s in statements]
    assert got == expected
    assert all(s.text == text for s in statements)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Kabul rejects the claims.", "Kabul"),
        ("A spokesman for the interior ministry denied the report.", "the interior ministry"),
        ("Tehran has repeatedly denied arming the group.", "Tehran"),
    ],
    ids=["name-before", "spokesman-for", "adverbs"],
)
def test_denial_actor(text: str, actor: str) -> None:
    (statement,) = find_statements(_sentence(text))
    assert statement.kind == "denial" and statement.actor == actor


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "The Islamic State Khorasan Province (ISKP) claimed responsibility.",
            "Islamic State Khorasan Province",
        ),
        ("TTP claimed responsibility for the blast.", "TTP"),
        (
            "The Pakistani Taliban, known locally as the TTP, took responsibility.",
            "Pakistani Taliban",
        ),
        ("No group has claimed responsibility.", None),
        ("Al Shabaab, in a radio broadcast, claimed responsibility.", "Al Shabaab"),
    ],
    ids=["with-acronym", "acronym-only", "appositive", "nobody", "broadcast"],
)
def test_find_claimant(text: str, claimant: str | None) -> None:
    assert find_claimant(text) == claimant


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Two died, according to hospital staff.", "hospital staff"),
        ("Two died in the raid, a local official said.", "a local official"),
        ("“They came at night,” villager Musa Bello said.", "villager Musa Bello"),
        ("District police chief Ali Raza said two died.", "District police chief Ali Raza"),
        ("He said two died.", None),
        ("Two died in the raid.", None),
    ],
    ids=["according-to", "trailing", "after-quote", "leading", "pronoun", "none"],
)
def test_find_attribution(text: str, source: str | None) -> None:
    assert find_attribution(text) == source


@pytest.mark.parametrize(
    ("text", "militants"),
    [
        ('The ministry said "around 30 terrorists" had been "neutralised".', 30),
        ("Their response led to all four terrorists being killed.", 4),
        ("Troops said 12 insurgents were eliminated in the raid.", 12),
    ],
    ids=["quoted-words", "being-killed", "eliminated"],
)
def test_official_wordings_for_militants_killed(text: str, militants: int) -> None:
    sentence = Sentence(start=0, end=len(text), text=text)
    found = [c for c in find_casualties(sentence) if c.category == "militants"]
    assert [c.figure.best for c in found] == [militants]


def test_a_subset_aside_does_not_hide_the_verb_and_says_who_some_were() -> None:
    text = "At least seven people, three of them children, were killed when a drone hit the town."
    found = find_casualties(Sentence(start=0, end=len(text), text=text))
    # The event keeps 7 in all (tests/test_extract_events.py): the three are among the seven.
    assert [(c.category, c.figure.best) for c in found] == [("unknown", 7), ("civilians", 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Among the dead were three women and three children.", [("civilians", 6)]),
        ("The dead included two policemen.", [("security_forces", 2)]),
    ],
    ids=["among-the-dead", "the-dead-included"],
)
def test_lists_of_the_dead(text: str, expected: list[tuple[str, int]]) -> None:
    found = find_casualties(Sentence(start=0, end=len(text), text=text))
    assert [(c.category, c.figure.best) for c in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nine people have now lost their lives, among them two Levies personnel.",
            [("killed", "unknown", 9), ("killed", "security_forces", 2)],
        ),
        (
            "Eighteen people were killed, including five soldiers.",
            [("killed", "unknown", 18), ("killed", "security_forces", 5)],
        ),
        (
            "Twelve people were killed, among them three policemen and two children.",
            [
                ("killed", "unknown", 12),
                ("killed", "security_forces", 3),
                ("killed", "civilians", 2),
            ],
        ),
        (
            "Thirty people were wounded, including four soldiers.",
            [("injured", "unknown", 30), ("injured", "security_forces", 4)],
        ),
        # people told by who they were already: the subset says nothing more
        ("Five soldiers were killed, including two officers.", [("killed", "security_forces", 5)]),
        # a "part" larger than the whole is no part of it
        ("Three people were killed, including five soldiers.", [("killed", "unknown", 3)]),
    ],
    ids=["among-them", "including", "two-categories", "injured", "told-already", "larger"],
)
def test_a_partitive_says_who_part_of_a_count_of_people_were(
    text: str, expected: list[tuple[str, str, int]]
) -> None:
    """ "including", "among them" after a count of people: a breakdown of it, which the event
    reconciles (nine people, two of them Levies: two security forces and seven more)."""
    found = find_casualties(Sentence(start=0, end=len(text), text=text))
    assert [(c.kind, c.category, c.figure.best) for c in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "23 people were being treated for injuries at the civil hospital.",
        "Eleven people were treated for wounds after the blast.",
    ],
)
def test_people_treated_for_injuries_are_injured(text: str) -> None:
    found = find_casualties(Sentence(start=0, end=len(text), text=text))
    assert [(c.kind, c.category) for c in found] == [("injured", "unknown")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We lost two soldiers," an army officer told reporters.', [("security_forces", 2)]),
        (
            "Two soldiers were killed in the attack, a police officer said.",
            [("security_forces", 2)],
        ),
        (
            "“Two of our soldiers were martyred,” a military spokesman said.",
            [("security_forces", 2)],
        ),
        ("A soldier told AFP that three policemen were killed.", [("security_forces", 3)]),
    ],
    ids=["quoted-then-speaker", "speaker-after", "spokesman", "speaker-first"],
)
def test_the_speaker_is_never_a_victim(text: str, expected: list[tuple[str, int]]) -> None:
    """An officer quoted about two dead soldiers was counted as a third death (issue 14)."""
    found = find_casualties(Sentence(start=0, end=len(text), text=text))
    assert [(c.category, c.figure.best) for c in found] == expected
