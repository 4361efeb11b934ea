#!/bin/bash
# install.package: the Debian packages, installed into this machine as a user would install them.
#
#   package_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
#
# 1. cpack in BUILD_DIR: proclab, libproclab-dev and (when built) proclab-python .debs
# 2. apt-get install ./*.deb (dpkg -i when apt-get is missing)
# 3. from the installed files only: proclab-cli lessons, proclab-cli run 2 --speed 8 (and lesson 1
#    in Chinese), proclab-cli python with the installed bridge, the manual pages, the bash
#    completion, the desktop file and metainfo validators, tests/install/consumer built against
#    libproclab-dev, and the window started from its desktop file's Exec line under
#    Xvfb: its title and WM_CLASS (= StartupWMClass), a screenshot (WORK_DIR/installed_window.png)
# 4. purges the packages and checks that nothing of ProcLab is left under /usr, no process of the
#    installed programs runs and no /dev/shm/proclab-* object they created is left.
# The purge (and the end of every process started here) runs on any exit (trap).
#
# Root only (it installs into /usr): skipped otherwise (exit code 77, ctest's SKIP_RETURN_CODE), and
# skipped when dpkg is missing or a ProcLab package is already installed (it is not ours to remove).
set -u
BUILD_DIR=$1
SOURCE_DIR=$2
WORK_DIR=$3
SKIP=77
PACKAGES=(proclab libproclab-dev proclab-python)
APP_ID=io.github.proclab.ProcLab
TITLE="ProcLab — Process Laboratory"

skip() { echo "SKIPPED: $*"; exit $SKIP; }
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

[[ $(id -u) == 0 ]] || skip "installs packages into /usr: run as root (CI does)"
command -v dpkg >/dev/null && command -v dpkg-deb >/dev/null || skip "dpkg is not available (not a Debian system)"
command -v cpack >/dev/null || skip "cpack is not available"
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
    if [[ -n $status && $status != not-installed ]]; then
        skip "package $p is on this machine already ($status); not replacing it (dpkg --purge $p to run this test)"
    fi
done

# What ProcLab has under /usr and in /dev/shm before (both must look the same at the end).
usr_files() { find /usr \( -iname '*proclab*' -o -iname "*${APP_ID}*" \) 2>/dev/null | sort; }
shm_objects() { find /dev/shm -maxdepth 1 -name 'proclab-*' -printf '%f\n' 2>/dev/null | sort; }
usr_before=$(usr_files)
shm_before=$(shm_objects)

rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR/home"
export HOME=$WORK_DIR/home XDG_CONFIG_HOME=$WORK_DIR/home/.config XDG_DATA_HOME=$WORK_DIR/home/.local/share
export XDG_RUNTIME_DIR=$WORK_DIR/runtime
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
unset PROCLAB_LESSONS_PATH PROCLAB_SESSION PROCLAB_PYTHON_BRIDGE

installed=()
xvfb_pid=
# The processes of the installed programs (their executable under /usr/bin/proclab*, also deleted).
installed_processes() {
    local exe pid
    for exe in /proc/[0-9]*/exe; do
        pid=${exe#/proc/}
        pid=${pid%/exe}
        [[ $pid == "$$" ]] && continue
        [[ $(readlink "$exe" 2>/dev/null) == /usr/bin/proclab* ]] && echo "$pid"
    done
}
cleanup() {
    local rc=$?
    trap - EXIT
    [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
    local pids
    pids=$(installed_processes)
    [[ -n $pids ]] && kill -TERM $pids 2>/dev/null
    if ((${#installed[@]})); then
        echo "== cleanup: purging ${installed[*]}"
        dpkg --purge "${installed[@]}" >/dev/null 2>&1 || echo "cleanup: dpkg --purge ${installed[*]} failed" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ------------------------------------------------------------------------------------------------
step "cpack (DEB)"
start=$SECONDS
cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK_DIR/packages" >"$WORK_DIR/cpack.log" 2>&1 ||
    { cat "$WORK_DIR/cpack.log"; fail "cpack failed"; }
echo "   $((SECONDS - start)) s"
debs=("$WORK_DIR"/packages/*.deb)
[[ -f ${debs[0]} ]] || fail "cpack wrote no .deb"
for deb in "${debs[@]}"; do
    name=$(dpkg-deb -f "$deb" Package)
    installed+=("$name")
    printf '   %-48s %6s KiB  installed %6s KiB  Section: %s\n' "$(basename "$deb")" "$(($(stat -c %s "$deb") / 1024))" \
        "$(dpkg-deb -f "$deb" Installed-Size)" "$(dpkg-deb -f "$deb" Section)"
    echo "      Depends: $(dpkg-deb -f "$deb" Depends)"
done
for p in proclab libproclab-dev; do
    [[ " ${installed[*]} " == *" $p "* ]] || fail "no $p package among: ${installed[*]}"
done
[[ $(dpkg-deb -f "$WORK_DIR"/packages/proclab_*.deb Depends) == *libqt6widgets6* ]] ||
    fail "proclab's Depends lacks Qt (dpkg-shlibdeps did not run?)"

step "install"
if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 \
        "${debs[@]}" >"$WORK_DIR/install.log" 2>&1
else
    dpkg -i "${debs[@]}" >"$WORK_DIR/install.log" 2>&1
fi || { cat "$WORK_DIR/install.log"; fail "installing the packages failed"; }
listed=$(dpkg -L "${installed[@]}" | sort -u)

# Everything from here on runs the installed files, from a folder that is not the source tree.
cd "$WORK_DIR"
PATH=/usr/sbin:/usr/bin:/sbin:/bin # the build tree and /usr/local are not on it

step "proclab-cli lessons"
lessons=$(/usr/bin/proclab-cli lessons) || fail "proclab-cli lessons failed"
echo "$lessons" | head -3
shipped=$(ls /usr/share/proclab/lessons/*.json | wc -l)
[[ $(grep -c '^[0-9]' <<<"$lessons") == "$shipped" ]] || fail "expected $shipped lessons, got:"$'\n'"$lessons"
grep -q '02_start_join' <<<"$lessons" || fail "lesson 02_start_join missing"

step "proclab-cli run 2 --speed 8"
run=$(timeout 60 /usr/bin/proclab-cli run 2 --speed 8 2>&1) || fail "proclab-cli run 2 failed:"$'\n'"$run"
echo "$run" | tail -2
grep -q 'join a returned' <<<"$run" || fail "the transcript of lesson 2 has no join:"$'\n'"$run"
run_zh=$(timeout 60 /usr/bin/proclab-cli run 1 --speed 8 --lang zh_CN 2>&1) || fail "proclab-cli run 1 --lang zh_CN failed"
grep -q '进程' <<<"$run_zh" || fail "lesson 1 in zh_CN has no Chinese:"$'\n'"$run_zh"

if [[ " ${installed[*]} " == *" proclab-python "* ]]; then
    step "proclab-cli python (proclab-python)"
    cat >"$WORK_DIR/watched.py" <<'PY'
import multiprocessing, sys
import proclab_watch
def work(q):
    q.put(6 * 7)
if __name__ == "__main__":
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=work, args=(q,))
    p.start()
    print("result", q.get(), "bridge", proclab_watch.__file__)
    p.join()
    sys.exit(p.exitcode)
PY
    out=$(timeout 60 /usr/bin/proclab-cli python "$WORK_DIR/watched.py" 2>&1) || fail "proclab-cli python:"$'\n'"$out"
    echo "   $out"
    [[ $out == "result 42 bridge /usr/lib/proclab/python/"* ]] || fail "the watched script did not use the installed bridge"
fi

step "manual pages, bash completion"
for page in proclab proclab-cli; do
    man -w "$page" >/dev/null 2>&1 || fail "man $page: no manual page installed"
    [[ $(MANWIDTH=80 man "$page" 2>/dev/null | head -1) == *"$(tr a-z A-Z <<<"$page")(1)"* ]] ||
        fail "man $page does not render"
done
completion=/usr/share/bash-completion/completions/proclab-cli
[[ -f $completion ]] || fail "no $completion"
words=$(bash -c 'source "$1"; COMP_WORDS=(proclab-cli r); COMP_CWORD=1; _proclab_cli; echo "${COMPREPLY[*]}"' _ "$completion")
[[ $words == run ]] || fail "completing 'proclab-cli r' gave '$words', not 'run'"

step "desktop file, metainfo, icons"
desktop=/usr/share/applications/$APP_ID.desktop
metainfo=/usr/share/metainfo/$APP_ID.metainfo.xml
[[ -f $desktop && -f $metainfo ]] || fail "desktop file or metainfo missing"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate --no-net $metainfo"
fi
for size in 16x16 22x22 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
    [[ -f /usr/share/icons/hicolor/$size/apps/$APP_ID.png ]] || fail "no $size icon"
done
[[ -f /usr/share/icons/hicolor/scalable/apps/$APP_ID.svg ]] || fail "no scalable icon"
[[ $(/usr/bin/proclab --version) == "proclab $(dpkg-query -W -f='${Version}' proclab)" ]] ||
    fail "proclab --version says '$(/usr/bin/proclab --version)'"
/usr/bin/proclab --lesson 99 >/dev/null 2>"$WORK_DIR/lesson99.err"
rc=$?
[[ $rc == 2 ]] && grep -q "no lesson 99; lessons are 1–$shipped" "$WORK_DIR/lesson99.err" ||
    fail "proclab --lesson 99: exit code $rc, $(cat "$WORK_DIR/lesson99.err")"

step "consumer against libproclab-dev"
cmake -S "$SOURCE_DIR/tests/install/consumer" -B "$WORK_DIR/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$WORK_DIR/consumer.log" 2>&1 &&
    cmake --build "$WORK_DIR/consumer" >>"$WORK_DIR/consumer.log" 2>&1 ||
    { cat "$WORK_DIR/consumer.log"; fail "building the consumer against the installed package failed"; }
grep -q '^ProcLab_DIR:PATH=/usr/lib/cmake/ProcLab$' "$WORK_DIR/consumer/CMakeCache.txt" ||
    fail "the consumer did not find ProcLab in /usr: $(grep ProcLab_DIR "$WORK_DIR/consumer/CMakeCache.txt")"
out=$("$WORK_DIR/consumer/consumer" 2>&1) && grep -q 'consumer ok' <<<"$out" || fail "the consumer: $out"
echo "   consumer ok"

step "the window, started from its desktop file"
if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null && command -v xprop >/dev/null; then
    exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -1 | sed 's/ *%[fFuUik]//g')
    wm_class=$(sed -n 's/^StartupWMClass=//p' "$desktop")
    # On the virtual X server: start the Exec line, wait for the window, look at it, quit it.
    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb LANG=C.UTF-8 \
        bash "$SOURCE_DIR/tests/install/window_check.sh" "$exec_line" "$TITLE" "$wm_class" \
        "$WORK_DIR/installed_window.png" >"$WORK_DIR/window.log" 2>&1 &
    xvfb_pid=$!
    wait "$xvfb_pid"
    rc=$?
    xvfb_pid=
    cat "$WORK_DIR/window.log"
    [[ $rc == 0 ]] || fail "the installed window"
else
    echo "   (xvfb-run, xwininfo or xprop missing: the window is not checked)"
fi

# ------------------------------------------------------------------------------------------------
step "purge"
dpkg --purge "${installed[@]}" >"$WORK_DIR/purge.log" 2>&1 || { cat "$WORK_DIR/purge.log"; fail "dpkg --purge"; }
installed=()
left=$(while read -r f; do [[ -e $f && ! -d $f ]] && echo "$f"; done <<<"$listed")
[[ -z $left ]] || fail "files of the packages left after the purge:"$'\n'"$left"
usr_after=$(usr_files)
[[ $usr_after == "$usr_before" ]] || fail "ProcLab left this under /usr:"$'\n'"$(comm -13 <(echo "$usr_before") <(echo "$usr_after"))"
pids=$(installed_processes)
[[ -z $pids ]] || fail "processes of the installed programs still run: $(ps -o pid,cmd -p ${pids// /,})"
# New /dev/shm objects nobody holds any more are leaks (another build's tests may hold some meanwhile).
held() { grep -qsF "/dev/shm/$1" /proc/[0-9]*/maps || ls -l /proc/[0-9]*/fd 2>/dev/null | grep -qF "/dev/shm/$1"; }
leaked=
for name in $(comm -13 <(echo "$shm_before") <(shm_objects)); do
    held "$name" || leaked+=" $name"
done
[[ -z $leaked ]] || fail "/dev/shm objects left:$leaked"
echo "== ok: installed, used and purged; nothing of ProcLab left under /usr"
