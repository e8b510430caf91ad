#!/usr/bin/env bash
# Builds assets/reference/library.json, the reference library of known groups Casebook ships:
# MITRE ATT&CK's groups, software and techniques with their `uses` links, and MISP's
# threat-actor galaxy, from the galaxy files the `pymispgalaxies` package carries (MISP's
# copy of ATT&CK and its own galaxies; CC0 1.0 or BSD-2-Clause, ATT&CK under MITRE's terms of
# use, whose notice the library keeps). It reads them with Casebook's own importer
# (`casebook reference import DIR --output FILE`), the same an analyst uses for a newer release.
#
# usage: scripts/make_reference_library.sh [PYMISPGALAXIES_VERSION]   (default: 1.1.1)
# Then rebuild: the library is compiled into the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-1.1.1}
. scripts/python-venv.sh
venv=target/galaxies-venv
ensure_venv "$venv" pymispgalaxies "pymispgalaxies==$version"
clusters=$("$venv/bin/python" -c 'import pathlib, pymispgalaxies; print(pathlib.Path(pymispgalaxies.__file__).parent / "data" / "misp-galaxy" / "clusters")')
out=assets/reference/library.json
if [ ! -s "$out" ]; then
  # The binary compiles the library in: a first build needs a file, even an empty one.
  echo '{"format":"casebook-reference-library","format_version":1,"built":"none","origins":[],"techniques":[],"software":[],"groups":[]}' > "$out"
fi
cargo run --quiet --locked -- reference import "$clusters" --output "$out" \
  --built "$(date -u +%Y-%m-%d) from pymispgalaxies $version"
