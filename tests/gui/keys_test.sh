#!/usr/bin/env bash
# Real key presses: starts the window under Xvfb, focuses it, and types with xdotool (XTEST
# events, as from a keyboard): Enter opens the default scenario's briefing, Enter starts, digits
# answer, Ctrl+Z undoes one, Ctrl+Q quits. Then checks the session record the window wrote
# equals the CLI's for the same answers. Usage: keys_test.sh RAPPORT (run from the source tree)
set -u
RAPPORT=$(realpath "$1")
source "$(dirname "$0")/window_lib.sh"
ANSWERS=(1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)

"$RAPPORT" play --seed 1 --choose "$(IFS=,; echo "${ANSWERS[*]}")" --save "$TMP/cli.json" >/dev/null ||
  { echo "FAIL: CLI run"; exit 1; }

start_window --seed 1 --size 1280x800
press() { xdotool key "$1"; sleep 0.45; }  # a moment to read each turn

press Return        # library: the default scenario is selected -> briefing
press Return        # briefing -> session (practice)
press "${ANSWERS[0]}"
press 2             # a different answer...
press ctrl+z        # ...taken back
for a in "${ANSWERS[@]:1}"; do press "$a"; done
sleep 0.5
quit_window; rc=$?
[ $rc = 0 ] || { echo "FAIL: the window exited $rc"; cat "$TMP/err"; exit 1; }

records=("$TMP"/data/rapport/sessions/*.json)
if [ ${#records[@]} != 1 ] || [ ! -f "${records[0]}" ]; then
  echo "FAIL: expected one session record, found: ${records[*]}"; exit 1
fi
/usr/bin/python3 - "$TMP/cli.json" "${records[0]}" <<'PY'
import json, sys
cli, gui = (json.load(open(p)) for p in sys.argv[1:3])
for r in (cli, gui):
    r.pop("saved_at", None)
    r.pop("session_id", None)  # each play-through has its own
if cli != gui:
    print("FAIL: the record written from real key presses differs from the CLI's")
    print(" cli:", [c for c in cli["choices"]])
    print(" gui:", [c for c in gui["choices"]])
    sys.exit(1)
print(f"keys test passed: {len(gui['choices'])} answers typed, one undone, record equals the CLI's")
PY
