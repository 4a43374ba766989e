#!/usr/bin/env bash
# CLI tests: exit codes, messages, validation output, scripted and interactive play, save/resume.
# Usage: cli_test.sh PATH/TO/rapport  (run from the source tree). Prints "N passed, N failed".
set -u
RAPPORT=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export RAPPORT_DB="$TMP/progress.db"   # never the user's own record
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; sed 's/^/  | /' "$TMP/out" "$TMP/err" | head -20; fi
}
# expect_in FILE TEXT DESCRIPTION
expect_in() {
  if grep -qF -- "$2" "$TMP/$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$TMP/$1" | head -20; fi
}
expect_lines() {  # FILE N DESCRIPTION: exactly N lines
  local n; n=$(wc -l <"$TMP/$1")
  if [ "$n" = "$2" ]; then ok; else bad "$3: $n lines in $1, wanted $2"; sed 's/^/  | /' "$TMP/$1" | head; fi
}

FIRST=scenarios/first-session.yaml
EXAMPLE=tests/data/valid/example.yaml

# --- help and usage errors -------------------------------------------------------------------
expect_exit 0 "help" -- "$RAPPORT" --help
expect_in out "Usage:" "help shows usage"
expect_in out "Exit codes" "help documents exit codes"
expect_exit 0 "validate --help" -- "$RAPPORT" validate --help
expect_in out "--strict" "validate help names --strict"
expect_exit 0 "play --help" -- "$RAPPORT" play --help
expect_in out "--resume" "play help names --resume"
expect_exit 0 "help play" -- "$RAPPORT" help play
expect_exit 0 "version" -- "$RAPPORT" --version
expect_in out "rapport " "version printed"

expect_exit 2 "unknown command" -- "$RAPPORT" frobnicate
expect_in err "rapport: unknown command 'frobnicate'" "unknown command named"
expect_lines err 1 "unknown command is one line"
expect_exit 2 "validate without paths" -- "$RAPPORT" validate
expect_lines err 1 "validate without paths is one line"
expect_exit 2 "validate bad option" -- "$RAPPORT" validate --frob $FIRST
expect_in err "unknown option --frob" "bad option named"
expect_exit 2 "bad format" -- "$RAPPORT" validate --format xml $FIRST
expect_in err "--format takes text or json, not 'xml'" "bad format value named"
expect_exit 2 "bad seed" -- "$RAPPORT" play $FIRST --seed abc
expect_in err "--seed takes a whole number" "bad seed named"
expect_exit 2 "bad choose" -- "$RAPPORT" play $FIRST --choose 1,,2
expect_in err "--choose takes response numbers" "bad choose named"
expect_exit 2 "choose zero" -- "$RAPPORT" play $FIRST --choose 0
expect_exit 2 "missing value" -- "$RAPPORT" play $FIRST --seed
expect_in err "--seed needs a value" "missing value named"
expect_exit 2 "bad mode" -- "$RAPPORT" play $FIRST --mode test
expect_exit 2 "two files" -- "$RAPPORT" play $FIRST $EXAMPLE

# --- validate ----------------------------------------------------------------------------------
expect_exit 0 "shipped scenarios validate" -- "$RAPPORT" validate --strict scenarios/
expect_in out "0 errors, 0 warnings" "shipped scenarios are clean"
expect_exit 0 "skill catalogue validates" -- "$RAPPORT" validate assets/skills.yaml
expect_exit 1 "missing file" -- "$RAPPORT" validate nope.yaml
expect_in out "nope.yaml: error: no such file or folder [RP001]" "missing file reported"
expect_exit 1 "invalid file fails" -- "$RAPPORT" validate tests/data/invalid/
expect_in out "tests/data/invalid/" "diagnostics carry the path"
expect_in out "error:" "errors listed"

cat >"$TMP/warn.yaml" <<'YAML'
id: w
title: W
version: "1"
summary: s
objectives: [o]
difficulty: beginner
minutes: 5
client: {name: Sam, age: 30, pronouns: he/him, presenting_concern: c, known_before: k}
state:
  unused_thing: {initial: 3}
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: "Hello.", skill: open_question, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
YAML
expect_exit 0 "warnings alone pass" -- "$RAPPORT" validate "$TMP/warn.yaml"
expect_in out "warn.yaml:10:3: warning: state variable \`unused_thing\` is never used" "warning positioned"
expect_exit 1 "warnings fail with --strict" -- "$RAPPORT" validate --strict "$TMP/warn.yaml"
expect_exit 0 "json output" -- "$RAPPORT" validate --format json "$TMP/warn.yaml"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["warnings"]==1 and d["errors"]==0; x=d["diagnostics"][0]; assert (x["line"],x["column"],x["code"],x["severity"])==(10,3,"RP303","warning")' "$TMP/out"; then ok; else bad "json output fields"; cat "$TMP/out"; fi

printf 'id: x\0\n' >"$TMP/binary.yaml"
expect_exit 1 "binary file" -- "$RAPPORT" validate "$TMP/binary.yaml"
expect_in out "binary.yaml:1:6: error: not a text file" "binary file positioned"
head -c 300000 /dev/urandom >"$TMP/random.yaml"
expect_exit 1 "random bytes" -- "$RAPPORT" validate "$TMP/random.yaml"
: >"$TMP/empty.yaml"
expect_exit 1 "empty file" -- "$RAPPORT" validate "$TMP/empty.yaml"
expect_in out "empty.yaml: error: file is empty" "empty file reported"

# --- scripted play -----------------------------------------------------------------------------
expect_exit 0 "scripted play to an ending" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1,1
expect_in out "Grade:" "ending shown"
expect_in out "Turn by turn" "report shown"
expect_in out "Why:" "report gives rationales"
cp "$TMP/out" "$TMP/run1"
"$RAPPORT" play $EXAMPLE --seed 3 --choose 1,1 >"$TMP/run2" 2>&1
if cmp -s "$TMP/run1" "$TMP/run2"; then ok; else bad "same seed and choices give the same output"; fi
expect_exit 1 "choice not offered" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1,7
expect_in err "choice 7 at turn 2: only 2 responses are offered" "choice out of range named"
expect_exit 0 "exam mode hides meters" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1,1 --mode exam
if grep -q "Trust 38 (+8)" "$TMP/out"; then bad "exam mode shows meters"; else ok; fi
expect_exit 0 "practice shows meters" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1,1
expect_in out "Trust" "practice meters"
expect_exit 0 "default scenario plays" -- "$RAPPORT" play --choose 1 --seed 5
expect_in out "Session paused after 1 turn" "default scenario paused"

# --- save and resume ---------------------------------------------------------------------------
expect_exit 0 "save after one turn" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1 --save "$TMP/s.json"
expect_in out "saved to $TMP/s.json" "save announced"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["scenario"]["id"]=="exam-nerves" and d["scenario"]["version"]=="1.0.0" and d["seed"]==3 and len(d["choices"])==1' "$TMP/s.json"; then ok; else bad "session file content"; cat "$TMP/s.json"; fi
expect_exit 0 "resume to the end" -- "$RAPPORT" play $EXAMPLE --resume "$TMP/s.json" --choose 1
expect_in out "Resumed after 1 turn" "resume announced"
sed -n '/Turn by turn/,$p' "$TMP/out" | grep -v '^Export this report\|^$' >"$TMP/resumed-summary"
sed -n '/Turn by turn/,$p' "$TMP/run1" | grep -v '^$' >"$TMP/straight-summary"
if cmp -s "$TMP/resumed-summary" "$TMP/straight-summary"; then ok; else bad "resumed session ends like the straight run"; fi
# Say it first: the words of each turn, the closest option marked, both in the report and saved.
printf 'Hi Marek, what brings you in today?\n\nYou lost more than a job there.\n' >"$TMP/said.txt"
expect_exit 0 "say it first, scripted" -- "$RAPPORT" play $FIRST --say "$TMP/said.txt" --choose 4,1,2 --save "$TMP/said.json"
expect_in out "You would say: Hi Marek, what brings you in today?" "the words are shown"
expect_in out "* 4. Welcome, Marek. What brings you here today?" "the closest option is marked"
expect_in out "You would say: (skipped)" "an empty line skips"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["choices"]; assert d["say_first"] is True and c[0]["said"]=="Hi Marek, what brings you in today?" and c[1]["said_skipped"] is True, d' "$TMP/said.json"; then ok; else bad "said words saved"; cat "$TMP/said.json"; fi
expect_exit 0 "say it first, resumed and reported" -- "$RAPPORT" report "$TMP/said.json" --format markdown
expect_in out "**You wrote:** Hi Marek, what brings you in today? *(Open question, coded automatically)*" "report shows the words and their code"
expect_in out "**You chose:**" "report shows the choice beside them"
expect_exit 2 "--say needs --choose" -- "$RAPPORT" play $FIRST --say "$TMP/said.txt"
# A wrong entry at the options asks again for the number only: the words written are kept.
printf 'words A\n7\n\nwords B\n1\nq\n' | RAPPORT_DB="$TMP/typo.db" "$RAPPORT" play $FIRST --say-first --seed 7 --save "$TMP/typo.json" >"$TMP/out" 2>&1
expect_in out "Type a number from 1 to 4: " "a wrong entry asks for the number again"
expect_in out "words are kept with the session and in your progress record" "the trainee is told where the words go"
if /usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["choices"]; assert [x.get("said") for x in c]==["words A"], c' "$TMP/typo.json"; then ok; else bad "words kept across a wrong entry"; cat "$TMP/typo.json"; fi
# In an exam nothing is marked.
printf 'Hi Marek, what brings you in today?\nq\n' | RAPPORT_DB="$TMP/typo.db" "$RAPPORT" play $FIRST --say-first --mode exam --seed 7 >"$TMP/out" 2>&1
if grep -q "^\* " "$TMP/out"; then bad "an option marked in exam mode"; else ok; fi
# A finished say-it-first session: the words go into the progress record and every export (a line
# per turn in CSV, "said" in JSON, the xAPI "responded" statement's response).
printf 'Hi Marek, what brings you in today?\n\nYou lost more than a job there.\n' >"$TMP/said3.txt"
expect_exit 0 "say it first to the end" -- env RAPPORT_DB="$TMP/said.db" "$RAPPORT" play $FIRST --say "$TMP/said3.txt" --choose 4,1,2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
expect_in out "In your own words (2 turns you wrote" "the own-words profile counts the written turns"
RAPPORT_DB="$TMP/said.db" "$RAPPORT" export --format csv >"$TMP/said.csv" 2>"$TMP/err"
expect_in said.csv 'said,'"${USER:-student}"',' "CSV has said rows"
expect_in said.csv ',turn 1,practice,open_question,,,,"Hi Marek, what brings you in today?"' "CSV said row: turn, code, words"
expect_in said.csv ',turn 2,practice,skipped,' "CSV said row: a skipped turn"
RAPPORT_DB="$TMP/said.db" "$RAPPORT" export --format json >"$TMP/said-export.json" 2>"$TMP/err"
if /usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sessions"][0]; w=s["said"]; assert s["say_first"] is True and w[0]=={"turn":1,"text":"Hi Marek, what brings you in today?","skipped":False,"code":"open_question","first_key_ms":None,"sent_ms":None} and w[1]["skipped"] is True and w[1]["code"] is None and w[2]["text"]=="You lost more than a job there.", w' "$TMP/said-export.json"; then ok; else bad "JSON export: said"; head -c 900 "$TMP/said-export.json"; fi
RAPPORT_DB="$TMP/said.db" "$RAPPORT" export --format xapi >"$TMP/said-xapi.json" 2>"$TMP/err"
if /usr/bin/python3 -c '
import json,sys
r=[s["result"] for s in json.load(open(sys.argv[1])) if s["verb"]["id"].endswith("/responded")]
x="https://rapport.invalid/xapi/"
assert r[0]["response"]=="Hi Marek, what brings you in today?" and r[0]["extensions"][x+"said-code"]=="open_question" and r[0]["extensions"][x+"chosen"]!=r[0]["response"], r[0]
assert r[1]["extensions"][x+"said-skipped"] is True and r[1]["response"]==r[1]["extensions"][x+"chosen"], r[1]
' "$TMP/said-xapi.json"; then ok; else bad "xAPI responded: the words as the response"; head -c 900 "$TMP/said-xapi.json"; fi
# The record's JSON export gives a session's choices by node and response id, as the session file.
"$RAPPORT" export --format json >"$TMP/export.json" 2>"$TMP/err"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=[x for s in d["sessions"] for x in s["choices"]]; assert c and all(set(x)=={"node","response"} for x in c), c' "$TMP/export.json"; then ok; else bad "export choices as node/response objects"; head -c 600 "$TMP/export.json"; fi
sed 's/^version: 1.0.0/version: 1.1.0/' $EXAMPLE >"$TMP/changed.yaml"
"$RAPPORT" play $EXAMPLE --seed 3 --choose 1 --save "$TMP/s2.json" >/dev/null
expect_exit 1 "changed scenario refused" -- "$RAPPORT" play "$TMP/changed.yaml" --resume "$TMP/s2.json" --choose 1
expect_in err "saved with version 1.0.0, the file is now version 1.1.0 [RP401]" "version change reported"
echo '{"garbage": true' >"$TMP/bad.json"
expect_exit 1 "damaged session file" -- "$RAPPORT" play --resume "$TMP/bad.json"
expect_in err "[RP402]" "damaged session reported"
cp "$TMP/bad.json" "$TMP/bad.copy"
if cmp -s "$TMP/bad.json" "$TMP/bad.copy"; then ok; else bad "damaged session file untouched"; fi
expect_exit 2 "seed with resume" -- "$RAPPORT" play --resume "$TMP/s.json" --seed 4
expect_exit 1 "save to unwritable place" -- "$RAPPORT" play $EXAMPLE --seed 3 --choose 1 --save /nonexistent/dir/s.json
expect_in err "the folder /nonexistent/dir does not exist" "save failure reported before playing"

# --- interactive play --------------------------------------------------------------------------
printf '1\nu\nx\n9\n1\n1\n' | "$RAPPORT" play $EXAMPLE --seed 3 >"$TMP/out" 2>"$TMP/err"
[ $? = 0 ] && ok || bad "interactive play exit"
expect_in out "Type a number from 1 to 2: " "bad input re-asked"
expect_in out "Grade:" "interactive play reaches an ending"
[ "$(grep -c '^[0-9]*\. Jo:' "$TMP/out")" = 2 ] && ok || bad "undo removed the undone turn from the report"
printf '1\nq\n' | "$RAPPORT" play $EXAMPLE --seed 3 --save "$TMP/q.json" >"$TMP/out" 2>&1
expect_in out "Session left after 1 turn" "quit leaves the session"
[ -s "$TMP/q.json" ] && ok || bad "quit saved the session"
"$RAPPORT" play $EXAMPLE --seed 3 </dev/null >"$TMP/out" 2>&1
[ $? = 0 ] && ok || bad "end of input quits cleanly"

# --- play --from NODE --set var=value (the window's "Try a branch") -----------------------------
expect_exit 0 "play from a node" -- "$RAPPORT" play $EXAMPLE --from pressure --set trust=35 --seed 3 --choose 1 --db "$TMP/branch.db"
expect_in out "Trying a branch from node pressure with trust=35" "the try names its start"
expect_in out "I haven't told anyone." "the variant the values select is shown"
expect_in out "(voice drops)" "with the variant's cue"
expect_in out "Grade:" "the try plays to an ending"
expect_in out "Trust: 35 39" "the report follows the try from its own start and values"
[ ! -e "$TMP/branch.db" ] && ok || bad "a try is not added to the progress record"
expect_exit 0 "play from a node, variant not selected" -- "$RAPPORT" play $EXAMPLE --from pressure --set trust=34 --seed 3 --choose 1
expect_in out 'Jo: "Yeah. My parents don'"'"'t know yet."' "below the variant's threshold: the node's own line"
expect_exit 0 "set without from starts at the start" -- "$RAPPORT" play $EXAMPLE --set trust=90 --seed 3 --choose 1
expect_in out "Trying a branch from node opening with trust=90" "set alone: from the start"
expect_exit 2 "unknown node" -- "$RAPPORT" play $EXAMPLE --from presure
expect_in err "no node 'presure' in this scenario; did you mean 'pressure'? (the nodes are opening, pressure)" "unknown node: did you mean, and the valid ones"
expect_lines err 1 "unknown node is one line"
expect_exit 2 "unknown variable" -- "$RAPPORT" play $EXAMPLE --from pressure --set trst=4
expect_in err "no state variable 'trst' in this scenario; did you mean 'trust'? (the variables are " "unknown variable: did you mean"
expect_in err "readiness" "unknown variable: the valid ones listed"
expect_exit 2 "value out of range" -- "$RAPPORT" play $EXAMPLE --set trust=101
expect_in err "trust=101 is out of range: trust goes from 0 to 100" "out of range names the range"
expect_exit 2 "value not a number" -- "$RAPPORT" play $EXAMPLE --set trust=high
expect_in err "the value must be a whole number" "not a number"
expect_exit 2 "from with resume" -- "$RAPPORT" play --resume "$TMP/s.json" --from pressure
expect_exit 2 "from with save" -- "$RAPPORT" play $EXAMPLE --from pressure --save "$TMP/never.json"
[ ! -e "$TMP/never.json" ] && ok || bad "a refused try saves nothing"
expect_exit 2 "set twice" -- "$RAPPORT" play $EXAMPLE --set trust=3 --set trust=4
expect_exit 0 "play --help names --from" -- "$RAPPORT" play --help
expect_in out "--from NODE" "play help documents --from"
expect_in out "--set var=value" "play help documents --set"

# --- analyze, graph, report ---------------------------------------------------------------------
expect_exit 0 "analyze" -- "$RAPPORT" analyze $EXAMPLE
expect_in out "Score (trust + rapport - dependence): best 58, worst 23" "analysis scores"
expect_in out "good_end (Alliance forming, good): reachable in 2 turns" "ending witness"
expect_exit 0 "analyze json" -- "$RAPPORT" analyze --format json $EXAMPLE
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["complete"] and d["score"]["best"]==58 and d["score"]["worst"]==23 and len(d["best_path"])==2' "$TMP/out"; then ok; else bad "analyze json"; cat "$TMP/out"; fi
expect_exit 1 "analyze budget" -- "$RAPPORT" analyze --budget 1 $EXAMPLE
expect_in out "stopped at the budget" "budget reported"
expect_exit 2 "analyze without file" -- "$RAPPORT" analyze
expect_exit 1 "analyze invalid file" -- "$RAPPORT" analyze tests/data/invalid/unknown-key.yaml
# Play-check errors refuse the analysis and the graph too (exit 1), with the error named.
expect_exit 1 "analyze a dead end" -- "$RAPPORT" analyze tests/data/invalid/dead-end.yaml
expect_in err "[RP302]" "analyze names the dead end"
expect_exit 1 "analyze json, no way out" -- "$RAPPORT" analyze --format json tests/data/invalid/no-way-out.yaml
expect_in err "[RP307]" "analyze names the loop with no way out"
expect_exit 1 "graph an unreachable ending" -- "$RAPPORT" graph tests/data/invalid/ending-never-reached-by-conditions.yaml
expect_in err "[RP304]" "graph names the ending never reached"
expect_exit 0 "analyze: warnings do not refuse" -- "$RAPPORT" analyze tests/data/invalid/meter-farming-stay.yaml
expect_in out "reachable in 1 turn:" "one turn, singular"
expect_in out "trust 33 to 100" "ranges written with 'to'"
expect_exit 0 "graph" -- "$RAPPORT" graph $EXAMPLE -o "$TMP/g.dot"
if dot -Tsvg "$TMP/g.dot" >"$TMP/g.svg" 2>"$TMP/dot.err" && grep -q "<svg" "$TMP/g.svg"; then ok; else bad "dot renders the graph"; cat "$TMP/dot.err"; fi
expect_exit 0 "graph to stdout" -- "$RAPPORT" graph $EXAMPLE
expect_in out "penwidth=2.5" "best path bold"
expect_in out "doubleoctagon" "endings drawn"

"$RAPPORT" play $EXAMPLE --seed 3 --choose 2,2 --save "$TMP/poor.json" >/dev/null
expect_exit 0 "report text" -- "$RAPPORT" report "$TMP/poor.json"
expect_in out "40% of the best" "percent of best"
expect_in out "Better: \"Failing two exams" "better alternative named"
expect_exit 0 "report markdown" -- "$RAPPORT" report "$TMP/poor.json" --format markdown
expect_in out "## Skill profile" "markdown sections"
expect_exit 0 "report html" -- "$RAPPORT" report "$TMP/poor.json" --format html -o "$TMP/r.html"
# Well-formed as XML (strict), and parsed as HTML with no error but libxml2's HTML 4 parser not
# knowing the inline SVG elements.
if xmllint --noout "$TMP/r.html" 2>"$TMP/xml.err"; then ok; else bad "html is well-formed"; head "$TMP/xml.err"; fi
xmllint --html --noout "$TMP/r.html" 2>&1 | grep 'error' | grep -v -E 'Tag (svg|rect|text|line|polyline|circle|title) invalid' >"$TMP/html.err"
[ ! -s "$TMP/html.err" ] && ok || { bad "html parses"; head "$TMP/html.err"; }
[ "$(grep -c '<svg' "$TMP/r.html")" -ge 4 ] && ok || bad "html has a chart per variable"
if grep -qE '<(script|link|img)' "$TMP/r.html"; then bad "html is self-contained"; else ok; fi
expect_exit 0 "report json" -- "$RAPPORT" report "$TMP/poor.json" --format json
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["score"]["percent_of_best"]==40 and d["turns"][0]["better"]["best"]==58 and d["turns"][0]["cost"]==23' "$TMP/out"; then ok; else bad "report json fields"; fi
"$RAPPORT" play $EXAMPLE --seed 3 --choose 2 --save "$TMP/half.json" >/dev/null
expect_exit 0 "report of an abandoned session" -- "$RAPPORT" report "$TMP/half.json"
expect_in out "Session not finished" "abandoned session reported"
expect_exit 2 "report bad format" -- "$RAPPORT" report "$TMP/poor.json" --format pdf
expect_exit 1 "report of a damaged file" -- "$RAPPORT" report "$TMP/bad.json"

# --- nothing is overwritten, nothing blocks ---------------------------------------------------
cp $EXAMPLE "$TMP/mine.yaml"
expect_exit 2 "save onto the scenario" -- "$RAPPORT" play "$TMP/mine.yaml" --choose 1 --save "$TMP/mine.yaml"
expect_in err "it is the input file" "save onto input refused"
echo "notes: keep" >"$TMP/notes.yaml"
expect_exit 1 "save onto another file" -- "$RAPPORT" play "$TMP/mine.yaml" --choose 1 --save "$TMP/notes.yaml"
expect_in err "is not a Rapport session file; choose another name" "foreign file not overwritten"
[ "$(cat "$TMP/notes.yaml")" = "notes: keep" ] && ok || bad "foreign file kept"
expect_exit 2 "report onto its session" -- "$RAPPORT" report "$TMP/poor.json" -o "$TMP/poor.json"
expect_exit 2 "graph onto its scenario" -- "$RAPPORT" graph "$TMP/mine.yaml" -o "$TMP/mine.yaml"
cmp -s "$TMP/mine.yaml" $EXAMPLE && ok || bad "scenario untouched"
expect_exit 1 "a device is refused unread" -- timeout 10 "$RAPPORT" validate /dev/zero
expect_in out "/dev/zero: error: is not a regular file [RP001]" "device refused"
mkfifo "$TMP/fifo.yaml"
expect_exit 1 "a pipe is refused, not waited on" -- timeout 10 "$RAPPORT" validate "$TMP/fifo.yaml"
(cd / && "$RAPPORT" report "$TMP/poor.json" >"$TMP/out" 2>&1) && ok || bad "report works from another folder"

# --- upgrade: format 1 -> format 2, keeping comments and layout ---------------------------------
UP=tests/data/upgrade
expect_exit 0 "upgrade --help" -- "$RAPPORT" upgrade --help
expect_in out "--in-place" "upgrade help names --in-place"
expect_exit 0 "upgrade to stdout" -- "$RAPPORT" upgrade $UP/format1.yaml
cmp -s "$TMP/out" $UP/format1.expected.yaml && ok || bad "upgrade stdout equals the golden file"
expect_exit 0 "upgrade -o" -- "$RAPPORT" upgrade $UP/format1.yaml -o "$TMP/up.yaml"
cmp -s "$TMP/up.yaml" $UP/format1.expected.yaml && ok || bad "upgrade -o writes the golden file"
expect_lines out 0 "upgrade -o prints nothing"
expect_exit 2 "upgrade -o refuses an existing file" -- "$RAPPORT" upgrade $UP/format1.yaml -o "$TMP/up.yaml"
expect_lines err 1 "refusing to overwrite is one line"
expect_in err "refusing to overwrite" "refusal named"
expect_exit 2 "upgrade -o onto its input" -- "$RAPPORT" upgrade $UP/format1.yaml -o $UP/format1.yaml
expect_exit 2 "upgrade without a file" -- "$RAPPORT" upgrade
expect_lines err 1 "upgrade without a file is one line"
expect_exit 2 "upgrade two files" -- "$RAPPORT" upgrade $UP/format1.yaml $EXAMPLE
expect_exit 2 "upgrade bad option" -- "$RAPPORT" upgrade --frob $UP/format1.yaml
expect_in err "unknown option --frob" "upgrade bad option named"
cp $UP/format1.yaml "$TMP/inplace.yaml"
expect_exit 0 "upgrade --in-place" -- "$RAPPORT" upgrade --in-place "$TMP/inplace.yaml"
cmp -s "$TMP/inplace.yaml" $UP/format1.expected.yaml && ok || bad "upgrade --in-place rewrites the file"
expect_exit 0 "upgrade a format 2 file" -- "$RAPPORT" upgrade "$TMP/inplace.yaml"
expect_in err "already format 2" "format 2 input says so"
expect_lines out 0 "format 2 input writes nothing"
cmp -s "$TMP/inplace.yaml" $UP/format1.expected.yaml && ok || bad "format 2 input left as it was"
# A file with a diagnostic (here a warning: an unused variable) is refused and left untouched.
sed 's/^  readiness: {label: Readiness, initial: 0, visible: true}.*/&\n  unused: {initial: 0}/' \
  $UP/format1.yaml >"$TMP/warn.yaml"
cp "$TMP/warn.yaml" "$TMP/warn.orig"
expect_exit 1 "upgrade refuses a file with a diagnostic" -- "$RAPPORT" upgrade --in-place "$TMP/warn.yaml"
expect_in err "warning: " "the diagnostic is printed"
expect_in err "[RP303]" "the diagnostic has its code"
expect_lines out 0 "a refused upgrade prints no file"
cmp -s "$TMP/warn.yaml" "$TMP/warn.orig" && ok || bad "a refused upgrade leaves the file byte-identical"
expect_exit 1 "upgrade -o refuses too" -- "$RAPPORT" upgrade "$TMP/warn.yaml" -o "$TMP/warn2.yaml"
[ ! -e "$TMP/warn2.yaml" ] && ok || bad "a refused upgrade -o writes nothing"
expect_exit 1 "upgrade a missing file" -- "$RAPPORT" upgrade "$TMP/nonexistent.yaml"
expect_exit 0 "upgrade Marek's format 1 original" -- "$RAPPORT" upgrade $UP/marek-format1.yaml -o "$TMP/marek.yaml"
# The old Marek loads as format 2 without an error; the format 2 checks then warn about what format
# 1 could not see (the best answer is the longest option), which is why it was rewritten.
expect_exit 0 "the upgraded original validates" -- "$RAPPORT" validate "$TMP/marek.yaml"
expect_exit 1 "the upgraded original's clueing is reported under --strict" -- "$RAPPORT" validate --strict "$TMP/marek.yaml"

# --- the window: without a display it explains itself; its options are checked -----------------
expect_exit 1 "no display" -- env -u DISPLAY -u WAYLAND_DISPLAY "$RAPPORT"
if [ -n "${RAPPORT_NO_GUI:-}" ]; then  # a build without the window (tests/asan_ci.sh's) says so
  expect_in err "cannot open the window: this build has none" "no-window message"
else
  expect_in err "cannot open the window: no display" "no-display message"
fi
expect_in err "rapport play" "no-display message suggests the terminal"
expect_exit 1 "no display, with a file" -- env -u DISPLAY -u WAYLAND_DISPLAY "$RAPPORT" $EXAMPLE
expect_exit 0 "gui help" -- "$RAPPORT" gui --help
expect_in out "--author FILE" "gui help names --author"
expect_exit 0 "window help via a file" -- "$RAPPORT" $EXAMPLE --help
expect_in out "rapport gui: the desktop window" "help of the window"
expect_exit 2 "gui bad option" -- "$RAPPORT" gui --bogus
expect_in err "unknown option '--bogus'" "gui bad option named"
expect_exit 2 "gui bad mode" -- "$RAPPORT" gui --mode test
expect_exit 2 "gui bad size" -- "$RAPPORT" gui --size 10x10
expect_exit 2 "gui bad demo" -- "$RAPPORT" gui --demo 1,x

# --- code: the utterance coder ---------------------------------------------------------------
printf 'Tell me about your week.\n\nDo you live on your own?\r\n' >"$TMP/utt"
"$RAPPORT" code <"$TMP/utt" >"$TMP/out" 2>"$TMP/err" && ok || bad "code exits 0"
if [ "$(cat "$TMP/out")" = "$(printf 'open_question\n\nclosed_question')" ]; then ok; else bad "code: one line per input line"; sed 's/^/  | /' "$TMP/out"; fi
printf 'Part of you wants to leave, and part of you is scared.\n' | "$RAPPORT" code --format json >"$TMP/out" 2>&1
expect_in out '{"code":"complex_reflection","confidence":' "code json has code and confidence"
expect_in out '"cues":["' "code json has cues"
{ head -c 200000 /dev/zero | tr '\0' 'a'; printf '\xff\xfe you feel sad\n'; } | "$RAPPORT" code --format json >"$TMP/out" 2>&1
expect_in out '"truncated"' "code: a very long line is cut, not fatal"
# --context: client<TAB>utterance; the client's line turns a statement that says it back into a
# reflection; a line without a tab, or an empty client, is coded without context.
printf "I've been having nightmares again.\tthe nightmares are back\n\tthe nightmares are back\nthe nightmares are back\n\n" >"$TMP/ctx"
"$RAPPORT" code --context <"$TMP/ctx" >"$TMP/out" 2>"$TMP/err" && ok || bad "code --context exits 0"
if [ "$(cat "$TMP/out")" = "$(printf 'simple_reflection\ngiving_information\ngiving_information\n')" ]; then ok; else bad "code --context: context decides, one line per input line"; sed 's/^/  | /' "$TMP/out"; fi
printf "I've been having nightmares again.\tthe nightmares are back\n" | "$RAPPORT" code --context --format json >"$TMP/out" 2>&1
expect_in out "echoes the client ('nightmares')" "code --context json says the client's line decided"
expect_exit 2 "code bad format" -- "$RAPPORT" code --format xml
expect_exit 2 "code takes no arguments" -- "$RAPPORT" code "hello"
expect_exit 0 "code help" -- "$RAPPORT" code --help
expect_in out "docs/coding.md" "code help names its doc"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
