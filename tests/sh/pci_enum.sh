#!/bin/bash
# The PCIe host bridge under Linux 6.12: booting the fixture with a
# virtio-rng-pci and a virtio-blk-pci (on a small raw image), the kernel
# must enumerate the host bridge and both functions as QEMU's virt board
# shows them (../shared/guests/la64/qemu10-boot.txt), assign their BARs in
# the MMIO window, enable them, find the disk, and take MSI-X interrupts
# through PCH-MSI (/proc/interrupts, printed by the init), or INTx
# through PCH-PIC with pci=nomsi. Bad -device,
# -drive and -netdev values must fail with status 2 first. Skipped when
# the fixture is absent.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOONGVM=${LOONGVM:-$ROOT/build/loongvm}
GUESTS=${GUESTS:-$ROOT/../shared/guests/la64}
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# usage_error WHAT ARGS...: loongvm must exit 2 with a message.
usage_error() {
	local what=$1
	shift
	"$LOONGVM" -kernel /dev/null "$@" </dev/null >"$work/err" 2>&1
	local rc=$?
	if [ $rc -ne 2 ] || ! grep -q 'loongvm: ' "$work/err"; then
		echo "$what: expected status 2 and a message, got $rc:"
		cat "$work/err"
		fail=1
	fi
}
usage_error "unknown device" -device virtio-foo-pci
usage_error "unknown property" -device virtio-rng-pci,speed=3
usage_error "missing drive" -device virtio-blk-pci,drive=nope
usage_error "blk without drive" -device virtio-blk-pci
usage_error "missing netdev" -device virtio-net-pci,netdev=nope
usage_error "bad mac" -netdev user,id=n0 -device virtio-net-pci,netdev=n0,mac=zz
usage_error "qcow2" -drive file=/dev/null,if=virtio,format=qcow2
usage_error "bad if" -drive file=/dev/null,if=ide
usage_error "netdev type" -netdev socket,id=s0
usage_error "drive used twice" -drive file=/dev/null,if=none,id=d0 \
	-device virtio-blk-pci,drive=d0 -device virtio-blk-pci,drive=d0
usage_error "nine virtio-mmio" $(for i in 1 2 3 4 5 6 7 8 9; do
	echo -device virtio-rng-device; done)
if [ ! -f "$GUESTS/vmlinux" ] || [ ! -f "$GUESTS/initramfs-hello.cpio" ]; then
	[ $fail -eq 0 ] || exit 1
	echo "the Linux guest fixture $GUESTS is absent"
	exit 77
fi
# An image that cannot be opened is a set-up error.
usage_error "unreadable image" -M virt -kernel "$GUESTS/vmlinux" \
	-drive file="$work/absent.raw",if=virtio,format=raw

truncate -s 4M "$work/disk.raw"
out="$work/log"
timeout 300 "$LOONGVM" -M virt -m 1G -nographic -kernel "$GUESTS/vmlinux" \
	-initrd "$GUESTS/initramfs-hello.cpio" -append "console=ttyS0" \
	-device virtio-rng-pci \
	-drive file="$work/disk.raw",if=none,id=d0,format=raw \
	-device virtio-blk-pci,drive=d0,serial=pcienum </dev/null >"$out" 2>&1
rc=$?
grep -a -E '^(pci|virtio|pci-host-generic)|PCI-MSI|vda' "$out"

expect() { # description extended-regex
	if ! grep -a -q -E "$2" "$out"; then
		echo "missing: $1 (/$2/)"
		fail=1
	fi
}
expect "ECAM window" 'ECAM at \[mem 0x20000000-0x27ffffff\] for \[bus 00-7f\]'
expect "I/O window" 'IO 0x0018004000\.\.0x001800ffff -> 0x0000004000'
expect "MMIO window" 'MEM 0x0040000000\.\.0x007fffffff -> 0x0040000000'
expect "host bridge" 'pci 0000:00:00\.0: \[1b36:0008\] type 00 class 0x060000'
expect "virtio-rng-pci" 'pci 0000:00:01\.0: \[1af4:1044\] type 00 class 0x00ff00'
expect "virtio-blk-pci" 'pci 0000:00:02\.0: \[1af4:1042\] type 00 class 0x018000'
expect "rng BAR 4 assigned" \
	'pci 0000:00:01\.0: BAR 4 \[mem 0x4[0-9a-f]{7}-0x4[0-9a-f]{3}3fff 64bit pref\]: assigned'
expect "blk BAR 1 assigned" \
	'pci 0000:00:02\.0: BAR 1 \[mem 0x4[0-9a-f]{7}-0x4[0-9a-f]{4}fff\]: assigned'
expect "rng enabled" 'virtio-pci 0000:00:01\.0: enabling device \(0000 -> 0002\)'
expect "blk enabled" 'virtio-pci 0000:00:02\.0: enabling device \(0000 -> 0002\)'
expect "the disk" '\[vda\] 8192 512-byte logical blocks'
expect "MSI-X vectors" 'PCH-PCI-MSIX-0000:00:02\.0 +1 +virtio[0-9]-req\.0'
# The kernel read the rng and the disk: their queue vectors fired.
for dev in 01 02; do
	n=$(grep -a -E "PCH-PCI-MSIX-0000:00:$dev\.0 +1 " "$out" |
		awk '{ print $2 }' | head -n 1)
	if [ -z "$n" ] || [ "$n" -eq 0 ]; then
		echo "no MSI-X interrupt on 00:$dev.0's queue vector ('$n')"
		fail=1
	fi
done
expect "init finished" 'loongvm-guest: all done'
if [ $rc -ne 0 ]; then
	echo "expected exit status 0 after power-off, got $rc"
	fail=1
fi

# INTx: with pci=nomsi the functions fall back to their INTA pins, which
# the interrupt-map swizzles onto PCH-PIC inputs 16 + (slot % 4).
timeout 300 "$LOONGVM" -M virt -m 1G -nographic -kernel "$GUESTS/vmlinux" \
	-initrd "$GUESTS/initramfs-hello.cpio" \
	-append "console=ttyS0 pci=nomsi" -device virtio-rng-pci \
	-drive file="$work/disk.raw",if=virtio,format=raw </dev/null >"$out" 2>&1
rc=$?
grep -a -E 'PCH PIC .*virtio|vda' "$out"
expect "the disk over INTx" '\[vda\] 8192 512-byte logical blocks'
expect "init finished over INTx" 'loongvm-guest: all done'
for dev in virtio0 virtio1; do
	n=$(tr -d '\r' <"$out" |
		awk -v d="$dev" '$3 == "PCH" && $4 == "PIC" && $NF == d { print $2 }')
	if [ -z "$n" ] || [ "$n" -eq 0 ]; then
		echo "no INTx interrupt for $dev ('$n')"
		fail=1
	fi
done
if grep -a -q 'PCH-PCI-MSIX' "$out"; then
	echo "MSI-X was used despite pci=nomsi"
	fail=1
fi
if [ $rc -ne 0 ]; then
	echo "INTx boot: expected exit status 0, got $rc"
	fail=1
fi
[ $fail -eq 0 ] && echo "PCI enumeration as expected"
exit $fail
