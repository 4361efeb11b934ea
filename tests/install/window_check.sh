#!/bin/bash
# Run by package_test.sh on a virtual X server (xvfb-run):
#
#   window_check.sh EXEC_LINE TITLE WM_CLASS SCREENSHOT.png
#
# starts EXEC_LINE (a desktop file's Exec line), waits for its window whose title begins with
# TITLE, checks that the window's WM_CLASS class is WM_CLASS (the desktop file's StartupWMClass),
# saves a screenshot of the screen once the window has drawn itself, then quits the program with
# SIGTERM (a normal quit) and expects exit code 0.
set -u
exec_line=$1
title=$2
wm_class=$3
screenshot=$4

fail() { echo "FAILED: $*" >&2; [[ -n ${pid:-} ]] && kill -KILL "$pid" 2>/dev/null; exit 1; }

# shellcheck disable=SC2086 # the Exec line is split into words as a desktop would split it
$exec_line &
pid=$!

# The top-level window whose _NET_WM_NAME begins with TITLE (Qt sets it in UTF-8; the window adds
# " · " and its session's name).
find_window() {
    local id
    for id in $(xwininfo -root -children 2>/dev/null | awk '$1 ~ /^0x/ { print $1 }'); do
        if [[ $(xprop -id "$id" _NET_WM_NAME 2>/dev/null) == *"= \"$title"* ]]; then
            echo "$id"
            return
        fi
    done
}

window=
deadline=$((SECONDS + 60))
while [[ -z $window ]]; do
    kill -0 "$pid" 2>/dev/null || { wait "$pid"; fail "'$exec_line' ended (exit code $?) before showing a window"; }
    ((SECONDS < deadline)) || fail "no window titled '$title…' within 60 s"
    window=$(find_window)
    [[ -n $window ]] || sleep 0.2
done
echo "   window $window: $(xprop -id "$window" _NET_WM_NAME | cut -d= -f2-)"

class=$(xprop -id "$window" WM_CLASS | sed -n 's/^WM_CLASS(STRING) = "\([^"]*\)", "\([^"]*\)"$/\2/p')
[[ $class == "$wm_class" ]] || fail "WM_CLASS class is '$class', the desktop file's StartupWMClass '$wm_class'"
echo "   WM_CLASS: $(xprop -id "$window" WM_CLASS | cut -d= -f2) (StartupWMClass=$wm_class)"

# Drawn: the screen shows more than a handful of colours (text, icons, the table).
colours=0
while ((colours < 64)); do
    ((SECONDS < deadline)) || fail "the window did not draw itself within 60 s ($colours colours)"
    import -window root "$screenshot" 2>/dev/null && colours=$(identify -format '%k' "$screenshot")
    ((colours >= 64)) || sleep 0.2
done
echo "   screenshot: $screenshot ($colours colours)"

kill -TERM "$pid"
wait "$pid"
rc=$?
[[ $rc == 0 ]] || fail "the window's exit code after SIGTERM is $rc"
echo "   quit on SIGTERM: exit code 0"
