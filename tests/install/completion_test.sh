#!/bin/bash
# install.bash_completion: resources/completion/proclab-cli.bash against this build's proclab-cli.
#
#   completion_test.sh COMPLETION_FILE PROCLAB_CLI
#
# Completes commands, options, option values, lesson numbers and ids, and the name of a live
# session (a lesson run).
set -u
COMPLETION=$(realpath "$1")
CLI=$(realpath "$2")
failures=0

# complete WORD... : the completions of the last WORD (may be empty) after the ones before it.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _proclab_cli
             printf "%s\n" "${COMPREPLY[@]}" | sort -u | tr "\n" " "' _ "$COMPLETION" "$CLI" "$@"
}
# expect "WANTED" WORD... : the completions are exactly WANTED (space-separated, sorted).
expect() {
    local wanted=$1
    shift
    local got
    got=$(complete_words "$@")
    got=${got% }
    if [[ $got == "$wanted" ]]; then
        echo "ok   proclab-cli $* -> $got"
    else
        echo "FAIL proclab-cli $* -> '$got', wanted '$wanted'"
        failures=$((failures + 1))
    fi
}

cd "$(mktemp -d)" || exit 1 # no files around to complete
# includes WORD... : every command of `proclab-cli --help` below is offered for an empty word.
all=" $(complete_words "") "
for command in --help explore lessons python run sessions top trace; do
    [[ $all == *" $command "* ]] || { echo "FAIL proclab-cli '' -> '$all' lacks $command"; failures=$((failures + 1)); }
done
echo "ok   proclab-cli '' ->$all"
expect "run" r
expect "--help" --
expect "--all --interval --once --user" top -
expect "--lang --live --python --save-schedule --schedule --seed --speed --step" run 2 -
expect "--goal --lang --max-runs --preemptions --save-schedule" explore 34 -
expect "en zh_CN" run 2 --lang ""
expect "fork forkserver" python --start-method f
expect "02_start_join" run 02
expect "2 20 20_start_methods 21 21_why_processes 22 22_memory_isolation 23 23_start_vs_run 24 24_terminate_finally 25 25_pool_settings 26 26_apply_async_callback 27 27_queue_kinds 28 28_joinable_queue 29 29_with_pool_terminates" run 2
expect "" run 2 ""
expect "" sessions ""

# A live session: a lesson run (8 s at speed 2) registers "lesson-<pid>-..."; it ends by itself
# (killed, it would leave its session behind for the next `proclab-cli sessions` to remove).
unset PROCLAB_SESSION
"$CLI" run 2 --speed 2 >/dev/null 2>&1 &
run_pid=$!
session=
while [[ -z $session ]] && kill -0 "$run_pid" 2>/dev/null; do
    session=$("$CLI" sessions | awk -v p="lesson-$run_pid-" 'index($1, p) == 1 { print $1 }')
    [[ -n $session ]] || sleep 0.05
done
if [[ -z $session ]]; then
    echo "FAIL the lesson run's session did not show in proclab-cli sessions while it ran"
    failures=$((failures + 1))
else
    expect "$session" top "lesson-$run_pid-"
    expect "$session" trace "lesson-$run_pid"
fi
wait "$run_pid" || { echo "FAIL proclab-cli run 2 --speed 2 failed"; failures=$((failures + 1)); }
exit $((failures > 0))
