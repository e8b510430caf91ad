#!/usr/bin/env bash
# The Windows program, run: under Wine (Debian's wine64) with no display, the cross-built
# casebook.exe checks the example case and writes its STIX bundle, HTML, Markdown (with its
# figures) and PDF briefings, and the map and timeline; each file must equal, byte for byte,
# what the Linux program writes from the same case (a PDF's text, since a PDF records when it
# was made) (the outputs are deterministic, so a
# difference is a bug: path separators, line endings, fonts, time zones).
#
# usage: scripts/wine-check.sh WINDOWS_EXE [LINUX_BINARY]
#   WINDOWS_EXE   e.g. target/x86_64-pc-windows-gnu/debug/casebook.exe
#   LINUX_BINARY  default target/debug/casebook
# needs: wine64 (Debian: apt-get install wine64), pdftotext (poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:?usage: scripts/wine-check.sh WINDOWS_EXE [LINUX_BINARY]}
linux=$(realpath "${2:-target/debug/casebook}")
out=target/wine-check
rm -rf "$out" && mkdir -p "$out/linux" "$out/windows"
fail() { echo "wine check FAILED: $*" >&2; exit 1; }

wine=$(command -v wine64 || command -v wine || ls /usr/lib/wine/wine64 2>/dev/null || true)
[ -n "$wine" ] || fail "no wine64 (apt-get install wine64)"
export WINEPREFIX
WINEPREFIX=$(mktemp -d)
export WINEDEBUG=-all
# No display: only the command line runs.
unset DISPLAY WAYLAND_DISPLAY
cp "$exe" "$out/casebook.exe"
cp assets/example-case.json "$out/albania.casebook.json"

# The same commands, from the same folder, with relative paths, on both; each command's
# output goes into the folder named after its side.
commands=(
  "export albania.casebook.json --stix DIR/albania.stix.json"
  "export albania.casebook.json --briefing html -o DIR/briefing.html"
  "export albania.casebook.json --briefing md -o DIR/briefing.md"
  "export albania.casebook.json --briefing pdf -o DIR/briefing.pdf"
  "export albania.casebook.json --map DIR/map.svg --timeline DIR/timeline.svg"
  "export albania.casebook.json --map DIR/map.png"
)
for command in "${commands[@]}"; do
  for side in linux windows; do
    # shellcheck disable=SC2086 # the command is split into its words on purpose
    set -- ${command//DIR/$side}
    if [ "$side" = linux ]; then
      (cd "$out" && "$linux" "$@") >>"$out/linux.txt" 2>&1 || fail "linux: $* ($(tail -3 "$out/linux.txt"))"
    else
      (cd "$out" && "$wine" ./casebook.exe "$@") >>"$out/windows.txt" 2>&1 || fail "windows: $* ($(tail -3 "$out/windows.txt"))"
    fi
  done
done
(cd "$out" && "$wine" ./casebook.exe check albania.casebook.json) >"$out/windows-check.txt" 2>&1 || fail "windows: check ($(cat "$out/windows-check.txt"))"
(cd "$out" && "$linux" check albania.casebook.json) >"$out/linux-check.txt" 2>&1
# Wine's console may end lines with CR LF: the words must be the same.
tr -d '\r' <"$out/windows-check.txt" | diff - "$out/linux-check.txt" >"$out/check.diff" \
  || fail "casebook check says other things on Windows: $(cat "$out/check.diff")"

differ=0
for file in "$out"/linux/*; do
  name=$(basename "$file")
  other="$out/windows/$name"
  if [ "${name##*.}" = pdf ] && [ -f "$other" ]; then
    # A PDF records the moment it was made: its text is compared.
    pdftotext "$file" "$file.txt" && pdftotext "$other" "$other.txt"
    file="$file.txt" other="$other.txt"
  fi
  if ! cmp -s "$file" "$other"; then
    echo "differs: $name ($(stat -c %s "$file") bytes on Linux, $(stat -c %s "$other" 2>/dev/null || echo none) on Windows)" >&2
    differ=$((differ + 1))
  fi
done
count=$(ls "$out/linux" | wc -l)
[ "$count" -ge 9 ] || fail "expected at least 9 outputs, got $count: $(ls "$out/linux")"
[ "$differ" -eq 0 ] || fail "$differ of $count outputs differ between the Windows and the Linux program"
echo "wine check passed: casebook.exe checks the example and writes $count files byte for byte as the Linux program does"
