#!/usr/bin/env bash
# The Drills screen from the keyboard, under Xvfb with xdotool: Enter starts a tutor drill, a
# letter answers, Enter moves on past the rationales; three items, then Ctrl+Q. The three answers
# must be in the progress database. Then the Debrief's drill: a format 2 session played to its
# end, P (the key of "Start a tutor drill on it"), one answer: it must be an item on the debrief's
# topic (risk). Usage: drill_keys_test.sh RAPPORT
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
# New items take turns between the banks, in the order of their files: the first is the first item
# of confidentiality-safeguarding.yaml.
[ "$first" = "confidentiality-safeguarding/conf-opening-statement-trainee" ] || { echo "FAIL: first item $first"; exit 1; }

# The debrief's drill: seed 1, responses 1 1 2 1 end the session with a red flag (topic: risk).
start_window "$(dirname "$0")/../data/valid/example-v2.yaml" --seed 1 --size 1280x800
press Return; press Return  # the briefing, then start
for c in 1 1 2 1; do press $c; sleep 0.2; done
sleep 0.5; press p; sleep 0.5  # P on the Feedback screen: the Debrief's "Start a tutor drill on it"
press a
quit_window
item=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; a=json.load(sys.stdin)['answers']; print(a[-1]['item'] if len(a) == 4 else 'none')")
# An item on the topic risk, in whichever shipped bank (the banks take turns).
on_risk=$(/usr/bin/python3 - "$item" "$(dirname "$0")/../../drills" <<'PY'
import glob, sys, yaml
bank, _, item = sys.argv[1].partition("/")
for f in glob.glob(sys.argv[2] + "/*.yaml"):
    d = yaml.safe_load(open(f))
    if d.get("id") == bank:
        print(any(i["id"] == item and "risk" in i["topics"] for i in d["items"]))
PY
)
if [ "$on_risk" != True ]; then
  echo "FAIL: the debrief's drill answered '$item', wanted an item on risk (did P start the debrief's drill?)"; cat "$TMP/err"; exit 1
fi
echo "drill keys test passed: 3 answers typed in the window are in the progress database; the debrief's drill asked $item"
