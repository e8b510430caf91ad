#!/usr/bin/env bash
# Bundles made by MISP's own code, both ways:
# - MISP's threat-actor galaxy and ATT&CK's intrusion-set galaxy (pymispgalaxies) put in a MISP
#   event and converted to STIX 2.1 by misp-stix, MISP's converter. Casebook imports it: every
#   group must be mapped (a synonym listed twice is dropped and reported, not the group), and
#   the case exported again must hold every group as the type it came as, valid.
# - An analyst's MISP event built with pymisp (TLP and Admiralty tags, indicators, APT28, an
#   event report), converted by misp-stix: Casebook must read the grade from MISP's tags, cite
#   the event on what it is about without calling it support, keep the marking, and keep every
#   object it does not model and write it back.
# - Casebook's example case as a MISP event (`casebook export --misp`, MISP's own JSON, no
#   converter): it must load in pymisp, pass the schema pymisp ships, use MISP's object
#   templates, and carry the tlp, admiralty-scale and estimative-language tags.
# - Casebook's example bundle read by misp-stix's import (what MISP runs on an uploaded STIX
#   file): what MISP keeps must be what docs/stix.md says it keeps. The Python tools go into their own
# venv under target/ (misp-stix installs a module named `stix`: kept apart from other tools).
#
# usage: scripts/misp-check.sh [CASEBOOK_BINARY]   (default target/debug/casebook)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/casebook}
out=target/misp-check
venv=target/misp-venv
mkdir -p "$out"
source scripts/python-venv.sh
ensure_venv "$venv" misp_stix_converter,pymispgalaxies,jsonschema pymispgalaxies misp-stix jsonschema
"$venv/bin/python" scripts/misp_galaxy_bundle.py "$out/galaxy.json" | tee "$out/galaxy.txt"
rm -f "$out/galaxy.casebook.json"
"$bin" import "$out/galaxy.json" -o "$out/galaxy.casebook.json" | tee "$out/import.txt"
"$bin" export "$out/galaxy.casebook.json" --stix "$out/again.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
source = json.load(open(f"{out}/galaxy.json"))
# The threat-actor galaxy's clusters come as threat actors, ATT&CK's as intrusion sets: each
# one an actor of the case, under its own name (so APT28 twice, from two galaxies).
taken = [o for o in source["objects"] if o["type"] in ("threat-actor", "intrusion-set")]
groups = {o["name"] for o in taken}
case = json.load(open(f"{out}/galaxy.casebook.json"))
names = [a["name"] for a in case["actors"]]
missing = groups - set(names)
assert not missing, f"groups not imported: {missing}"
assert sum(n in groups for n in names) == len(taken), f"{len(taken)} groups, actors: {names}"
report = open(f"{out}/import.txt").read()
if any(line.rsplit("repeated:", 1)[1].strip() != "[]" for line in open(f"{out}/galaxy.txt")):
    assert "twice; the repeat is dropped" in report, report
for actor in case["actors"]:
    low = [a.strip().lower() for a in actor.get("aliases", [])]
    assert len(low) == len(set(low)), f"{actor['name']} still lists an alias twice"
again = json.load(open(f"{out}/again.json"))
exported = [o for o in again["objects"] if o["type"] in ("threat-actor", "intrusion-set")]
kinds = sorted((o["type"], o["name"]) for o in exported)
assert kinds == sorted((o["type"], o["name"]) for o in taken), f"not exported again as they came: {kinds}"
print(f"MISP galaxies via misp-stix: {len(taken)} groups ({sum(o['type'] == 'intrusion-set' for o in taken)} "
      f"ATT&CK intrusion sets) imported, repeated synonyms repaired and reported, all exported again as they came")
PY
"$venv/bin/python" scripts/misp_event_bundle.py "$out/event.json" "$out/event.misp.json"
rm -f "$out/event.casebook.json"
"$bin" import "$out/event.json" -o "$out/event.casebook.json" | tee "$out/event-import.txt"
"$bin" export "$out/event.casebook.json" --stix "$out/event-again.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
source = json.load(open(f"{out}/event.json"))
case = json.load(open(f"{out}/event.casebook.json"))
assert case["tlp"] == "TLP:AMBER", case["tlp"]
[event] = [s for s in case["sources"] if s["title"] == "Wiper attack on the Ministry of Finance"]
assert event.get("reliability") == "B", f"MISP's admiralty-scale tag gives B: {event}"
[apt28] = [a for a in case["actors"] if a["name"] == "APT28"]
cited = [c for c in case["citations"] if c["source"] == event["id"]]
indicators = {t["id"] for t in case.get("technical", []) if t["kind"] == "indicator"}
assert len(indicators) == 2, f"the event's two indicators are technical objects: {case.get('technical')}"
assert sorted((c["cites"], c.get("credibility"), c.get("stance")) for c in cited) == sorted(
    [(apt28["id"], "2", "about")] + [(i, "2", "about") for i in indicators]), cited
again = {o["id"] for o in json.load(open(f"{out}/event-again.json"))["objects"]}
missing = {o["id"] for o in source["objects"]} - again
assert not missing, f"not written back: {missing}"
print(f"MISP event via misp-stix: the event graded B2 from its admiralty-scale tags, about APT28 "
      f"and its two indicators (stance for the analyst to set), TLP:AMBER, "
      f"all {len(source['objects'])} objects written back")
PY

# What MISP keeps of Casebook's bundle, as docs/stix.md says.
"$bin" export assets/example-case.json --stix "$out/example.json"
"$venv/bin/python" scripts/misp_stix_import.py "$out/example.json" > "$out/misp-import.json"
python3 - "$out" <<'PY'
import collections, json, sys
out = sys.argv[1]
bundle = json.load(open(f"{out}/example.json"))
kept = json.load(open(f"{out}/misp-import.json"))
types = collections.Counter(o["type"] for o in bundle["objects"])
events = kept["events"]
assert len(events) == types["report"], f"one MISP event per report: {len(events)} of {types['report']}"
assert all(e["event_reports"] == 1 for e in events), "each report's description as an event report"
assert all(e["tags"] == ["tlp:clear"] for e in events), [e["tags"] for e in events]
clusters = {value for e in events for value in e["clusters_anywhere"]}
groups = {o["name"] for o in bundle["objects"] if o["type"] in ("campaign", "intrusion-set", "threat-actor", "location")}
assert groups <= clusters, f"groups, campaigns and states as galaxy clusters: missing {groups - clusters}"
organisations = {name for e in events for name in e["object_names"]}
identities = {o["name"] for o in bundle["objects"] if o["type"] == "identity" and o.get("identity_class") != "system"}
assert identities <= organisations, f"identities as objects: missing {identities - organisations}"
organisations = len(organisations)
notes_dropped = kept["not_taken"].get("note", 0) > 0
relations = sum(e["cluster_relations"] for e in events)
assert notes_dropped and relations == 0, "misp-stix now keeps notes or relationships: update docs/stix.md"
print(f"misp-stix's import of Casebook's bundle: {len(events)} events (one per report), "
      f"{len(clusters)} galaxy clusters, {organisations} organisation objects; it drops every note "
      f"(the judgments' wording) and every relationship (the judgments themselves), as docs/stix.md says")
PY

# Valid STIX 2.1. Not checked in strict mode: misp-stix writes MISP's own fields as custom
# `x_misp_` properties, which strict mode refuses in its output as in ours, and Casebook keeps
# them as they came.
if [ -x target/stix-venv/bin/stix2_validator ]; then
  target/stix-venv/bin/stix2_validator --no-cache --disable 302 "$out/again.json" > "$out/again.validation.txt" || {
    head -n 40 "$out/again.validation.txt"; echo "the galaxy bundle exported again is not valid" >&2; exit 1; }
  tail -n 2 "$out/again.validation.txt"
fi

# The example case as a MISP event, read by MISP's own client.
"$bin" export assets/example-case.json --misp "$out/example.misp.json"
"$venv/bin/python" scripts/misp_event_check.py "$out/example.misp.json" | tee "$out/misp-event.txt"

# The analyst's MISP event itself (pymisp's JSON, no converter) read by Casebook: the TLP,
# Admiralty and estimative-language tags read back, APT28 from the galaxy, the indicators kept.
rm -f "$out/event-from-misp.casebook.json"
"$bin" import "$out/event.misp.json" -o "$out/event-from-misp.casebook.json" | tee "$out/event-from-misp.txt"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
case = json.load(open(f"{out}/event-from-misp.casebook.json"))
assert case["title"] == "Wiper attack on the Ministry of Finance", case["title"]
assert case["tlp"] == "TLP:AMBER", case["tlp"]
apt28 = [a for a in case["actors"] if a["name"] == "APT28"]
assert apt28 and apt28[0]["kind"] == "threat-group", case["actors"]
assert "fancy bear" in [a.lower() for a in apt28[0].get("aliases", [])], apt28[0].get("aliases")
kept = case.get("misp_kept", [])
values = {k.get("value") for k in kept}
assert {"update-check.example", "a" * 64} <= values, f"indicators kept: {values}"
assert any(k.get("name") == "Assessment" for k in kept), "the event report kept"
# The event is a source graded from its admiralty-scale tags, cited on APT28 as about it.
[source] = case["sources"]
assert source["reliability"] == "B", source
[citation] = case["citations"]
assert (citation["cites"], citation["credibility"], citation["stance"]) == (apt28[0]["id"], "2", "about"), citation
print(f"Casebook's import of the pymisp event: APT28 with {len(apt28[0]['aliases'])} aliases, "
      f"TLP:AMBER, {len(kept)} MISP attributes and reports kept as they came")
PY
