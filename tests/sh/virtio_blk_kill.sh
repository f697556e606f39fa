#!/bin/bash
# A write the guest has flushed survives the VMM being killed: the guest
# (vmtest=blkkill, tests/linux/blk.c) writes and fsyncs a file on an ext4
# virtio disk and says "flushed"; the host then kills loongvm with SIGKILL,
# replays the journal with e2fsck and must find the file in the image.
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
# shellcheck source=tests/linux/disk.sh
. "$ROOT/tests/linux/disk.sh"
command -v mke2fs >/dev/null && command -v debugfs >/dev/null ||
	vm_skip "e2fsprogs (mke2fs, debugfs) is not installed"
vm_setup

mkdir "$WORK/files"
token="host-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "$token" >"$WORK/files/from-host.txt"
disk_make "$WORK/disk.img" "$WORK/files" 32M || { echo "mke2fs failed"; exit 2; }

{
	vm_boot "$WORK/log" "console=ttyS0 vmtest=blkkill" \
		-drive "file=$WORK/disk.img,if=virtio,format=raw"
} 2>/dev/null &
pid=$!
VM_CLEANUP='kill -9 $pid 2>/dev/null; pkill -9 -f -- "file=$WORK/disk.img"'
for _ in $(seq 600); do
	grep -aq "^loongvm-vmtest: flushed" "$WORK/log" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
if ! grep -aq "^loongvm-vmtest: flushed" "$WORK/log"; then
	tail -n 30 "$WORK/log"
	echo "the guest never said it had flushed"
	exit 1
fi
# SIGKILL loongvm itself: it is the process whose command line names the
# image (timeout's child); then the wrappers.
pkill -9 -f -- "-kernel .*file=$WORK/disk.img" 2>/dev/null
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if grep -aq "^loongvm-vmtest: PASS\|reboot: Power down" "$WORK/log"; then
	echo "the guest powered off by itself: the test killed nothing"
	exit 1
fi

e2fsck -fy "$WORK/disk.img" >"$WORK/fsck.log" 2>&1
got=$(disk_cat "$WORK/disk.img" /flushed.txt)
if [ "$got" != "flushed: $token" ]; then
	cat "$WORK/fsck.log"
	echo "after the kill, flushed.txt in the image is '$got'"
	echo "want 'flushed: $token'"
	exit 1
fi
echo "the flushed file survived killing loongvm"
