#!/bin/bash
# Differential test: runs one bare-metal guest under loongvm and under
# Debian's qemu-system-loongarch64 (7.2) and compares their UART output
# byte for byte. Guests listed in tests/diff-skip.txt are known to differ
# (each line says why, citing the manual); they are skipped.
set -u
g=$1
name=$(basename "$g" .elf)
LOONGVM=${LOONGVM:-build/loongvm}
if grep -qs "^$name " "$(dirname "$0")/diff-skip.txt"; then
	echo "known difference: $(grep "^$name " "$(dirname "$0")/diff-skip.txt")"
	exit 77
fi
if ! command -v qemu-system-loongarch64 >/dev/null; then
	echo "qemu-system-loongarch64 is not installed"
	exit 77
fi
a=$(mktemp) b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
timeout -k 10 120 "$LOONGVM" -kernel "$g" -nographic >"$a" 2>/dev/null </dev/null
timeout -k 10 120 qemu-system-loongarch64 -M virt -cpu la464 -m 1G -nographic \
	-monitor none -serial stdio -kernel "$g" >"$b" 2>/dev/null </dev/null
if cmp -s "$a" "$b"; then
	exit 0
fi
# QEMU 7.2 picks tlbfill's slot at random, so a guest that fills the TLB
# can, rarely, see a different eviction there: one more QEMU run decides.
timeout -k 10 120 qemu-system-loongarch64 -M virt -cpu la464 -m 1G -nographic \
	-monitor none -serial stdio -kernel "$g" >"$b" 2>/dev/null </dev/null
if cmp -s "$a" "$b"; then
	exit 0
fi
echo "UART output differs for $name (loongvm, then QEMU):"
diff <(od -c "$a") <(od -c "$b") | head -n 40
exit 1
