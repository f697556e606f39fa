#!/bin/bash
# Robustness: guests whose code is seeded random bytes. Whatever they do
# (INE, ADE, stray MMIO, CSR writes, idle, loops), loongvm must not crash:
# a status of 0-3 is fine, and so is 124 (the random code may loop
# forever); death by a signal (128+) or any other status is a failure.
# Needs only python3 (the ELFs are written by hand).
set -u
LOONGVM=${LOONGVM:-build/loongvm}
N=${RANDOM_GUESTS:-12}
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if ! command -v python3 >/dev/null; then
	echo "python3 is not installed"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# One PT_LOAD at 0x200000 (the test guests' load address) holding 64 KiB
# of random bytes from a seeded generator; the entry is its first byte.
# Odd seeds first point EENTRY into the random code.
python3 - "$dir" "$N" <<'PY' || exit 2
import random, struct, sys

out, n = sys.argv[1], int(sys.argv[2])
base, size = 0x200000, 64 * 1024
for seed in range(n):
    rng = random.Random(0x10a6 + seed)
    code = bytes(rng.getrandbits(8) for _ in range(size))
    if seed % 2:
        # lu12i.w $t0, 0x208; csrwr $t0, EENTRY: exceptions then land in
        # random code too, instead of the zeroed RAM at 0.
        code = struct.pack('<II', 0x1400410c, 0x0400302c) + code[8:]
    ehdr = struct.pack('<4sBBBBB7sHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0,
                       b'\0' * 7, 2, 258, 1, base, 64, 0, 0x43, 64, 56, 1,
                       0, 0, 0)
    phdr = struct.pack('<IIQQQQQQ', 1, 7, 0x1000, base, base, size, size,
                       0x1000)
    img = ehdr + phdr
    img += b'\0' * (0x1000 - len(img)) + code
    with open('%s/rand%02d.elf' % (out, seed), 'wb') as f:
        f.write(img)
PY

fail=0
for g in "$dir"/rand*.elf; do
	timeout -s KILL 30 timeout 20 "$LOONGVM" -no-reboot -kernel "$g" \
		-nographic >"$dir/out" 2>&1 </dev/null
	rc=$?
	case $rc in
	0 | 1 | 2 | 3) echo "$(basename "$g"): status $rc" ;;
	124) echo "$(basename "$g"): still running after 20 s (allowed)" ;;
	*)
		echo "$(basename "$g"): CRASH, status $rc"
		tail -n 5 "$dir/out"
		fail=$((fail + 1))
		;;
	esac
done
if [ "$fail" -ne 0 ]; then
	echo "$fail of $N random guests crashed loongvm"
	exit 1
fi
echo "no crash in $N random guests"
exit 0
