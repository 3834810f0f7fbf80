# bash completion for reckon. Installed as
# share/bash-completion/completions/reckon; the commands and each command's
# options come from the binary itself (reckon help --commands, reckon help
# --options CMD), so they never drift from what it accepts.
_reckon()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" help --commands 2>/dev/null) --help --version" -- "$cur"))
        return
    fi
    case $prev in
        -f|--format)
            case $cmd in
                report) COMPREPLY=($(compgen -W "json jsonl xml html csv csv-groups claimreview text" -- "$cur")) ;;
                extract) COMPREPLY=($(compgen -W "json jsonl xml csv" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
            esac
            return ;;
        --lang) COMPREPLY=($(compgen -W "ar en ru" -- "$cur")); return ;;
        --fail-on) COMPREPLY=($(compgen -W "contradiction" -- "$cur")); return ;;
        --rules) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -o|--output|--reviews) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -j|--jobs|--max-bytes|--title|--note|--reviewer) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" help --options "$cmd" 2>/dev/null)" -- "$cur"))
        return
    fi
    case $cmd in
        help) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" help --commands 2>/dev/null)" -- "$cur")) ;;
        rules) COMPREPLY=($(compgen -W "check list" -- "$cur") $(compgen -d -- "$cur")) ;;
        review) COMPREPLY=($(compgen -W "set list confirmed dismissed resolved" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -o filenames -F _reckon reckon
