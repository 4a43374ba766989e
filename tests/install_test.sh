#!/usr/bin/env bash
# Installs into a temporary prefix and checks that the installed binary finds its own scenarios
# and assets (not the source tree's). Usage: install_test.sh BUILD_DIR
set -eu
BUILD=$1
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
cd /
unset RAPPORT_DATA_DIR
"$PREFIX/bin/rapport" --version | grep -qF "data: $PREFIX/share/rapport" || { echo "FAIL: installed binary does not use $PREFIX/share/rapport"; "$PREFIX/bin/rapport" --version; exit 1; }
test -f "$PREFIX/share/rapport/scenarios/first-session.yaml"
test -f "$PREFIX/share/rapport/assets/skills.yaml"
for bank in engagement microskills-miti risk confidentiality-safeguarding professional-practice; do
  test -f "$PREFIX/share/rapport/drills/$bank.yaml" || { echo "FAIL: $bank.yaml not installed"; exit 1; }
done
test -f "$PREFIX/share/doc/rapport/scenario-format.md"
"$PREFIX/bin/rapport" validate --strict "$PREFIX/share/rapport/scenarios" >/dev/null
"$PREFIX/bin/rapport" play --choose 1 --seed 1 | grep -q "Session paused after 1 turn"
export RAPPORT_DB="$PREFIX/progress.db"
"$PREFIX/bin/rapport" drill "$PREFIX/share/rapport/drills/engagement.yaml" --count 1 --answers b | grep -q "What is the ultimate goal" || { echo "FAIL: installed drills"; exit 1; }
"$PREFIX/bin/rapport" drill --all --count 5 --answers a,a,a,a,a | grep -q "Drill: 5 items" || { echo "FAIL: installed banks"; exit 1; }
echo "install_layout: 1 passed, 0 failed"
