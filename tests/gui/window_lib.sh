# Shared by the window's tests: sourced after RAPPORT is set. Re-runs the calling script under
# Xvfb when there is no display, gives it a throwaway home (never the user's settings, sessions or
# progress record), and starts and focuses the window.
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
TMP=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$TMP"' EXIT
export XDG_DATA_HOME=$TMP/data XDG_CONFIG_HOME=$TMP/config
unset RAPPORT_DB

# start_window ARGS...: starts rapport ARGS in the background (PID), waits for its window and
# focuses it (WID). Exits the test when no window appears.
start_window() {
  "$RAPPORT" "$@" >"$TMP/out" 2>"$TMP/err" &
  PID=$!
  WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Rapport$' | head -1)
  if [ -z "$WID" ]; then echo "FAIL: no window appeared"; cat "$TMP/err"; exit 1; fi
  xdotool windowfocus --sync "$WID"
}

# quit_window: Ctrl+Q, then waits for the process to end; exits the test if it does not.
quit_window() {
  xdotool key ctrl+q
  for _ in $(seq 50); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
  if kill -0 $PID 2>/dev/null; then echo "FAIL: Ctrl+Q did not close the window"; exit 1; fi
  wait $PID
}
