#!/bin/sh
# libFuzzer over every parser: build with clang into build-fuzz/, seed the
# corpora, run each target SECONDS (default 60). A crash is copied into
# tests/fuzz/regressions/TARGET/ (replayed by make check from then on) and
# fails the run.  usage: scripts/fuzz.sh [SECONDS]
set -u
cd "$(dirname "$0")/.." || exit 1
secs=${1:-60}
F=build-fuzz
sh scripts/deps.sh build fuzz || exit 1
make -s CC=clang B=$F SANITIZE=fuzzer-no-link,address,undefined \
	$F/libvfio-sva.a || exit 1
libs=$(pkg-config --libs libudev json-c libnl-3.0 libnl-genl-3.0 zlib libsystemd)
cflags=$(pkg-config --cflags libudev json-c libnl-3.0 libnl-genl-3.0 zlib libsystemd)
rc=0
for t in pcie_caps sysfs_attrs holder_proto proc hotplug; do
	clang -g -O1 -D_GNU_SOURCE -Isrc/common -Isrc/list -Isrc/holders $cflags \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $F/fuzz_$t tests/fuzz/fuzz_$t.c $F/libvfio-sva.a $libs || {
		echo "FAIL: fuzz: $t: does not build"; rc=1; continue; }
	corpus=$F/corpus/$t
	mkdir -p "$corpus" $F/crashes
	cp tests/fuzz/seeds/$t/* "$corpus"/ 2>/dev/null
	cp tests/fuzz/regressions/$t/* "$corpus"/ 2>/dev/null
	[ "$t" = pcie_caps ] && tests/fuzz/seed-configs "$corpus" 2>/dev/null
	rm -f $F/crashes/$t-*
	$F/fuzz_$t -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=$F/crashes/$t- \
		"$corpus" >$F/$t.log 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' $F/$t.log)
	if ls $F/crashes/$t-* >/dev/null 2>&1; then
		mkdir -p tests/fuzz/regressions/$t
		cp $F/crashes/$t-* tests/fuzz/regressions/$t/
		echo "FAIL: fuzz: $t: crash after ${execs:-?} executions, input saved in tests/fuzz/regressions/$t/"
		tail -40 $F/$t.log
		rc=1
	elif [ "$status" -ne 0 ]; then
		echo "FAIL: fuzz: $t: libFuzzer exited $status"
		tail -20 $F/$t.log
		rc=1
	else
		echo "PASS: fuzz: $t: ${execs:-?} executions in ${secs}s, no crash"
	fi
done
exit $rc
