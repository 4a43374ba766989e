#!/usr/bin/env bash
# CLI tests of `rapport test` and `rapport coverage`: the shipped plans pass, a deliberately wrong
# plan file fails with each failure at its position, JSON output, plan-file mistakes, coverage as
# text, JSON and DOT (by the plans and by saved sessions).
# Usage: plans_test.sh PATH/TO/rapport  (run from the source tree). Prints "N passed, N failed".
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
expect_not_in() {
  if grep -qF -- "$2" "$TMP/$1"; then bad "$3: '$2' in $1"; else ok; fi
}

FIRST=scenarios/first-session.yaml
JO=tests/data/valid/example-v2.yaml
FAILING=tests/data/plans/failing.tests.yaml

# --- help ------------------------------------------------------------------------------------
expect_exit 0 "test --help" -- "$RAPPORT" test --help
expect_in out "NAME.tests.yaml" "test help names the plan file"
expect_in out "Exit codes" "test help documents exit codes"
expect_exit 0 "coverage --help" -- "$RAPPORT" coverage --help
expect_in out "--format FORMAT" "coverage help names --format"
expect_exit 0 "main help" -- "$RAPPORT" --help
expect_in out "coverage FILE" "main help lists coverage"
expect_exit 2 "unknown option" -- "$RAPPORT" test --fast
expect_exit 2 "bad format" -- "$RAPPORT" test --format xml
expect_exit 2 "coverage without a scenario" -- "$RAPPORT" coverage

# --- the shipped plans -----------------------------------------------------------------------
# How many there are, counted from the files (each plan starts "  - name:").
PLAN_FILES=$(ls scenarios/*.tests.yaml | wc -l)
PLANS=$(cat scenarios/*.tests.yaml | grep -c '^  - name:')
YAML_FILES=$(ls scenarios/*.yaml | wc -l)
[ "$PLAN_FILES" -ge 2 ] && [ "$PLANS" -ge 9 ] && ok || bad "the shipped plans were counted ($PLANS in $PLAN_FILES files)"
expect_exit 0 "shipped plans pass" -- "$RAPPORT" test scenarios
expect_in out "ran $PLANS plans in $PLAN_FILES files: $PLANS passed, 0 failed" "every shipped plan ran and passed"
expect_in out "  pass  best session, alliance formed" "Marek's best session"
expect_in out "  pass  rescuing and reassuring, your plan" "Dana's rescue"
expect_exit 0 "default is the shipped scenarios" -- "$RAPPORT" test
expect_in out "$PLANS passed, 0 failed" "default runs the shipped plans"
expect_exit 0 "a scenario finds its plans" -- "$RAPPORT" test $FIRST
expect_in out "scenarios/first-session.tests.yaml (scenarios/first-session.yaml)" "plans of the scenario"
expect_exit 0 "validate reads plan files" -- "$RAPPORT" validate --strict scenarios
expect_in out "checked $YAML_FILES files: 0 errors, 0 warnings" "plans and scenarios validate"

# --- a deliberately wrong plan: each failure at its position, what happened instead ---------
expect_exit 1 "failing plans exit 1" -- "$RAPPORT" test $FAILING
expect_in out "  FAIL  wrong ending, values, essentials and red flags" "the plan is named"
expect_in out "$FAILING:16:13: error: the session ended at \`fragile\` after 5 turns, not at \`alliance\` [RP621]" "wrong ending at its position"
expect_in out "$FAILING:8:44: error: \`trust\` is 35 after \`opening\` r2, expected 10 [RP622]" "wrong value"
expect_in out "$FAILING:26:14: error: the session is at \`low\` after 2 turns, not at \`closing\`" "a plan that goes elsewhere"
expect_in out "ran 5 plans in 1 file: 0 passed, 5 failed" "all five fail"
expect_exit 1 "json" -- "$RAPPORT" test --format json $FAILING
python3 - "$TMP/out" <<'PY' && ok || bad "json output"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["plans"] == 5 and j["failed"] == 5 and j["passed"] == 0 and j["ok"] is False, j
plans = j["files"][0]["plans"]
assert plans[0]["ending"] == "fragile" and not plans[0]["passed"]
f = plans[0]["failures"][0]
assert f["line"] == 8 and f["column"] == 44 and f["code"] == "RP622", f
PY
# One failing file among passing ones still fails the run.
expect_exit 1 "one failing file fails the run" -- "$RAPPORT" test scenarios $FAILING
expect_in out "$PLANS passed, 5 failed" "both counted"

# --- mistakes in a plan file, inputs without plans ------------------------------------------
cp $JO "$TMP/jo.yaml"
cat >"$TMP/jo.tests.yaml" <<'YAML'
plans:
  - name: typo
    steps:
      - {at: openin, choose: r1}
YAML
expect_exit 1 "plan with an unknown node" -- "$RAPPORT" test "$TMP/jo.tests.yaml"
expect_in out "jo.tests.yaml:4:14: error: no node \`openin\` in scenario \`exam-nerves-v2\`; did you mean \`opening\`? [RP611]" "unknown node at its position"
expect_exit 1 "validate a plan with an unknown node" -- "$RAPPORT" validate "$TMP/jo.tests.yaml"
expect_in out "[RP611]" "validate reports it"
expect_exit 1 "a scenario without plans" -- "$RAPPORT" test tests/data/valid/example.yaml
expect_in out "[RP610]" "no plans for the scenario"
expect_exit 1 "no such file" -- "$RAPPORT" test "$TMP/nothing.tests.yaml"
expect_exit 1 "a plan without its scenario" -- "$RAPPORT" test tests/data/invalid/plan-no-steps.tests.yaml
expect_in out "does not exist" "the missing scenario is named"

# --- coverage -------------------------------------------------------------------------------
expect_exit 0 "coverage by the plans" -- "$RAPPORT" coverage $FIRST
expect_in out "by 5 test plans" "plans counted"
expect_in out "  endings    4 of 7 (57%)" "endings covered"
expect_in out "Endings never reached: late_plan fragile_alliance no_return" "endings not covered"
expect_in out "Nodes never reached:" "nodes not covered listed"
expect_exit 0 "coverage json" -- "$RAPPORT" coverage $FIRST --format json
python3 - "$TMP/out" <<'PY' && ok || bad "coverage json"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["test_plans"] == 5 and j["sessions"] == 5
assert j["endings"]["unsafe_close"] == 2 and j["endings"]["late_plan"] == 0
assert "late_plan" in j["not_covered"]["endings"]
t = j["totals"]["nodes"]
assert 0 < t["reached"] < t["total"]
arrival = next(n for n in j["nodes"] if n["id"] == "arrival")
assert arrival["sessions"] == 5 and arrival["responses"]["r2"] == 4 and arrival["responses"]["r3"] == 0
PY
expect_exit 0 "coverage dot" -- "$RAPPORT" coverage $FIRST --format dot -o "$TMP/cov.dot"
expect_in cov.dot "digraph" "a graph"
expect_in cov.dot "(not covered)" "uncovered parts marked"
expect_in cov.dot "lines shown" "lines counted on covered nodes"
if command -v dot >/dev/null; then
  dot -Tsvg "$TMP/cov.dot" -o "$TMP/cov.svg" 2>"$TMP/err" && ok || bad "dot renders the coverage graph"
fi
expect_exit 2 "coverage onto its scenario" -- "$RAPPORT" coverage "$TMP/jo.yaml" -o "$TMP/jo.yaml"

# By saved sessions: one finished session of Jo, one paused; with and without the plans.
cp tests/data/valid/example-v2.tests.yaml "$TMP/jo.tests.yaml"
expect_exit 0 "a finished session" -- "$RAPPORT" play "$TMP/jo.yaml" --choose 1,1,1,1,1 --save "$TMP/s1.json"
expect_exit 0 "a paused session" -- "$RAPPORT" play "$TMP/jo.yaml" --choose 1 --save "$TMP/s2.json"
expect_exit 0 "coverage by sessions" -- "$RAPPORT" coverage "$TMP/jo.yaml" "$TMP/s1.json" "$TMP/s2.json"
expect_in out "by 2 saved sessions" "sessions counted"
expect_not_in out "test plans" "no plans without --tests"
expect_exit 0 "coverage by sessions and plans" -- "$RAPPORT" coverage "$TMP/jo.yaml" "$TMP/s1.json" --tests --format json
python3 - "$TMP/out" <<'PY' && ok || bad "coverage by sessions and plans"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["sessions"] == 3 and j["session_files"] == 1 and j["test_plans"] == 2, j
PY
expect_exit 1 "a session of another scenario" -- "$RAPPORT" coverage $FIRST "$TMP/s1.json"
expect_in err "[RP401]" "refused with RP401"

echo "plans_cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
