#!/usr/bin/env bash
# Output safety (issue 10, sections 2 and 3): every output file is written one safe way (no link
# followed at a temporary name, FIFOs and devices written to and never replaced, links written
# through, the file-size limit a message), session files are locked and recorded once, and hostile
# scenario text (tests/data/hostile/hostile.yaml) is made harmless in CSV, JSON, xAPI, DOT,
# Markdown and on the terminal.
# Usage: output_test.sh PATH/TO/rapport  (run from the source tree). Prints "N passed, N failed".
set -u
RAPPORT=$(realpath "$1")
PY=/usr/bin/python3
TMP=$(mktemp -d)
cleanup() {
  [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null
  exec 7>&- 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT && echo "kept $TMP"
export RAPPORT_DB="$TMP/progress.db"   # never the user's own record
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {  # check DESCRIPTION -- command...: passes when the command succeeds
  local what=$1; shift 2
  if "$@"; then ok; else bad "$what"; fi
}
no_esc() { ! grep -q $'[\x1b\x07]' "$1"; }
no_temp_left() {  # no file but the expected ones in folder $1 (names given after it)
  local dir=$1; shift
  local extra
  extra=$(cd "$dir" && ls -A | grep -vxF -f <(printf '%s\n' "$@"))
  [ -z "$extra" ] || { echo "  left behind in $dir: $extra"; return 1; }
}

HOSTILE=tests/data/hostile/hostile.yaml
EXAMPLE=tests/data/valid/example.yaml
# Its graph (2.8 KB) is past `ulimit -f 1` (1 KiB) and takes no time (the default scenario's took
# 38 s to analyse, minutes under ASan, for the same check).
V2=tests/data/valid/example-v2.yaml

# --- one safe way to write a file --------------------------------------------------------------
W="$TMP/w"; mkdir "$W"
echo "precious" >"$W/victim"

# A link planted at the old, predictable temporary name (FILE.tmp<PID>): the shell's PID is the
# PID rapport runs with after exec. The link must not be followed.
bash -c 'ln -s "$1/victim" "$1/graph.dot.tmp$$"; exec "$2" graph "$3" -o "$1/graph.dot"' _ \
  "$W" "$RAPPORT" "$EXAMPLE" >/dev/null 2>&1
check "a link planted at FILE.tmp<PID> is not followed" -- grep -qx precious "$W/victim"
check "the graph was written" -- grep -q "digraph" "$W/graph.dot"
rm -f "$W"/graph.dot.tmp*
# The temporary file is created exclusively and without following links (or is unnamed):
# whatever name an attacker guesses, the open fails on a planted link instead of following it.
if strace -f -o "$TMP/strace" -e trace=open,openat,linkat true 2>/dev/null; then
  strace -f -o "$TMP/strace" -e trace=open,openat,linkat \
    "$RAPPORT" graph "$EXAMPLE" -o "$W/graph.dot" >/dev/null 2>&1
  check "the temporary file is opened O_TMPFILE or O_CREAT|O_EXCL|O_NOFOLLOW" -- \
    grep -qE "openat\(AT_FDCWD, \"$W\", [^)]*O_TMPFILE|\"$W/\.graph\.dot\.[0-9a-f]{16}\.tmp\", [^)]*O_EXCL\|O_NOFOLLOW" "$TMP/strace"
  check "no open of a temporary file without O_EXCL" -- \
    bash -c "! grep -E '\"$W/[^\"]*tmp[^\"]*\", [^)]*O_CREAT' '$TMP/strace' | grep -qv O_EXCL"
fi
check "nothing left in the folder" -- no_temp_left "$W" victim graph.dot

# A symbolic link as the target: written through (the file it points to), the link stays.
echo "old" >"$W/real.dot"
ln -s real.dot "$W/link.dot"
"$RAPPORT" graph "$EXAMPLE" -o "$W/link.dot" >/dev/null 2>"$TMP/err"
check "-o onto a link leaves the link a link" -- test -L "$W/link.dot"
check "-o onto a link writes the file it points to" -- grep -q "digraph" "$W/real.dot"
ln -s missing.dot "$W/dangling.dot"
"$RAPPORT" graph "$EXAMPLE" -o "$W/dangling.dot" >/dev/null 2>"$TMP/err"
check "-o onto a link to nothing is refused" -- grep -q "symbolic link to a missing file" "$TMP/err"
check "... and creates nothing" -- test ! -e "$W/missing.dot"
check "nothing left in the folder" -- no_temp_left "$W" victim graph.dot real.dot link.dot dangling.dot

# -o onto a FIFO: the reader gets the output and the FIFO stays a FIFO.
mkfifo "$W/fifo"
cat "$W/fifo" >"$TMP/from_fifo" &
reader=$!
timeout 20 "$RAPPORT" graph "$EXAMPLE" -o "$W/fifo" >/dev/null 2>"$TMP/err"
[ -p "$W/fifo" ] || kill "$reader" 2>/dev/null  # replaced: the reader would wait for ever
wait "$reader"
check "-o onto a FIFO leaves a FIFO" -- test -p "$W/fifo"
check "-o onto a FIFO: the reader got the graph" -- grep -q "digraph" "$TMP/from_fifo"
# A character device: only once the FIFO case shows that a non-regular file is never replaced
# (an old build, run as root, would replace the machine's /dev/null).
if [ -p "$W/fifo" ] && [ -c /dev/null ]; then
  "$RAPPORT" graph "$EXAMPLE" -o /dev/null >/dev/null 2>"$TMP/err"
  check "-o /dev/null succeeds" -- test $? = 0
  check "-o /dev/null leaves a character device" -- test -c /dev/null
  "$RAPPORT" graph "$EXAMPLE" -o /dev/stdout 2>"$TMP/err" | cat >"$TMP/stdout_pipe.txt"
  check "-o /dev/stdout into a pipe" -- grep -q "digraph" "$TMP/stdout_pipe.txt"
else
  bad "-o onto a FIFO replaced it: /dev/null not tried"
fi
rm -f "$W/fifo"

# The file-size limit (SIGXFSZ): a message, the last good file kept, no temporary file left.
echo "last good graph" >"$W/big.dot"
(ulimit -f 1; "$RAPPORT" graph "$V2" -o "$W/big.dot" >/dev/null 2>"$TMP/err"; echo $? >"$TMP/rc")
check "past the file-size limit: exit 1 (not killed by SIGXFSZ)" -- grep -qx 1 "$TMP/rc"
check "past the file-size limit: said in words" -- grep -q "file-size limit" "$TMP/err"
check "past the file-size limit: the last good file kept" -- grep -qx "last good graph" "$W/big.dot"
check "past the file-size limit: nothing left" -- \
  no_temp_left "$W" victim graph.dot real.dot link.dot dangling.dot big.dot

# --- session files: recorded once, locked while open -------------------------------------------
S="$TMP/s"; mkdir "$S"
"$RAPPORT" play "$EXAMPLE" --choose 1,1 --save "$S/done.json" >/dev/null 2>&1
for i in 1 2 3; do "$RAPPORT" play --resume "$S/done.json" >/dev/null 2>&1; done
sessions=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from sessions").fetchone()[0])' "$RAPPORT_DB")
check "a finished session resumed three times is recorded once (got $sessions)" -- test "$sessions" = 1
"$RAPPORT" export --format xapi >"$TMP/x.json"
completed=$($PY -c 'import json,sys; print(sum(s["verb"]["display"]["en-US"]=="completed" for s in json.load(open(sys.argv[1]))))' "$TMP/x.json")
check "... one xAPI completed statement (got $completed)" -- test "$completed" = 1

"$RAPPORT" play "$EXAMPLE" --choose 1 --save "$S/open.json" >/dev/null 2>&1
mkfifo "$S/input"
"$RAPPORT" play --resume "$S/open.json" <"$S/input" >"$TMP/holder.out" 2>&1 &
HOLDER=$!
exec 7>"$S/input"   # keeps the first one waiting at its prompt
for _ in $(seq 50); do grep -q "Choose" "$TMP/holder.out" && break; sleep 0.1; done
"$RAPPORT" play --resume "$S/open.json" --choose 1 >"$TMP/out" 2>"$TMP/err"
rc=$?
check "a second process resuming the same file is refused (exit $rc)" -- test $rc = 1
check "... and told the file is in use" -- grep -q "is in use" "$TMP/err"
echo q >&7
exec 7>&-
wait "$HOLDER"
HOLDER=
"$RAPPORT" play --resume "$S/open.json" --choose 1 >/dev/null 2>"$TMP/err"
check "once the first has quit, the file resumes" -- test $? = 0

# --- hostile text in every format --------------------------------------------------------------
H="$TMP/h"; mkdir "$H"
export RAPPORT_DB="$H/progress.db"
"$RAPPORT" validate "$HOSTILE" >"$TMP/out" 2>&1
check "the hostile scenario is valid (it is the outputs that must cope)" -- test $? = 0
"$RAPPORT" play "$HOSTILE" --choose 1 --save "$H/s.json" >"$TMP/play.txt" 2>&1
check "play: no escape sequences or bells reach the terminal" -- no_esc "$TMP/play.txt"
check "play: the text itself is shown" -- grep -q "HYPERLINK" "$TMP/play.txt"
"$RAPPORT" play "$HOSTILE" --choose 2 >/dev/null 2>&1
"$RAPPORT" report "$H/s.json" >"$TMP/report.txt" 2>&1
check "report text: no escape sequences" -- no_esc "$TMP/report.txt"
"$RAPPORT" progress >"$TMP/progress.txt" 2>&1
check "progress: no escape sequences" -- no_esc "$TMP/progress.txt"

"$RAPPORT" report "$H/s.json" --format markdown -o "$H/r.md" 2>"$TMP/err"
check "Markdown: no raw HTML tags from the scenario" -- bash -c "! grep -qiE '<(script|img|iframe|b>)' '$H/r.md'"
check "Markdown: no link to javascript: (brackets escaped)" -- bash -c "! grep -qE '(^|[^\\])\]\(javascript:' '$H/r.md'"
check "Markdown: the text is there, escaped" -- grep -q "&lt;script&gt;" "$H/r.md"
check "Markdown: no escape sequences" -- no_esc "$H/r.md"
check "Markdown: no remains of escape sequences" -- bash -c "! grep -q '31m' '$H/r.md'"

# CSV: read back with Python's csv module; 11 columns on every row, CRLF line ends, and every
# cell that a spreadsheet would run as a formula carries the ' prefix.
"$RAPPORT" export --format csv --actor-name '=HYPERLINK("http://evil.invalid")' -o "$H/e.csv"
check "CSV: CRLF line ends" -- $PY -c '
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(0 if data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n") else 1)' "$H/e.csv"
check "CSV: every row has 11 columns and no cell starts a formula" -- $PY - "$H/e.csv" <<'EOF'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
ok = len(rows) >= 3 and all(len(r) == 11 for r in rows)
number = re.compile(r"-?[0-9]+(\.[0-9]+)?$")
for r in rows:
    for cell in r:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell):
            print("  formula cell:", repr(cell)); ok = False
titles = [r[4] for r in rows if r[0] == "session"]
ok = ok and any(t.startswith("'=HYPERLINK(\"http://evil.invalid/?\"") for t in titles)
ok = ok and all(r[1] == "'=HYPERLINK(\"http://evil.invalid\")" for r in rows[1:])
sys.exit(0 if ok else 1)
EOF

# JSON and xAPI, also from a record another program damaged: a choice that is not a string, a
# stored value that is not JSON, one nested 100000 deep, a title that is not UTF-8.
$PY - "$RAPPORT_DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = ("scenario_id, scenario_version, scenario_title, seed, mode, finished, choices, "
        "final_state, turns, score, percent_of_best, ending_id, ending_title, ending_outcome, "
        "questions, open_questions, reflections, complex_reflections, autonomy_moves, "
        "dependence_moves, started_at, ended_at")
def copy(title, choices, state):
    rest = cols.split(", ")[6 + 2:]
    db.execute(f"INSERT INTO sessions({cols}) SELECT scenario_id, scenario_version, {title}, seed, "
               f"mode, finished, ?, ?, {', '.join(rest)} FROM sessions WHERE id = 1", (choices, state))
copy("CAST(X'4A6FFF3CE2' AS TEXT)", '[[1, 2], [{"a": 1}, null], ["opening", "r1"]]', "not json {")
copy("scenario_title", "[" * 100000 + "]" * 100000, '{"trust": 1}')
# Ids that are not IRI-safe: a scenario id, a node and an item key with spaces, #, ? and non-ASCII.
db.execute("INSERT INTO sessions(scenario_id, scenario_version, scenario_title, seed, mode, "
           "finished, choices, final_state, turns, score, percent_of_best, ending_id, "
           "ending_title, ending_outcome, questions, open_questions, reflections, "
           "complex_reflections, autonomy_moves, dependence_moves, started_at, ended_at) "
           "SELECT 'my client #2?x=1', scenario_version, scenario_title, seed, mode, finished, "
           "'[[\"an opening node\", \"r1\"], [\"caf\u00e9/../x\", \"r2\"]]', final_state, "
           "turns, score, percent_of_best, ending_id, ending_title, ending_outcome, questions, "
           "open_questions, reflections, complex_reflections, autonomy_moves, dependence_moves, "
           "started_at, ended_at FROM sessions WHERE id = 1")
db.execute("INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, "
           "answered_at, day, rating) VALUES('my bank/item #1 ?', 't', '0', 1, 'tutor', 'd', "
           "'2026-12-01T00:00:00Z', 20000, 3)")
db.commit()
EOF
for f in json xapi; do
  timeout 60 "$RAPPORT" export --format $f --actor-name '=HYPERLINK("http://evil.invalid")' \
    -o "$H/e.$f" 2>"$TMP/err"
  check "$f export of a damaged record succeeds" -- test $? = 0
  check "$f export is valid JSON" -- $PY -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$H/e.$f"
  check "$f export has no <discarded>" -- bash -c "! grep -q '<discarded>' '$H/e.$f'"
done
check "xAPI: every activity id is a valid IRI (percent-encoded)" -- $PY - "$H/e.xapi" <<'EOF'
import json, re, sys
st = json.load(open(sys.argv[1], encoding="utf-8"))
ids = [s["object"]["id"] for s in st]
iri = re.compile(r"^https://rapport\.invalid/(?:[A-Za-z0-9._~/-]|%[0-9A-F]{2})*$")
bad = [i for i in ids if not iri.match(i)]
want = ["https://rapport.invalid/scenarios/my%20client%20%232%3Fx%3D1",
        "https://rapport.invalid/scenarios/my%20client%20%232%3Fx%3D1/nodes/an%20opening%20node",
        "https://rapport.invalid/scenarios/my%20client%20%232%3Fx%3D1/nodes/caf%C3%A9%2F..%2Fx",
        "https://rapport.invalid/drills/my%20bank/item%20%231%20%3F"]
missing = [w for w in want if w not in ids]
if bad or missing: print("bad:", bad[:3], "missing:", missing)
sys.exit(1 if bad or missing else 0)
EOF
check "JSON: titles round-trip" -- $PY - "$H/e.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
t = [s["title"] for s in j["sessions"]]
sys.exit(0 if any(x.startswith('=HYPERLINK("http://evil.invalid/?"') for x in t) and j["actor"].startswith("=HYPERLINK") else 1)
EOF

# DOT: the scenario's text, and a catalogue whose code label carries a DOT attribute, rendered by
# dot: no javascript: link in the SVG (the label shows as text).
mkdir -p "$H/data/assets"
ln -s "$(pwd)/scenarios" "$H/data/scenarios"
sed 's/label: Simple reflection$/label: "Simple\\", URL=\\"javascript:alert(1)\\", x=\\""/' \
  assets/skills.yaml >"$H/data/assets/skills.yaml"
sed 's/^    code: complex_reflection$/    code: simple_reflection/' "$HOSTILE" >"$H/hostile.yaml"
RAPPORT_DATA_DIR="$H/data" "$RAPPORT" graph "$H/hostile.yaml" -o "$H/g.dot" 2>"$TMP/err"
check "graph of the hostile scenario" -- test $? = 0
check "graph: no escape sequences" -- no_esc "$H/g.dot"
if command -v dot >/dev/null; then
  dot -Tsvg "$H/g.dot" >"$H/g.svg" 2>"$TMP/err"
  check "dot renders the graph" -- test $? = 0
  check "SVG: no javascript: link or attribute" -- bash -c "! grep -qE '(href|URL)=\"javascript:' '$H/g.svg'"
  check "SVG: the code label is shown as text" -- grep -q 'URL=&quot;javascript:alert(1)&quot;' "$H/g.svg"
else
  bad "graphviz (dot) is not installed: make test installs it"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
