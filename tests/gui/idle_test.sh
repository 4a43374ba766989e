#!/usr/bin/env bash
# Idle check: the window, left alone for 5 s under Xvfb, must use under 5% of one core (it sleeps
# on events). Reads the process's CPU time from /proc and prints the figure.
# Usage: idle_test.sh RAPPORT [SECONDS]
set -u
RAPPORT=$(realpath "$1")
SECONDS_IDLE=${2:-5}
source "$(dirname "$0")/window_lib.sh"
start_window --size 1280x800
# Let it finish starting (first frames, the library's checks on a worker thread): wait until a
# half second passes without CPU time, at most 20 s; a busy loop never gets there.
ticks_now() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
for _ in $(seq 40); do
  a=$(ticks_now); sleep 0.5; b=$(ticks_now)
  [ "$a" = "$b" ] && break
done
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }  # utime + stime, all threads
t0=$(ticks); s0=$(date +%s.%N)
sleep "$SECONDS_IDLE"
t1=$(ticks); s1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
/usr/bin/python3 - "$t0" "$t1" "$s0" "$s1" "$hz" <<'PY'
import sys
t0, t1, s0, s1, hz = map(float, sys.argv[1:6])
pct = 100.0 * (t1 - t0) / hz / (s1 - s0)
print(f"idle CPU: {pct:.2f}% of one core over {s1 - s0:.1f} s ({int(t1 - t0)} ticks)")
sys.exit(0 if pct < 5.0 else 1)
PY
