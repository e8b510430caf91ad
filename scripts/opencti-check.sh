#!/usr/bin/env bash
# What OpenCTI keeps of Casebook's bundles, checked with OpenCTI's own client code (pycti) run
# offline: its splitter must take every object but the extension definition, and every citation
# written as an external reference must get the id OpenCTI keys references by (one it cannot
# give an id is dropped on import). The example case and the opinions corpus are checked. pycti
# goes into its own venv under target/.
#
# usage: scripts/opencti-check.sh [CASEBOOK_BINARY]   (default target/debug/casebook)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/casebook}
out=target/opencti-check
venv=target/opencti-venv
mkdir -p "$out"
source scripts/python-venv.sh
ensure_venv "$venv" pycti pycti
"$bin" export assets/example-case.json --stix "$out/example.json" >/dev/null
"$venv/bin/python" scripts/opencti_check.py "$out/example.json"
rm -f "$out/opinions.casebook.json"
"$bin" import tests/corpus/opinions-bundle.json -o "$out/opinions.casebook.json" >/dev/null
"$bin" export "$out/opinions.casebook.json" --stix "$out/opinions.json" >/dev/null
"$venv/bin/python" scripts/opencti_check.py "$out/opinions.json"
echo "OpenCTI check passed: pycti's splitter takes every object but the extension definition; no citation is dropped; states become countries; every grade is read as OpenCTI's reliability"
