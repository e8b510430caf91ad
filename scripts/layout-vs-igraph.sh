#!/usr/bin/env bash
# The map layout beside igraph's: Casebook's force layout per iteration and its arrangements
# (cargo bench --bench map -- layouts), then igraph's Fruchterman-Reingold (grid) per iteration
# on graphs of the same sizes (scripts/layout_vs_igraph.py, igraph installed in a venv under
# target/). Prints the figures for the README's performance section; asserts nothing.
#
# usage: scripts/layout-vs-igraph.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import igraph" 2>/dev/null || "$venv/bin/pip" install -q igraph
cargo bench --locked --bench map -- layouts
"$venv/bin/python" scripts/layout_vs_igraph.py
