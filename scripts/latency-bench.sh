#!/usr/bin/env bash
# The key-to-screen latency benchmark in a real window (see scripts/latency_bench.py): the
# example case and the worked 101,117-object case, with the default renderer and, to compare,
# each renderer forced. Prints the figures the README's performance section quotes.
#
# usage: scripts/latency-bench.sh [path/to/casebook]   (default: target/release/casebook)
# needs: Xvfb, xdotool, python3 with venv (the python-xlib package is installed into a venv)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/casebook}
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import Xlib" 2>/dev/null || "$venv/bin/pip" install -q python-xlib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp assets/example-case.json "$work/example.casebook.json"
"$bin" generate --actors 16000 --seed 7 --placed --prose -o "$work/worked.casebook.json" >/dev/null
for renderer in auto glow wgpu; do
  echo "== example case, --renderer $renderer"
  "$venv/bin/python" scripts/latency_bench.py "$bin" "$work/example.casebook.json" --renderer "$renderer"
done
for renderer in auto glow wgpu; do
  presses=10
  [ "$renderer" = wgpu ] && presses=4
  echo "== worked 101,117-object case, --renderer $renderer"
  "$venv/bin/python" scripts/latency_bench.py "$bin" "$work/worked.casebook.json" \
    --renderer "$renderer" --presses "$presses" --settle 15
done
