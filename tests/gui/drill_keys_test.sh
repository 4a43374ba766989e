#!/usr/bin/env bash
# The Drills screen from the keyboard, under Xvfb with xdotool: Enter starts a tutor drill, a
# letter answers, Enter moves on past the rationales; three items, then Ctrl+Q. The three answers
# must be in the progress database. Usage: drill_keys_test.sh RAPPORT
set -u
RAPPORT=$(realpath "$1")
source "$(dirname "$0")/window_lib.sh"
start_window --screen drills --seed 1 --size 1280x800
press() { xdotool key "$1"; sleep 0.3; }
press Return              # start a tutor drill (10 new items)
for a in b a c; do
  press "$a"              # answer
  press Return            # past the rationales
done
quit_window
n=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['answers']))")
if [ "$n" != 3 ]; then echo "FAIL: $n answers recorded from the Drills screen, wanted 3"; cat "$TMP/err"; exit 1; fi
first=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['answers'][0]['item'])")
[ "$first" = "engagement/engagement-ultimate-goal" ] || { echo "FAIL: first item $first"; exit 1; }
echo "drill keys test passed: 3 answers typed in the window are in the progress database"
