# SPDX-License-Identifier: MIT
# Sourced by tests/sh/virtio_*.sh: finds loongvm, the Linux fixture and
# the cross toolchain (exit 77 with the reason when one is absent), builds
# the test initramfs into a temporary directory, boots it with a vmtest=
# name and checks init's verdict line. Sets ROOT, LOONGVM, GUESTS, WORK.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOONGVM=${LOONGVM:-$ROOT/build/loongvm}
GUESTS=${GUESTS:-$ROOT/../shared/guests/la64}
TOOLBIN=${TOOLBIN:-$HOME/.cache/loongvm/toolchain/bin}
VM_TIMEOUT=${VM_TIMEOUT:-120}

vm_skip() {
	echo "$*"
	exit 77
}

# vm_setup: checks what the tests need and builds $WORK/initramfs.cpio.
vm_setup() {
	[ -x "$LOONGVM" ] || vm_skip "loongvm binary $LOONGVM not found"
	[ -f "$GUESTS/vmlinux" ] ||
		vm_skip "the Linux guest fixture $GUESTS/vmlinux is absent"
	command -v clang-16 >/dev/null && [ -x "$TOOLBIN/loongarch64-linux-gnu-ld" ] ||
		vm_skip "the LoongArch cross toolchain (clang-16, $TOOLBIN/loongarch64-linux-gnu-ld) is not available"
	command -v cpio >/dev/null || vm_skip "cpio is not installed"
	WORK=$(mktemp -d)
	trap 'vm_cleanup' EXIT
	if ! make -s -C "$ROOT/tests/linux" OUT="$WORK/init" TOOLBIN="$TOOLBIN" \
		>"$WORK/build.log" 2>&1; then
		cat "$WORK/build.log"
		echo "cannot build the test initramfs"
		exit 2
	fi
}

# Scripts add their own clean-up to VM_CLEANUP (a command string).
VM_CLEANUP=
vm_cleanup() {
	eval "$VM_CLEANUP"
	rm -rf "$WORK"
}

# vm_has_option WORD: whether loongvm's --help mentions WORD.
vm_has_option() {
	"$LOONGVM" --help 2>&1 | grep -q -e "$1"
}

# vm_boot LOG APPEND [loongvm options...]: boots the fixture with the
# test initramfs and kernel command line APPEND; returns loongvm's status.
vm_boot() {
	local log=$1 append=$2
	shift 2
	timeout -k 5 "$VM_TIMEOUT" "$LOONGVM" -M virt -m 1G -nographic \
		-kernel "$GUESTS/vmlinux" -initrd "$WORK/init/initramfs.cpio" \
		-append "$append" "$@" </dev/null >"$log" 2>&1
}

# vm_check LOG STATUS NAME: init printed "PASS NAME" and loongvm exited 0
# after the power-off; otherwise prints the log's end and returns 1.
vm_check() {
	local log=$1 rc=$2 name=$3
	if grep -aq "^loongvm-vmtest: PASS $name" "$log" && [ "$rc" -eq 0 ]; then
		return 0
	fi
	tail -n 40 "$log" | tr -d '\r'
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "$name: loongvm did not finish within $VM_TIMEOUT s"
	elif grep -aq "^loongvm-vmtest: FAIL $name" "$log"; then
		echo "$name: $(grep -a "^loongvm-vmtest: FAIL $name" "$log" | tr -d '\r')"
	else
		echo "$name: no PASS line from init (loongvm status $rc)"
	fi
	return 1
}

# vm_line LOG PREFIX: the rest of init's first line "loongvm-vmtest: PREFIX".
vm_line() {
	grep -a "^loongvm-vmtest: $2" "$1" | head -n 1 | tr -d '\r' |
		sed "s/^loongvm-vmtest: $2//"
}

# fnv1a FILE: the 64-bit FNV-1a of FILE in 16 hex digits, as init prints.
fnv1a() {
	python3 - "$1" <<'PY'
import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)
PY
}
