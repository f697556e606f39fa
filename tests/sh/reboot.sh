#!/bin/bash
# Reset through the GED (QEMU virt's syscon-reboot: 0x42 at 0x100e001e).
# The board asks the hypervisor for KVM_EXIT_SYSTEM_EVENT(RESET) on every
# vCPU and reboots the guest; -no-reboot exits with status 0 instead.
# The guest prints "boot" and resets at once, so a run that reboots prints
# it again and again, on one vCPU and on four.
set -u
LOONGVM=${LOONGVM:-build/loongvm}
TOOLBIN=${TOOLBIN:-$HOME/.cache/loongvm/toolchain/bin}
CC=clang-16
LD=$TOOLBIN/loongarch64-linux-gnu-ld
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if ! command -v "$CC" >/dev/null || [ ! -x "$LD" ]; then
	echo "the LoongArch cross toolchain ($CC, $LD) is not available"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/reset.S" <<'ASM'
	.text
	.globl _start
_start:
	li.d		$t0, 0x1fe001e0	/* UART0 THR */
	la.pcrel	$t1, msg
1:	ld.bu		$t2, $t1, 0
	beqz		$t2, 2f
	st.b		$t2, $t0, 0
	addi.d		$t1, $t1, 1
	b		1b
2:	li.d		$t0, 0x100e001e	/* GED reset register */
	li.w		$t2, 0x42
	st.b		$t2, $t0, 0
3:	b		3b
msg:	.asciz		"boot\n"
ASM
if ! "$CC" --target=loongarch64-unknown-elf -march=la464 -c "$dir/reset.S" \
	-o "$dir/reset.o" >"$dir/log" 2>&1 ||
	! "$LD" -N -Ttext=0x200000 -o "$dir/reset.elf" "$dir/reset.o" \
		>>"$dir/log" 2>&1; then
	cat "$dir/log"
	echo "cannot build the reset guest"
	exit 2
fi

fail=0
for smp in 1 4; do
	timeout 10 "$LOONGVM" -no-reboot -smp $smp -kernel "$dir/reset.elf" \
		-nographic >"$dir/out" 2>&1 </dev/null
	rc=$?
	n=$(grep -c '^boot' "$dir/out")
	if [ "$rc" -ne 0 ] || [ "$n" -ne 1 ]; then
		echo "-no-reboot -smp $smp: status $rc, $n boots (want 0, 1)"
		fail=1
	fi
	timeout -k 2 3 "$LOONGVM" -smp $smp -kernel "$dir/reset.elf" \
		-nographic >"$dir/out" 2>&1 </dev/null
	n=$(grep -c '^boot' "$dir/out")
	if [ "$n" -lt 3 ]; then
		echo "-smp $smp: $n boots in 3 s (want at least 3)"
		fail=1
	fi
	echo "-smp $smp: -no-reboot exits after one boot; rebooted $n times in 3 s"
done
exit $fail
