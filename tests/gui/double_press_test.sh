#!/usr/bin/env bash
# One answer per turn: under Xvfb, an exam session in the window gets a double key press (two
# presses of 1, 15 ms apart, as a bouncing key or an impatient finger gives), then, once the next
# turn is on screen, a single press of 2. The saved session record must hold two answers, 1 then
# 2, the same as `rapport play --choose 1,2`: the second press of the double press was dropped.
# Usage: double_press_test.sh RAPPORT (run from the source tree)
set -u
RAPPORT=$(realpath "$1")
source "$(dirname "$0")/window_lib.sh"

"$RAPPORT" play --seed 1 --mode exam --choose 1,2 --save "$TMP/cli.json" >/dev/null ||
  { echo "FAIL: CLI run"; exit 1; }

start_window --seed 1 --size 1280x800
xdotool key Return; sleep 0.4   # library -> briefing
xdotool key e; sleep 0.3        # exam mode: no undo to take a stray answer back
xdotool key Return; sleep 0.6   # -> session
xdotool key --delay 15 1 1      # a double press
sleep 0.8
xdotool key 2                   # the next turn, read and answered
sleep 0.6
quit_window; rc=$?
[ $rc = 0 ] || { echo "FAIL: the window exited $rc"; cat "$TMP/err"; exit 1; }

records=("$TMP"/data/rapport/sessions/*.json)
if [ ${#records[@]} != 1 ] || [ ! -f "${records[0]}" ]; then
  echo "FAIL: expected one session record, found: ${records[*]}"; exit 1
fi
/usr/bin/python3 - "$TMP/cli.json" "${records[0]}" <<'PY'
import json, sys
cli, gui = (json.load(open(p)) for p in sys.argv[1:3])
if gui.get("mode") != "exam":
    print("FAIL: the session was not in exam mode:", gui.get("mode")); sys.exit(1)
if len(gui["choices"]) != 2:
    print(f"FAIL: {len(gui['choices'])} turns answered, wanted 2 (the double press answered twice?)")
    print(" gui:", gui["choices"]); sys.exit(1)
if gui["choices"] != cli["choices"]:
    print("FAIL: the answers differ from rapport play --choose 1,2")
    print(" cli:", cli["choices"]); print(" gui:", gui["choices"]); sys.exit(1)
print("double press test passed: a double press answered one turn; the next press the next turn")
PY
