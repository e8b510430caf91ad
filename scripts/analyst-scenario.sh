#!/usr/bin/env bash
# An analyst's scenario in a real window: under Xvfb at 1280×720 with the default renderer,
# starts from an empty case and builds one as a user would, with the keyboard and the pointer:
# five actors, a relationship drawn by Ctrl+drag with a quick first move, an event with a date
# typed after Tab, a source, a citation of the event, a judgment whose rationale is typed (and
# then edited so that a tradecraft finding appears and goes while typing), an analysis of
# competing hypotheses rated from the keyboard; saves to a typed path, quits, reopens. Then it
# checks on disk that every typed character is there and that every actor has a position, and
# that the reopened map draws the same picture as before quitting (the two screenshots are
# compared). Screenshots go to target/analyst-scenario/ for anyone to look at.
#
# usage: scripts/analyst-scenario.sh [path/to/casebook]   (default: target/debug/casebook)
# needs: Xvfb, xdotool, ImageMagick (import, convert, compare), python3
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/casebook}
out=target/analyst-scenario
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
case_file="$work/harbour.casebook.json"

# shellcheck source=scripts/xvfb-session.sh
. scripts/xvfb-session.sh 1280x720

shot_number=0
shot() {
  shot_number=$((shot_number + 1))
  import -window root "$out/$(printf %02d "$shot_number")-$1.png"
}
fail() {
  echo "analyst scenario FAILED: $*" >&2
  import -window root "$out/failure.png" 2>/dev/null || true
  echo "--- app log:" >&2
  cat "$out/app.log" >&2
  exit 1
}
key() { xdotool key --window "$wid" "$@"; sleep 0.4; }
# Types as a person does (40 ms a key) and pauses before the next action.
typed() { xdotool type --window "$wid" --delay 40 "$1"; sleep 0.6; }
click() { xdotool mousemove "$1" "$2"; sleep 0.2; xdotool click 1; sleep 0.6; }
# Moves the pointer off the map so no hover card covers it.
rest_pointer() { xdotool mousemove 1270 700; sleep 0.4; }

# The centre of the selected actor on the map: the pixels of the selection ring (#FFC83D) in
# the map's area of the screenshot $1, averaged. Prints "x y", or nothing if there is no ring.
ring_centre() {
  convert "$1" -crop 570x450+328+136 +repage txt:- |
    awk -F'[ ,:]+' 'tolower($0) ~ /#ffc83d/ { x += $1; y += $2; n++ }
      END { if (n > 20) printf "%d %d\n", 328 + x / n, 136 + y / n }'
}
# Selects the actor in row $1 (0-based) of the Actors list and prints where the map draws it.
locate_actor() {
  click 40 37 >/dev/null
  click 60 $((170 + 46 * $1)) >/dev/null
  rest_pointer
  import -window root "$work/locate.png"
  ring_centre "$work/locate.png"
}

start_app() {
  BROWSER=true CASEBOOK_DATA_DIR="$work/data" "$bin" --typed-paths "$@" >>"$out/app.log" 2>&1 &
  app=$!
  wid=$(timeout 60 xdotool search --sync --name "Casebook" | head -1) || fail "no window within 60 s"
  sleep 3
  xdotool windowfocus --sync "$wid"
}

# 1. An empty case.
start_app
key ctrl+n
case "$(xdotool getwindowname "$wid")" in
  Untitled*) ;;
  *) fail "Ctrl+N did not start a new case: $(xdotool getwindowname "$wid")" ;;
esac

# 2. Five actors, from the keyboard.
actors=("Storm Petrel" "Blue Heron Unit" "Ministry of Signals" "Republic of Testland" "Harbour Authority")
for name in "${actors[@]}"; do
  key ctrl+shift+a
  typed "$name"
  key ctrl+Return
done
rest_pointer
shot actors-added

# 3. A relationship by Ctrl+drag from Storm Petrel to Ministry of Signals, the first move a
# long one (the gesture is decided by where it started, not by how far the first step went).
read -r from_x from_y <<<"$(locate_actor 0)" || true
read -r to_x to_y <<<"$(locate_actor 2)" || true
[ -n "${from_x:-}" ] && [ -n "${to_x:-}" ] || fail "could not find the two actors on the map"
key Escape
xdotool mousemove "$from_x" "$from_y"; sleep 0.3
xdotool keydown ctrl mousedown 1; sleep 0.1
xdotool mousemove "$to_x" "$to_y"; sleep 0.2
xdotool mouseup 1 keyup ctrl; sleep 0.8
shot relationship-form
key ctrl+Return

# 4. An event: title, Tab past the kind, the date.
key ctrl+shift+e
typed "Harbour systems wiped"
key Tab
key Tab
typed "2024-03-05"
shot event-form
key ctrl+Return

# 5. A source: title, Tab, publisher.
key ctrl+shift+r
typed "Harbour Authority incident notice"
key Tab
typed "Harbour Authority"
key ctrl+Return

# 6. A citation of the event: select the event, Ctrl+Shift+C (the source last added is chosen).
click 222 37
click 80 170
key ctrl+shift+c
shot citation-form
key ctrl+Return

# 7. A judgment on the event (selected again after the citation): choose who is held
# responsible, the likelihood and the confidence with the pointer (each starts not stated,
# the first entry of its list), type the rationale.
key ctrl+shift+j
click 1093 196
click 1000 222
click 1093 317
click 1093 459
click 1093 375
click 1093 421
click 1093 505
rationale_start="We assess it is likely that Storm Petrel wiped the harbour systems. We hold this with low confidence because one source reports it."
typed "$rationale_start"
shot judgment-form
key ctrl+Return
sleep 0.5
# Edit it: typing "It is almost certain" makes a finding appear (the words say almost certain,
# the judgment records likely); erasing it makes the finding go; typing goes on all the while.
click 1100 520
key ctrl+End
finding_words=" It is almost certain"
typed "$finding_words"
shot finding-shown
for _ in $(seq ${#finding_words}); do xdotool key --window "$wid" BackSpace; sleep 0.05; done
sleep 0.6
shot finding-gone
typed " A second source is awaited."
rationale="$rationale_start A second source is awaited."

# 8. An analysis of competing hypotheses about the event, its evidence rated from the
# keyboard: the first arrow puts the cursor on the first cell, C rates it consistent, Right
# moves to the next hypothesis, Shift+I rates it very inconsistent.
key Escape
click 222 37
click 80 170
key ctrl+shift+h
key ctrl+Return
click 580 43
rest_pointer
key Down
key c
key Right
key shift+i
shot ach-rated

# 9. Save to a typed path, back to the map, fit it, nothing selected; the picture to compare.
key ctrl+s
key ctrl+a
typed "$case_file"
key Return
for _ in $(seq 50); do [ -s "$case_file" ] && break; sleep 0.2; done
[ -s "$case_file" ] || fail "no case file at $case_file after Ctrl+S and the typed path"
click 348 43
click 343 98
key Escape
rest_pointer
import -window root "$work/before.png"
shot before-quit
key ctrl+q
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$app" 2>/dev/null || true
app=""

# 10. On disk: every typed character, every actor placed.
CASE="$case_file" RATIONALE="$rationale" python3 - <<'EOF' || fail "the saved case does not hold what was typed (above)"
import json, os, sys
case = json.load(open(os.environ["CASE"]))
problems = []
def need(ok, what):
    if not ok:
        problems.append(what)
names = {a["name"]: a for a in case["actors"]}
for name in ["Storm Petrel", "Blue Heron Unit", "Ministry of Signals", "Republic of Testland", "Harbour Authority"]:
    need(name in names, f"actor {name!r}")
for a in case["actors"]:
    need(isinstance(a.get("map"), dict) and {"x", "y"} <= set(a["map"]), f"a position for {a['name']!r}")
ids = {a["id"]: a["name"] for a in case["actors"]}
need(any(ids.get(r["source"]) == "Storm Petrel" and ids.get(r["target"]) == "Ministry of Signals"
         for r in case["relationships"]), "the relationship drawn by Ctrl+drag")
events = [e for e in case["events"] if e["title"] == "Harbour systems wiped"]
need(len(events) == 1 and events[0]["start"] == "2024-03-05", f"the event and its date: {case['events']}")
sources = [s for s in case["sources"] if s["title"] == "Harbour Authority incident notice"]
need(len(sources) == 1 and sources[0].get("publisher") == "Harbour Authority", f"the source: {case['sources']}")
need(events and sources and any(c["cites"] == events[0]["id"] and c["source"] == sources[0]["id"]
         for c in case["citations"]), f"the citation of the event: {case['citations']}")
judgments = case["judgments"]
need(len(judgments) == 1, f"one judgment: {judgments}")
if judgments:
    j = judgments[0]
    need(j["rationale"] == os.environ["RATIONALE"], f"the rationale as typed: {j['rationale']!r}")
    need(ids.get(j["actor"]) == "Storm Petrel" and events and j["subject"] == events[0]["id"], "the judgment's subject and actor")
    need(j.get("likelihood") == "likely", f"the likelihood chosen: {j.get('likelihood')}")
    need(j.get("confidence") == "low", f"the confidence chosen: {j.get('confidence')}")
analyses = case.get("analyses", [])
need(len(analyses) == 1, "one analysis")
if analyses:
    rows = analyses[0]["evidence"]
    keys = [h["key"] for h in analyses[0]["hypotheses"]]
    need(rows and rows[0]["ratings"].get(keys[0]) == "C" and rows[0]["ratings"].get(keys[1]) == "II",
         f"the keyboard ratings C and II on the first row: {rows}")
if problems:
    print("missing or wrong: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print("on disk: 5 actors placed, relationship, event, source, citation, judgment, ratings")
EOF

# 11. Reopen: the same picture, and nothing changed on its own.
start_app "$case_file"
click 348 43
click 343 98
key Escape
rest_pointer
import -window root "$work/after.png"
shot reopened
crop=570x450+328+136
convert "$work/before.png" -crop "$crop" +repage "$out/map-before.png"
convert "$work/after.png" -crop "$crop" +repage "$out/map-after.png"
differing=$(compare -metric AE -fuzz 8% "$out/map-before.png" "$out/map-after.png" "$out/map-difference.png" 2>&1 >/dev/null || true)
echo "map pixels differing after reopening: $differing"
[ "${differing%%.*}" -lt 200 ] 2>/dev/null || fail "the reopened map is not the picture saved ($differing pixels differ; see $out/map-difference.png)"
case "$(xdotool getwindowname "$wid")" in
  *modified*) fail "the reopened case is marked modified with no edit: $(xdotool getwindowname "$wid")" ;;
esac
key ctrl+q
echo "analyst scenario passed: screenshots in $out"
