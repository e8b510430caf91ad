"""Writes assets/reference/countries.tsv, the table of countries Casebook uses to name a state by
its ISO 3166-1 code (a STIX `location` needs the code; a case may name the country in words):
one line per country, `ISO<TAB>ISO3<TAB>name<TAB>capital`, from MISP's country galaxy as pymispgalaxies
ships it (MISP galaxies are dual-licensed CC0 1.0 or BSD-2-Clause; MISP built this one from
geonames.org). Run it again with a newer pymispgalaxies to refresh the table.

usage: python scripts/make_country_table.py   (needs pymispgalaxies)
"""
import json
import pathlib
import pymispgalaxies

root = pathlib.Path(pymispgalaxies.__file__).parent / "data" / "misp-galaxy"
galaxy = json.loads((root / "clusters" / "country.json").read_text(encoding="utf-8"))
rows = sorted(
    (v["meta"]["ISO"], v["meta"]["ISO3"], v["description"].strip(), v["meta"].get("Capital", "").strip())
    for v in galaxy["values"]
    if v.get("meta", {}).get("ISO") and v.get("meta", {}).get("ISO3")
)
out = pathlib.Path(__file__).resolve().parent.parent / "assets" / "reference" / "countries.tsv"
out.write_text(
    f"# Countries by ISO 3166-1 code, from MISP's country galaxy version {galaxy['version']}"
    " (CC0 1.0 or BSD-2-Clause; built by MISP from geonames.org). Made by"
    " scripts/make_country_table.py.\n"
    + "".join(f"{iso}\t{iso3}\t{name}\t{capital}\n" for iso, iso3, name, capital in rows),
    encoding="utf-8",
)
print(f"wrote {len(rows)} countries to {out}")
