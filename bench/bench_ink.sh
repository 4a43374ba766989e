#!/bin/sh
# inkjs side by side: installs inkjs@2.4.0 from npm into a temporary folder (removed at the end)
# and runs bench_ink, which generates the same 5,000-node story as ink and as a Rapport scenario
# and prints compile vs validate, load, choices per second and one scripted session, with ratios.
# Skips with a message (and exit 0) when Node.js or npm is missing or inkjs cannot be installed.
#   bench/bench_ink.sh [BUILD_DIR] [bench_ink options: --nodes N --playthroughs N --runs N]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift
node=$(command -v node || true)
npm=$(command -v npm || true)
if [ -z "$node" ] || [ -z "$npm" ]; then
    echo "bench_ink: skipped: Node.js and npm are needed to compare with inkjs (Debian: nodejs npm)"
    exit 0
fi
if [ ! -x "$build/bench/bench_ink" ] || [ ! -x "$build/rapport" ]; then
    echo "bench_ink: $build/bench/bench_ink or $build/rapport is missing: build first (make)" >&2
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rapport-bench-ink.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! (cd "$tmp" && "$npm" install --prefix "$tmp" --no-audit --no-fund --no-save --silent \
        inkjs@2.4.0 >"$tmp/npm.log" 2>&1); then
    echo "bench_ink: skipped: npm could not install inkjs@2.4.0:"
    tail -n 5 "$tmp/npm.log"
    exit 0
fi
echo "Node.js $("$node" --version), inkjs $("$node" -p "require('$tmp/node_modules/inkjs/package.json').version")"
"$build/bench/bench_ink" --node "$node" --modules "$tmp/node_modules" --script "$here/ink_bench.js" \
    --rapport "$build/rapport" --workdir "$tmp" "$@"
