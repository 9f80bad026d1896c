#!/bin/sh
# Static analysis: cppcheck and clang-tidy over src/ and cmd/ with the
# project's configuration (.clang-tidy; inline cppcheck suppressions carry
# their reason). Prints PASS/FAIL lines; exits non-zero on any finding.
set -u
cd "$(dirname "$0")/.." || exit 1
sh scripts/deps.sh lint || exit 1
rc=0
inc="-Isrc/common -Isrc/list -Isrc/holders -Icmd $(pkg-config --cflags-only-I libudev json-c libnl-3.0 libnl-genl-3.0 zlib libsystemd)"

# variableScope: kernel style declares at the top of a block, on purpose.
# __CPPCHECK__: src/common/macros.h gives cppcheck a plain ARRAY_SIZE (it reads
# the checked one's anonymous bit-field as a label).
out=$(cppcheck --enable=warning,style,performance,portability --std=c11 \
	--inline-suppr --quiet --error-exitcode=1 -D_GNU_SOURCE -D__CPPCHECK__ \
	-DVFIO_SVA_VERSION='"lint"' --suppress=missingIncludeSystem \
	--suppress=variableScope $inc src cmd 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then
	echo "PASS: lint: cppcheck"
else
	echo "FAIL: lint: cppcheck:"
	printf '%s\n' "$out"
	rc=1
fi

# shellcheck disable=SC2086
out=$(clang-tidy --quiet src/*/*.c cmd/*.c -- -std=gnu11 -D_GNU_SOURCE \
	-DVFIO_SVA_VERSION='"lint"' $inc 2>&1 | grep -E 'warning:|error:')
if [ -z "$out" ]; then
	echo "PASS: lint: clang-tidy"
else
	echo "FAIL: lint: clang-tidy:"
	printf '%s\n' "$out"
	rc=1
fi
exit $rc
