#!/bin/bash
# The Debian package, end to end, as root on Debian 12: build it with
# dpkg-buildpackage -us -uc -b in a copy of the tree (nothing lands in the
# clone), lintian (any error or warning fails), apt-get install ./*.deb, the
# installed command, man page, completions and units, then apt-get purge
# and nothing of the package left. Prints PASS/FAIL lines and the numbers
# (build time, sizes); exits 1 on any failure.
#   usage: scripts/package-test.sh [OUTDIR]   (OUTDIR keeps the .debs)
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD
failed=0 passes=0 fails=0
pass() { echo "PASS: package: $*"; passes=$((passes + 1)); }
fail() { echo "FAIL: package: $*"; failed=1; fails=$((fails + 1)); }
summary() { echo "package: $passes passed, $fails failed"; }
trap summary EXIT
check() { # check NAME COMMAND...: PASS when the command succeeds
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[ "$(id -u)" = 0 ] || { fail "needs root (apt-get install)"; exit 1; }
sh scripts/deps.sh package || { fail "packages for the build are missing"; exit 1; }

version=$(cat VERSION)
changelog_version=$(dpkg-parsechangelog -S Version)
if [ "$changelog_version" = "$version" ]; then
	pass "debian/changelog's version is VERSION ($version)"
else
	fail "debian/changelog says $changelog_version, VERSION says $version"
fi

work=$(mktemp -d /tmp/vfio-sva-package.XXXXXX)
trap 'rm -rf "$work"; summary' EXIT
src=$work/vfio-sva-$version
mkdir -p "$src"
# what git tracks and what is new but not ignored: the tree as it is, never
# build/ or a previous package's leftovers
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null |
		tar -xf - -C "$src"
else
	tar --exclude=./build --exclude='./build-*' -cf - . | tar -xf - -C "$src"
fi
status_before=$(git -C "$top" status --porcelain 2>/dev/null)

# --- build ------------------------------------------------------------------
t0=$(now)
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc -b ($(took "$t0") s)"
else
	tail -40 "$work/build.log"
	fail "dpkg-buildpackage -us -uc -b failed"
	exit 1
fi
deb=$(ls "$work"/vfio-sva_"$version"_*.deb)
dbgsym=$(ls "$work"/vfio-sva-dbgsym_"$version"_*.deb 2>/dev/null)
changes=$(ls "$work"/vfio-sva_"$version"_*.changes)
[ "$(git -C "$top" status --porcelain 2>/dev/null)" = "$status_before" ] &&
	pass "the clone's git status is as it was" ||
	fail "the build changed the clone: $(git -C "$top" status --porcelain | head -5)"

for f in "$work"/*.deb; do
	echo "package: $(basename "$f"): $(stat -c %s "$f") bytes, installed $(dpkg-deb -f "$f" Installed-Size) KiB"
done
if [ -n "$dbgsym" ] && dpkg-deb -c "$dbgsym" | grep '/usr/lib/debug/.build-id/.*\.debug$' >/dev/null; then
	pass "a -dbgsym package with the binary's debug info"
else
	fail "no -dbgsym package with /usr/lib/debug/.build-id/*.debug"
fi
dpkg-deb -x "$deb" "$work/root"
if file "$work/root/usr/sbin/vfio-sva" | grep -q ', stripped'; then
	pass "/usr/sbin/vfio-sva is stripped"
else
	fail "/usr/sbin/vfio-sva is not stripped: $(file "$work/root/usr/sbin/vfio-sva")"
fi
for p in usr/sbin/vfio-sva usr/share/man/man8/vfio-sva.8.gz \
	usr/share/bash-completion/completions/vfio-sva \
	usr/share/zsh/vendor-completions/_vfio-sva \
	usr/share/fish/vendor_completions.d/vfio-sva.fish \
	lib/systemd/system/vfio-sva.service lib/systemd/system/vfio-sva.socket \
	usr/lib/systemd/user/vfio-sva.service usr/lib/systemd/user/vfio-sva.socket; do
	[ -f "$work/root/$p" ] && pass "the package has /$p" || fail "the package lacks /$p"
done

# --- lintian ------------------------------------------------------------------
t0=$(now)
lintian --fail-on error,warning --display-info --pedantic --show-overrides \
	"$changes" >"$work/lintian.log" 2>&1
rc=$?
sed 's/^/  lintian: /' "$work/lintian.log" | grep -v 'running with root privileges'
if [ "$rc" = 0 ]; then
	pass "lintian: no error, no warning ($(grep -c '^[IP]: ' "$work/lintian.log") info/pedantic, $(grep -c '^N: .*override\|^O: ' "$work/lintian.log") overridden; $(took "$t0") s)"
else
	fail "lintian exits $rc"
fi

# --- install ------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
if dpkg-query -W -f='${Status}' vfio-sva 2>/dev/null | grep -q 'ok installed'; then
	echo "package: vfio-sva was installed before this test: purging it first"
	apt-get purge -y -q vfio-sva >/dev/null 2>&1
fi
# which of the package's paths were there before it (/usr/share/man, ...)
before=$work/before
dpkg-deb --fsys-tarfile "$deb" | tar -tf - | sed 's|^\./|/|; s|/$||' |
	while read -r f; do [ -e "$f" ] && echo "$f"; done | sort >"$before"
if (cd "$work" && apt-get install -y -q "./$(basename "$deb")") >"$work/install.log" 2>&1; then
	pass "apt-get install ./$(basename "$deb")"
else
	tail -20 "$work/install.log"
	fail "apt-get install ./$(basename "$deb") failed"
	exit 1
fi
dpkg -L vfio-sva | sort >"$work/files"

out=$(vfio-sva list 2>&1)
rc=$?
if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q '^Kernel '; then
	pass "the installed vfio-sva list: exit 0, $(printf '%s\n' "$out" | wc -l) lines"
else
	fail "vfio-sva list: exit $rc: $(printf '%s\n' "$out" | head -3)"
fi
check "vfio-sva --version is $version" \
	test "$(vfio-sva --version 2>&1)" = "vfio-sva $version"
man_path=$(man -w vfio-sva 2>&1)
check "man -w vfio-sva: $man_path" \
	test "$man_path" = /usr/share/man/man8/vfio-sva.8.gz
words=$(bash -c '
	source /usr/share/bash-completion/bash_completion 2>/dev/null
	source /usr/share/bash-completion/completions/vfio-sva
	COMP_WORDS=(vfio-sva st); COMP_CWORD=1; COMP_LINE="vfio-sva st"
	COMP_POINT=${#COMP_LINE}
	_vfio_sva vfio-sva st vfio-sva
	printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
check "bash completion from the installed file: 'vfio-sva st<TAB>' offers status" \
	test "$words" = status
if command -v fish >/dev/null; then
	# a fresh HOME: fish's own configuration and vendor paths, none of root's
	mkdir -p "$work/home"
	words=$(HOME=$work/home fish -c 'complete -C "vfio-sva mon"' 2>&1 | cut -f1)
	check "fish completion from its vendor directory: 'vfio-sva mon<TAB>' offers monitor" \
		test "$words" = monitor
fi
if command -v zsh >/dev/null; then
	check "zsh finds _vfio-sva in its default fpath" \
		zsh -f -c 'for d in $fpath; do [[ -f $d/_vfio-sva ]] && exit 0; done; exit 1'
fi
out=$(systemd-analyze verify /lib/systemd/system/vfio-sva.socket \
	/lib/systemd/system/vfio-sva.service 2>&1)
check "systemd-analyze verify of the installed system units: silent${out:+: $out}" \
	test -z "$out"
xdg=$work/xdg
mkdir -m 0700 "$xdg"
out=$(XDG_RUNTIME_DIR=$xdg systemd-analyze verify --user \
	/usr/lib/systemd/user/vfio-sva.socket /usr/lib/systemd/user/vfio-sva.service 2>&1)
check "systemd-analyze verify --user of the installed user units: silent${out:+: $out}" \
	test -z "$out"
check "nothing enabled on installation" \
	test ! -e /etc/systemd/system/sockets.target.wants/vfio-sva.socket

# --- purge --------------------------------------------------------------------
if apt-get purge -y -q vfio-sva >"$work/purge.log" 2>&1; then
	pass "apt-get purge -y vfio-sva"
else
	tail -20 "$work/purge.log"
	fail "apt-get purge -y vfio-sva failed"
fi
left=""
while read -r f; do
	[ "$f" = /. ] && continue
	if [ -e "$f" ] && [ ! -d "$f" ]; then
		left="$left $f"
	elif [ -d "$f" ] && ! grep -qxF "$f" "$before"; then
		left="$left $f/"	# a directory the package made, still there
	fi
done <"$work/files"
check "nothing of the package is left (of $(wc -l <"$work/files") paths dpkg -L listed)${left:+:$left}" \
	test -z "$left"
stray=$(find /etc /var/lib/systemd /lib/systemd /usr/lib/systemd /usr/share \
	-name '*vfio-sva*' 2>/dev/null)
check "no file named for it left by the maintainer scripts either${stray:+: $stray}" \
	test -z "$stray"
check "dpkg no longer knows vfio-sva" \
	sh -c '! dpkg-query -W -f="\${Status}" vfio-sva 2>/dev/null | grep -q installed'

# --- vfio-sva-dkms, from a tree with kernel/ ----------------------------------
dkms_deb=$(ls "$work"/vfio-sva-dkms_"$version"_all.deb 2>/dev/null)
if [ -f kernel/dkms.conf ] && [ -z "$dkms_deb" ]; then
	fail "kernel/dkms.conf is there but no vfio-sva-dkms package was built"
elif [ -n "$dkms_deb" ]; then
	kernels=$(for k in /lib/modules/*/build; do [ -d "$k" ] && basename "$(dirname "$k")"; done)
	t0=$(now)
	if (cd "$work" && apt-get install -y -q "./$(basename "$dkms_deb")") >"$work/dkms.log" 2>&1; then
		pass "apt-get install ./$(basename "$dkms_deb") ($(took "$t0") s, DKMS builds included)"
	else
		tail -30 "$work/dkms.log"
		fail "apt-get install ./$(basename "$dkms_deb") failed"
	fi
	check "dkms knows vfio-sva/$version" \
		sh -c "dkms status vfio-sva 2>/dev/null | grep -q '^vfio-sva/$version'"
	[ -n "$kernels" ] || fail "no kernel headers (/lib/modules/*/build) to build vfio_sva.ko against: sh scripts/deps.sh package"
	for k in $kernels; do
		check "DKMS built and installed vfio_sva.ko for $k" \
			sh -c "ls /lib/modules/$k/updates/dkms/vfio_sva.ko* >/dev/null 2>&1 &&
				modinfo -k $k -F name vfio_sva | grep -qx vfio_sva"
	done
	dpkg -L vfio-sva-dkms | sort >"$work/dkms.files"
	if apt-get purge -y -q vfio-sva-dkms >>"$work/dkms.log" 2>&1; then
		pass "apt-get purge -y vfio-sva-dkms"
	else
		fail "apt-get purge -y vfio-sva-dkms failed"
	fi
	stray=$(find /usr/src /var/lib/dkms /lib/modules -name '*vfio-sva*' -o \
		-name 'vfio_sva.ko*' 2>/dev/null)
	check "no module, source or DKMS tree left${stray:+: $stray}" test -z "$stray"
fi

if [ $# -ge 1 ]; then
	mkdir -p "$1" && cp "$work"/*.deb "$1"/ && echo "package: the .debs are in $1"
fi
exit $failed
