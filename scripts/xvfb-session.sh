# Sourced by the real-window scripts: starts an X server of its own under Xvfb at the screen
# size given ($1, e.g. 1280x720), exports DISPLAY, and on exit stops the app ($app, if set),
# the server, and removes the scratch folder ($work). Expects $out (the screenshots' folder).
# -noreset: without it the server resets when its last client leaves (the app is killed and
# started again several times), and a client connecting during the reset is refused.
display=:$((100 + RANDOM % 600))
Xvfb "$display" -screen 0 "${1}x24" -nolisten tcp -noreset >"$out/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
