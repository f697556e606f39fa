#!/bin/bash
# Issue 9: the busybox initramfs built from Debian sources reaches a shell
# on the UART; uname -a, /proc/cpuinfo, ls / and poweroff are typed on
# stdin and checked (tests/guests/shell_session.py).
set -u
. "$(dirname "$0")/../guests/images.sh"
exec python3 "$HERE/guests/shell_session.py" 120 -- "$LOONGVM" -M virt \
	-m 1G -smp 2 -nographic -kernel "$VMLINUX" -initrd "$INITRAMFS" \
	-append "console=ttyS0"
