#!/bin/bash
# Boots the Linux 6.12 fixture (../shared/guests/la64: vmlinux and
# initramfs-hello.cpio) by direct boot, as issue 5 asks: the init must
# print its last line "loongvm-guest: all done" and power the board off,
# and loongvm must then exit 0. Its workload checksum must be the one
# ../shared/guests/README.md gives. Skipped when the fixture is absent.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOONGVM=${LOONGVM:-$ROOT/build/loongvm}
GUESTS=${GUESTS:-$ROOT/../shared/guests/la64}
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if [ ! -f "$GUESTS/vmlinux" ] || [ ! -f "$GUESTS/initramfs-hello.cpio" ]; then
	echo "the Linux guest fixture $GUESTS is absent"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT

start=$(date +%s)
timeout 300 "$LOONGVM" -M virt -m 1G -kernel "$GUESTS/vmlinux" \
	-initrd "$GUESTS/initramfs-hello.cpio" \
	-append "console=ttyS0,115200" -nographic </dev/null >"$out" 2>&1
rc=$?
end=$(date +%s)
tail -n 25 "$out"
if ! grep -q 'loongvm-guest: all done' "$out"; then
	echo "the init's last line 'loongvm-guest: all done' never appeared"
	exit 1
fi
if ! grep -q 'workload checksum: 600767619419459512' "$out"; then
	echo "the workload checksum differs from the README's 600767619419459512"
	exit 1
fi
if [ "$rc" -ne 0 ]; then
	echo "expected exit status 0 after power-off, got $rc"
	exit 1
fi
echo "Linux booted to its init and powered off in $((end - start)) s"
exit 0
