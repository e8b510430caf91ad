#!/usr/bin/env bash
# Bundles made by MISP's own code: MISP's threat-actor galaxy (pymispgalaxies) put in a MISP
# event and converted to STIX 2.1 by misp-stix, MISP's converter. Casebook imports it: every
# group must be mapped (a synonym listed twice is dropped and reported, not the group), and the
# case exported again must hold every group, strict-valid. The Python tools go into their own
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
ensure_venv "$venv" misp_stix_converter,pymispgalaxies pymispgalaxies misp-stix
"$venv/bin/python" scripts/misp_galaxy_bundle.py "$out/galaxy.json" | tee "$out/galaxy.txt"
rm -f "$out/galaxy.casebook.json"
"$bin" import "$out/galaxy.json" -o "$out/galaxy.casebook.json" | tee "$out/import.txt"
"$bin" export "$out/galaxy.casebook.json" --stix "$out/again.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
source = json.load(open(f"{out}/galaxy.json"))
groups = {o["name"] for o in source["objects"] if o["type"] == "threat-actor"}
case = json.load(open(f"{out}/galaxy.casebook.json"))
names = {a["name"] for a in case["actors"]}
missing = groups - names
assert not missing, f"groups not imported: {missing}"
report = open(f"{out}/import.txt").read()
if any(line.rsplit("repeated:", 1)[1].strip() != "[]" for line in open(f"{out}/galaxy.txt")):
    assert "twice; the repeat is dropped" in report, report
for actor in case["actors"]:
    low = [a.strip().lower() for a in actor.get("aliases", [])]
    assert len(low) == len(set(low)), f"{actor['name']} still lists an alias twice"
again = json.load(open(f"{out}/again.json"))
exported = {o.get("name") for o in again["objects"] if o["type"] == "threat-actor"}
assert groups <= exported, f"not exported again: {groups - exported}"
print(f"MISP galaxy via misp-stix: {len(groups)} groups imported, repeated synonyms repaired and reported, all exported again")
PY
# Valid STIX 2.1. Not checked in strict mode: misp-stix writes MISP's own fields as custom
# `x_misp_` properties, which strict mode refuses in its output as in ours, and Casebook keeps
# them as they came.
if [ -x target/stix-venv/bin/stix2_validator ]; then
  target/stix-venv/bin/stix2_validator --no-cache --disable 302 "$out/again.json" > "$out/again.validation.txt" || {
    head -n 40 "$out/again.validation.txt"; echo "the galaxy bundle exported again is not valid" >&2; exit 1; }
  tail -n 2 "$out/again.validation.txt"
fi
