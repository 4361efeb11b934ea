# bash completion for proclab-cli (installed as share/bash-completion/completions/proclab-cli).
# Everything offered is asked from the proclab-cli being completed, so it stays true to it:
# the commands and their options from `proclab-cli --help`, lesson numbers and ids from
# `proclab-cli lessons`, live session names from `proclab-cli sessions`.

# The names of `proclab-cli sessions`' table (first column; none when it says "(no sessions)").
_proclab_cli_sessions()
{
    "$1" sessions 2>/dev/null | awk 'NR > 1 && $1 != "(no" { print $1 }'
}

# Lesson numbers and ids ("2" and "02_start_join") from `proclab-cli lessons`.
_proclab_cli_lessons()
{
    "$1" lessons 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { print $1; print $2 }'
}

# Files (and directories, to go on) matching the glob pattern $2 for the word $1.
_proclab_cli_files()
{
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY+=($(compgen -d -- "$1"))
    if [[ -n $2 ]]; then
        COMPREPLY+=($(compgen -f -X "!$2" -- "$1"))
    else
        COMPREPLY+=($(compgen -f -- "$1"))
    fi
}

_proclab_cli()
{
    local cli=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    local usage
    usage=$("$cli" --help 2>/dev/null) || return 0

    if ((COMP_CWORD == 1)); then
        local commands
        commands=$(sed -n 's/^\(usage:\)\{0,1\} *proclab-cli \([a-z][a-z-]*\).*/\2/p' <<<"$usage")
        COMPREPLY=($(compgen -W "$commands --help" -- "$cur"))
        return 0
    fi

    local command=${COMP_WORDS[1]}
    # This command's options, as its usage line spells them.
    local options
    options=$(sed -n "s/^\(usage:\)\{0,1\} *proclab-cli $command\( \|$\)//p" <<<"$usage" | grep -o -- '-[-a-z]*[a-z]' | sort -u)

    # The value of an option.
    case $prev in
    --lang)
        COMPREPLY=($(compgen -W "en zh_CN" -- "$cur"))
        return 0
        ;;
    --start-method)
        COMPREPLY=($(compgen -W "fork spawn forkserver" -- "$cur"))
        return 0
        ;;
    --speed | --interval)
        return 0
        ;;
    --python)
        if [[ $command == python ]]; then # the interpreter
            COMPREPLY=($(compgen -c -- "$cur"))
            return 0
        fi
        ;;
    -o | --trace)
        _proclab_cli_files "$cur" "*.json"
        return 0
        ;;
    --csv)
        _proclab_cli_files "$cur" "*.csv"
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    fi
    case $command in
    top | trace)
        COMPREPLY=($(compgen -W "$(_proclab_cli_sessions "$cli")" -- "$cur"))
        ;;
    run)
        # One lesson: a number, an id or a lesson file.
        local i
        for ((i = 2; i < COMP_CWORD; ++i)); do
            case ${COMP_WORDS[i]} in
            --speed | --lang) ((++i)) ;;
            -*) ;;
            *) return 0 ;;
            esac
        done
        COMPREPLY=($(compgen -W "$(_proclab_cli_lessons "$cli")" -- "$cur"))
        _proclab_cli_files "$cur" "*.json"
        ;;
    python)
        _proclab_cli_files "$cur"
        ;;
    esac
    return 0
}

complete -F _proclab_cli proclab-cli
