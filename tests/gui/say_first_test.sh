#!/usr/bin/env bash
# Say it first, with real key presses under Xvfb: the briefing's S turns it on; at each turn the
# trainee types their words (xdotool type: XTEST key events, as from a keyboard), Enter sends,
# Shift+Enter starts a new line, Esc skips; then they choose with a digit. Plays the default
# scenario to its end, then checks the saved session (the words, the skip, the times, the same
# choices as `rapport play --choose`), the report (`rapport report` of that session shows the
# words and their code) and the progress record (the said table).
# Usage: say_first_test.sh RAPPORT (run from the source tree)
set -u
RAPPORT=$(realpath "$1")
source "$(dirname "$0")/window_lib.sh"
CHOICES=(4 2 2 3 1 2 3 3 1 4 4 4 2 4 2 5 1 1 3 2 1 2)

"$RAPPORT" play --seed 1 --choose "$(IFS=,; echo "${CHOICES[*]}")" --save "$TMP/cli.json" >/dev/null ||
  { echo "FAIL: CLI run"; exit 1; }

start_window --seed 1 --size 1280x800
press() { xdotool key "$1"; sleep 0.5; }
say() { xdotool type --delay 20 "$1"; sleep 0.3; }

press Return   # library: the default scenario -> briefing
press s        # say it first
press Return   # -> session (practice)
say "Hi Marek, what brings you in today?"
press Return   # sends: the options appear
press "${CHOICES[0]}"
press Escape   # turn 2: skip writing
press "${CHOICES[1]}"
say "You lost more than a job there."
press shift+Return
say "Twenty-two years."
press Return
press "${CHOICES[2]}"
for c in "${CHOICES[@]:3}"; do
  press Escape
  press "$c"
done
sleep 1
quit_window; rc=$?
[ $rc = 0 ] || { echo "FAIL: the window exited $rc"; cat "$TMP/err"; exit 1; }

records=("$TMP"/data/rapport/sessions/*.json)
if [ ${#records[@]} != 1 ] || [ ! -f "${records[0]}" ]; then
  echo "FAIL: expected one session record, found: ${records[*]}"; exit 1
fi
/usr/bin/python3 - "$TMP/cli.json" "${records[0]}" <<'PY' || exit 1
import json, sys
cli, gui = (json.load(open(p)) for p in sys.argv[1:3])
fail = []
if gui.get("say_first") is not True: fail.append("say_first not saved")
c = gui["choices"]
if [(x["node"], x["response"]) for x in c] != [(x["node"], x["response"]) for x in cli["choices"]]:
    fail.append("the choices differ from the CLI's for the same keys")
if len(c) != len(cli["choices"]): fail.append(f"{len(c)} choices, wanted {len(cli['choices'])}")
if c[0].get("said") != "Hi Marek, what brings you in today?": fail.append(f"turn 1 words: {c[0].get('said')!r}")
if not (0 <= c[0].get("said_first_key_ms", -1) < c[0].get("said_sent_ms", -1)):
    fail.append(f"turn 1 times: first key {c[0].get('said_first_key_ms')}, sent {c[0].get('said_sent_ms')}")
if c[1].get("said_skipped") is not True: fail.append("turn 2 not skipped")
if c[2].get("said") != "You lost more than a job there.\nTwenty-two years.":
    fail.append(f"turn 3 words (Shift+Enter a new line): {c[2].get('said')!r}")
if not all(x.get("said_skipped") for x in c[3:]): fail.append("turns 4 on: not all skipped")
if fail:
    print("FAIL: " + "; ".join(fail)); print(json.dumps(c[:3], indent=1)); sys.exit(1)
PY
"$RAPPORT" report "${records[0]}" --format markdown >"$TMP/report.md" 2>"$TMP/report.err" ||
  { echo "FAIL: rapport report of the window's session"; cat "$TMP/report.err"; exit 1; }
grep -qF "**You wrote:** Hi Marek, what brings you in today? *(Open question, coded automatically)*" "$TMP/report.md" ||
  { echo "FAIL: the report does not show the words and their code"; grep -n "You wrote" "$TMP/report.md" | head; exit 1; }
grep -qF "**You wrote:** *(skipped)*" "$TMP/report.md" ||
  { echo "FAIL: the report does not show the skipped turn"; exit 1; }
/usr/bin/python3 - "$TMP/data/rapport/progress.db" <<'PY' || exit 1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# The CLI run above is recorded too (not said first); the window's session is.
first = db.execute("SELECT id FROM sessions WHERE say_first = 1").fetchall()
rows = db.execute("SELECT turn, text, skipped, code FROM said WHERE session = ? ORDER BY turn",
                  (first[0][0] if first else -1,)).fetchall()
if len(first) != 1 or len(rows) != 22 or rows[0][1:] != ("Hi Marek, what brings you in today?", 0, "open_question") or rows[1][2] != 1:
    print("FAIL: the progress record's said rows:", first, rows[:3]); sys.exit(1)
PY
echo "say it first test passed: words typed with real keys, one skipped, a new line kept; saved, reported, recorded"
