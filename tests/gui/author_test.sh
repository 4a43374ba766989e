#!/usr/bin/env bash
# Author mode in the window, under Xvfb. Screenshots of the author screen at 800x600 and 1280x800,
# zoom 100% and 150%, at the top of the page and scrolled to its end: a valid scenario whose start line has a variant the initial values select
# (the "Try a branch" preview and its sliders), and a file with a YAML error (its diagnostic);
# each must be a real render. Then "Copy to my scenarios" on a shipped scenario, clicked with a
# real mouse press: the copy lands in the XDG scenarios folder under a new name, byte for byte,
# and the user's own file of that name is untouched.
# Usage: author_test.sh RAPPORT PNG_CHECK [FOLDER]  (FOLDER keeps the screenshots to look at)
set -u
RAPPORT=$(realpath "$1")
PNG_CHECK=$(realpath "$2")
KEEP=${3:-}
source "$(dirname "$0")/window_lib.sh"
fail=0
SHOTS=$TMP/shots
mkdir -p "$SHOTS" "$XDG_CONFIG_HOME/rapport"

# A scenario whose first line has a variant: example.yaml, starting at `pressure` (its variant
# shows when trust >= 35) with trust starting at 40.
sed -e 's/^start: opening/start: pressure/' -e 's/trust: {initial: 30}/trust: {initial: 40}/' \
  tests/data/valid/example.yaml >"$TMP/variant.yaml"
"$RAPPORT" validate "$TMP/variant.yaml" >"$TMP/validate" 2>&1 ||
  { echo "FAIL: the variant scenario does not load"; cat "$TMP/validate"; exit 1; }
# A YAML syntax error (an unclosed flow list).
printf 'format: 2\nid: broken\ntitle: "Broken"\nnodes: [\n  - id: a\n' >"$TMP/broken.yaml"

for size in 800x600 1280x800; do
  for zoom in 1.0 1.5; do
    echo "{\"format\": \"rapport-settings\", \"zoom\": $zoom}" >"$XDG_CONFIG_HOME/rapport/settings.json"
    for file in variant broken; do
      name=author-$file-$size-zoom$zoom
      timeout 120 "$RAPPORT" --screen author --author "$TMP/$file.yaml" --screenshots "$SHOTS/$name" \
        --size "$size" >"$TMP/out" 2>"$TMP/err"
      rc=$?
      if [ $rc != 0 ] || [ ! -f "$SHOTS/$name/author.png" ]; then
        echo "FAIL: $name: exit $rc"; sed 's/^/  | /' "$TMP/err"; fail=1; continue
      fi
      mv "$SHOTS/$name/author.png" "$SHOTS/$name.png"
      # The same page scrolled to its end: the try's sliders and its button.
      mv "$SHOTS/$name/author-end.png" "$SHOTS/$name-end.png" ||
        { echo "FAIL: $name: no end-of-page screenshot"; fail=1; }
    done
  done
  # The tops all differ; a page that fits has an end that is its top, so the ends are checked alone.
  "$PNG_CHECK" "${size%x*}" "${size#*x}" "$SHOTS"/author-*-"$size"-zoom?.?.png || fail=1
  for end in "$SHOTS"/author-*-"$size"-*-end.png; do
    "$PNG_CHECK" "${size%x*}" "${size#*x}" "$end" >/dev/null || { echo "FAIL: $end"; fail=1; }
  done
done
if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$SHOTS"/*.png "$KEEP"/; fi

# "Copy to my scenarios": a real click on the button (its place at 1280x800, zoom 100%, below the
# path, the load time and the shipped-scenario note). The shipped folder is a data folder of our
# own (RAPPORT_DATA_DIR) holding one small scenario, so the window is ready in moments.
echo '{"format": "rapport-settings", "zoom": 1.0}' >"$XDG_CONFIG_HOME/rapport/settings.json"
DATA=$TMP/shipped
mkdir -p "$DATA/scenarios"
ln -s "$PWD/assets" "$DATA/assets"
cp tests/data/valid/example.yaml "$DATA/scenarios/example.yaml"
MINE=$XDG_DATA_HOME/rapport/scenarios
mkdir -p "$MINE"
echo "# the user's own file" >"$MINE/example.yaml"
export RAPPORT_DATA_DIR=$DATA
start_window --size 1280x800 --author "$DATA/scenarios/example.yaml"
# Click until the copy appears (the first frames wait for the file's checks); once it is made,
# the copy is open and the button is gone, so a later click cannot make a second copy.
for _ in $(seq 60); do
  xdotool mousemove --window "$WID" 108 289 click 1
  sleep 0.5
  [ -f "$MINE/example-2.yaml" ] && break
done
sleep 1
quit_window
unset RAPPORT_DATA_DIR
if cmp -s "$MINE/example-2.yaml" "$DATA/scenarios/example.yaml"; then
  echo "copy to my scenarios: example-2.yaml in the XDG scenarios folder, byte for byte"
else
  echo "FAIL: no copy example-2.yaml in $MINE: $(ls "$MINE")"; fail=1
fi
[ "$(cat "$MINE/example.yaml")" = "# the user's own file" ] ||
  { echo "FAIL: the user's own example.yaml was changed"; fail=1; }
[ ! -e "$MINE/example-3.yaml" ] || { echo "FAIL: one click made two copies"; fail=1; }
[ $fail = 0 ] && echo "author test passed"
exit $fail
