#!/usr/bin/env bash
# The real-window check: starts the casebook binary in a real X window under Xvfb on a copy of
# the example case, adds an actor with the keyboard as a user would (Ctrl+Shift+A, type the name,
# Ctrl+Enter), saves with Ctrl+S, and checks the file on disk; then exports a PDF briefing from
# the briefing dialog (Ctrl+B, Ctrl+Enter), saves the case again and checks that the PDF is there
# and the case records the briefing; then adds an actor without saving, kills the app with
# SIGKILL, starts it again, restores the work from the recovery dialog with the keyboard and
# saves it; checks the note beside the open case (for Casebooks on other computers) is there and
# goes when the app quits with Ctrl+Q; briefs a case marked up to RED at its label TLP:GREEN and
# checks the PDF holds nothing stricter. Screenshots go to target/real-window/ for anyone to look at.
#
# usage: scripts/real-window-check.sh [path/to/casebook]   (default: target/debug/casebook)
# needs: Xvfb, xdotool, ImageMagick's import (apt-get install xvfb xdotool imagemagick)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/casebook}
out=target/real-window
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
case_file="$work/albania.casebook.json"
cp assets/example-case.json "$case_file"

# shellcheck source=scripts/xvfb-session.sh
. scripts/xvfb-session.sh 1280x1024

fail() { echo "real-window check FAILED: $*" >&2; import -window root "$out/failure.png" 2>/dev/null || true; echo "--- app log:" >&2; cat "$out/app.log" >&2; exit 1; }

# BROWSER=true: with no desktop, xdg-open ("Open the folder when done") would fall back to a
# web browser; here it runs `true` instead.
BROWSER=true CASEBOOK_DATA_DIR="$work/data" "$bin" "$case_file" >"$out/app.log" 2>&1 &
app=$!
wid=$(timeout 60 xdotool search --sync --name "albania.casebook.json" | head -1) || fail "no window titled with the case file within 60 s"
sleep 2
import -window root "$out/1-opened.png"
# The default renderer names itself and its adapter on stderr, and on a software rasterizer
# it is OpenGL (glow), not wgpu.
grep -q "^casebook: renderer \(glow\|wgpu\) on " "$out/app.log" || fail "the renderer was not named: $(cat "$out/app.log")"
if grep -q "^casebook: renderer wgpu on .*\(llvmpipe\|lavapipe\|softpipe\|SwiftShader\)" "$out/app.log"; then
  fail "auto chose wgpu on a software rasterizer: $(grep '^casebook: renderer' "$out/app.log")"
fi

# Adds an actor as a user would: Ctrl+Shift+A, type the name, Ctrl+Enter. $2: a screenshot
# of the form before it is added, if given.
add_actor() {
  xdotool windowfocus --sync "$wid"
  xdotool key --window "$wid" ctrl+shift+a
  sleep 1
  xdotool type --window "$wid" --delay 40 "$1"
  sleep 1
  [ -n "${2:-}" ] && import -window root "$2"
  xdotool key --window "$wid" ctrl+Return
}

add_actor "Xvfb Test Actor" "$out/2-typed.png"
sleep 1
xdotool key --window "$wid" ctrl+s
for _ in $(seq 50); do grep -q "Xvfb Test Actor" "$case_file" && break; sleep 0.2; done
sleep 1
import -window root "$out/3-saved.png"

grep -q '"name": "Xvfb Test Actor"' "$case_file" || fail "the saved case does not hold the new actor"
[ -f "$case_file.bak" ] || fail "no backup of the previous version beside the case"
cmp -s "$case_file.bak" assets/example-case.json || fail "the backup is not the previous version"
"$bin" check "$case_file" >"$out/check.txt" || fail "the saved case does not pass casebook check"
grep -q "actors: 14" "$out/check.txt" || fail "expected 14 actors after the edit: $(cat "$out/check.txt")"

xdotool key --window "$wid" ctrl+b
sleep 1
import -window root "$out/5-briefing-dialog.png"
xdotool key --window "$wid" ctrl+Return
briefing="$work/albania-briefing.pdf"
for _ in $(seq 100); do [ -s "$briefing" ] && break; sleep 0.2; done
sleep 1
import -window root "$out/6-briefing-written.png"
[ "$(head -c 5 "$briefing" 2>/dev/null)" = "%PDF-" ] || fail "no PDF briefing at $briefing after Ctrl+B, Ctrl+Enter"
xdotool key --window "$wid" ctrl+s
for _ in $(seq 50); do grep -q '"briefings"' "$case_file" && break; sleep 0.2; done
grep -q '"format": "pdf"' "$case_file" || fail "the saved case does not record the PDF briefing"
# The file is renamed into place a moment before the app hears the save finished.
for _ in $(seq 50); do
  title=$(xdotool getwindowname "$wid")
  case "$title" in *modified*) sleep 0.2 ;; *) break ;; esac
done
case "$title" in *modified*) fail "the window title still says modified after saving: $title" ;; esac
kill -0 "$app" || fail "the app died"

# Unsaved work survives a kill: add an actor, give the autosave its moment, kill -9, start
# again and restore from the recovery dialog with the keyboard, save, and check the file.
add_actor "Unsaved Actor"
sleep 3
grep -qs "Unsaved Actor" "$work"/data/autosave/*.case.json || fail "no autosave holds the unsaved actor 3 s after the edit"
kill -9 "$app"; wait "$app" 2>/dev/null || true
app=""
grep -q "Unsaved Actor" "$case_file" && fail "the unsaved actor reached the case file without a save"
BROWSER=true CASEBOOK_DATA_DIR="$work/data" "$bin" "$case_file" >>"$out/app.log" 2>&1 &
app=$!
wid=$(timeout 60 xdotool search --sync --name "albania.casebook.json" | head -1) || fail "no window after the restart"
sleep 2
import -window root "$out/7-recover-dialog.png"
xdotool windowfocus --sync "$wid"
# Tab reaches the dialog's first button, Restore; Enter presses it.
xdotool key --window "$wid" Tab
sleep 0.5
xdotool key --window "$wid" Return
sleep 2
import -window root "$out/8-restored.png"
xdotool key --window "$wid" ctrl+s
for _ in $(seq 50); do grep -q "Unsaved Actor" "$case_file" && break; sleep 0.2; done
grep -q '"name": "Unsaved Actor"' "$case_file" || fail "the restored actor was not saved to the case file"
grep -q '"name": "Xvfb Test Actor"' "$case_file" || fail "the earlier saved actor is missing after the restore"
for _ in $(seq 25); do ls "$work"/data/autosave/*.case.json >/dev/null 2>&1 || break; sleep 0.2; done
ls "$work"/data/autosave/*.case.json >/dev/null 2>&1 && fail "the autosave is still there after saving"
# The note that tells Casebooks on other computers the case is open: there while it is (the
# killed session's stale note replaced), gone when the app quits with Ctrl+Q.
note="$(dirname "$case_file")/.$(basename "$case_file").casebook-open"
grep -q "\"process\": $app," "$note" 2>/dev/null || fail "no note of this process beside the open case: $(cat "$note" 2>&1)"
xdotool key --window "$wid" ctrl+q
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit the app"
wait "$app" 2>/dev/null || true
app=""
[ -e "$note" ] && fail "the note beside the case stayed after quitting"

# Markings: a TLP:GREEN case holding objects marked up to RED (the marked corpus imported with
# its unmarked objects at GREEN), briefed from the dialog at the case's label (Ctrl+B,
# Ctrl+Enter): the PDF holds nothing stricter than GREEN, and what GREEN allows.
marked="$work/marked.casebook.json"
"$bin" import tests/corpus/marked-bundle.json -o "$marked" --unmarked TLP:GREEN >/dev/null
BROWSER=true CASEBOOK_DATA_DIR="$work/data" "$bin" "$marked" >>"$out/app.log" 2>&1 &
app=$!
wid=$(timeout 60 xdotool search --sync --name "marked.casebook.json" | head -1) || fail "no window on the marked case"
sleep 2
import -window root "$out/9-marked-case.png"
xdotool windowfocus --sync "$wid"
xdotool key --window "$wid" ctrl+b
sleep 1
import -window root "$out/10-marked-briefing-dialog.png"
xdotool key --window "$wid" ctrl+Return
marked_pdf="$work/marked-briefing.pdf"
for _ in $(seq 100); do [ -s "$marked_pdf" ] && break; sleep 0.2; done
[ "$(head -c 5 "$marked_pdf" 2>/dev/null)" = "%PDF-" ] || fail "no PDF briefing of the marked case"
pdftotext "$marked_pdf" "$out/marked-briefing.txt"
grep -q "KX-GREEN-group" "$out/marked-briefing.txt" || fail "the GREEN briefing lacks the GREEN group"
if grep -E "KX-(AMBER|AMBERSTRICT|RED)-" "$out/marked-briefing.txt"; then
  fail "the TLP:GREEN briefing holds something marked stricter"
fi
kill "$app"; wait "$app" 2>/dev/null || true
app=""

# The renderer choice: a wgpu that finds no usable adapter (here: asked for Metal on Linux) must
# hand over to OpenGL (glow), and the one line on stderr must name the renderer and adapter.
WGPU_BACKEND=metal CASEBOOK_DATA_DIR="$work/data" "$bin" "$case_file" >"$out/fallback.log" 2>&1 &
app=$!
timeout 60 xdotool search --sync --name "albania.casebook.json" >/dev/null || fail "no window after the renderer fallback"
grep -q "^casebook: renderer glow on " "$out/fallback.log" || fail "the renderer was not named: $(cat "$out/fallback.log")"
sleep 2
import -window root "$out/4-fallback.png"
echo "real-window check passed: actor added and saved with Ctrl+S; PDF briefing exported and recorded; unsaved work restored after kill -9; the open-case note left and taken away on Ctrl+Q; a GREEN briefing of a case marked up to RED holds nothing stricter; the renderer is chosen and named; screenshots in $out/"
