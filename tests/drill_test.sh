#!/usr/bin/env bash
# Drills from the terminal: scripted runs in both modes, the record they leave, a process killed
# in the middle of a drill (no answered item lost), progress, and exports (CSV, JSON, xAPI with
# every required field). Usage: drill_test.sh PATH/TO/rapport (run from the source tree).
set -u
RAPPORT=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export RAPPORT_DB="$TMP/progress.db"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_in() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -20; fi; }

# Tutor mode: every option's rationale after each answer; the answers are recorded.
"$RAPPORT" drill drills/engagement.yaml --count 3 --answers b,a,c --seed 1 >"$TMP/tutor" 2>&1 && ok || bad "tutor drill exit"
expect_in "$TMP/tutor" "What is the ultimate goal of engaging clients in therapy?" "the seed item comes first"
expect_in "$TMP/tutor" "[correct]" "tutor shows the right option"
expect_in "$TMP/tutor" "Reference:" "tutor shows the reference"
expect_in "$TMP/tutor" "Score:" "score at the end"
expect_in "$TMP/tutor" "Due by the end of tomorrow:" "what is due tomorrow"
# Seed 1 shows the seed item's options in this order: A dependent, B network, C finances, D rapport.
expect_in "$TMP/tutor" "(your answer) Identifying the client's social network" "answer b is the network option"

# Exam mode: nothing until the end, then scores by topic and every rationale.
"$RAPPORT" drill --mode exam --all --count 4 --answers d,a,a,a --seed 1 >"$TMP/exam" 2>&1 && ok || bad "exam drill exit"
expect_in "$TMP/exam" "Every item, with every option's rationale" "exam reveals at the end"
expect_in "$TMP/exam" "Engagement and its goal:" "exam scores by topic"
n_before_end=$(sed -n '1,/^Score:/p' "$TMP/exam" | grep -c "\[correct\]")
[ "$n_before_end" = 0 ] && ok || bad "exam mode showed rationales before the end"

# Items from scenarios are included on request.
# Under ASan (tests/asan_ci.sh) the items come from Dana's scenario alone, in a data folder that has
# only it: the default scenario's full analysis, which every --from-scenarios run makes, takes
# minutes there.
if [ -n "${RAPPORT_UNDER_ASAN:-}" ]; then
  mkdir -p "$TMP/data/scenarios"
  ln -s "$(pwd)/assets" "$TMP/data/assets"
  ln -s "$(pwd)/drills" "$TMP/data/drills"
  ln -s "$(pwd)/scenarios/dana-ambivalence.yaml" "$TMP/data/scenarios/"
  RAPPORT_DATA_DIR="$TMP/data" "$RAPPORT" drill --from-scenarios --topic scenario:dana-ambivalence \
    --all --count 1 --answers a >"$TMP/scen" 2>&1 && ok || bad "scenario drill"
else
  "$RAPPORT" drill --from-scenarios --topic scenario:first-session --all --count 1 --answers a >"$TMP/scen" 2>&1 && ok || bad "scenario drill"
fi
expect_in "$TMP/scen" "from the scenario" "scenario items are labelled"

# Bad input: a clear message, exit 2 for arguments, 1 for a broken bank.
"$RAPPORT" drill --answers b,zz >"$TMP/out" 2>&1; [ $? = 2 ] && ok || bad "bad --answers exit"
"$RAPPORT" drill --retention 0.5 >"$TMP/out" 2>&1; [ $? = 2 ] && ok || bad "retention range"
expect_in "$TMP/out" "0.7 to 0.97" "retention range named"
"$RAPPORT" drill --topic nosuch >"$TMP/out" 2>&1; [ $? = 2 ] && ok || bad "unknown topic exit"
expect_in "$TMP/out" "topics (type the id):" "topics listed"
expect_in "$TMP/out" "  autonomy  (Dependence and autonomy)" "topics listed with their labels"
"$RAPPORT" drill --topic risk --all --count 1 --answers a >"$TMP/out" 2>&1 && ok || bad "drill on a topic"
expect_in "$TMP/out" "on Risk and safety," "the topic is shown by its label"
expect_in "$TMP/out" "[Risk and safety," "items show the topic label"
"$RAPPORT" drill tests/data/invalid/drill-no-correct.yaml --answers a >"$TMP/out" 2>&1; [ $? = 1 ] && ok || bad "broken bank exit"
expect_in "$TMP/out" "[RP502]" "broken bank diagnostics"
"$RAPPORT" validate drills/ >"$TMP/out" 2>&1 && ok || bad "shipped bank validates"

# A process killed in the middle of a drill loses no answered item.
before=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)['answers']))")
mkfifo "$TMP/in"
"$RAPPORT" drill --all --count 10 --seed 3 <"$TMP/in" >"$TMP/killed" 2>&1 &
pid=$!
exec 3>"$TMP/in"
for a in a b c; do echo "$a" >&3; sleep 0.4; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
exec 3>&-
after=$("$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)['answers']))")
[ $((after - before)) = 3 ] && ok || bad "killed mid-drill: $((after - before)) answers kept, wanted 3"

# A session from the terminal goes into the record too.
"$RAPPORT" play --seed 1 --choose 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 >/dev/null 2>&1 && ok || bad "play"
"$RAPPORT" progress >"$TMP/progress" 2>&1 && ok || bad "progress exit"
expect_in "$TMP/progress" "Marek: a first session" "progress lists the session"
expect_in "$TMP/progress" "Drills (" "progress shows drills"
expect_in "$TMP/progress" "Due:" "progress shows due counts"
expect_in "$TMP/progress" "Leeches" "progress shows leeches"

# Exports.
"$RAPPORT" export --format csv -o "$TMP/out.csv" && ok || bad "csv export"
head -1 "$TMP/out.csv" | grep -q "^record,actor,timestamp" && ok || bad "csv header"
[ "$(grep -c '^answer,' "$TMP/out.csv")" = "$after" ] && ok || bad "csv has every answer"
"$RAPPORT" export --format xapi --actor-name "Sam Student" -o "$TMP/xapi.json" && ok || bad "xapi export"
/usr/bin/python3 - "$TMP/xapi.json" <<'PY' && ok || bad "xAPI statements carry every required field"
import json, re, sys
st = json.load(open(sys.argv[1]))
uuid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
verbs = set()
for s in st:
    assert uuid.match(s["id"]), s["id"]
    assert s["version"] == "1.0.3"
    assert s["actor"]["objectType"] == "Agent" and s["actor"]["name"] == "Sam Student"
    assert "account" in s["actor"] or "mbox" in s["actor"]
    assert s["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
    assert s["verb"]["display"]["en-US"]
    assert s["object"]["objectType"] == "Activity" and s["object"]["id"].startswith("https://")
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", s["timestamp"]), s["timestamp"]
    verbs.add(s["verb"]["display"]["en-US"])
    if s["verb"]["display"]["en-US"] == "answered":
        r = s["result"]
        assert isinstance(r["success"], bool) and r["duration"].startswith("PT") and "score" in r
    if s["verb"]["display"]["en-US"] == "completed":
        assert "raw" in s["result"]["score"] and s["result"]["completion"] is True
assert len({s["id"] for s in st}) == len(st), "ids are unique"
need = {"initialized", "responded", "answered", "completed"}
assert need <= verbs, verbs
assert verbs & {"passed", "failed"}, verbs
print(f"{len(st)} xAPI statements, verbs: {sorted(verbs)}")
PY
"$RAPPORT" export --format xapi -o "$TMP/xapi2.json"
cmp -s <(grep '"id": "[0-9a-f]\{8\}-' "$TMP/xapi.json") <(grep '"id": "[0-9a-f]\{8\}-' "$TMP/xapi2.json") && ok || bad "ids are stable across exports"

# A full disk (here: a file-size limit, so that SQLite cannot grow its files): a clear message,
# exit 1, and the answers already recorded are all still there.
count() { "$RAPPORT" export --format json | /usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)['answers']))"; }
kept=$(count)
(ulimit -f 1; trap '' XFSZ; "$RAPPORT" drill --all --count 2 --answers a,b >"$TMP/full" 2>&1); rc=$?
[ $rc = 1 ] && ok || bad "full disk: exit $rc, wanted 1"
expect_in "$TMP/full" "the disk may be full" "full disk message"
[ "$(count)" = "$kept" ] && ok || bad "full disk: answers lost"

# A foreign file given as the database is refused and kept.
echo "not a database" >"$TMP/notes.txt"
"$RAPPORT" progress --db "$TMP/notes.txt" >"$TMP/out" 2>&1; [ $? = 1 ] && ok || bad "foreign db exit"
expect_in "$TMP/out" "left untouched" "foreign db message"
[ "$(cat "$TMP/notes.txt")" = "not a database" ] && ok || bad "foreign file kept"

echo "drill: $pass passed, $fail failed"
[ "$fail" = 0 ]
