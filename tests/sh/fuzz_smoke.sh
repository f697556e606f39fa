#!/bin/sh
# Runs every libFuzzer target (fuzz/fuzz_*.c) briefly: a crash, leak,
# timeout or broken invariant found in that time fails the test.
set -u
cd "$(dirname "$0")/../.."
if ! command -v clang-16 >/dev/null 2>&1; then
	echo "skip: clang-16 is not installed"
	exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
	clang-16 -x c - -fsanitize=fuzzer -o /dev/null 2>/dev/null; then
	echo "skip: clang-16 has no libFuzzer runtime (libclang-rt-16-dev)"
	exit 77
fi
make -s fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-5}"
