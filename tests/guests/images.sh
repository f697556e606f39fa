# Sourced by the busybox tests: checks for the loongvm binary ($LOONGVM),
# sets HERE (tests/), and finds the guest images that
# scripts/guests/build.sh makes ($LOONGVM_CACHE/guests/out), else in
# ../shared/guests/la64; sets VMLINUX, VMLINUZ, INITRAMFS and ROOTFS, or
# exits 77 with the reason. CI does not rebuild them.
# shellcheck shell=bash disable=SC2034
LOONGVM=${LOONGVM:-build/loongvm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$LOONGVM" ] || { echo "loongvm binary $LOONGVM not found"; exit 77; }
guest_images() {
	local here=$1 d
	for d in "${LOONGVM_CACHE:-$HOME/.cache/loongvm}/guests/out" \
		"$here/../../shared/guests/la64"; do
		if [ -f "$d/vmlinux" ] && [ -f "$d/initramfs-busybox.cpio.gz" ]; then
			VMLINUX=$d/vmlinux
			INITRAMFS=$d/initramfs-busybox.cpio.gz
			ROOTFS=$d/rootfs.ext4
			VMLINUZ=$d/vmlinuz.efi
			return 0
		fi
	done
	echo "no busybox guest images: run make guest-images (about 45 minutes, once)"
	exit 77
}
guest_images "$HERE"
