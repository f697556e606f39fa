#!/bin/bash
# Boots the Linux 6.12 fixture (../shared/guests/la64) with -smp 2 and
# -smp 4, as issue 5 asks: the secondary CPUs must come up through the IPI
# mailbox, /proc/cpuinfo must list every processor, the init must print
# its last line and the README's workload checksum, and loongvm must exit
# 0 after the power-off. Skipped when the fixture is absent.
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

# boot N: boots with -smp N and checks the output; 0 or 1.
boot() {
	local n=$1 rc i

	timeout 300 "$LOONGVM" -M virt -m 1G -smp "$n" \
		-kernel "$GUESTS/vmlinux" \
		-initrd "$GUESTS/initramfs-hello.cpio" \
		-append "console=ttyS0,115200" -nographic </dev/null >"$out" 2>&1
	rc=$?
	if ! grep -q 'loongvm-guest: all done' "$out"; then
		tail -n 25 "$out"
		echo "-smp $n: the init's last line never appeared"
		return 1
	fi
	if ! grep -q 'workload checksum: 600767619419459512' "$out"; then
		echo "-smp $n: the workload checksum differs from 600767619419459512"
		return 1
	fi
	for ((i = 0; i < n; i++)); do
		if ! grep -Eq "^processor[[:space:]]+: $i[[:space:]]*$" "$out"; then
			grep -E '^processor|smp:' "$out"
			echo "-smp $n: /proc/cpuinfo does not list processor $i"
			return 1
		fi
	done
	if [ "$(grep -Ec '^processor[[:space:]]+:' "$out")" -ne "$n" ]; then
		echo "-smp $n: /proc/cpuinfo lists other than $n processors"
		return 1
	fi
	if [ "$rc" -ne 0 ]; then
		echo "-smp $n: expected exit status 0 after power-off, got $rc"
		return 1
	fi
	echo "-smp $n: $n CPUs listed, the init finished and powered off"
	return 0
}

boot 2 || exit 1
boot 4 || exit 1
exit 0
