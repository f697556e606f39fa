#!/bin/bash
# The malformed-queue guest (tests/guest/virtio/malformed.c) against the
# virtio-mmio devices in the virt board's first slot: a virtio-rng-device,
# then a virtio-blk-device on a temporary raw image whose sector 0 holds a
# known pattern. Every malformed ring must leave the device in NEEDS_RESET
# and the VMM running; the guest then resets the device, proves it works
# and reports through the GED: loongvm must exit 0 (1 = a check failed).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOONGVM=${LOONGVM:-$ROOT/build/loongvm}
TOOLBIN=${TOOLBIN:-$HOME/.cache/loongvm/toolchain/bin}
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if ! command -v clang-16 >/dev/null || [ ! -x "$TOOLBIN/loongarch64-linux-gnu-ld" ]; then
	echo "the LoongArch cross toolchain (clang-16, $TOOLBIN/loongarch64-linux-gnu-ld) is not available"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! make -s -C "$ROOT/tests/guest/virtio" OUT="$dir/out" TOOLBIN="$TOOLBIN" \
	>"$dir/build.log" 2>&1; then
	cat "$dir/build.log"
	echo "cannot build the malformed-queue guest"
	exit 2
fi
guest=$dir/out/malformed.elf
printf 'loongvm-malformed-sector0' >"$dir/disk.img"
truncate -s 1M "$dir/disk.img"

fail=0
run() { # name loongvm-options...
	local name=$1 rc
	shift
	timeout -k 5 60 "$LOONGVM" -M virt -m 1G -nographic -kernel "$guest" \
		"$@" </dev/null >"$dir/log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^virtio_malformed: .* 0 failed' "$dir/log"; then
		echo "$name: $(grep '^virtio_malformed: ' "$dir/log")"
		return
	fi
	sed 's/^/    /' "$dir/log" | tail -n 40
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "$name: loongvm hung (killed after 60 s)"
	else
		echo "$name: loongvm exited with status $rc"
	fi
	fail=1
}
run virtio-rng-device -device virtio-rng-device
run virtio-blk-device -drive "file=$dir/disk.img,if=none,id=d0,format=raw" \
	-device virtio-blk-device,drive=d0
exit $fail
