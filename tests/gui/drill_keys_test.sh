#!/usr/bin/env bash
# The Drills screen from the keyboard, under Xvfb with xdotool: Enter starts a tutor drill, a
# letter answers, Enter moves on past the rationales; three items, then Ctrl+Q. The three answers
# must be in the progress database. Usage: drill_keys_test.sh RAPPORT
set -u
RAPPORT=$(realpath "$1")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null; rm -rf "$TMP"' EXIT
export XDG_DATA_HOME=$TMP/data XDG_CONFIG_HOME=$TMP/config
unset RAPPORT_DB
"$RAPPORT" --screen drills --seed 1 --size 1280x800 >"$TMP/out" 2>"$TMP/err" &
PID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Rapport$' | head -1)
if [ -z "$WID" ]; then echo "FAIL: no window appeared"; cat "$TMP/err"; exit 1; fi
xdotool windowfocus --sync "$WID"
press() { xdotool key "$1"; sleep 0.3; }
press Return              # start a tutor drill (10 new items)
for a in b a c; do
  press "$a"              # answer
  press Return            # past the rationales
done
press ctrl+q
for _ in $(seq 50); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
wait $PID 2>/dev/null
n=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['answers']))")
if [ "$n" != 3 ]; then echo "FAIL: $n answers recorded from the Drills screen, wanted 3"; cat "$TMP/err"; exit 1; fi
first=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['answers'][0]['item'])")
[ "$first" = "engagement/engagement-ultimate-goal" ] || { echo "FAIL: first item $first"; exit 1; }
echo "drill keys test passed: 3 answers typed in the window are in the progress database"
