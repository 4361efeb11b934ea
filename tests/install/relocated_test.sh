#!/bin/bash
# install.relocated: an installation finds its lessons relative to its programs, wherever it was
# installed and moved to, never in the source tree.
#
#   relocated_test.sh BUILD_DIR WORK_DIR
#
# Installs the proclab component into WORK_DIR/a, moves it to WORK_DIR/b, removes one lesson from
# the moved copy and expects proclab-cli to list the others (so the source tree's lessons were not
# read) and to run lesson 2 from there; `proclab --version` and --lesson's check run there too.
set -u
BUILD_DIR=$1
WORK_DIR=$2
fail() { echo "FAILED: $*" >&2; rm -rf "$WORK_DIR"; exit 1; }

rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR/home"
export HOME=$WORK_DIR/home XDG_DATA_HOME=$WORK_DIR/home/.local/share XDG_CONFIG_HOME=$WORK_DIR/home/.config
export XDG_RUNTIME_DIR=$WORK_DIR/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset PROCLAB_LESSONS_PATH PROCLAB_SESSION
cmake --install "$BUILD_DIR" --prefix "$WORK_DIR/a" --component proclab >"$WORK_DIR/install.log" 2>&1 ||
    { cat "$WORK_DIR/install.log"; fail "cmake --install --component proclab"; }
mv "$WORK_DIR/a" "$WORK_DIR/b"
bin=$WORK_DIR/b/bin
installed=$(ls "$WORK_DIR/b/share/proclab/lessons/"*.json | wc -l)
rm "$WORK_DIR/b/share/proclab/lessons/05_exit_codes.json" || fail "lesson 5 was not installed"
left=$((installed - 1))
cd "$WORK_DIR"

lessons=$("$bin/proclab-cli" lessons) || fail "proclab-cli lessons"
[[ $(grep -c '^[0-9]' <<<"$lessons") == "$left" ]] || fail "expected the $left lessons of the moved copy, got:"$'\n'"$lessons"
! grep -q 05_exit_codes <<<"$lessons" || fail "lesson 5 was read from elsewhere than the installation"
echo "proclab-cli lessons: the $left lessons of $WORK_DIR/b/share/proclab/lessons"

run=$(timeout 60 "$bin/proclab-cli" run 2 --speed 8 2>&1) || fail "proclab-cli run 2:"$'\n'"$run"
grep -q 'join a returned' <<<"$run" || fail "lesson 2's transcript:"$'\n'"$run"
echo "proclab-cli run 2 --speed 8: ok"

if [[ -x $bin/proclab ]]; then
    "$bin/proclab" --version | grep -q '^proclab [0-9]' || fail "proclab --version"
    QT_QPA_PLATFORM=offscreen "$bin/proclab" --lesson 5 >/dev/null 2>"$WORK_DIR/err"
    rc=$?
    [[ $rc == 2 ]] && grep -q 'no lesson 5; lessons are 1–' "$WORK_DIR/err" ||
        fail "proclab --lesson 5 in the moved copy: exit code $rc, $(cat "$WORK_DIR/err")"
    echo "proclab --lesson 5: $(grep 'no lesson' "$WORK_DIR/err")"
fi
rm -rf "$WORK_DIR"
