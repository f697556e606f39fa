#!/bin/bash
# virtio-console under Linux: boots with console=hvc0 and a virtio
# console, whose output loongvm writes to stdout. The kernel's log from
# the moment hvc0 works, the marker init writes to /dev/console and the one
# it writes to /dev/hvc0 (tests/linux/hvc.c) must all appear there. (The
# earlier log is not replayed: drivers/char/virtio_console.c registers the
# hvc0 console before its port can write, and hvc drops the replay.)
# A line typed on loongvm's stdin must reach the guest's /dev/hvc0.
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
vm_setup

# Types a line on loongvm's stdin once init waits for it.
word="typed-$RANDOM$RANDOM"
mkfifo "$WORK/in"
{
	for _ in $(seq 600); do
		grep -aq "hvc waiting for input" "$WORK/log" 2>/dev/null && break
		sleep 0.1
	done
	echo "$word"
	sleep 30
} >"$WORK/in" &
typist=$!
VM_CLEANUP='kill $typist 2>/dev/null'
timeout -k 5 "$VM_TIMEOUT" "$LOONGVM" -M virt -m 1G -nographic \
	-kernel "$GUESTS/vmlinux" -initrd "$WORK/init/initramfs.cpio" \
	-append "console=hvc0 vmtest=hvc" -device virtio-console-pci \
	<"$WORK/in" >"$WORK/log" 2>&1
rc=$?
vm_check "$WORK/log" $rc hvc || exit 1
fail=0
for want in 'Freeing unused kernel' 'Run /init as init process' \
	'^loongvm-vmtest: hvc marker via /dev/console' \
	'^loongvm-vmtest: hvc marker via /dev/hvc0' \
	"^loongvm-vmtest: hvc typed: $word"; do
	if ! grep -aq "$want" "$WORK/log"; then
		echo "'$want' is missing from loongvm's output"
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "the kernel and init wrote through the virtio console"
exit $fail
