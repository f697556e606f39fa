#!/bin/bash
# Runs every test and ends with "N passed, N failed": the unit tests in
# BUILD/tests, each bare-metal guest under loongvm (it must power off with
# status 0), each guest again under QEMU 7.2 with the UART output compared
# byte for byte (tests/diff.sh), and the scripted tests in tests/sh/.
# A test that exits 77 is skipped with the reason it printed.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
GUEST_OUT=${GUEST_OUT:-out}
export LOONGVM="$ROOT/$BUILD/loongvm" BUILD GUEST_OUT
pass=0 fail=0 skip=0
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT

record() { # name rc logfile
	case $2 in
	0) pass=$((pass + 1)); echo "PASS $1" ;;
	77) skip=$((skip + 1)); echo "SKIP $1: $(tail -n 1 "$3")" ;;
	*) fail=$((fail + 1)); echo "FAIL $1 (status $2)"; sed 's/^/    /' "$3" | tail -n 30 ;;
	esac
}

run() { # name command...
	local name=$1 log="$LOG/out"
	shift
	"$@" >"$log" 2>&1
	record "$name" $? "$log"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done

if make -s -C tests/guest OUT="$GUEST_OUT" >"$LOG/guests" 2>&1; then
	for g in tests/guest/"$GUEST_OUT"/*.elf; do
		run "guest/$(basename "$g" .elf)" timeout 120 "$LOONGVM" -kernel "$g" -nographic
	done
	for g in tests/guest/"$GUEST_OUT"/*.elf; do
		run "diff/$(basename "$g" .elf)" tests/diff.sh "$g"
	done
else
	fail=$((fail + 1))
	echo "FAIL building the test guests"
	tail -n 30 "$LOG/guests"
fi

for t in tests/sh/*.sh; do
	[ -f "$t" ] && run "sh/$(basename "$t" .sh)" bash "$t"
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
