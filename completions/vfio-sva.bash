# bash completion for vfio-sva(8)                          -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0
#
# Installed as .../bash-completion/completions/vfio-sva and loaded on demand
# by bash-completion, whose helpers (_init_completion, _filedir,
# __ltrim_colon_completions) it uses when they are there. It only reads
# directories and small files: /sys/kernel/iommu_groups, /dev/vfio,
# /sys/bus/{pci,platform}/{devices,drivers} and /proc/PID/cmdline.

# The group numbers and device names already on the command line (list and
# check arguments, --group values), skipping the values of other options.
_vfio_sva_given()
{
    local i w prev=""
    for ((i = 2; i < cword; i++)); do
        w=${words[i]}
        [[ $w == = ]] && continue
        case $prev in
        -p | --pid | -s | --slot | -d | --ids | --driver | --sva | --color | \
            -o | --output | --runtime-dir)
            prev=""
            continue
            ;;
        esac
        prev=$w
        if [[ $w =~ ^(-g|--group=)([0-9]+)$ ]]; then
            printf '%s\n' "${BASH_REMATCH[2]}"
        elif [[ $w != -* ]]; then
            printf '%s\n' "$w"
        fi
    done
}

# IOMMU group ids: the directory names of /sys/kernel/iommu_groups that are
# numbers, less those already given; with "node", only groups that have a
# /dev/vfio/N node (the only ones a bond can be made on).
_vfio_sva_groups()
{
    local d n given
    given=" $(_vfio_sva_given | tr '\n' ' ') "
    for d in /sys/kernel/iommu_groups/*; do
        n=${d##*/}
        [[ $n =~ ^[0-9]+$ ]] || continue
        [[ ${1:-} == node && ! -e /dev/vfio/$n ]] && continue
        [[ $given == *" $n "* ]] && continue
        printf '%s\n' "$n"
    done
}

# Devices list and check take: every PCI device (one in no IOMMU group
# too) and platform devices with an iommu_group link, less those given.
_vfio_sva_devices()
{
    local d n given
    given=" $(_vfio_sva_given | tr '\n' ' ') "
    for d in /sys/bus/pci/devices/* /sys/bus/platform/devices/*; do
        [[ -e $d ]] || continue
        [[ $d == /sys/bus/platform/* && ! -L $d/iommu_group &&
            ! -e $d/iommu_group ]] && continue
        n=${d##*/}
        [[ $given == *" $n "* ]] || printf '%s\n' "$n"
    done
}

# Process ids, from /proc, without kernel threads (and zombies): their
# cmdline is empty, and no address space can be bound.
_vfio_sva_pids()
{
    local d c
    for d in /proc/[0-9]*; do
        c=
        IFS= read -r -d '' c <"$d/cmdline" 2>/dev/null
        [[ -n $c ]] && printf '%s\n' "${d##*/}"
    done
}

# Drivers of PCI and platform devices.
_vfio_sva_drivers()
{
    local d
    for d in /sys/bus/pci/drivers/* /sys/bus/platform/drivers/*; do
        [[ -d $d ]] && printf '%s\n' "${d##*/}"
    done
}

_vfio_sva()
{
    local cur prev words cword split=false
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -s -n : || return
    else
        # without bash-completion: plain words, no --opt=value splitting
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        if [[ $cur == --*=* ]]; then
            prev=${cur%%=*}
            cur=${cur#*=}
            split=true
        fi
    fi

    local commands="list check bind unbind status daemon monitor metrics help"
    local globals="-j --json --pretty -v --verbose --color -? -h --help
        --usage -V --version"

    # the command word: the first word that is no option (global options
    # before it take no argument)
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            break
        fi
    done

    local opts="" args=""
    case $cmd in
    list)
        opts="--no-probe --brief -n --numeric -s --slot= -d --ids= --driver=
            --sva="
        args=target
        ;;
    check)
        opts="--no-probe"
        args=target
        ;;
    bind)
        opts="-p --pid= -g --group= --hold"
        ;;
    unbind | monitor)
        opts="-p --pid= -g --group="
        ;;
    status) ;;
    help)
        args=command
        ;;
    daemon)
        opts="--runtime-dir="
        ;;
    metrics)
        opts="-o --output= --no-probe"
        ;;
    esac

    # an option's value
    if [[ $prev == --color ]] && $split; then
        mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
        return
    fi
    if [[ -n $cmd ]]; then
        case $prev in
        -p | --pid)
            mapfile -t COMPREPLY < <(compgen -W "$(_vfio_sva_pids)" -- "$cur")
            return
            ;;
        -g | --group)
            mapfile -t COMPREPLY < <(compgen -W "$(_vfio_sva_groups node)" -- "$cur")
            return
            ;;
        --sva)
            mapfile -t COMPREPLY < <(compgen -W "yes no unknown" -- "$cur")
            return
            ;;
        --driver)
            mapfile -t COMPREPLY < <(compgen -W \
                "none $(_vfio_sva_drivers)" -- "$cur")
            return
            ;;
        -s | --slot | -d | --ids)
            return
            ;;
        -o | --output)
            if declare -F _filedir >/dev/null 2>&1; then
                _filedir
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            fi
            return
            ;;
        --runtime-dir)
            if declare -F _filedir >/dev/null 2>&1; then
                _filedir -d
            else
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            fi
            return
            ;;
        esac
    fi
    $split && return

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts $globals" -- "$cur")
        # an option that takes a value: no space after its '='
        if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
            compopt -o nospace 2>/dev/null
        fi
        return
    fi

    if [[ -z $cmd ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return
    fi

    if [[ $args == command ]]; then
        # help takes one command
        [[ ${words[cword - 1]} == help ]] &&
            mapfile -t COMPREPLY < <(compgen -W "${commands% help}" -- "$cur")
        return
    fi

    if [[ $args == target ]]; then
        mapfile -t COMPREPLY < <(compgen -W \
            "$(_vfio_sva_groups) $(_vfio_sva_devices)" -- "$cur")
        if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
            __ltrim_colon_completions "$cur"
        fi
    fi
} &&
    complete -F _vfio_sva vfio-sva

# ex: filetype=sh
