# SPDX-License-Identifier: MIT
# Sourced by tests/sh/virtio_blk.sh: ext4 disk images built and read back
# without root or a mount, with e2fsprogs (mke2fs -d, debugfs, e2fsck).

PATH=$PATH:/usr/sbin:/sbin

# disk_make IMG DIR SIZE: a fresh ext4 image of SIZE holding DIR's files.
disk_make() {
	rm -f "$1"
	mke2fs -t ext4 -q -F -d "$2" "$1" "$3" >/dev/null
}

# disk_cat IMG PATH: prints the file PATH of the image.
disk_cat() {
	debugfs -R "cat $2" "$1" 2>/dev/null
}

# disk_dump IMG PATH OUT: copies the file PATH of the image to OUT.
disk_dump() {
	rm -f "$3"
	debugfs -R "dump $2 $3" "$1" >/dev/null 2>&1 && [ -f "$3" ]
}

# disk_fsck IMG: whether the file system is consistent (read-only check).
disk_fsck() {
	e2fsck -f -n "$1" >/dev/null 2>&1
}
