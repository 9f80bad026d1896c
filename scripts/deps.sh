#!/bin/sh
# Install (as root) or name (otherwise) the Debian 12 packages a make target needs.
# usage: scripts/deps.sh [-n] build|demo|check|vm|bench|fuzz|lint|metrics|package ...
#   -n: only name what is missing (exit 1), never install: for tests, which
#       run after make has installed what they need.
set -u

only_name=0
[ "${1:-}" = -n ] && { only_name=1; shift; }

build_pkgs="gcc make pkg-config libc6-dev libudev-dev libjson-c-dev libnl-3-dev libnl-genl-3-dev zlib1g-dev libpci-dev pci.ids libsystemd-dev"
demo_pkgs="python3"
check_pkgs="python3 util-linux procps acl strace valgrind groff-base man-db mandoc bash-completion zsh fish systemd"
# linux-headers-amd64: the headers of the kernel the vm tier boots (linux-image-amd64
# of the same archive, one ABI), to build kernel/vfio_sva.ko for the guest
vm_pkgs="qemu-system-x86 busybox-static pciutils cpio xz-utils kmod gcc make linux-headers-amd64"
bench_pkgs="pciutils strace hyperfine valgrind time"
fuzz_pkgs="clang libclang-rt-14-dev"
lint_pkgs="cppcheck clang-tidy"
# promtool, for the ux suite's check of `vfio-sva metrics` (large: its own set)
metrics_pkgs="prometheus"
# scripts/package-test.sh: dpkg-buildpackage, lintian, the installed files;
# dh-dkms, dkms and a kernel's headers for vfio-sva-dkms
package_pkgs="build-essential debhelper dpkg-dev fakeroot lintian file man-db bash-completion systemd dh-dkms dkms linux-headers-amd64"

want=""
for set in "$@"; do
	case "$set" in
	build) want="$want $build_pkgs" ;;
	demo) want="$want $build_pkgs $demo_pkgs" ;;
	check) want="$want $build_pkgs $check_pkgs" ;;
	vm) want="$want $vm_pkgs" ;;
	bench) want="$want $build_pkgs $bench_pkgs" ;;
	fuzz) want="$want $fuzz_pkgs" ;;
	lint) want="$want $build_pkgs $lint_pkgs" ;;
	metrics) want="$want $metrics_pkgs" ;;
	package) want="$want $build_pkgs $package_pkgs" ;;
	*) echo "deps.sh: unknown set '$set'" >&2; exit 64 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ] || [ "$only_name" = 1 ]; then
	echo "vfio-sva: missing packages:$missing" >&2
	echo "vfio-sva: as root run: apt-get update && $line (or: sh scripts/deps.sh $*)" >&2
	exit 1
fi
echo "vfio-sva: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 && $line >&2
