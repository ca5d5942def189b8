"""The embedded gazetteer: its sources merged, its districts, and importing a GeoNames dump."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import GazetteerError
from sitrep.geo import load_gazetteer, resolve_place
from sitrep.geo.geonames import clean_admin_name, read_extras_csv
from sitrep.geo.imports import import_places
from sitrep.geo.places_file import PlaceRow, read_places_file, write_places_file


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Kech District", "Kech"),
        ("Bajaur Agency", "Bajaur"),
        ("Province du Sanmatenga", "Sanmatenga"),
        ("Departement du Lom-et-Djerem", "Lom-et-Djerem"),
        ("Borno State", "Borno"),
        ("Garissa County", "Garissa"),
        ("Kharkivskyi Raion", "Kharkivskyi"),
        ("District", "District"),
        ("Quetta", "Quetta"),
        # GeoNames' words in other languages, which ACLED leaves out too
        ("Gorod Makhachkala", "Makhachkala"),
        ("Amphoe Mueang Yala", "Mueang Yala"),
        ("Municipio Libertador", "Libertador"),
        ("Bangui Sub-Prefecture", "Bangui"),
        ("Caza de Bent Jbail", "Bent Jbail"),
        ("Kartepe Ilcesi", "Kartepe"),
        ("Shahrestan-e Zahedan", "Zahedan"),
        ("Cercle d'Ansongo", "Ansongo"),
        # a prefix is a word of its own, and a name is never left without a letter
        ("Gradiska", "Gradiska"),
        ("Comuna 3", "Comuna 3"),
    ],
    ids=lambda value: value.replace(" ", "-"),
)
def test_clean_admin_name(raw: str, clean: str) -> None:
    assert clean_admin_name(raw) == clean


SEED_PLACES = {
    "Quetta": "Quetta",
    "Gwadar": "Gwadar",
    "Mastung": "Mastung",
    "Nushki": "Nushki",
    "Dalbandin": "Chagai",
    "Tump": "Kech",
    "Kharan": "Kharan",
    "Pasni": "Gwadar",
    "Turbat": "Kech",
}


@pytest.mark.parametrize(("name", "district"), SEED_PLACES.items(), ids=list(SEED_PLACES))
def test_balochistan_towns_have_their_districts(name: str, district: str) -> None:
    place = resolve_place(name, load_gazetteer(), country="PK")
    assert place is not None
    assert (place.admin1, place.admin2) == ("Balochistan", district)


@pytest.mark.parametrize(
    ("name", "country", "admin2"),
    [
        ("Kech", "PK", "Kech"),  # a district is a place of its own
        ("D.I. Khan", "PK", "Dera Ismail Khan"),  # a curated alias
        ("Noshki", "PK", "Nushki"),
        ("Barsalogho", "BF", "Sanmatenga"),  # an alternate name from a GeoNames dump
        ("Konduga", "NG", "Konduga"),
    ],
)
def test_names_districts_and_aliases(name: str, country: str, admin2: str) -> None:
    place = resolve_place(name, load_gazetteer(), country=country)
    assert place is not None and place.country == country
    assert place.admin2 == admin2


@pytest.mark.parametrize(
    ("name", "country", "admin2"),
    [
        # A city no source puts in a district is a district of its own, not in the district of
        # the nearest smaller town (Makhachkala is not in Kaspiysk's, Lae not in Bulolo).
        ("Makhachkala", "RU", "Makhachkala"),
        ("Lae", "PG", "Lae"),
        ("Juba", "SS", "Juba"),
        ("Zahedan", "IR", "Zahedan"),
    ],
)
def test_a_city_without_a_district_is_its_own(name: str, country: str, admin2: str) -> None:
    [town] = [
        p for p in load_gazetteer().lookup(name) if p.feature == "city" and p.country == country
    ]
    assert town.admin2 == admin2


def test_place_file_round_trip(tmp_path: Path) -> None:
    rows = [
        PlaceRow("Tump", "PK", "Balochistan", "Kech", 26.12, 62.37, alternates=("Tamp",)),
        PlaceRow("Kech", "PK", "Balochistan", "Kech", 26.0, 63.0, feature="admin2"),
    ]
    path = tmp_path / "places.tsv.gz"
    assert write_places_file(rows, path) == 2
    assert list(read_places_file(path)) == rows


def test_a_corrupt_place_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv.gz"
    path.write_bytes(gzip.compress(b"not\ta\tplace\tfile\n"))
    with pytest.raises(GazetteerError, match=r"bad\.tsv\.gz"):
        list(read_places_file(path))


def test_extras_csv_rows_are_checked() -> None:
    good = "name,aliases,country,admin1,admin2,latitude,longitude,feature\n"
    (row,) = read_extras_csv(good + "Tump,Tamp,PK,Balochistan,Kech District,26.1,62.4,city\n", "x")
    assert row.admin2 == "Kech" and row.alternates == ("Tamp",)
    with pytest.raises(GazetteerError, match="row 2"):
        list(read_extras_csv(good + "Tump,,Pakistan,Balochistan,Kech,26.1,62.4,city\n", "x"))
    with pytest.raises(GazetteerError, match="header"):
        list(read_extras_csv("name,country\nTump,PK\n", "x"))


def _dump_line(geonameid: int, name: str, alternates: str, lat: float, lon: float) -> str:
    cells = [
        str(geonameid),
        name,
        name,
        alternates,
        str(lat),
        str(lon),
        "P",
        "PPL",
        "BF",
        "",
        "05",
        "70",
        "",
        "",
        "0",
        "",
        "300",
        "Africa/Ouagadougou",
        "2025-01-01",
    ]
    return "\t".join(cells) + "\n"


@pytest.fixture
def small_dump(tmp_path: Path) -> Path:
    """Two villages of Sanmatenga, with the admin code files beside them, as GeoNames ships."""
    folder = tmp_path / "geonames"
    folder.mkdir()
    (folder / "admin1CodesASCII.txt").write_text("BF.05\tCentre-Nord\tCentre-Nord\t6930706\n")
    (folder / "admin2Codes.txt").write_text(
        "BF.05.70\tProvince du Sanmatenga\tProvince du Sanmatenga\t2355914\n"
    )
    dump = folder / "XB.txt"
    dump.write_text(
        _dump_line(99000001, "Zorgotenga", "Zorgo-Tenga,Zorgotinga", 13.31, -1.12)
        + _dump_line(99000002, "Kiendpalgo", "", 13.35, -1.02)
    )
    return dump


def test_import_writes_a_place_file(small_dump: Path, tmp_path: Path) -> None:
    result = import_places(small_dump, data_dir=tmp_path / "gazetteer")
    assert result.places == 2
    rows = list(read_places_file(result.target))
    assert rows[0].name == "Zorgotenga"
    assert (rows[0].admin1, rows[0].admin2) == ("Centre-Nord", "Sanmatenga")
    assert "Zorgo-Tenga" in rows[0].alternates


def test_import_refuses_what_is_not_a_dump(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some text\n")
    with pytest.raises(GazetteerError, match=r"notes.txt:1: expected GeoNames' 19"):
        import_places(bad, data_dir=tmp_path)
    with pytest.raises(GazetteerError, match="no such file"):
        import_places(tmp_path / "missing.txt", data_dir=tmp_path)


def test_gazetteer_import_command_makes_a_village_resolve(
    small_dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_GAZETTEER_DIR", str(tmp_path / "gazetteer"))
    assert resolve_place("Zorgotenga", load_gazetteer(), country="BF") is None
    result = CliRunner().invoke(app, ["gazetteer", "import", str(small_dump)])
    assert result.exit_code == 0, result.output
    assert "2 places" in result.stderr
    place = resolve_place("Zorgo-Tenga", load_gazetteer(), country="BF")
    assert place is not None and place.name == "Zorgotenga"
    assert place.admin2 == "Sanmatenga"
    failed = CliRunner().invoke(app, ["gazetteer", "import", str(tmp_path / "nope.txt")])
    assert failed.exit_code == 1 and "no such file" in failed.stderr
