#!/bin/bash
# The interpreter on its own: with LOONGVM_JIT=0 (cpu/la64/jit.h) no block
# is compiled, so every bare-metal test guest runs to a clean power-off and
# the random differential test against QEMU passes on the interpreter too;
# the rest of `make check` runs with the JIT, which is the default.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOONGVM=${LOONGVM:-$BUILD/loongvm}
GUEST_OUT=${GUEST_OUT:-out}
export LOONGVM_JIT=0
fail=0 n=0

if ! make -s -C "$ROOT/tests/guest" OUT="$GUEST_OUT" >/dev/null 2>&1; then
	echo "the test guests do not build (run scripts/toolchain.sh)"
	exit 77
fi
for g in "$ROOT"/tests/guest/"$GUEST_OUT"/*.elf; do
	n=$((n + 1))
	if ! timeout 120 "$LOONGVM" -kernel "$g" -nographic >/dev/null 2>&1; then
		echo "FAIL with LOONGVM_JIT=0: $(basename "$g")"
		fail=1
	fi
done
echo "$n guests run on the interpreter"
RANDOM_SEED=${RANDOM_SEED:-7} RANDOM_ELFS=${RANDOM_ELFS:-4} \
	bash "$ROOT/tests/sh/random_diff.sh"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 77 ] || fail=1
exit $fail
