"""ACLED actor names for extracted events (sitrep/extract/actors.py), on reports written for it."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from sitrep.extract.actors import ActorLexicon, assign_actors, default_actor_lexicon
from sitrep.models import Article, ArticleRecord, Event, Evidence

PK_BLA = "Baloch Liberation Army"
TTP = "Tehrik-i-Taliban Pakistan"
ISKP = "Islamic State (Khorasan)"


class Case(NamedTuple):
    id: str
    text: str
    evidence: str
    event_type: str
    sub_event_type: str
    country: str | None
    actor1: str | None
    actor2: str | None
    claimed_by: tuple[str, ...] = ()


def _record(case: Case) -> ArticleRecord:
    start = case.text.index(case.evidence)
    event = Event(
        id="e1",
        event_type=case.event_type,
        sub_event_type=case.sub_event_type,
        country=case.country,
        claimed_by=list(case.claimed_by),
        evidence=[Evidence(start=start, end=start + len(case.evidence), text=case.evidence)],
    )
    return ArticleRecord(article=Article(id="t", text=case.text), events=[event])


VAC = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")

CASES = [
    # --- named groups as the subject of an attack verb, by alias and acronym
    Case(
        "pk-bla-acronym",
        "BLA fighters stormed a Frontier Corps camp in Kech district, killing four soldiers.",
        "BLA fighters stormed a Frontier Corps camp in Kech district, killing four soldiers.",
        *CLASH,
        "PK",
        PK_BLA,
        "Military Forces of Pakistan",
    ),
    Case(
        "pk-bla-police-station",
        "Militants of the Baloch Liberation Army attacked a police "
        "station in Turbat, killing two policemen.",
        "Militants of the Baloch Liberation Army "
        "attacked a police station in Turbat, killing two policemen.",
        *CLASH,
        "PK",
        PK_BLA,
        "Police Forces of Pakistan",
    ),
    Case(
        "pk-blf",
        "The Balochistan Liberation Front ambushed a Levies patrol near Awaran.",
        "The Balochistan Liberation Front ambushed a Levies patrol near Awaran.",
        *CLASH,
        "PK",
        "Baloch Liberation Front",
        "Police Forces of Pakistan",
    ),
    Case(
        "pk-ttp-spelling",
        "Tehreek-e-Taliban Pakistan militants attacked a checkpoint in Lakki Marwat.",
        "Tehreek-e-Taliban Pakistan militants attacked a checkpoint in Lakki Marwat.",
        *CLASH,
        "PK",
        TTP,
        "Military Forces of Pakistan",
    ),
    Case(
        "pk-khawarij",
        "Khawarij opened fire on a police van in Dera Ismail Khan, martyring three constables.",
        "Khawarij opened fire on a police van in Dera Ismail Khan, martyring three constables.",
        *CLASH,
        "PK",
        TTP,
        "Police Forces of Pakistan",
    ),
    Case(
        "pk-taliban-in-pakistan",
        "Taliban fighters raided a Rangers post near Bannu.",
        "Taliban fighters raided a Rangers post near Bannu.",
        *CLASH,
        "PK",
        TTP,
        "Military Forces of Pakistan",
    ),
    Case(
        "af-taliban",
        "Taliban fighters raided a village in Panjshir and shot two farmers.",
        "Taliban fighters raided a village in Panjshir and shot two farmers.",
        *VAC,
        "AF",
        "Taliban",
        "Civilians (Afghanistan)",
    ),
    Case(
        "pk-gul-bahadur",
        "Fighters loyal to Hafiz Gul Bahadur attacked a convoy in North Waziristan.",
        "Fighters loyal to Hafiz Gul Bahadur attacked a convoy in North Waziristan.",
        *CLASH,
        "PK",
        "Hafiz Gul Bahadur Group",
        "Military Forces of Pakistan",
    ),
    # --- claims: the strongest signal, also from another paragraph
    Case(
        "pk-claimed-by-ttp",
        "A roadside bomb hit a police mobile in Bajaur, killing three policemen.",
        "A roadside bomb hit a police mobile in Bajaur, killing three policemen.",
        *IED,
        "PK",
        TTP,
        "Police Forces of Pakistan",
        ("TTP",),
    ),
    Case(
        "pk-claim-later",
        "A suicide bomber blew himself up at a rally in Bajaur, killing 40 "
        "people.\nThe Islamic State Khorasan Province claimed the bombing on Telegram.",
        "A suicide bomber blew himself up at a rally in Bajaur, killing 40 people.",
        *SUICIDE,
        "PK",
        ISKP,
        "Civilians (Pakistan)",
    ),
    Case(
        "pk-claim-beats-troops",
        "Security forces killed nine militants who stormed an air "
        "base in Mianwali.\nThe Tehreek-e-Jihad Pakistan (TJP) claimed the attack.",
        "Security forces killed nine militants who stormed an air base in Mianwali.",
        *CLASH,
        "PK",
        "Tehreek-e-Jihad Pakistan",
        "Military Forces of Pakistan",
    ),
    Case(
        "af-iskp-claim",
        "ISIS-K claimed the suicide bombing at a Kabul mosque that killed 12 worshippers.",
        "ISIS-K claimed the suicide bombing at a Kabul mosque that killed 12 worshippers.",
        *SUICIDE,
        "AF",
        ISKP,
        "Civilians (Afghanistan)",
    ),
    # --- blamed and suspected groups
    Case(
        "ke-blamed",
        "Gunmen killed six people in Lamu, and police blamed al-Shabaab for the raid.",
        "Gunmen killed six people in Lamu, and police blamed al-Shabaab for the raid.",
        *VAC,
        "KE",
        "Al Shabaab",
        "Civilians (Kenya)",
    ),
    Case(
        "ng-suspected",
        "Suspected Boko Haram insurgents abducted 20 schoolgirls in Borno.",
        "Suspected Boko Haram insurgents abducted 20 schoolgirls in Borno.",
        *ABDUCTION,
        "NG",
        "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        "Civilians (Nigeria)",
    ),
    # --- country-specific Islamic State branches
    Case(
        "mz-islamic-state",
        "Islamic State fighters beheaded four fishermen near Macomia.",
        "Islamic State fighters beheaded four fishermen near Macomia.",
        *VAC,
        "MZ",
        "Islamic State (Mozambique)",
        "Civilians (Mozambique)",
    ),
    Case(
        "mz-local-shabaab",
        "The insurgents, known locally as al-Shabaab, killed three villagers in Nangade.",
        "The insurgents, known locally as al-Shabaab, killed three villagers in Nangade.",
        *VAC,
        "MZ",
        "Ahlu Sunnah Wa-Jama",
        "Civilians (Mozambique)",
    ),
    Case(
        "sy-islamic-state",
        "IS militants ambushed an army patrol near Palmyra, killing five soldiers.",
        "IS militants ambushed an army patrol near Palmyra, killing five soldiers.",
        *CLASH,
        "SY",
        "Islamic State (Syria)",
        "Military Forces of Syria",
    ),
    Case(
        "iq-islamic-state",
        "ISIS gunmen attacked a checkpoint in Kirkuk.",
        "ISIS gunmen attacked a checkpoint in Kirkuk.",
        *CLASH,
        "IQ",
        "Islamic State (Iraq)",
        "Military Forces of Iraq",
    ),
    Case(
        "ng-iswap",
        "ISWAP fighters overran a military base in Malam-Fatori.",
        "ISWAP fighters overran a military base in Malam-Fatori.",
        *CLASH,
        "NG",
        "Islamic State West Africa Province",
        "Military Forces of Nigeria",
    ),
    Case(
        "cd-iscap-is-adf",
        "Islamic State Central Africa Province fighters hacked 11 villagers to death in Beni.",
        "Islamic State Central Africa Province fighters hacked 11 villagers to death in Beni.",
        *VAC,
        "CD",
        "Allied Democratic Forces",
        "Civilians (Democratic Republic of Congo)",
    ),
    Case(
        "so-islamic-state",
        "IS fighters attacked a Puntland base in the Cal Miskaad mountains.",
        "IS fighters attacked a Puntland base in the Cal Miskaad mountains.",
        *CLASH,
        "SO",
        "Islamic State (Somalia)",
        "Military Forces of Somalia",
    ),
    Case(
        "ml-jnim-with-the",
        "The Group for the Support of Islam and Muslims attacked an army post near Boulkessi.",
        "The Group for the Support of Islam and Muslims attacked an army post near Boulkessi.",
        *CLASH,
        "ML",
        "JNIM: Group for Support of Islam and Muslims",
        "Military Forces of Mali",
    ),
    Case(
        "id-tpnpb",
        "TPNPB fighters attacked a military post in Intan Jaya.",
        "TPNPB fighters attacked a military post in Intan Jaya.",
        *CLASH,
        "ID",
        "West Papua National Liberation Army",
        "Military Forces of Indonesia",
    ),
    # --- a group named only as another's parent did nothing
    Case(
        "so-parent-in-a-relative-clause",
        "Al-Shabaab, which is linked to al-Qaeda, claimed a bombing that killed five people.",
        "Al-Shabaab, which is linked to al-Qaeda, claimed a bombing that killed five people.",
        *IED,
        "SO",
        "Al Shabaab",
        "Civilians (Somalia)",
    ),
    Case(
        "ml-parent-before-the-group",
        "An al-Qaeda-linked group, JNIM, stormed an army post near Boulkessi.",
        "An al-Qaeda-linked group, JNIM, stormed an army post near Boulkessi.",
        *CLASH,
        "ML",
        "JNIM: Group for Support of Islam and Muslims",
        "Military Forces of Mali",
    ),
    Case(
        "af-branch-of",
        "Islamic State Khorasan, the Afghan branch of al-Qaeda's rival, attacked a checkpoint.",
        "Islamic State Khorasan, the Afghan branch of al-Qaeda's rival, attacked a checkpoint.",
        *CLASH,
        "AF",
        "Islamic State (Khorasan)",
        "Military Forces of Afghanistan",
    ),
    Case(
        "so-the-parent-alone-stays",
        "Al-Qaeda claimed a bombing that killed five people in Mogadishu.",
        "Al-Qaeda claimed a bombing that killed five people in Mogadishu.",
        *IED,
        "SO",
        "Al Qaeda",
        "Civilians (Somalia)",
    ),
    # --- a battle has two armed sides: the one a report leaves unnamed is the state's
    Case(
        "so-battle-other-side-unnamed",
        "Al-Shabaab fighters clashed for hours on the outskirts of Jowhar.",
        "Al-Shabaab fighters clashed for hours on the outskirts of Jowhar.",
        *CLASH,
        "SO",
        "Al Shabaab",
        "Military Forces of Somalia",
    ),
    # --- acronym collisions: lower-case words never match an all-caps alias
    Case(
        "is-verb-not-group",
        "It is not known who attacked the bus in Bamenda; the gunmen killed five passengers.",
        "It is not known who attacked the bus in Bamenda; the gunmen killed five passengers.",
        *VAC,
        "CM",
        "Unidentified Armed Group (Cameroon)",
        "Civilians (Cameroon)",
    ),
    Case(
        "pdf-file-not-group",
        "Gunmen shot dead a teacher in Sagaing, according to a pdf report.",
        "Gunmen shot dead a teacher in Sagaing, according to a pdf report.",
        *VAC,
        "MM",
        "Unidentified Armed Group (Myanmar)",
        "Civilians (Myanmar)",
    ),
    Case(
        "mm-pdf",
        "PDF fighters ambushed a junta convoy in Magway.",
        "PDF fighters ambushed a junta convoy in Magway.",
        *CLASH,
        "MM",
        "PDF: People's Defense Force",
        "Military Forces of Myanmar",
    ),
    # --- state forces as perpetrators, and security operations
    Case(
        "pk-troops-kill-ttp",
        "Troops killed 10 TTP militants in an operation in Khyber.",
        "Troops killed 10 TTP militants in an operation in Khyber.",
        *CLASH,
        "PK",
        "Military Forces of Pakistan",
        TTP,
    ),
    Case(
        "pk-operation-unnamed",
        "Five militants were killed in an intelligence-based operation in Zhob.",
        "Five militants were killed in an intelligence-based operation in Zhob.",
        *CLASH,
        "PK",
        "Military Forces of Pakistan",
        "Unidentified Armed Group (Pakistan)",
    ),
    Case(
        "pk-ctd-custody",
        "CTD personnel shot dead a suspect in custody in Turbat.",
        "CTD personnel shot dead a suspect in custody in Turbat.",
        *VAC,
        "PK",
        "Police Forces of Pakistan",
        "Civilians (Pakistan)",
    ),
    Case(
        "pk-arrests",
        "Police arrested four suspects over the Islamabad bombing.",
        "Police arrested four suspects over the Islamabad bombing.",
        "Strategic developments",
        "Arrests",
        "PK",
        "Police Forces of Pakistan",
        None,
    ),
    # --- strikes: the state's military unless another state is named
    Case(
        "mm-air-strike",
        "A military air strike killed 12 people at a market in Sagaing.",
        "A military air strike killed 12 people at a market in Sagaing.",
        *AIR,
        "MM",
        "Military Forces of Myanmar",
        "Civilians (Myanmar)",
    ),
    Case(
        "et-drone",
        "A drone strike hit a bus in Amhara, killing 30 passengers.",
        "A drone strike hit a bus in Amhara, killing 30 passengers.",
        *AIR,
        "ET",
        "Military Forces of Ethiopia",
        "Civilians (Ethiopia)",
    ),
    Case(
        "ua-russian-drone",
        "A Russian drone struck an apartment block in Kharkiv, killing three civilians.",
        "A Russian drone struck an apartment block in Kharkiv, killing three civilians.",
        *AIR,
        "UA",
        "Military Forces of Russia",
        "Civilians (Ukraine)",
    ),
    Case(
        "ua-air-defence",
        "Ukrainian air defence forces shot down 40 Russian drones overnight, "
        "but one hit a house in Odesa, killing two people.",
        "Ukrainian air defence forces shot "
        "down 40 Russian drones overnight, but one hit a house in Odesa, killing two people.",
        *AIR,
        "UA",
        "Military Forces of Russia",
        "Civilians (Ukraine)",
    ),
    Case(
        "ps-a-country-after-a-preposition-is-a-place",
        "Israeli strikes across the Gaza Strip killed at least 65 Palestinians overnight.",
        "Israeli strikes across the Gaza Strip killed at least 65 Palestinians overnight.",
        *VAC,
        "PS",
        "Military Forces of Israel",
        "Civilians (Palestine)",
    ),
    Case(
        "sd-the-state-regains-territory-whoever-the-subject",
        "Rapid Support Forces fighters fled the presidential palace in Khartoum as soldiers "
        "retook it on Friday.",
        "Rapid Support Forces fighters fled the presidential palace in Khartoum as soldiers "
        "retook it on Friday.",
        "Battles",
        "Government regains territory",
        "SD",
        "Military Forces of Sudan",
        "Rapid Support Forces",
    ),
    Case(
        "cm-government-forces-attacked",
        "At least four fighters were killed when government forces launched an attack on them "
        "in Bamenda.",
        "At least four fighters were killed when government forces launched an attack on them "
        "in Bamenda.",
        *CLASH,
        "CM",
        "Military Forces of Cameroon",
        "Unidentified Armed Group (Cameroon)",
    ),
    Case(
        "ua-russia-shelled",
        "Russia shelled Kherson overnight, wounding four residents.",
        "Russia shelled Kherson overnight, wounding four residents.",
        *SHELLING,
        "UA",
        "Military Forces of Russia",
        "Civilians (Ukraine)",
    ),
    Case(
        "sd-rsf-shelling",
        "RSF shelling hit a mosque in El-Fasher, killing 13 civilians.",
        "RSF shelling hit a mosque in El-Fasher, killing 13 civilians.",
        *SHELLING,
        "SD",
        "Rapid Support Forces",
        "Civilians (Sudan)",
    ),
    Case(
        "ph-the-philippines",
        "NPA rebels ambushed an army patrol in Samar.",
        "NPA rebels ambushed an army patrol in Samar.",
        *CLASH,
        "PH",
        "NPA: New People's Army",
        "Military Forces of the Philippines",
    ),
    Case(
        "ke-us-troops",
        "Al-Shabaab militants attacked Camp Simba, killing a US soldier.",
        "Al-Shabaab militants attacked Camp Simba, killing a US soldier.",
        *CLASH,
        "KE",
        "Al Shabaab",
        "Military Forces of the United States",
    ),
    # --- nobody named
    Case(
        "pk-unidentified-bomb",
        "A bomb exploded in a market in Peshawar, killing five people.",
        "A bomb exploded in a market in Peshawar, killing five people.",
        *IED,
        "PK",
        "Unidentified Armed Group (Pakistan)",
        "Civilians (Pakistan)",
    ),
    Case(
        "ne-unidentified",
        "Gunmen on motorbikes killed 14 villagers in Tillaberi.",
        "Gunmen on motorbikes killed 14 villagers in Tillaberi.",
        *VAC,
        "NE",
        "Unidentified Armed Group (Niger)",
        "Civilians (Niger)",
    ),
    Case(
        "ht-gang",
        "Gang members shot dead seven residents in Port-au-Prince.",
        "Gang members shot dead seven residents in Port-au-Prince.",
        *VAC,
        "HT",
        "Unidentified Gang (Haiti)",
        "Civilians (Haiti)",
    ),
    Case(
        "ht-gran-grif",
        "Gran Grif gang members killed 20 people in Pont-Sonde.",
        "Gran Grif gang members killed 20 people in Pont-Sonde.",
        *VAC,
        "HT",
        "Gran Grif Gang",
        "Civilians (Haiti)",
    ),
    Case(
        "cd-name-override",
        "Unknown assailants killed four displaced people near Goma.",
        "Unknown assailants killed four displaced people near Goma.",
        *VAC,
        "CD",
        "Unidentified Armed Group (Democratic Republic of Congo)",
        "Civilians (Democratic Republic of Congo)",
    ),
    Case(
        "no-country",
        "Gunmen killed four traders on the highway.",
        "Gunmen killed four traders on the highway.",
        *VAC,
        None,
        None,
        None,
    ),
    Case(
        "background-group-ignored",
        "Gunmen killed four farmers in Zamfara.\nBoko Haram and ISWAP operate further east.",
        "Gunmen killed four farmers in Zamfara.",
        *VAC,
        "NG",
        "Unidentified Armed Group (Nigeria)",
        "Civilians (Nigeria)",
    ),
    # --- Colombia
    Case(
        "co-eln",
        "ELN guerrillas bombed a military base in Arauca, wounding four soldiers.",
        "ELN guerrillas bombed a military base in Arauca, wounding four soldiers.",
        *IED,
        "CO",
        "ELN: National Liberation Army",
        "Military Forces of Colombia",
    ),
    Case(
        "co-farc-dissidents",
        "FARC dissidents detonated a motorcycle bomb outside a police station in Jamundi.",
        "FARC dissidents detonated a motorcycle bomb outside a police station in Jamundi.",
        *IED,
        "CO",
        "EMC: Central General Staff (FARC dissidents)",
        "Police Forces of Colombia",
    ),
    # --- demonstrations
    Case(
        "ke-peaceful",
        "Hundreds marched peacefully through Nairobi against the finance bill.",
        "Hundreds marched peacefully through Nairobi against the finance bill.",
        "Protests",
        "Peaceful protest",
        "KE",
        "Protesters (Kenya)",
        None,
    ),
    Case(
        "np-intervention",
        "Police fired tear gas to disperse protesters in Kathmandu.",
        "Police fired tear gas to disperse protesters in Kathmandu.",
        "Protests",
        "Protest with intervention",
        "NP",
        "Protesters (Nepal)",
        "Police Forces of Nepal",
    ),
    Case(
        "bd-excessive-force",
        "Police opened fire on protesters in Dhaka, killing two students.",
        "Police opened fire on protesters in Dhaka, killing two students.",
        "Protests",
        "Excessive force against protesters",
        "BD",
        "Protesters (Bangladesh)",
        "Police Forces of Bangladesh",
    ),
    Case(
        "ve-excessive-force-by-soldiers",
        "Soldiers fired live rounds at demonstrators in Caracas, killing three.",
        "Soldiers fired live rounds at demonstrators in Caracas, killing three.",
        "Protests",
        "Excessive force against protesters",
        "VE",
        "Protesters (Venezuela)",
        "Military Forces of Venezuela",
    ),
    Case(
        "pk-state-strike-beside-a-claim-of-another-attack",
        "Military jets pounded militant hideouts in Tirah valley on Monday, killing six "
        "militants. In Bajaur, a roadside bomb killed a Levies official; the TTP said it carried "
        "out the attack.",
        "Military jets pounded militant hideouts in Tirah valley on Monday, killing six militants.",
        *AIR,
        "PK",
        "Military Forces of Pakistan",
        "Unidentified Armed Group (Pakistan)",
    ),
    Case(
        "pk-suspected-but-unclaimed",
        "A car bomb hit a school bus in Khuzdar, killing six children. Early findings point to "
        "the Baloch Liberation Army, but no group has claimed the attack.",
        "A car bomb hit a school bus in Khuzdar, killing six children.",
        *IED,
        "PK",
        "Unidentified Armed Group (Pakistan)",
        "Civilians (Pakistan)",
    ),
    Case(
        "lk-riot",
        "Rioters torched a fuel tanker in Rambukkana and police opened fire.",
        "Rioters torched a fuel tanker in Rambukkana and police opened fire.",
        "Riots",
        "Violent demonstration",
        "LK",
        "Rioters (Sri Lanka)",
        "Police Forces of Sri Lanka",
    ),
    Case(
        "in-mob",
        "A mob lynched two men accused of cattle theft in Jharkhand.",
        "A mob lynched two men accused of cattle theft in Jharkhand.",
        "Riots",
        "Mob violence",
        "IN",
        "Rioters (India)",
        "Civilians (India)",
    ),
    # --- who told it is neither who did it nor who suffered it
    Case(
        "ye-source-is-no-perpetrator",
        "A US airstrike on a detention centre in Saada killed 68 migrants, according to media "
        "affiliated with the Houthi movement.",
        "A US airstrike on a detention centre in Saada killed 68 migrants, according to media "
        "affiliated with the Houthi movement.",
        *AIR,
        "YE",
        "Military Forces of the United States",
        "Civilians (Yemen)",
    ),
    Case(
        "ng-blame-in-a-source-clause-stands",
        "Gunmen killed 12 villagers in Borno on Monday, according to residents who blamed ISWAP.",
        "Gunmen killed 12 villagers in Borno on Monday, according to residents who blamed ISWAP.",
        *VAC,
        "NG",
        "Islamic State West Africa Province",
        "Civilians (Nigeria)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_actors(case: Case) -> None:
    event = assign_actors(_record(case)).events[0]
    assert (event.actor1, event.actor2) == (case.actor1, case.actor2)


def test_cases_cover_ten_countries() -> None:
    assert len(CASES) >= 40
    assert len({case.country for case in CASES}) >= 10


@pytest.mark.parametrize(
    ("claimed", "country", "expected"),
    [
        (["TTP"], "PK", [TTP]),
        (["Tehrik-e-Taliban Pakistan", "TTP"], "PK", [TTP]),
        (["Islamic State"], "MZ", ["Islamic State (Mozambique)"]),
        (["Islamic State"], None, ["Islamic State"]),
        (["Jaish al-Adl"], "IR", ["Jaish al-Adl"]),
    ],
    ids=["acronym", "two-spellings-one-group", "country-branch", "no-country", "unknown-kept"],
)
def test_claimed_by_mapped(claimed: list[str], country: str | None, expected: list[str]) -> None:
    text = "A bomb exploded at a checkpoint, killing two soldiers."
    case = Case("", text, text, *IED, country, None, None, tuple(claimed))
    event = assign_actors(_record(case)).events[0]
    assert event.claimed_by == expected
    assert event.actor1 == expected[0]


def test_input_record_is_not_modified() -> None:
    text = "BLA fighters attacked a checkpoint in Kech."
    record = _record(Case("", text, text, *CLASH, "PK", None, None))
    assign_actors(record)
    assert record.events[0].actor1 is None


def test_default_lexicon_is_shared_and_explicit_lexicon_used() -> None:
    lexicon = default_actor_lexicon()
    assert isinstance(lexicon, ActorLexicon)
    assert default_actor_lexicon() is lexicon
    text = "BLA fighters attacked a checkpoint in Kech."
    event = assign_actors(_record(Case("", text, text, *CLASH, "PK", None, None)), lexicon)
    assert event.events[0].actor1 == PK_BLA


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("BLA", "PK", PK_BLA),
        ("bla", "PK", "bla"),
        ("IS", "SY", "Islamic State (Syria)"),
        ("is", "SY", "is"),
        ("Al-Shabab", "SO", "Al Shabaab"),
        ("al-Shabaab", "MZ", "Ahlu Sunnah Wa-Jama"),
        ("IS-K", "AF", ISKP),
        ("People's Defence Force", "MM", "PDF: People's Defense Force"),
        ("the Tehrik-i-Taliban Pakistan (TTP)", "PK", TTP),
    ],
    ids=[
        "acronym",
        "lowercase-acronym",
        "is-in-syria",
        "lowercase-is",
        "spelling",
        "country-alias",
        "hyphenated-acronym",
        "british-spelling",
        "name-with-acronym",
    ],
)
def test_resolve_name(name: str, country: str | None, expected: str) -> None:
    assert default_actor_lexicon().resolve_name(name, country) == expected


def test_generic_names_follow_acled() -> None:
    lexicon = default_actor_lexicon()
    assert lexicon.military("CD") == "Military Forces of the Democratic Republic of Congo"
    assert lexicon.generic("Civilians", "CD") == "Civilians (Democratic Republic of Congo)"
    assert lexicon.military("US") == "Military Forces of the United States"
    assert lexicon.police("RU") == "Police Forces of Russia"
    assert lexicon.generic("Civilians", None) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The LeT denied any role in the attack.", ["Lashkar-e-Taiba"]),
        ("Jets bombed Let Pan Hla village in Sagaing.", []),
        ("JeM fighters attacked the post.", ["Jaish-e-Mohammed"]),
        ("Police found a jem of a clue.", []),
    ],
    ids=["acronym", "village-let", "acronym-jem", "word-jem"],
)
def test_short_mixed_case_acronyms_match_only_as_written(text: str, found: list[str]) -> None:
    spans = default_actor_lexicon().group_spans(text, None)
    assert [span.value for span in spans] == found
