#!/bin/bash
# virtio-console under Linux: boots with console=hvc0 and a virtio
# console, whose output loongvm writes to stdout. The kernel's log from
# the moment hvc0 works, the marker init writes to /dev/console and the one
# it writes to /dev/hvc0 (tests/linux/hvc.c) must all appear there. (The
# earlier log is not replayed: drivers/char/virtio_console.c registers the
# hvc0 console before its port can write, and hvc drops the replay.)
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
vm_setup

vm_boot "$WORK/log" "console=hvc0 vmtest=hvc" -device virtio-console-pci
rc=$?
vm_check "$WORK/log" $rc hvc || exit 1
fail=0
for want in 'Freeing unused kernel' 'Run /init as init process' \
	'^loongvm-vmtest: hvc marker via /dev/console' \
	'^loongvm-vmtest: hvc marker via /dev/hvc0'; do
	if ! grep -aq "$want" "$WORK/log"; then
		echo "'$want' is missing from loongvm's output"
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "the kernel and init wrote through the virtio console"
exit $fail
