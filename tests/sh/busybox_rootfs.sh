#!/bin/bash
# Issue 9: the same busybox userland as an ext4 root on virtio-blk
# (root=/dev/vda), booted from the EFI zboot vmlinuz.efi, on a scratch copy
# of the image; the shell runs the same commands, and the image is clean
# under e2fsck afterwards.
set -u
. "$(dirname "$0")/../guests/images.sh"
for f in "$ROOTFS" "$VMLINUZ"; do
	[ -f "$f" ] || { echo "no $f: run scripts/guests/build.sh"; exit 77; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp --sparse=always "$ROOTFS" "$dir/root.ext4"
python3 "$HERE/guests/shell_session.py" 120 -- "$LOONGVM" -M virt -m 1G \
	-smp 2 -nographic -kernel "$VMLINUZ" \
	-drive "file=$dir/root.ext4,if=virtio,format=raw" \
	-append "console=ttyS0 root=/dev/vda rw rootfstype=ext4" || exit 1
if ! e2fsck -fn "$dir/root.ext4" >"$dir/fsck" 2>&1; then
	cat "$dir/fsck"
	echo "the root file system is not clean after poweroff"
	exit 1
fi
echo "busybox booted from ext4 on virtio-blk, and the image is clean"
