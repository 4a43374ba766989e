#!/usr/bin/env bash
# The window's scripted run, under Xvfb: plays the default scenario to an ending by pressing the
# same keys a user would (rapport --demo), saves PNG screenshots of the library, briefing,
# session and feedback screens, checks they are real renders, and checks that the session record
# the window wrote equals the one `rapport play` writes for the same seed and choices.
# Usage: demo_test.sh RAPPORT PNG_CHECK [SCREENSHOT_DIR]   (run from the source tree)
set -u
RAPPORT=$(realpath "$1")
PNG_CHECK=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SHOTS=${3:-$TMP/shots}
export XDG_DATA_HOME=$TMP/data XDG_CONFIG_HOME=$TMP/config
unset RAPPORT_DB  # never the user's own record
CHOICES=4,2,2,3,1,2,3,3,1,4,4,4,2,4,2,5,1,1,3,2,1,2  # Marek rescued and reassured; risk caught at the door
fail=0

"$RAPPORT" play --seed 1 --choose $CHOICES --save "$TMP/cli.json" >/dev/null || { echo "FAIL: CLI run"; exit 1; }

xvfb-run -a -s "-screen 0 1280x800x24" \
  timeout 120 "$RAPPORT" --demo $CHOICES --screenshots "$SHOTS" --size 1280x800 >"$TMP/out" 2>"$TMP/err"
rc=$?
cat "$TMP/out"
if [ $rc != 0 ]; then echo "FAIL: the window's demo run exited $rc"; sed 's/^/  | /' "$TMP/err"; exit 1; fi

# Real renders: size, not uniform, all different.
"$PNG_CHECK" 1280 800 "$SHOTS/library.png" "$SHOTS/briefing.png" "$SHOTS/session.png" "$SHOTS/feedback.png" || fail=1

# The same record as the CLI's (but for the time it was saved and the play-through id).
record=$(sed -n 's/^record: //p' "$TMP/out")
if [ ! -f "$record" ]; then echo "FAIL: no session record ('record:' line missing)"; exit 1; fi
/usr/bin/python3 - "$TMP/cli.json" "$record" <<'PY' || fail=1
import json, sys
cli, gui = (json.load(open(p)) for p in sys.argv[1:3])
for r in (cli, gui):
    r.pop("saved_at", None)
    r.pop("session_id", None)  # each play-through has its own
if cli != gui:
    print("FAIL: the window's session record differs from the CLI's")
    print(" cli:", json.dumps(cli, sort_keys=True))
    print(" gui:", json.dumps(gui, sort_keys=True))
    sys.exit(1)
print(f"session record equals the CLI's: {len(gui['choices'])} choices, seed {gui['seed']}")
PY
# The record replays to an ending: the report of the window's record is the CLI's report.
"$RAPPORT" report "$record" --format json >"$TMP/gui-report.json" &&
  "$RAPPORT" report "$TMP/cli.json" --format json >"$TMP/cli-report.json" &&
  cmp -s "$TMP/gui-report.json" "$TMP/cli-report.json" || { echo "FAIL: reports differ"; fail=1; }
grep -q '"finished": true' "$TMP/gui-report.json" || { echo "FAIL: the session did not end"; fail=1; }
# Say it first, scripted: words typed at turns 1 and 2, the rest skipped; the writing box and the
# options with the closest one marked are real renders, and the words are in the record.
printf 'hi marek, what brings you in today\nso part of you did not want to come, and part of you did\n' >"$TMP/say.txt"
xvfb-run -a -s "-screen 0 1280x800x24" \
  timeout 120 "$RAPPORT" --demo $CHOICES --demo-say "$TMP/say.txt" --screenshots "$SHOTS" --size 1280x800 >"$TMP/out" 2>"$TMP/err" ||
  { echo "FAIL: the say-it-first demo"; sed 's/^/  | /' "$TMP/err"; fail=1; }
"$PNG_CHECK" 1280 800 "$SHOTS/say-writing.png" "$SHOTS/say-options.png" || fail=1
said_record=$(sed -n 's/^record: //p' "$TMP/out")
/usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["choices"]; assert c[0]["said"]=="hi marek, what brings you in today" and c[1]["said"].startswith("so part of you") and c[2]["said_skipped"] is True, c[:3]' "$said_record" ||
  { echo "FAIL: the say-it-first demo's record"; fail=1; }
# The Drills screen, scripted the same way: three answers, then the results.
xvfb-run -a -s "-screen 0 1280x800x24" \
  timeout 120 "$RAPPORT" --demo-drill b,d,a --screenshots "$SHOTS" --seed 1 --size 1280x800 >"$TMP/out" 2>"$TMP/err" ||
  { echo "FAIL: the drill demo"; sed 's/^/  | /' "$TMP/err"; fail=1; }
"$PNG_CHECK" 1280 800 "$SHOTS/drill-question.png" "$SHOTS/drill-rationales.png" "$SHOTS/drill-results.png" || fail=1
n=$(RAPPORT_DB= "$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)['answers']))")
[ "$n" = 3 ] || { echo "FAIL: $n drill answers recorded by the window, wanted 3"; fail=1; }
[ $fail = 0 ] && echo "demo test passed"
exit $fail
