#!/bin/bash
# install.desktop_files: what a desktop and man-db read of ProcLab, checked by their own tools.
#
#   desktop_files_test.sh DESKTOP_FILE METAINFO_FILE MANPAGE...
#
# desktop-file-validate, appstreamcli validate --no-net (errors and warnings fail, pedantic notes
# do not), and each manual page rendered by man with warnings on (any warning fails).
set -u
desktop=$1
metainfo=$2
shift 2
failures=0
check() {
    local what=$1
    shift
    local out
    out=$("$@" 2>&1)
    local rc=$?
    echo "== $what"
    [[ -n $out ]] && echo "$out"
    if [[ $rc != 0 ]]; then
        echo "FAIL $what (exit code $rc)"
        failures=$((failures + 1))
    fi
}
check "desktop-file-validate" desktop-file-validate "$desktop"
check "appstreamcli validate --no-net" appstreamcli validate --no-net "$metainfo"
for page in "$@"; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
    echo "== man --warnings -l $(basename "$page")"
    if [[ -n $warnings ]]; then
        echo "$warnings"
        echo "FAIL $page: man warns"
        failures=$((failures + 1))
    fi
    [[ $(MANWIDTH=80 man -l "$page" | grep -c .) -gt 40 ]] || { echo "FAIL $page renders short"; failures=$((failures + 1)); }
done
exit $((failures > 0))
