#!/bin/bash
# virtio-blk under Linux: boots the fixture with an ext4 image as
# -drive if=virtio (a virtio-blk-pci disk) and vmtest=blk (tests/linux/blk.c).
# The guest must read the host's files (it prints what it read) and write
# its own; the host then reads them back from the image with debugfs and
# checks the file system with e2fsck.
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
# shellcheck source=tests/linux/disk.sh
. "$ROOT/tests/linux/disk.sh"
command -v mke2fs >/dev/null && command -v debugfs >/dev/null ||
	vm_skip "e2fsprogs (mke2fs, debugfs) is not installed"
command -v python3 >/dev/null || vm_skip "python3 is not installed"
vm_setup

mkdir "$WORK/files"
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "host-token-$token" >"$WORK/files/from-host.txt"
head -c 524288 /dev/urandom >"$WORK/files/from-host.bin"
disk_make "$WORK/disk.img" "$WORK/files" 32M || { echo "mke2fs failed"; exit 2; }

vm_boot "$WORK/log" "console=ttyS0 vmtest=blk" \
	-drive "file=$WORK/disk.img,if=virtio,format=raw"
rc=$?
vm_check "$WORK/log" $rc blk || exit 1

fail=0
got=$(vm_line "$WORK/log" "from-host.txt: ")
if [ "$got" != "host-token-$token" ]; then
	echo "the guest read from-host.txt as '$got', want 'host-token-$token'"
	fail=1
fi
want="524288 fnv1a $(fnv1a "$WORK/files/from-host.bin")"
got=$(vm_line "$WORK/log" "from-host.bin bytes ")
if [ "$got" != "$want" ]; then
	echo "the guest read from-host.bin as '$got', want '$want'"
	fail=1
fi
got=$(disk_cat "$WORK/disk.img" /from-guest.txt)
if [ "$got" != "guest-echo: host-token-$token" ]; then
	echo "from-guest.txt in the image is '$got'"
	fail=1
fi
# The generator of tests/linux/blk.c, seeded by FNV-1a of the token line.
if ! disk_dump "$WORK/disk.img" /from-guest.bin "$WORK/from-guest.bin"; then
	echo "from-guest.bin is not in the image"
	fail=1
elif ! python3 - "$WORK/from-guest.bin" "host-token-$token" <<'PY'; then
import sys
data = open(sys.argv[1], "rb").read()
h = 0xcbf29ce484222325
for b in sys.argv[2].encode():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
x, m, want = h | 1, (1 << 64) - 1, bytearray()
for i in range(1 << 17):
    x ^= (x << 13) & m
    x ^= x >> 7
    x ^= (x << 17) & m
    want += x.to_bytes(8, "little")
if data != bytes(want):
    n = next((i for i in range(min(len(data), len(want))) if data[i] != want[i]), None)
    print("from-guest.bin: %d bytes, first difference at %s" % (len(data), n))
    sys.exit(1)
PY
	fail=1
fi
if ! disk_fsck "$WORK/disk.img"; then
	echo "e2fsck finds the image inconsistent after the guest's writes"
	fail=1
fi
[ $fail -eq 0 ] && echo "the guest read and wrote ext4 files on virtio-blk"
exit $fail
