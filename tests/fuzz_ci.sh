#!/usr/bin/env bash
# Bounded fuzzing as part of `make test`: builds the libFuzzer targets (clang, AddressSanitizer and
# UBSan) in their own build folder and runs each for a bounded time from its seeds, its kept
# regression inputs and what earlier runs in this build folder found.
#   fuzz_ci.sh SOURCE_DIR FUZZ_BUILD_DIR
# RAPPORT_FUZZ_SECONDS (default 30) is each target's time; raise it for a longer hunt.
# A crash, an abort, a sanitizer report, a leak, an input that takes over 10 s or over 2 GiB fails
# the test; the input is copied to tests/fuzz/TARGET-regressions/ in the source tree (commit it with
# the fix), whose inputs seed every later run (and the session ones are replayed by every build).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$2
secs=${RAPPORT_FUZZ_SECONDS:-30}

if ! command -v clang++ >/dev/null || ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing; 'make deps' installs it (Debian: clang libclang-rt-14-dev)"
  exit 1
fi
mkdir -p "$build"
build=$(cd "$build" && pwd)
log=$build/fuzz-build.log
# One core: CTest runs another test beside this one.
if ! { cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DRAPPORT_FUZZ=ON \
         -DRAPPORT_BUILD_TESTS=OFF -DRAPPORT_BUILD_BENCH=OFF &&
       cmake --build "$build" -j1 --target fuzz_session fuzz_loader fuzz_drill fuzz_settings fuzz_testplan; } >"$log" 2>&1; then
  echo "fuzz: the fuzz build failed:"
  tail -40 "$log"
  exit 1
fi

# TARGET then its input folders: seeds and kept regressions (those that exist).
run() {
  local target=$1
  shift
  local corpus=$build/corpus/$target inputs=()
  mkdir -p "$corpus" "$build/artifacts"
  for d in "$@" "$src/tests/fuzz/$target-regressions"; do
    [ -d "$d" ] && inputs+=("$d")
  done
  echo "fuzz: $target for ${secs} s"
  if ! (cd "$build" && "$build/tests/fuzz/fuzz_$target" -max_total_time="$secs" -timeout=10 \
          -rss_limit_mb=2048 -print_final_stats=1 \
          -artifact_prefix="$build/artifacts/$target-" "$corpus" "${inputs[@]}") \
       >"$build/$target.log" 2>&1; then
    echo "FAIL: fuzz_$target found an input that fails:"
    grep -E "ERROR|SUMMARY|Test unit written|Base64" "$build/$target.log" | head -20
    # Kept as a regression input in the source tree (git status shows it): commit it with the fix.
    mkdir -p "$src/tests/fuzz/$target-regressions"
    for a in "$build/artifacts/$target-"*; do
      [ -f "$a" ] && cp "$a" "$src/tests/fuzz/$target-regressions/" &&
        echo "kept: tests/fuzz/$target-regressions/$(basename "$a")"
    done
    echo "(full log: $build/$target.log)"
    return 1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/$target.log" |
    sed "s/^/  $target /"
}

status=0
run session "$src/tests/fuzz/session-seeds" "$src/tests/data/invalid" || status=1
run loader "$src/scenarios" "$src/tests/data/valid" "$src/tests/data/invalid" || status=1
run drill "$src/drills" "$src/tests/data/invalid" || status=1
run settings "$src/tests/fuzz/settings-seeds" || status=1
run testplan "$src/tests/fuzz/testplan-seeds" "$src/tests/data/plans" || status=1
exit $status
