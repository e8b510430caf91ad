#!/usr/bin/env bash
# The Windows program, run: under Wine (Debian's wine64) with no display, the cross-built
# casebook.exe checks the example case and writes its STIX bundle, HTML, Markdown (with its
# figures) and PDF briefings, and the map and timeline; each file must equal, byte for byte,
# what the Linux program writes from the same case (the outputs are deterministic, so a
# difference is a bug: path separators, line endings, fonts, time zones). Both run with one
# SOURCE_DATE_EPOCH, the moment a briefing records as its making (a PDF's creation date).
#
# usage: scripts/wine-check.sh WINDOWS_EXE [LINUX_BINARY]
#   WINDOWS_EXE   e.g. target/x86_64-pc-windows-gnu/debug/casebook.exe
#   LINUX_BINARY  default target/debug/casebook
# needs: wine64 (Debian: apt-get install wine64), gcc-mingw-w64-x86-64; for the window: Xvfb,
#        xdotool, ImageMagick
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
# Wine hands the environment to the Windows program: both record the same moment.
export SOURCE_DATE_EPOCH=1767225600
cp "$exe" "$out/casebook.exe"
# Wine 8 (Debian bookworm) lacks bcryptprimitives.dll, whose ProcessPrng Rust's standard library
# calls; Windows 10 and later have it. A stand-in built from scripts/wine/ goes beside the
# program here only (never into a package).
x86_64-w64-mingw32-gcc -O2 -shared -o "$out/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def -lbcrypt \
  || fail "could not build the bcryptprimitives.dll stand-in (needs gcc-mingw-w64-x86-64)"
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
  if ! cmp -s "$file" "$other"; then
    echo "differs: $name ($(stat -c %s "$file") bytes on Linux, $(stat -c %s "$other" 2>/dev/null || echo none) on Windows)" >&2
    differ=$((differ + 1))
  fi
done
count=$(ls "$out/linux" | wc -l)
[ "$count" -ge 9 ] || fail "expected at least 9 outputs, got $count: $(ls "$out/linux")"
[ "$differ" -eq 0 ] || fail "$differ of $count outputs differ between the Windows and the Linux program"

# The window, where an X server can be had: the Windows program on the example case under Xvfb,
# drawn with OpenGL (glow). Wine has no Vulkan driver here, and its Direct3D 12 layer (vkd3d)
# aborts when wgpu asks it for a device, so the automatic choice is not tried. A screenshot is
# kept, and must show the window (not a black screen).
gui=skipped
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null && command -v import >/dev/null; then
  (
    work=$(mktemp -d)
    # shellcheck source=scripts/xvfb-session.sh
    source scripts/xvfb-session.sh 1280x800
    wineserver="$(dirname "$wine")/wineserver"
    # The command-line runs left a Wine server whose desktop has no display: stop it, so the
    # window's run starts one on Xvfb.
    "$wineserver" -k 2>/dev/null || true
    "$wineserver" -w 2>/dev/null || true
    trap 'kill "$app" 2>/dev/null; "$wineserver" -k 2>/dev/null; cleanup' EXIT
    (cd "$out" && exec "$wine" ./casebook.exe --renderer glow albania.casebook.json) >"$out/gui.txt" 2>&1 &
    app=$!
    window=""
    for _ in $(seq 180); do
      window=$(xdotool search --name "— Casebook$" 2>/dev/null | head -1 || true)
      [ -n "$window" ] && break
      sleep 1
    done
    [ -n "$window" ] || fail "the Windows program's window did not open under Wine in 180 s ($(tail -3 "$out/gui.txt"))"
    xdotool mousemove 1279 799
    sleep 5
    import -window root "$out/windows-gui.png"
    brightness=$(convert "$out/windows-gui.png" -colorspace Gray -format "%[fx:mean]" info:)
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.3 else 1)" "$brightness" \
      || fail "the Windows program's window is dark (mean $brightness): see $out/windows-gui.png"
    echo "the Windows program's window under Wine: $(xdotool getwindowname "$window"); screenshot $out/windows-gui.png"
  ) || exit 1
  gui="its window opened under Wine (screenshot $out/windows-gui.png)"
fi
echo "wine check passed: casebook.exe checks the example and writes $count files byte for byte as the Linux program does; $gui"
