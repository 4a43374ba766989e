#!/usr/bin/env bash
# The progress record under faults and concurrency: a damaged page and a dropped table (progress
# and export exit 1 naming the file, nothing partial printed or written), a crafted row, a
# user_version set back by hand, a crash-left WAL without its -shm in a folder the reader cannot
# write, paths that mean something in a URI (% # ?), 4 processes creating one new database at once
# (20 times), and 4 drills answering the same items at once (every item's repetitions and lapses
# equal its answers). Usage: record_test.sh PATH/TO/rapport (run from the source tree).
set -u
RAPPORT=$(realpath "$1")
TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export RAPPORT_DB="$TMP/progress.db"
PY=/usr/bin/python3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_in() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -20; fi; }
answers_in() {  # DB: the answers an export of it holds ("ERR" when export fails)
  "$RAPPORT" export --format json --db "$1" 2>/dev/null |
    $PY -c "import json,sys; print(len(json.load(sys.stdin)['answers']))" 2>/dev/null || echo ERR
}
# A record with N answers (one drill of 2, the rest added as Rapport would store them).
make_record() {  # DB N
  rm -f "$1" "$1-wal" "$1-shm"
  "$RAPPORT" drill --db "$1" --all --count 2 --answers a,b --seed 1 >/dev/null 2>&1 || bad "drill into $1"
  $PY - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i in range(int(sys.argv[2]) - 2):
    db.execute("INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, answered_at,"
               " day, seconds, rating) VALUES(?, 'oars', '1', 1, 'tutor', 'd', "
               "'2026-11-26T10:00:00Z', 20000, 3.5, 3)", (f"bank/item-{i:04d}-" + "x" * 80,))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
PY
}

# --- a damaged page: exit 1, the file and quick_check's verdict named, nothing partial ---------
make_record "$TMP/damaged.db" 800
[ "$(answers_in "$TMP/damaged.db")" = 800 ] && ok || bad "the record to damage has 800 answers"
$PY - "$TMP/damaged.db" <<'PY'
import sys
# Overwrite the body of a table leaf page (type 0x0D) in the middle of the answers: its cells.
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
size = int.from_bytes(data[16:18], "big")
leaves = [p for p in range(1, len(data) // size) if data[p * size] == 0x0D and b"bank/item-" in data[p * size:(p + 1) * size]]
victim = leaves[len(leaves) // 2]
for i in range(victim * size + 8, (victim + 1) * size):
    data[i] = 0xA5
open(path, "wb").write(data)
PY
"$RAPPORT" export --format csv --db "$TMP/damaged.db" -o "$TMP/damaged.csv" >"$TMP/out" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "export of a damaged record: exit $rc, wanted 1"
expect_in "$TMP/out" "$TMP/damaged.db: cannot read the drill answers" "the damaged export names the file and the step"
expect_in "$TMP/out" "quick_check" "the damaged export says what quick_check finds"
[ ! -e "$TMP/damaged.csv" ] && ok || bad "a damaged record's export wrote $(wc -l <"$TMP/damaged.csv") lines"
"$RAPPORT" export --format json --db "$TMP/damaged.db" >"$TMP/stdout" 2>"$TMP/out"
rc=$?
[ $rc = 1 ] && [ ! -s "$TMP/stdout" ] && ok || bad "export to stdout of a damaged record: exit $rc, $(wc -c <"$TMP/stdout") bytes printed"
"$RAPPORT" progress --db "$TMP/damaged.db" >"$TMP/stdout" 2>"$TMP/out"
rc=$?
[ $rc = 1 ] && ok || bad "progress of a damaged record: exit $rc, wanted 1"
[ ! -s "$TMP/stdout" ] && ok || bad "progress of a damaged record printed a partial summary"
expect_in "$TMP/out" "$TMP/damaged.db: is damaged: PRAGMA quick_check reports:" "progress names the damage"

# --- a dropped table ---------------------------------------------------------------------------
make_record "$TMP/dropped.db" 10
$PY -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('DROP TABLE answers'); d.commit()" "$TMP/dropped.db"
"$RAPPORT" export --format csv --db "$TMP/dropped.db" -o "$TMP/dropped.csv" >"$TMP/out" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "export without an answers table: exit $rc, wanted 1"
expect_in "$TMP/out" "no such table: answers" "the missing table is named"
expect_in "$TMP/out" "$TMP/dropped.db" "the file is named"
[ ! -e "$TMP/dropped.csv" ] && ok || bad "export without an answers table wrote a file"
"$RAPPORT" progress --db "$TMP/dropped.db" >"$TMP/stdout" 2>"$TMP/out"
rc=$?
[ $rc = 1 ] && ok || bad "progress without an answers table: exit $rc, wanted 1"
[ ! -s "$TMP/stdout" ] && ok || bad "progress without an answers table printed a partial summary"
expect_in "$TMP/out" "no such table: answers" "progress names the missing table"

# --- a crafted row: range-checked, never arithmetic on it (this was SIGFPE) --------------------
"$RAPPORT" play --db "$TMP/crafted.db" --seed 1 --choose 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 >/dev/null 2>&1 ||
  RAPPORT_DB="$TMP/crafted.db" "$RAPPORT" play --seed 1 --choose 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 >/dev/null 2>&1
$PY - "$TMP/crafted.db" <<'PY'
import sqlite3, sys
# 100 * x wraps to INT_MIN in 32 bits, and INT_MIN / -1 traps.
x = (2**29 * pow(25, -1, 2**30)) % 2**30
assert (100 * x) % 2**32 == 2**31
d = sqlite3.connect(sys.argv[1])
d.execute("UPDATE sessions SET complex_reflections = ?, reflections = -1", (x,))
d.commit()
PY
"$RAPPORT" progress --db "$TMP/crafted.db" >"$TMP/out" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "progress of a crafted row: exit $rc, wanted 1"
expect_in "$TMP/out" "reflections is -1, outside 0 to" "the crafted value is named"

# --- user_version set back by hand --------------------------------------------------------------
for v in 0 1; do
  make_record "$TMP/back$v.db" 3
  $PY -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('PRAGMA user_version=$v'); d.commit()" "$TMP/back$v.db"
  "$RAPPORT" progress --db "$TMP/back$v.db" >"$TMP/out" 2>&1
  rc=$?
  [ $rc = 1 ] && ok || bad "user_version $v: progress exit $rc, wanted 1"
  expect_in "$TMP/out" "its schema version (PRAGMA user_version) is $v, but its tables are those of version 4" "user_version $v is explained"
  "$RAPPORT" drill --db "$TMP/back$v.db" --all --count 1 --answers a >"$TMP/out" 2>&1
  expect_in "$TMP/out" "PRAGMA user_version=4" "user_version $v: drill says how to set it back"
  if grep -q "already exists" "$TMP/out"; then bad "user_version $v: a raw SQL error"; else ok; fi
done

# --- a crash-left WAL without its -shm, in a folder the reader cannot write ---------------------
mkdir -p "$TMP/share"
make_record "$TMP/share/p.db" 40
$PY - "$TMP/share/p.db" <<'PY'
import os, sqlite3, sys
d = sqlite3.connect(sys.argv[1])
for i in range(25):
    d.execute("INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, answered_at,"
              " day, seconds, rating) VALUES('bank/late', 'oars', '1', 1, 'tutor', 'd', "
              "'2026-11-27T10:00:00Z', 20001, 3.5, 3)")
    d.commit()
os._exit(0)  # a crash: the WAL is not checkpointed
PY
rm -f "$TMP/share/p.db-shm"
[ -s "$TMP/share/p.db-wal" ] && ok || bad "the crash left a WAL"
chmod 711 "$TMP"
chmod 555 "$TMP/share"
chmod 644 "$TMP/share/p.db" "$TMP/share/p.db-wal"
reader() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
got=$(reader "$RAPPORT" export --format json --db "$TMP/share/p.db" 2>"$TMP/out" |
  $PY -c "import json,sys; print(len(json.load(sys.stdin)['answers']))" 2>/dev/null || echo ERR)
[ "$got" = 65 ] && ok || { bad "WAL without -shm in a read-only folder: $got of 65 answers"; sed 's/^/  | /' "$TMP/out"; }
[ ! -e "$TMP/share/p.db-shm" ] && [ -s "$TMP/share/p.db-wal" ] && ok || bad "the reader changed the shared files"
chmod 755 "$TMP/share"
chmod 700 "$TMP"

# --- paths with % # ? ---------------------------------------------------------------------------
make_record "$TMP/x%41.db" 7
make_record "$TMP/xA.db" 3
[ "$(answers_in "$TMP/x%41.db")" = 7 ] && ok || bad "--db x%41.db read $(answers_in "$TMP/x%41.db") answers, not its 7"
for name in 'a#b.db' 'a?b.db' 'a%23b?c#d.db'; do
  "$RAPPORT" drill --db "$TMP/$name" --all --count 2 --answers a,b --seed 1 >/dev/null 2>&1 || bad "drill into $name"
  [ "$(answers_in "$TMP/$name")" = 2 ] && ok || bad "$name: drill's answers not read back"
  "$RAPPORT" progress --db "$TMP/$name" >"$TMP/out" 2>&1 && ok || bad "progress of $name"
  expect_in "$TMP/out" "Drills (2 answers)" "progress of $name"
done

# --- 4 processes creating one new database at once, 20 times ---------------------------------
failures=0
for round in $(seq 1 20); do
  db="$TMP/new$round.db"
  pids=()
  for w in 1 2 3 4; do
    "$RAPPORT" drill --db "$db" --all --count 1 --answers a --seed "$w" >"$TMP/new$round-$w" 2>&1 &
    pids+=($!)
  done
  for i in 0 1 2 3; do
    if ! wait "${pids[$i]}"; then
      failures=$((failures + 1))
      [ $failures -le 3 ] && sed 's/^/  | /' "$TMP/new$round-$((i + 1))" | grep rapport
    fi
  done
  [ "$(answers_in "$db")" = 4 ] || failures=$((failures + 1))
done
[ $failures = 0 ] && ok || bad "concurrent creation: $failures of 80 runs failed or lost an answer"

# --- 4 drills answering the same items at once: no repetition lost -----------------------------
db="$TMP/writers.db"
"$RAPPORT" drill --db "$db" --all --count 1 --answers a >/dev/null 2>&1
pids=()
for w in 1 2 3 4; do
  for r in 1 2 3; do
    "$RAPPORT" drill --db "$db" --all --count 12 --answers a,b,c,a,b,c,a,b,c,a,b,c --seed $r >/dev/null 2>&1 || echo fail >>"$TMP/writers-failed"
  done &
  pids+=($!)
done
wait "${pids[@]}"
[ ! -e "$TMP/writers-failed" ] && ok || bad "$(wc -l <"$TMP/writers-failed") concurrent drills failed"
$PY - "$db" <<'PY' && ok || bad "concurrent writers: schedules disagree with the answers"
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
wrong = d.execute("""SELECT i.item_key, i.reps, i.lapses, count(a.id), sum(a.rating = 1)
                     FROM items i JOIN answers a USING(item_key) GROUP BY i.item_key
                     HAVING i.reps <> count(a.id) OR i.lapses <> sum(a.rating = 1)""").fetchall()
n = d.execute("SELECT count(*) FROM answers").fetchone()[0]
assert n == 1 + 4 * 3 * 12, n
assert not wrong, f"{len(wrong)} items: {wrong[:3]}"
PY
# The whole schedule (stability, difficulty, last review, due, reps, lapses) of every item is the
# replay of its answers in the order they were recorded.
"$RAPPORT" progress --check --db "$db" >"$TMP/out" 2>&1 && ok || bad "progress --check after concurrent writers: $(cat "$TMP/out")"
expect_in "$TMP/out" "are the replay of their 145 answers" "progress --check counts every answer"
# ... and the check can fail: one schedule changed behind Rapport's back is named.
$PY - "$db" <<'PY'
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
d.execute("UPDATE items SET stability = stability * 2 WHERE item_key = (SELECT min(item_key) FROM items)")
d.commit()
PY
"$RAPPORT" progress --check --db "$db" >"$TMP/out" 2>&1
rc=$?
[ $rc = 1 ] && ok || bad "progress --check of a changed schedule: exit $rc, wanted 1"
expect_in "$TMP/out" "1 of " "progress --check names the changed schedule"

# --- out of memory: said in words (the step, the limit), exit 1, no file written ----------------
# (not under AddressSanitizer, whose shadow memory cannot live within ulimit -v: tests/asan_ci.sh)
if [ -z "${RAPPORT_UNDER_ASAN:-}" ]; then
  make_record "$TMP/big.db" 200000
  (ulimit -v 300000; "$RAPPORT" export --format json --db "$TMP/big.db" -o "$TMP/big.json" >"$TMP/out" 2>&1)
  rc=$?
  [ $rc = 1 ] && ok || bad "export out of memory: exit $rc, wanted 1"
  expect_in "$TMP/out" "rapport: out of memory while building the json export of 200000 answers" "out of memory names the step"
  expect_in "$TMP/out" "(ulimit -v); raise that limit" "out of memory names the limit"
  [ ! -e "$TMP/big.json" ] && ok || bad "export out of memory wrote a file"
fi

echo "record: $pass passed, $fail failed"
[ "$fail" = 0 ]
