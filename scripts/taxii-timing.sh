#!/usr/bin/env bash
# Times a push and a pull of a synthetic case of about 10,000 objects through medallion (the
# OASIS reference TAXII 2.1 server, memory backend, HTTP Basic) on 127.0.0.1, then the same
# push again (the collection's manifest read, nothing sent) and a pull with --added-after
# (nothing new). Prints one line per step with its wall time and Casebook's own CPU time. The
# figures are the README's.
#   scripts/taxii-timing.sh [CASEBOOK] [ACTORS]   (default target/release/casebook, 1600)
set -euo pipefail
cd "$(dirname "$0")/.."
casebook=${1:-target/release/casebook}
actors=${2:-1600}
medallion=${CASEBOOK_MEDALLION:-$(scripts/medallion-venv.sh)}
work=$(mktemp -d)
server=
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 scripts/taxii_timing_config.py "$port" "$work"
"$medallion" --host 127.0.0.1 --port "$port" "$work/config.json" >"$work/medallion.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
  sleep 0.1
done
export CASEBOOK_TAXII_SECRET=timing CASEBOOK_DATA_DIR=$work/data
url=http://127.0.0.1:$port/taxii2/
collection=5f1c0b9e-6f8a-4e6b-9a43-1d2c3b4a5e61
"$casebook" generate --actors "$actors" -o "$work/case.json"
# Each step's wall time, and the CPU time Casebook itself used (the rest is the server's and
# the wait for it).
timed() {
  local what=$1 took
  shift
  took=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$work/out.txt" 2>"$work/err.txt"; } 2>&1 ) ||
    { cat "$work/out.txt" "$work/err.txt"; exit 1; }
  read -r wall user sys <<<"$took"
  printf '%-34s %8.2f s wall, Casebook %5.2f s CPU  %s\n' "$what" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(grep -E '^(pushed|pulled)' "$work/out.txt" | head -1)"
}
timed "push (empty collection)" "$casebook" taxii push "$work/case.json" "$url" --collection "$collection" --user analyst --timeout 3600
timed "pull into a new case" "$casebook" taxii pull "$url" --collection "$collection" --user analyst --timeout 3600 -o "$work/pulled.json"
timed "push again (nothing changed)" "$casebook" taxii push "$work/case.json" "$url" --collection "$collection" --user analyst --timeout 3600
timed "pull --added-after (nothing new)" "$casebook" taxii pull "$url" --collection "$collection" --user analyst --timeout 3600 -o "$work/pulled.json" --added-after
