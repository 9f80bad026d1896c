# fish completion for vfio-sva(8)
# SPDX-License-Identifier: GPL-2.0
#
# Installed as .../fish/vendor_completions.d/vfio-sva.fish. It only reads
# directories and small files: /sys/kernel/iommu_groups, /dev/vfio,
# /sys/bus/{pci,platform}/{devices,drivers} and /proc/PID/{cmdline,comm}.

# The group numbers and device names already on the command line (list and
# check arguments, --group values), skipping the values of other options.
function __vfio_sva_given
    set -l skip 0
    for w in (commandline -opc)[3..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case -p --pid -s --slot -d --ids --driver --sva --color -o --output --runtime-dir
                set skip 1
            case '--group=*'
                string replace -- --group= '' $w
            case '-g*'
                string replace -r -- '^-g' '' $w
            case '-*'
            case '*'
                echo $w
        end
    end
end

# IOMMU group ids: the directory names of /sys/kernel/iommu_groups that are
# numbers, less those already given; with "node", only groups that have a
# /dev/vfio/N node (the only ones a bond can be made on).
function __vfio_sva_groups
    set -l given (__vfio_sva_given)
    for d in /sys/kernel/iommu_groups/*
        set -l n (string replace -r '.*/' '' -- $d)
        string match -qr '^[0-9]+$' -- $n; or continue
        if test "$argv[1]" = node; and not test -e /dev/vfio/$n
            continue
        end
        contains -- $n $given; and continue
        printf '%s\tIOMMU group\n' $n
    end
end

# Devices list and check take: every PCI device (one in no IOMMU group
# too) and platform devices with an iommu_group link, less those given.
function __vfio_sva_devices
    set -l given (__vfio_sva_given)
    for d in /sys/bus/pci/devices/* /sys/bus/platform/devices/*
        set -l n (string replace -r '.*/' '' -- $d)
        if string match -q '/sys/bus/platform/*' -- $d
            test -L $d/iommu_group; or test -e $d/iommu_group; or continue
        end
        contains -- $n $given; and continue
        if test -L $d/iommu_group; or test -e $d/iommu_group
            printf '%s\tdevice\n' $n
        else
            printf '%s\tdevice in no IOMMU group\n' $n
        end
    end
end

# Process ids without kernel threads (and zombies): their cmdline is empty,
# and no address space can be bound.
function __vfio_sva_pids
    for d in /proc/*
        string match -qr '^/proc/[0-9]+$' -- $d; or continue
        set -l c
        read -z c <$d/cmdline 2>/dev/null
        test -n "$c"; or continue
        set -l comm
        read comm <$d/comm 2>/dev/null
        printf '%s\t%s\n' (string replace -r '.*/' '' -- $d) "$comm"
    end
end

set -g __vfio_sva_commands list check bind unbind status daemon monitor metrics help

complete -c vfio-sva -f

# commands, until one is given: complete(1) with $argv offers one
function __vfio_sva_command
    complete -c vfio-sva -n "not __fish_seen_subcommand_from $__vfio_sva_commands" $argv
end
__vfio_sva_command -a list -d 'IOMMU units, groups, devices and their SVA verdicts'
__vfio_sva_command -a check -d 'One line per group or device: can it do SVA, and why not'
__vfio_sva_command -a bind -d 'Bind a process to a container of groups, print its PASID'
__vfio_sva_command -a unbind -d 'Remove the bonds of a process'
__vfio_sva_command -a status -d 'Show the bonds the holders keep'
__vfio_sva_command -a daemon -d 'Hold containers so that bonds outlive the command'
__vfio_sva_command -a monitor -d 'Print group, driver and bond events as they happen'
__vfio_sva_command -a metrics -d 'SVA verdicts, IOMMU features and bonds for Prometheus'
__vfio_sva_command -a help -d 'This help, or a command\'s'
complete -c vfio-sva -n "__fish_seen_subcommand_from help; and test (count (commandline -opc)) -le 2" \
    -a "list check bind unbind status daemon monitor metrics" -d 'command'

# global options: before and after the command word
complete -c vfio-sva -s j -l json -d 'Print JSON (schema 1) instead of text'
complete -c vfio-sva -l pretty -d 'Indent the JSON output'
complete -c vfio-sva -s v -l verbose -d 'Say more: reason codes, every reason, diagnostics'
complete -c vfio-sva -l color -x -a 'auto always never' -d 'Colour the verdicts'
complete -c vfio-sva -s '?' -l help -d 'Give the help list'
complete -c vfio-sva -s h -d 'Give the help list'
complete -c vfio-sva -l usage -d 'Give a short usage message'
complete -c vfio-sva -s V -l version -d 'Print the program version'

# Drivers of PCI and platform devices.
function __vfio_sva_drivers
    printf 'none\tbound to no driver\n'
    for d in /sys/bus/pci/drivers/* /sys/bus/platform/drivers/*
        test -d $d; and printf '%s\tdriver\n' (string replace -r '.*/' '' -- $d)
    end
end

# list [OPTION...] [GROUP|DEVICE|SLOT...]
complete -c vfio-sva -n '__fish_seen_subcommand_from list check' -l no-probe \
    -d 'Read only: ask no holder, open no group to probe for VFIO_IOMMU_BIND'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -l brief \
    -d 'One line per group: verdict, devices, first blocking reason'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -s n -l numeric \
    -d 'PCI vendor and device numbers only, no names'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -s s -l slot -x \
    -d 'Only PCI devices at [[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]]'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -s d -l ids -x \
    -d 'Only PCI devices with ids [VENDOR]:[DEVICE][:CLASS]'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -l driver -x \
    -a '(__vfio_sva_drivers)' -d 'Only devices bound to this driver'
complete -c vfio-sva -n '__fish_seen_subcommand_from list' -l sva -x \
    -a 'yes no unknown' -d "Only devices whose group's verdict is this"
complete -c vfio-sva -n '__fish_seen_subcommand_from list check' \
    -a '(__vfio_sva_groups; __vfio_sva_devices)'

# bind --pid PID --group N [--group M...] [--hold]
complete -c vfio-sva -n '__fish_seen_subcommand_from bind' -s p -l pid -x \
    -a '(__vfio_sva_pids)' -d 'The process whose address space to bind'
complete -c vfio-sva -n '__fish_seen_subcommand_from bind' -s g -l group -x \
    -a '(__vfio_sva_groups node)' -d 'An IOMMU group of the container'
complete -c vfio-sva -n '__fish_seen_subcommand_from bind' -l hold \
    -d 'Keep the bond in this command until the process exits or execs'

# unbind --pid PID [--group N]
complete -c vfio-sva -n '__fish_seen_subcommand_from unbind' -s p -l pid -x \
    -a '(__vfio_sva_pids)' -d 'The process whose bonds to remove'
complete -c vfio-sva -n '__fish_seen_subcommand_from unbind' -s g -l group -x \
    -a '(__vfio_sva_groups node)' -d 'Only the bond whose container holds group N'

# daemon [--runtime-dir DIR]
complete -c vfio-sva -n '__fish_seen_subcommand_from daemon' -l runtime-dir -x \
    -a '(__fish_complete_directories)' \
    -d 'Serve DIR instead of the default runtime directory'

# monitor [--pid PID] [--group N]
complete -c vfio-sva -n '__fish_seen_subcommand_from monitor' -s p -l pid -x \
    -a '(__vfio_sva_pids)' -d "Only events of this process's bonds"
complete -c vfio-sva -n '__fish_seen_subcommand_from monitor' -s g -l group -x \
    -a '(__vfio_sva_groups node)' -d 'Only events of IOMMU group N'

# metrics [--output FILE] [--no-probe]
complete -c vfio-sva -n '__fish_seen_subcommand_from metrics' -s o -l output -r -F \
    -d 'Write FILE atomically instead of standard output'
complete -c vfio-sva -n '__fish_seen_subcommand_from metrics' -l no-probe \
    -d 'Do not open a group to probe for VFIO_IOMMU_BIND'
