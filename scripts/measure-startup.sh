#!/usr/bin/env bash
# Measures the time from launch to the first frame of the app on the example case, in a real
# window under Xvfb: runs the binary N times (default 10) with CASEBOOK_REPORT_STARTUP=1 and prints
# each figure and the median.
#
# usage: scripts/measure-startup.sh [path/to/casebook] [runs]   (default: target/release/casebook 10)
# needs: Xvfb (apt-get install xvfb)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/casebook}
runs=${2:-10}
display=:$((100 + RANDOM % 300))
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
figures=()
for i in $(seq "$runs"); do
  log=$(mktemp)
  DISPLAY=$display CASEBOOK_REPORT_STARTUP=1 CASEBOOK_DATA_DIR=$(mktemp -d) "$bin" >"$log" 2>&1 &
  app=$!
  for _ in $(seq 300); do grep -q "first frame" "$log" && break; sleep 0.05; done
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  ms=$(grep -o "first frame built [0-9]* ms" "$log" | grep -o "[0-9]*" || echo "?")
  echo "run $i: first frame after $ms ms"
  figures+=("$ms")
  rm -f "$log"
done
printf '%s\n' "${figures[@]}" | sort -n | awk '{a[NR]=$1} END {print "median:", a[int((NR+1)/2)], "ms over", NR, "runs"}'
