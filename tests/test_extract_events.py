"""Whole-article extraction (sitrep/extract/events.py) on written reports and the examples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract import RULES_VERSION, extract_article
from sitrep.extract.events import sentence_triggers
from sitrep.extract.lexicon import default_lexicon
from sitrep.ingest import split_headline
from sitrep.models import Article, ArticleRecord, Event

EXAMPLES = Path(__file__).parent.parent / "examples"


def _extract(text: str, published: dt.date | None = dt.date(2026, 4, 15)) -> ArticleRecord:
    return extract_article(Article(id="t", text=text, published=published))


def _killed(event: Event) -> dict[str, int]:
    return {
        category: figure.best
        for category, figure in (
            ("civilians", event.fatalities.civilians),
            ("security_forces", event.fatalities.security_forces),
            ("militants", event.fatalities.militants),
            ("unknown", event.fatalities.unknown),
        )
        if figure is not None
    }


# 2026-04-15 is a Wednesday.
TYPES = [
    (
        "KABUL (AP) — A suicide bomber struck a mosque on Tuesday, killing 9 worshippers.",
        ("Explosions/Remote violence", "Suicide bomb"),
    ),
    (
        "Troops and rebels clashed near the river on Monday, leaving 4 soldiers dead.",
        ("Battles", "Armed clash"),
    ),
    (
        "A drone strike hit a convoy on Sunday, killing 6 fighters.",
        ("Explosions/Remote violence", "Air/drone strike"),
    ),
    (
        "Gunmen kidnapped 12 farmers from their fields on Tuesday.",
        ("Violence against civilians", "Abduction/forced disappearance"),
    ),
    (
        "Police opened fire on protesters in the capital on Tuesday, killing two.",
        ("Protests", "Excessive force against protesters"),
    ),
    (
        "Hundreds joined a peaceful protest outside parliament on Tuesday.",
        ("Protests", "Peaceful protest"),
    ),
    (
        "A landmine exploded under a truck on Monday, killing three passengers.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    (
        "Mortar rounds fell on the market on Monday, wounding 8 people.",
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ),
    (
        "Rioters set fire to a police station on Tuesday.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Attackers hurled a grenade into a bus stop on Tuesday, wounding five.",
        ("Explosions/Remote violence", "Grenade"),
    ),
    (
        "A roadside explosion targeted a police convoy on Monday, killing 3 policemen.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    (
        "Fighters hit several army posts in the district on Monday, killing 5 soldiers.",
        ("Battles", "Armed clash"),
    ),
    (
        "Five people were hacked to death and beheaded by insurgents on Tuesday.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "An angry crowd vowed on Monday not to let the bodies be taken to the mortuary.",
        ("Protests", "Peaceful protest"),
    ),
    (
        "Gunmen abducted four labourers on Monday and shot dead seven others.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "The assaults on Tuesday left the market in ruins.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "Protesters threw stones at the police and torched a bus on Tuesday.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Supporters of the two candidates clashed outside the polling station on Sunday.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Police fired tear gas to disperse demonstrators outside the ministry on Monday.",
        ("Protests", "Protest with intervention"),
    ),
    (
        "Rebels clashed with soldiers and their supporters near the market on Sunday.",
        ("Battles", "Armed clash"),
    ),
    (
        "Demonstrators fired fireworks at police outside parliament on Saturday and had thrown "
        "stones at the building.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Supporters of the ruling party wrecked the protest camp on Monday.",
        ("Riots", "Violent demonstration"),
    ),
    # A crowd's violence with no demonstration is a riot whatever weapon word typed it, and mob
    # violence where the crowd turned on people.
    (
        "Hooded youths hurled petrol bombs at riot police in the city centre on Sunday.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Rival fans fought running battles outside the stadium on Saturday, leaving one "
        "supporter dead.",
        ("Riots", "Mob violence"),
    ),
    (
        "Militants hurled petrol bombs at a police post on Sunday.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    # An attack on a target that harmed only civilians targeted the unarmed; fighting that
    # harmed only civilians (crossfire) is still fought.
    (
        "Gunmen stormed a gold miners' camp on Monday, killing seven workers.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "Soldiers and rebels exchanged fire near the market on Monday, killing two civilians.",
        ("Battles", "Armed clash"),
    ),
    (
        "Gunmen stormed an army camp on Monday, killing seven soldiers.",
        ("Battles", "Armed clash"),
    ),
    # Aircraft that struck, whatever words stand between them and the verb.
    (
        "Air force jets and army helicopters struck militant hideouts near the town on "
        "Thursday, killing 11 militants.",
        ("Explosions/Remote violence", "Air/drone strike"),
    ),
    # Weapons whose use was disrupted: a bomb made safe, drones shot down; a bomb that killed
    # stays an explosion whatever else was defused.
    (
        "A bomb hidden in a backpack was found at the market in the town on Thursday. Army "
        "experts rendered it safe before it could go off.",
        ("Strategic developments", "Disrupted weapons use"),
    ),
    (
        "Air defence units shot down 14 drones over the city on Wednesday night.",
        ("Strategic developments", "Disrupted weapons use"),
    ),
    (
        "A bomb killed 9 people at the market in the town on Thursday. Police later defused a "
        "second device nearby.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ),
    # The sub-types no violence names: territory handed over, a base set up, chemical weapons.
    (
        "Troops withdrew from the town on Saturday ahead of the handover to the regional forces.",
        ("Strategic developments", "Non-violent transfer of territory"),
    ),
    (
        "The army inaugurated a forward operating base in the town on Friday.",
        ("Strategic developments", "Headquarters or base established"),
    ),
    (
        "Government forces used chlorine gas on the district on Tuesday, residents said.",
        ("Explosions/Remote violence", "Chemical weapon"),
    ),
    # What was done to a demonstration, told after it, is told of it.
    (
        "Thousands protested outside parliament on Monday. Police later pushed the demonstrators "
        "back with tear gas.",
        ("Protests", "Protest with intervention"),
    ),
    # ACLED: a demonstration that was not violent, at which people were killed, met lethal force.
    (
        "Protests broke out in the capital on Monday. Eleven people died during the "
        "demonstrations, a rights group said.",
        ("Protests", "Excessive force against protesters"),
    ),
    # A clash at a demonstration, whoever is named: one protester, the protest, the march.
    (
        "A demonstrator died and 12 soldiers were injured in clashes in the town on Sunday, the "
        "epicentre of the protest.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Deadly clashes erupted on Monday after hundreds gathered to mourn a protester.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Four people were killed on Monday in clashes during the long march of the party.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Soldiers clashed with militants near the rally on Monday.",
        ("Battles", "Armed clash"),
    ),
    # The sub-types ACLED defines by what changed hands or what a group did, not by violence.
    (
        "Insurgents seized the district town of Wemboni on Wednesday after heavy fighting.",
        ("Battles", "Non-state actor overtakes territory"),
    ),
    (
        "Troops wrested the airport back from the rebels on Friday.",
        ("Battles", "Government regains territory"),
    ),
    (
        "The two armed groups signed a ceasefire agreement in the capital on Saturday.",
        ("Strategic developments", "Agreement"),
    ),
    (
        "The militant group announced on Monday that it was disbanding its armed wing.",
        ("Strategic developments", "Change to group/activity"),
    ),
    (
        "More than 200 rebels laid down their arms at a ceremony on Friday.",
        ("Strategic developments", "Change to group/activity"),
    ),
    (
        "The fifth victim was seized by the gunmen close to the village on Sunday.",
        ("Violence against civilians", "Attack"),
    ),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    TYPES,
    ids=[
        "suicide",
        "clash",
        "drone",
        "abduction",
        "excessive-force",
        "peaceful",
        "landmine",
        "shelling",
        "riot",
        "grenade",
        "weapon-before-target",
        "fighters-hit-posts",
        "hacked-to-death",
        "angry-crowd",
        "abducted-and-killed",
        "plural-assaults",
        "crowd-violence-is-a-riot",
        "crowd-clash-is-a-riot",
        "force-on-a-calm-crowd-is-a-protest",
        "armed-group-clash-is-fought",
        "fireworks-and-stones-thrown-at-police",
        "a-protest-camp-wrecked",
        "youths-with-petrol-bombs-riot",
        "rival-fans-fighting-are-a-mob",
        "militants-with-petrol-bombs-do-not-riot",
        "a-camp-stormed-where-only-civilians-died",
        "crossfire-is-fought",
        "an-army-camp-stormed",
        "jets-and-helicopters-struck",
        "a-bomb-made-safe",
        "drones-shot-down",
        "a-bomb-that-killed-whatever-else-was-defused",
        "territory-handed-over",
        "a-base-set-up",
        "chemical-weapons",
        "force-told-after-the-protest-is-its-intervention",
        "deaths-at-a-calm-protest-are-lethal-force",
        "clash-where-a-protester-died-is-a-riot",
        "clash-among-mourners-of-a-protester-is-a-riot",
        "clash-during-a-march-is-a-riot",
        "militants-near-a-rally-fought",
        "a-town-seized",
        "a-place-wrested-back",
        "a-ceasefire-signed",
        "a-group-disbanding",
        "arms-laid-down",
        "a-person-seized-near-a-village-is-no-territory",
    ],
)
def test_event_type(text: str, kind: tuple[str, str]) -> None:
    record = _extract(text)
    assert len(record.events) == 1
    event = record.events[0]
    assert (event.event_type, event.sub_event_type) == kind
    assert event.id == "e1"
    assert record.sitrep is not None and record.sitrep.rules == RULES_VERSION


def test_elaboration_attaches_to_the_event_and_is_not_double_counted() -> None:
    text = (
        "Gunmen attacked a police post on Monday night, killing four policemen.\n\n"
        "The four policemen were killed when the attackers opened fire, officials said. "
        "Two of the attackers were also killed. Three other officers were wounded."
    )
    (event,) = _extract(text).events
    assert _killed(event) == {"security_forces": 4, "militants": 2}
    assert event.injured is not None and event.injured.best == 3
    assert event.date == dt.date(2026, 4, 13)
    fields = {evidence.field for evidence in event.evidence}
    assert {"event", "fatalities.security_forces", "fatalities.militants", "injured"} <= fields
    for evidence in event.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_statements_make_no_event_and_no_fatalities() -> None:
    text = (
        "Militants ambushed an army convoy on Tuesday, killing three soldiers. "
        "The group said it had killed 20 soldiers. "
        "The army says 250 militants have been killed since January."
    )
    record = _extract(text)
    (event,) = record.events
    assert _killed(event) == {"security_forces": 3}
    kinds = [(s.kind, s.count.best if s.count else None) for s in record.statements]
    assert kinds == [("claim", 20), ("aggregate", 250)]


def test_revised_toll_replaces_earlier_figure() -> None:
    text = (
        "A bomb blast at a bus stand killed 5 people on Monday. "
        "The death toll later rose to 8 from 5, officials said."
    )
    record = _extract(text)
    (event,) = record.events
    assert _killed(event) == {"civilians": 8}  # people a bombing kills are civilians
    assert [s.kind for s in record.statements] == ["revision"]


def test_claimed_by_and_attribution() -> None:
    text = (
        "Gunmen attacked a checkpoint on Tuesday, killing two soldiers, "
        "district officer Amina Yusuf said. "
        "The Tehrik-i-Taliban Pakistan (TTP) claimed responsibility for the attack."
    )
    (event,) = _extract(text).events
    assert event.claimed_by == ["Tehrik-i-Taliban Pakistan"]
    killed = [e for e in event.evidence if e.field == "fatalities.security_forces"]
    assert killed[0].attributed_to == "district officer Amina Yusuf"


def test_distinct_days_make_distinct_events_and_earlier_is_background() -> None:
    text = (
        "A roadside bomb killed three soldiers on Tuesday. "
        "Last week, an air strike killed 11 insurgents in the same valley."
    )
    first, second = _extract(text).events
    assert (first.id, second.id) == ("e1", "e2")
    assert first.date == dt.date(2026, 4, 14) and not first.background
    assert second.background and second.date_precision == 2
    assert _killed(second) == {"militants": 11}


def test_no_publication_date_and_only_a_weekday() -> None:
    (event,) = _extract("Gunmen stormed a village on Saturday, killing 4 villagers.", None).events
    assert event.date is None and event.date_precision == 3


def test_without_a_publication_date_a_paragraph_that_gives_a_day_tells_another_incident() -> None:
    text = (
        "Gunmen killed 6 villagers on Monday, officials said.\n\n"
        "The group warned in January 2020 that the country would never be safe. Within days, "
        "its fighters assaulted an army base, killing a soldier and two contractors."
    )
    first, second = _extract(text, None).events
    assert _killed(first) == {"civilians": 6} and not first.background
    assert second.date == dt.date(2020, 1, 1) and second.background
    assert _killed(second)["security_forces"] == 1


def test_without_a_publication_date_a_dated_incident_beside_an_undated_one_is_background() -> None:
    text = (
        "Gunmen killed 6 villagers on Monday, officials said. "
        "In March 2019, 40 people died when the same group stormed a market."
    )
    first, second = _extract(text, None).events
    assert first.date is None and not first.background
    assert second.background and second.date == dt.date(2019, 3, 1)


def test_a_week_is_narrowed_to_the_day_a_later_sentence_gives() -> None:
    text = (
        "Nine villagers died this week when jets bombed their village, residents said. "
        "Five more were hurt in Monday's raid."
    )
    (event,) = _extract(text).events
    assert (event.date, event.date_precision) == (dt.date(2026, 4, 13), 1)


@pytest.mark.parametrize(
    ("second", "background"),
    [
        ("Another attack killed 4 farmers in the next valley.", False),
        ("A second drone strike killed 4 farmers.", False),
        ("An earlier raid on the market had left 4 traders dead.", True),
        ("It came only hours after gunmen shot dead 4 traders in the market.", False),
        ("It came two days after gunmen shot dead 4 traders in the market.", True),
    ],
    ids=["another", "a-second", "an-earlier", "hours-after", "days-after"],
)
def test_another_or_an_earlier_incident_is_a_new_event(second: str, background: bool) -> None:
    text = f"A drone strike killed 6 fighters on Monday. {second}"
    first, other = _extract(text).events
    assert _killed(first) == {"militants": 6}
    assert other.background is background
    assert sum(_killed(other).values()) == 4
    assert other.event_type == "Explosions/Remote violence" or not second.startswith(
        ("Another", "A ")
    )


@pytest.mark.parametrize(
    "finding",
    [
        "Investigators said a gas cylinder exploded in the kitchen.",
        "Police attributed the blast to explosive material stored in the depot.",
    ],
    ids=["gas-cylinder", "stored-explosives"],
)
def test_an_explosion_found_to_be_an_accident_makes_no_event(finding: str) -> None:
    text = f"An explosion killed 9 people at a market in the town on Monday. {finding}"
    assert _extract(text).events == []


@pytest.mark.parametrize(
    "retelling",
    [
        "The carnage in Tuesday's riot was the worst in recent memory.",
        "Yesterday's deadly assault was the third this year.",
    ],
    ids=["a-weekday-s", "yesterday-s"],
)
def test_a_day_s_event_named_again_is_the_event_told(retelling: str) -> None:
    # 2026-04-15 is a Wednesday: Tuesday and yesterday are the day of the killing.
    text = f"Gang members shot dead 46 inmates at the women's prison on Tuesday. {retelling}"
    (event,) = _extract(text).events
    assert event.fatalities_total is not None and event.fatalities_total.best == 46


def test_a_bomb_in_a_gas_cylinder_is_still_an_attack() -> None:
    text = (
        "A roadside bomb hidden in a gas cylinder killed 4 policemen on Monday. "
        "Police said the IED was detonated by remote control."
    )
    assert len(_extract(text).events) == 1


def test_a_claimed_explosion_stays_an_attack_whatever_the_cues() -> None:
    text = (
        "A bomb killed 9 people at a gas cylinder shop on Monday. "
        "The Islamic State claimed responsibility for the attack."
    )
    assert len(_extract(text).events) == 1


def test_a_later_day_telling_of_the_same_bombing_is_no_new_event() -> None:
    text = (
        "A bomb hit a school bus on Monday, killing five children. "
        "The number of people killed in the bombing rose to eight on Wednesday. "
        "Two soldiers on board were among those killed in Monday's blast."
    )
    (event,) = _extract(text).events
    assert event.date == dt.date(2026, 4, 13)
    assert _killed(event) == {"civilians": 6, "security_forces": 2}


def test_when_something_ends_is_no_incident_s_day() -> None:
    text = (
        "The town will be under curfew until 6pm on Thursday, after a rally there came under "
        "attack today. At least two people were killed in the clashes."
    )
    (event,) = _extract(text).events
    assert (event.date, event.date_precision) == (dt.date(2026, 4, 15), 1)


def test_a_paragraph_that_opens_on_an_earlier_day_tells_that_incident() -> None:
    text = (
        "Troops repelled an attack on a base on Tuesday, killing 4 militants.\n\n"
        "Last week, gunmen tried to storm the port. All eight attackers were killed, and "
        "two soldiers died in that gunfight."
    )
    first, second = _extract(text).events
    assert _killed(first) == {"militants": 4}
    assert second.background and _killed(second) == {"militants": 8, "security_forces": 2}


def test_the_day_an_official_spoke_is_not_a_new_event() -> None:
    text = (
        "Gunmen killed 10 people at a market on Sunday. "
        "Speaking to reporters on Tuesday, the governor said eight died on the spot."
    )
    (event,) = _extract(text).events
    assert event.date == dt.date(2026, 4, 12)


@pytest.mark.parametrize(
    ("context", "date", "precision"),
    [
        # The start of a long span is context: the undated strike is the week's news.
        ("The air force has carried out more than 200 strikes since mid-March.", (4, 15), 2),
        ("It has bombed the province since October last year.", (4, 15), 2),
        # A month alone, told of another strike, does not date this one either.
        ("The rebels cited a strike on a fuel depot earlier this month.", (4, 15), 2),
        # A recent day a span began from is the span's start, at week precision.
        ("Jets have struck the town repeatedly since Sunday.", (4, 12), 2),
    ],
)
def test_the_start_of_a_span_does_not_date_an_undated_incident(
    context: str, date: tuple[int, int], precision: int
) -> None:
    text = f"An air strike on a detention centre killed 30 migrants, officials said. {context}"
    event = _extract(text).events[0]
    assert (event.date, event.date_precision) == (dt.date(2026, *date), precision)
    assert not event.background
    assert _killed(event) == {"civilians": 30}


def test_a_day_a_span_is_counted_from_dates_the_incident_its_clause_tells() -> None:
    text = (
        "Police detained 40 protesters outside parliament on Saturday. It was the largest "
        "police operation in the capital since February 28, when officers dismantled a tent "
        "camp and detained 12 students."
    )
    first, second = _extract(text).events
    assert first.date == dt.date(2026, 4, 11) and not first.background
    assert second.date == dt.date(2026, 2, 28) and second.background


@pytest.mark.parametrize(
    "count",
    [
        "It was at least the third such attack on the city since May.",
        "It was the second such strike on the market this year.",
    ],
)
def test_the_nth_such_attack_counts_the_event_and_starts_none(count: str) -> None:
    text = f"A drone struck a market in the city on Sunday, killing 12 civilians. {count}"
    (event,) = _extract(text).events
    assert event.date == dt.date(2026, 4, 12) and not event.background
    assert _killed(event) == {"civilians": 12}


def test_a_toll_told_with_its_blame_is_still_an_event() -> None:
    (event,) = _extract(
        "At least eight civilians were killed on Monday in a raid blamed on the rebels."
    ).events
    assert _killed(event) == {"civilians": 8}


def test_the_previous_week_dates_its_own_incident_not_the_article() -> None:
    text = (
        "Gunmen killed eight villagers on Monday, officials said. "
        "The previous week, 18 civilians were killed in a raid on another village."
    )
    first, second = _extract(text).events
    assert first.date == dt.date(2026, 4, 13) and not first.background
    assert second.background and _killed(second) == {"civilians": 18}


@pytest.mark.parametrize(
    ("told", "background"),
    [
        ("Earlier this week, at least 30 people were killed in a drone strike on a market.", True),
        ("The raid came one day after an operation in which 41 insurgents were killed.", True),
        ("Elsewhere, two soldiers died when their vehicle hit a mine.", False),
        ("Further south, two soldiers were wounded by the overnight drone attacks.", False),
    ],
    ids=["earlier-this-week", "came-a-day-after", "elsewhere", "further-south"],
)
def test_another_incident_of_the_report_is_background_when_told_as_earlier(
    told: str, background: bool
) -> None:
    text = f"A drone strike killed 5 civilians in the town on Tuesday. {told}"
    first, second = _extract(text).events
    assert _killed(first) == {"civilians": 5} and not first.background
    assert second.background is background
    assert background or second.date == first.date


def test_gunmen_opening_fire_on_people_is_an_attack_not_a_clash() -> None:
    text = (
        "Gunmen shot dead 10 people at a junction in the city on Sunday. "
        "Witnesses said the assailants opened fire as people ran."
    )
    (event,) = _extract(text).events
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")


@pytest.mark.parametrize(
    "share",
    [
        "Police officers accounted for 27 of the dead.",
        "Policemen made up 27 of the dead, officials said.",
    ],
    ids=["accounted-for", "made-up"],
)
def test_who_part_of_the_dead_were_moves_them_without_adding(share: str) -> None:
    text = f"A suicide bomber killed 44 worshippers at a mosque on Monday. {share}"
    (event,) = _extract(text).events
    assert _killed(event) == {"civilians": 17, "security_forces": 27}


def test_talk_of_the_conflict_does_not_make_a_bombing_a_battle() -> None:
    text = (
        "Two militants died on Saturday when their bomb went off outside a police station. "
        "The army has since resumed operations against the group, which has stepped up its "
        "attacks on the security forces."
    )
    (event,) = _extract(text).events
    assert event.event_type == "Explosions/Remote violence"


def test_another_attack_that_killed_soldiers_was_fought() -> None:
    text = (
        "Fighters killed 23 farmers in a village on Saturday. "
        "Another attack on Sunday killed three soldiers, the army said. "
        "Last year, 110 farmers were killed in the same area."
    )
    _, second, third = _extract(text).events
    assert (second.event_type, second.sub_event_type) == ("Battles", "Armed clash")
    assert _killed(second) == {"security_forces": 3}
    assert third.background and _killed(third) == {"civilians": 110}


def test_the_rest_of_a_count_in_an_attack_are_civilians() -> None:
    (event,) = _extract(
        "A bomb killed five people, three of them policemen, in the market on Monday."
    ).events
    assert _killed(event) == {"security_forces": 3, "civilians": 2}


def test_an_aside_naming_the_dead_after_the_count_is_a_subset() -> None:
    (event,) = _extract(
        "Gunmen killed at least 12 people, a doctor and a nurse among them, on Monday."
    ).events
    assert sum(_killed(event).values()) == 12


def test_attackers_among_the_dead_are_not_counted_twice() -> None:
    text = (
        "An attack on the governor's palace on Wednesday night left 19 people dead, 18 of them "
        "among the assailants, the spokesman said."
    )
    (event,) = _extract(text).events
    assert _killed(event)["militants"] == 18
    assert sum(_killed(event).values()) == 19


def test_unknown_total_does_not_double_count_named_victims() -> None:
    text = "An explosion killed 9 people on Monday. Seven civilians and two policemen died."
    (event,) = _extract(text).events
    assert _killed(event) == {"civilians": 7, "security_forces": 2}
    assert event.fatalities_total is not None and event.fatalities_total.best == 9


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on police have risen sharply in the province in recent years.",
        "Separatists and the Taliban routinely target police and soldiers in the province.",
        "Coordinated attacks on such a scale are unusual.",
    ],
    ids=["have-risen", "routinely", "unusual"],
)
def test_background_talk_makes_no_event(text: str) -> None:
    assert _extract(text).events == []


def _txt(name: str) -> Article:
    headline, body = split_headline((EXAMPLES / name).read_text(encoding="utf-8"))
    return Article(id=name, title=headline, text=body)


def _jsonl() -> dict[str, Article]:
    lines = (EXAMPLES / "wire-reports.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [Article.model_validate(json.loads(line)) for line in lines if line.strip()]
    return {article.id: article for article in articles}


def _main(record: ArticleRecord) -> Event:
    roots = [event for event in record.roots() if not event.background]
    assert roots, "no event extracted"
    return roots[0]


def test_example_peshawar() -> None:
    record = extract_article(_txt("peshawar-checkpoint.txt"))
    event = _main(record)
    assert _killed(event) == {"security_forces": 4, "militants": 3}
    assert event.date == dt.date(2026, 3, 10)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    aggregates = [s for s in record.statements if s.kind == "aggregate"]
    assert any(s.count is not None and s.count.best == 180 for s in aggregates)
    assert event.claimed_by == ["Tehreek-e-Taliban Pakistan"]


def test_example_maiduguri() -> None:
    event = _main(extract_article(_txt("maiduguri-ied.txt")))
    assert _killed(event) == {"civilians": 7}
    assert event.injured is not None and event.injured.best == 11
    assert event.date == dt.date(2026, 5, 18)
    assert event.sub_event_type == "Remote explosive/landmine/IED"


def test_example_quetta_followup() -> None:
    record = extract_article(_txt("quetta-followup.txt"))
    event = _main(record)
    assert event.fatalities_total is not None and event.fatalities_total.best == 9
    assert any(s.kind == "revision" and s.count and s.count.best == 9 for s in record.statements)
    # "Nine people …, among them two Levies personnel"; "23 people were being treated for
    # injuries": the two are security forces, the other seven civilians (issue 14).
    assert _killed(event) == {"security_forces": 2, "civilians": 7}
    assert event.injured is not None and event.injured.best == 23


def test_example_nairobi() -> None:
    record = extract_article(_txt("nairobi-protest.txt"))
    event = _main(record)
    assert (event.event_type, event.sub_event_type) == (
        "Protests",
        "Excessive force against protesters",
    )
    assert event.fatalities_total is not None and event.fatalities_total.best == 3
    assert event.date == dt.date(2026, 7, 7)


@pytest.mark.parametrize(
    ("article_id", "killed", "date", "sub_event_type"),
    [
        (
            "sw-2026-0204-mali",
            {"security_forces": 6, "militants": 20},
            dt.date(2026, 2, 2),
            "Armed clash",
        ),
        (
            "sw-2026-0815-somalia",
            {"civilians": 9, "militants": 1},
            dt.date(2026, 8, 14),
            "Suicide bomb",
        ),
        ("sw-2026-1007-myanmar", {"civilians": 14}, dt.date(2026, 10, 4), "Air/drone strike"),
    ],
    ids=["mali", "somalia", "myanmar"],
)
def test_example_wire_reports(
    article_id: str, killed: dict[str, int], date: dt.date, sub_event_type: str
) -> None:
    record = extract_article(_jsonl()[article_id])
    event = _main(record)
    assert _killed(event) == killed
    assert event.date == date
    assert event.sub_event_type == sub_event_type


def test_example_mali_claim_is_not_counted() -> None:
    record = extract_article(_jsonl()["sw-2026-0204-mali"])
    claims = [s for s in record.statements if s.kind == "claim"]
    assert [(s.category, s.count.best if s.count else None) for s in claims] == [
        ("security_forces", 15)
    ]
    total = sum(event.fatalities_total.best for event in record.roots() if event.fatalities_total)
    assert total == 26


def test_example_myanmar_denial() -> None:
    record = extract_article(_jsonl()["sw-2026-1007-myanmar"])
    denials = [s for s in record.statements if s.kind == "denial"]
    assert [s.actor for s in denials] == ["the military government"]


def test_every_example_record_round_trips_through_json() -> None:
    articles = [_txt(path.name) for path in sorted(EXAMPLES.glob("*.txt"))]
    articles += list(_jsonl().values())
    for article in articles:
        record = extract_article(article)
        again = ArticleRecord.model_validate_json(record.model_dump_json())
        assert [event.id for event in again.events] == [event.id for event in record.events]


@pytest.mark.parametrize(
    ("text", "aggregate"),
    [
        ("The war has killed more than 130,000 people, according to monitors.", 131),
        ("Thousands of people have been killed in the conflict.", None),
        ("The insurgency has killed 4,000 civilians in the province.", 4000),
        ("Within a single 24-hour period, at least 33 people were killed in the city.", 33),
        ("A day earlier, 17 soldiers were martyred in separate terrorist attacks.", 17),
        ("Rights groups say the police have killed more than 60 people since 2021.", 61),
        (
            "Monitors documented 24 drone strikes in 17 separate incidents between September 25 "
            "and October 16, killing 87 people.",
            87,
        ),
        ("Air strikes between 3 March and 9 April killed 40 civilians, the UN said.", 40),
    ],
    ids=[
        "war-toll",
        "thousands-vague",
        "insurgency-toll",
        "24-hour-period",
        "separate-attacks",
        "since-a-year",
        "incidents-counted-over-a-span",
        "a-span-between-two-days",
    ],
)
def test_running_tallies_are_aggregates_not_events(text: str, aggregate: int | None) -> None:
    record = _extract(text)
    assert all(e.fatalities_total is None for e in record.events)
    counts = [s.count.best for s in record.statements if s.kind == "aggregate" and s.count]
    if aggregate is not None:
        assert counts and counts[0] >= aggregate


@pytest.mark.parametrize(
    ("text", "aggregate"),
    [
        (
            "A bomb killed 23 people at a market in Quetta on Tuesday, the deadliest attack in "
            "the province this year.",
            None,
        ),
        (
            "A bomb killed 23 people at a market in Quetta on Tuesday, the worst this year.",
            None,
        ),
        (
            "A bomb killed 23 people at a market in Quetta on Tuesday. It was the worst year "
            "yet, with more than 700 people killed in the province this year.",
            700,
        ),
    ],
    ids=["deadliest-this-year", "worst-this-year", "the-year-has-its-own-figure"],
)
def test_a_superlative_ranks_the_event_and_leaves_its_toll(
    text: str, aggregate: int | None
) -> None:
    """ "the deadliest attack this year": the year ranks the event; its 23 dead are its toll, not
    a tally of the year (the whole toll became an aggregate and the event had none)."""
    event = _main(_extract(text))
    assert _killed(event) == {"civilians": 23}
    counts = [s.count.best for s in _extract(text).statements if s.kind == "aggregate" and s.count]
    assert (counts and counts[0] >= aggregate) if aggregate is not None else counts == []


def test_a_fresh_toll_in_the_perfect_is_still_an_event() -> None:
    record = _extract("A bomb blast has killed five people at a market in the town on Monday.")
    (event,) = record.events
    assert _killed(event) == {"civilians": 5}


def test_a_figure_dated_years_earlier_is_a_background_event() -> None:
    record = _extract(
        "Gunmen killed six villagers on Monday. In the worst attack, 67 people were killed at a "
        "shopping centre in September 2013."
    )
    current = [e for e in record.events if not e.background]
    assert [_killed(e) for e in current] == [{"civilians": 6}]
    assert any(e.background and e.date == dt.date(2013, 9, 1) for e in record.events)


def test_a_conflict_that_has_since_killed_thousands_is_an_aggregate() -> None:
    record = _extract("The crackdown grew into a conflict that has since killed 6,000 people.")
    assert all(e.fatalities_total is None for e in record.events)
    assert [s.count.best for s in record.statements if s.count] == [6000]


def test_an_incident_years_before_the_report_is_background() -> None:
    record = _extract(
        "A court convicted three men over the April 2015 attack on a university, in which "
        "148 people died."
    )
    assert record.events and all(event.background for event in record.events)


@pytest.mark.parametrize(
    "text",
    [
        "Investigators found no evidence of a suicide attack at the police station.",
        "All vehicles were inspected and no trace of an IED was found.",
    ],
    ids=["no-evidence", "no-trace"],
)
def test_findings_that_rule_out_an_attack_make_no_event(text: str) -> None:
    assert _extract(text).events == []


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Militants attacked a police post in Bannu on Monday, killing 37 soldiers. "
            "Later on Monday, 30 more soldiers died in the fighting.",
            {"security_forces": 67},
        ),
        (
            "The ambush in Bannu left one soldier dead on Monday. "
            "By Tuesday, a second soldier had died of his injuries.",
            {"security_forces": 2},
        ),
        (
            "The ambush in Bannu left one soldier dead on Monday. "
            "Another soldier died on Tuesday of his wounds.",
            {"security_forces": 2},
        ),
        (
            "Gunmen killed 12 villagers in Bannu on Monday. "
            "Police said 12 villagers had died in the attack.",
            {"civilians": 12},
        ),
    ],
    ids=["n-more", "a-second-died-of-injuries", "another-died-of-wounds", "restated"],
)
def test_more_dead_add_to_the_toll_and_the_wounded_who_die_later_stay_with_it(
    text: str, killed: dict[str, int]
) -> None:
    (event,) = _extract(text).events
    assert _killed(event) == killed
    assert event.date == dt.date(2026, 4, 13)


def test_a_demonstration_after_an_attack_is_an_event_of_its_own() -> None:
    text = (
        "Ten people were killed in explosions at a camp near Goma on Monday. "
        "Angered by the attack, camp residents blocked roads in protest."
    )
    blast, protest = _extract(text).events
    assert blast.event_type == "Explosions/Remote violence"
    assert (protest.event_type, protest.date) == ("Protests", dt.date(2026, 4, 13))
    assert protest.fatalities_total is None


def test_a_demonstration_told_again_after_its_background_is_the_same_event() -> None:
    text = (
        "Residents took to the streets on Monday to protest against the closure of the road.\n\n"
        "The road was closed after gunmen killed 12 passengers on April 2.\n\n"
        "The elders said the protest would go on until the road was reopened."
    )
    events = _extract(text).events
    assert [e.event_type for e in events].count("Protests") == 1


def test_the_dead_told_again_say_how_they_died_and_make_no_new_event() -> None:
    text = (
        "Militants stormed the police headquarters in Karachi on Monday, leaving five people "
        "dead. The five died when a suicide bomber blew himself up on the fourth floor."
    )
    (event,) = _extract(text).events
    assert sum(_killed(event).values()) == 5


def test_arrests_over_an_attack_are_the_news_and_the_attack_is_background() -> None:
    text = (
        "Four suspects have been taken into custody over the suicide bombing at the district "
        "courts.\n\nThe bombing outside the courts killed 12 people and wounded 36."
    )
    arrests, bombing = _extract(text, None).events
    assert (arrests.event_type, arrests.sub_event_type) == ("Strategic developments", "Arrests")
    assert not arrests.background and arrests.fatalities_total is None
    assert bombing.sub_event_type == "Suicide bomb" and bombing.background
    assert sum(_killed(bombing).values()) == 12


def test_arrests_after_the_news_of_an_attack_add_no_event() -> None:
    text = (
        "A suicide bomber killed 12 people outside the courts on Monday. "
        "Police arrested two suspects over the attack."
    )
    (bombing,) = _extract(text).events
    assert bombing.sub_event_type == "Suicide bomb" and sum(_killed(bombing).values()) == 12


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        (
            "Police arrested five men over the weekend after gunmen killed three people in a raid "
            "on Monday.",
            3,
        ),
        ("Police arrested two suspects over the attack, which killed 12 people on Monday.", 12),
    ],
    ids=["over-the-weekend", "the-attack-with-its-toll"],
)
def test_a_sentence_with_the_attack_s_toll_reports_the_attack(text: str, dead: int) -> None:
    (event,) = _extract(text).events
    assert event.event_type != "Strategic developments"
    assert event.fatalities_total is not None and event.fatalities_total.best == dead


@pytest.mark.parametrize(
    ("text", "claimed", "civilians"),
    [
        (
            "At least 30 people were killed on Monday when an air strike hit a market, the "
            "Houthi movement said.",
            False,
            30,
        ),
        (
            "Al-Shabaab said 12 civilians died on Sunday when a drone struck a bus near Jilib.",
            False,
            12,
        ),
        ("The BLA asserted on Monday that 84 soldiers had been killed in the attacks.", True, None),
    ],
    ids=["victims-of-an-enemy-strike", "group-reports-civilian-deaths", "group-claims-soldiers"],
)
def test_a_group_claims_the_forces_it_killed_not_the_people_others_killed(
    text: str, claimed: bool, civilians: int | None
) -> None:
    record = _extract(text)
    assert any(s.kind == "claim" for s in record.statements) is claimed
    figure = record.events[0].fatalities.civilians if record.events else None
    assert (figure.best if figure else None) == civilians


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Gunmen killed 12 soldiers at an army post near Boulkessi on Tuesday.",
            ("Battles", "Armed clash"),
        ),
        (
            "Militants killed 12 soldiers at an army post on Tuesday. JNIM claimed the attack.",
            ("Battles", "Armed clash"),
        ),
        (
            "Gunmen killed 12 villagers near Boulkessi on Tuesday.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "Gunmen killed three soldiers and two passengers on a bus on Tuesday.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "Gunmen abducted two policemen near Boulkessi on Tuesday.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
    ],
    ids=["soldiers", "attack-claimed", "villagers", "soldiers-and-civilians", "abduction"],
)
def test_an_attack_whose_only_dead_are_combatants_is_a_battle(
    text: str, kind: tuple[str, str]
) -> None:
    """ACLED's violence against civilians targets unarmed people: a generic "attack" that killed
    only soldiers, police or militants was fought."""
    event = _main(extract_article(Article(id="t", text=text, published=dt.date(2026, 5, 20))))
    assert (event.event_type, event.sub_event_type) == kind


_TRIGGER_WORDS = sorted(
    {
        word.strip("*")
        for trigger in default_lexicon().triggers
        for word in trigger.phrase.split()
        if word != "..." and "<" not in word
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_TRIGGER_WORDS),
            st.sampled_from(["the", "on", "Sunday", "in", "town", "ed", "s", "’s", "-", ","]),
        ),
        max_size=25,
    ).map(" ".join)
)
def test_the_trigger_index_finds_what_searching_every_trigger_finds(text: str) -> None:
    """Only the triggers whose first word is in the text are searched; none is missed."""
    lex = default_lexicon()
    masked = lex.non_trigger_re.sub(lambda match: " " * len(match.group(0)), text)
    every = sorted(
        (match.start(), index)
        for index, trigger in enumerate(lex.triggers)
        if (match := trigger.pattern.search(masked))
    )
    assert sentence_triggers(text) == [lex.triggers[index] for _, index in every]
