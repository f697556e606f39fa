#!/bin/bash
# The stdio console: bytes written to loongvm's stdin (a pipe, so no raw
# mode) reach the guest's UART, which the echo guest sends back; Ctrl-a x
# quits with status 0; and end of file on stdin leaves the guest running.
set -u
LOONGVM=${LOONGVM:-build/loongvm}
GUEST_OUT=${GUEST_OUT:-out}
ELF=tests/guest/$GUEST_OUT/interactive/echo.elf
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if ! make -s -C tests/guest OUT="$GUEST_OUT" interactive >/dev/null 2>&1; then
	echo "cannot build the echo guest (no cross toolchain?)"
	exit 77
fi
fail=0
check() { # what expected-status expected-output status output
	if [ "$4" != "$2" ] || ! grep -qF -- "$3" <<<"$5"; then
		echo "FAIL $1: status $4 (want $2), output:"
		printf '%s\n' "$5" | sed 's/^/    /'
		fail=1
	else
		echo "ok $1"
	fi
}

out=$(printf 'ab\001\001c!' | timeout 30 "$LOONGVM" -nographic \
	-serial mon:stdio -kernel "$ELF" 2>&1)
check "input reaches the guest" 0 $'[a][b][\001][c]\necho: bye' $? "$out"

out=$( (printf 'xy'; sleep 1; printf '\001x'; sleep 30) |
	timeout 20 "$LOONGVM" -nographic -kernel "$ELF" 2>&1)
check "Ctrl-a x quits" 0 "loongvm: terminated" $? "$out"
check "Ctrl-a x after input" 0 "[x][y]" 0 "$out"

out=$(printf '\001h\001c\001x' | timeout 20 "$LOONGVM" -nographic \
	-kernel "$ELF" 2>&1)
check "Ctrl-a h and c" 0 "C-a x" $? "$out"
check "Ctrl-a c" 0 "monitor is not available" 0 "$out"

timeout 3 "$LOONGVM" -nographic -kernel "$ELF" </dev/null >/dev/null 2>&1
check "EOF keeps the guest running" 124 "" $? ""
exit $fail
