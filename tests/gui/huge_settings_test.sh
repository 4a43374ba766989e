#!/usr/bin/env bash
# A settings file asking for a 16384x16384 window: the window opens at the monitor's size (the
# size is clamped before the window is created), and its peak memory stays far below what such a
# framebuffer costs (2.2 GB). Usage: huge_settings_test.sh RAPPORT
set -u
RAPPORT=$(realpath "$1")
source "$(dirname "$0")/window_lib.sh"
mkdir -p "$XDG_CONFIG_HOME/rapport"
echo '{"format": "rapport-settings", "width": 16384, "height": 16384}' >"$XDG_CONFIG_HOME/rapport/settings.json"
/usr/bin/time -f "%M" -o "$TMP/rss" "$RAPPORT" --quit-after-first-frame >"$TMP/out" 2>"$TMP/err"
rc=$?
kib=$(tail -1 "$TMP/rss")
echo "peak memory with a 16384x16384 setting: $((kib / 1024)) MiB (exit $rc)"
[ $rc = 0 ] || { echo "FAIL: exit $rc"; cat "$TMP/err"; exit 1; }
[ "$kib" -lt $((800 * 1024)) ] || { echo "FAIL: $((kib / 1024)) MiB, wanted under 800"; exit 1; }
