#!/bin/bash
# Builds bootable LoongArch guests for loongvm from Debian 12 source
# packages only (binutils-source, gcc-12-source, glibc-source,
# linux-source-6.12, busybox), into $LOONGVM_CACHE/guests (default
# ~/.cache/loongvm/guests):
#   out/vmlinux, out/vmlinuz.efi   Linux 6.12 from scripts/guests/la64-virt.config
#   out/initramfs-busybox.cpio.gz  static busybox, a shell on the console
#   out/rootfs.ext4                the same userland as an ext4 root (mke2fs -d)
# Each step leaves a stamp holding the hash of what it depends on, and is
# skipped while that is unchanged, so a second run takes seconds.
#
# Cold build on 2 cores (AMD EPYC VM, nothing cached, timed with `time`,
# other jobs sharing the machine part of the way): sources 7 s (the .debs
# are 280 MB), binutils 6 min, GCC pass 1 16.5 min, kernel headers 1 min,
# glibc 9.5 min, Linux 7.5 min, busybox 1.5 min, images 11 s: 42 minutes
# end to end, and 6.6 GB of disk.
# Usage: scripts/guests/build.sh [-j N]
set -Eeuo pipefail
trap 'echo "guests: failed at build.sh line $LINENO, see above" >&2' ERR
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${LOONGVM_CACHE:-$HOME/.cache/loongvm}/guests
TARGET=loongarch64-linux-gnu
TC=$CACHE/toolchain
SYSROOT=$TC/$TARGET/sysroot
OUT=$CACHE/out
SRC=$CACHE/src
JOBS=$(nproc)
[ "${1:-}" = -j ] && JOBS=$2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export PATH=$TC/bin:$PATH
mkdir -p "$CACHE/stamps" "$OUT" "$SRC"
. "$HERE/../deb-src.sh"

log() { echo "guests: $*" >&2; }

# step NAME KEY: true when NAME must run (its stamp differs from KEY).
need() {
	[ "$(cat "$CACHE/stamps/$1" 2>/dev/null)" != "$2" ] || return 1
	log "$1: building"
	step_start=$SECONDS
}
done_step() {
	echo "$2" >"$CACHE/stamps/$1"
	log "$1 done in $((SECONDS - step_start)) s ($SECONDS s in all)"
}
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
# A step's key: its own inputs plus the stamps of the steps it builds on,
# so that rebuilding glibc, say, rebuilds busybox too.
key_of() {
	local own=$1 d
	shift
	{
		echo "$own"
		for d; do cat "$CACHE/stamps/$d"; done
	} | sha256sum | cut -c1-16
}

install_deps() {
	local pkgs="build-essential dpkg-dev libgmp-dev libmpfr-dev libmpc-dev
		flex bison texinfo bc gawk python3 libelf-dev libssl-dev rsync
		cpio e2fsprogs xz-utils bzip2 gzip file"
	local p missing=""
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	log "installing$missing"
	$SUDO apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
}

# The Debian source packages, unpacked under $SRC/x.
fetch_sources() {
	local key=v1
	need sources $key || return 0
	ensure_deb_src busybox
	(cd "$SRC" && rm -rf x ./*.deb busybox_* &&
		apt-get download -qq binutils-source gcc-12-source glibc-source \
			linux-source-6.12 &&
		for d in ./*.deb; do dpkg-deb -x "$d" x; done &&
		apt-get source --download-only -qq busybox) >&2
	done_step sources $key
}

# Unpacks the one tarball matching pattern under $SRC into $SRC/name.
unpack() {
	local name=$1 pattern=$2 tarball
	tarball=$(find "$SRC" -path "$pattern" | head -n 1)
	[ -n "$tarball" ] || { log "no $pattern in the source packages"; exit 1; }
	rm -rf "${SRC:?}/$name" && mkdir -p "$SRC/$name"
	tar -C "$SRC/$name" --strip-components=1 -xf "$tarball"
}

build_binutils() {
	local key=v1
	need binutils $key || return 0
	unpack binutils "$SRC/x/usr/src/binutils/binutils-*.tar.xz"
	rm -rf "$CACHE/b-binutils" && mkdir -p "$CACHE/b-binutils"
	(cd "$CACHE/b-binutils" && "$SRC/binutils/configure" --target=$TARGET \
		--prefix="$TC" --with-sysroot="$SYSROOT" --disable-nls \
		--disable-werror --disable-gdb --disable-gdbserver --disable-sim \
		--disable-gprofng --disable-gold >/dev/null &&
		make -j"$JOBS" >/dev/null && make install >/dev/null) >&2
	done_step binutils $key
}

# A C compiler without a C library yet (as a cross toolchain's first pass),
# which is enough to build glibc and then static programs against it.
build_gcc() {
	local key=v1
	need gcc $key || return 0
	unpack gcc "$SRC/x/usr/src/gcc-12/gcc-*-dfsg.tar.xz"
	# The dfsg tarball lacks the GFDL manuals; Debian's patch stubs them.
	(cd "$SRC/gcc" && patch -s -p2 <"$SRC/x/usr/src/gcc-12/patches/gcc-gfdl-build.diff")
	rm -rf "$CACHE/b-gcc" && mkdir -p "$CACHE/b-gcc"
	(cd "$CACHE/b-gcc" && "$SRC/gcc/configure" --target=$TARGET \
		--prefix="$TC" --with-sysroot="$SYSROOT" --with-glibc-version=2.36 \
		--with-newlib --without-headers --enable-languages=c \
		--disable-nls --disable-shared --disable-multilib \
		--disable-threads --disable-libatomic --disable-libgomp \
		--disable-libquadmath --disable-libssp --disable-libvtv \
		--disable-libstdcxx --disable-libsanitizer --disable-libitm \
		--disable-decimal-float >/dev/null &&
		make -j"$JOBS" all-gcc all-target-libgcc >/dev/null &&
		make install-gcc install-target-libgcc >/dev/null) >&2
	done_step gcc $key
}

unpack_linux() {
	[ -f "$SRC/linux/Makefile" ] && return 0
	unpack linux "$SRC/x/usr/src/linux-source-6.12.tar.xz"
}

build_headers() {
	local key=v1
	need headers $key || return 0
	unpack_linux
	make -C "$SRC/linux" ARCH=loongarch INSTALL_HDR_PATH="$SYSROOT/usr" \
		headers_install >/dev/null
	done_step headers $key
}

build_glibc() {
	local key
	key=$(key_of v3 gcc headers)
	# GCC looks for crt1.o and libc.a in usr/lib64, LoongArch's lp64d
	# directory; glibc installs them into usr/lib (libc_cv_slibdir).
	mkdir -p "$SYSROOT/usr"
	[ -e "$SYSROOT/usr/lib64" ] || ln -s lib "$SYSROOT/usr/lib64"
	need glibc "$key" || return 0
	unpack glibc "$SRC/x/usr/src/glibc/glibc-*.tar.xz"
	# Debian's tarball lacks the GFDL manual's sources: skip its subdir.
	sed -i 's/ wctype manual shadow / wctype shadow /' "$SRC/glibc/Makeconfig"
	rm -rf "$CACHE/b-glibc" && mkdir -p "$CACHE/b-glibc"
	# CXX: the host's g++ must not be taken for the target's (glibc
	# then builds its C++ tests for x86); without one they are skipped.
	(cd "$CACHE/b-glibc" && "$SRC/glibc/configure" --host=$TARGET \
		--build="$("$SRC/glibc/scripts/config.guess")" --prefix=/usr \
		--with-headers="$SYSROOT/usr/include" --enable-kernel=5.19 \
		--disable-werror --disable-nscd libc_cv_slibdir=/usr/lib \
		CXX=/bin/false \
		>/dev/null &&
		make -j"$JOBS" >/dev/null &&
		make install DESTDIR="$SYSROOT" >/dev/null) >&2
	done_step glibc "$key"
}

# Fails when Kconfig dropped an option of the fragment (a missing
# dependency or a renamed symbol), rather than building a kernel without it.
check_config() {
	local config=$1 fragment=$2 line sym bad=0
	while IFS= read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*}
		if [ "${line#*=}" = n ]; then
			! grep -q "^$sym=" "$config" && continue
		else
			grep -qx "$line" "$config" && continue
		fi
		log "kernel config: $line did not take effect"
		bad=1
	done <"$fragment"
	return $bad
}

# GCC pass 1 was built before any C library headers existed, so its
# limits.h stands alone, without POSIX's LONG_BIT or PATH_MAX. Once glibc
# is in the sysroot, fixincludes runs again (mkheaders) and limits.h
# becomes the one a hosted GCC installs: GCC's limitx.h, glimits.h and
# limity.h, which chain to glibc's. That is all pass 1 lacks for static
# programs (they link libgcc.a and libc.a), so there is no pass 2.
fix_gcc_headers() {
	local key fixed
	key=$(key_of v1 gcc glibc)
	need gcc-headers "$key" || return 0
	fixed=$(dirname "$($TARGET-gcc -print-libgcc-file-name)")/include-fixed
	"$TC/libexec/gcc/$TARGET/"*/install-tools/mkheaders
	cat "$SRC/gcc/gcc/"{limitx.h,glimits.h,limity.h} >"$fixed/limits.h"
	done_step gcc-headers "$key"
}

build_kernel() {
	local key
	key=$(key_of "$(hash_of "$HERE/la64-virt.config")" gcc)
	need kernel "$key" || return 0
	unpack_linux
	local m="make -C $SRC/linux ARCH=loongarch CROSS_COMPILE=$TARGET- -j$JOBS"
	$m allnoconfig >/dev/null
	(cd "$SRC/linux" && ./scripts/kconfig/merge_config.sh -m -O . .config \
		"$HERE/la64-virt.config" >/dev/null)
	$m olddefconfig >/dev/null
	check_config "$SRC/linux/.config" "$HERE/la64-virt.config"
	$m vmlinux vmlinuz.efi >/dev/null
	cp "$SRC/linux/vmlinux" "$OUT/vmlinux"
	cp "$SRC/linux/arch/loongarch/boot/vmlinuz.efi" "$OUT/vmlinuz.efi"
	cp "$SRC/linux/.config" "$OUT/config-6.12"
	done_step kernel "$key"
}

build_busybox() {
	local key
	key=$(key_of "$(hash_of "$HERE/busybox.config")" gcc-headers)
	need busybox "$key" || return 0
	unpack busybox "$SRC/busybox_*.orig.tar.bz2"
	local m="make -C $SRC/busybox ARCH=loongarch CROSS_COMPILE=$TARGET- -j$JOBS"
	$m defconfig >/dev/null
	# Our changes over defconfig (busybox.config says why).
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		sed -i "/^\(# \)\?${line%%=*}[= ]/d" "$SRC/busybox/.config"
		case $line in
		*=n) echo "# ${line%=n} is not set" ;;
		*) echo "$line" ;;
		esac >>"$SRC/busybox/.config"
	done <"$HERE/busybox.config"
	# yes dies of SIGPIPE when oldconfig is done: not a failure.
	{ yes "" || true; } | $m oldconfig >/dev/null
	$m busybox >/dev/null
	done_step busybox "$key"
}

# The userland tree shared by the initramfs and the ext4 root.
make_tree() {
	local t=$CACHE/rootfs
	rm -rf "$t" && mkdir -p "$t"
	make -C "$SRC/busybox" ARCH=loongarch CROSS_COMPILE=$TARGET- \
		CONFIG_PREFIX="$t" install >/dev/null
	mkdir -p "$t"/{proc,sys,dev,tmp,root,etc/init.d}
	install -m 755 "$HERE/rcS" "$t/etc/init.d/rcS"
	install -m 644 "$HERE/inittab" "$t/etc/inittab"
	ln -sf bin/busybox "$t/init"
}

make_images() {
	local key
	key=$(hash_of "$HERE/rcS" "$HERE/inittab" "$SRC/busybox/busybox")
	need images "$key" || return 0
	make_tree
	(cd "$CACHE/rootfs" && find . | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | gzip -9 >"$OUT/initramfs-busybox.cpio.gz"
	rm -f "$OUT/rootfs.ext4"
	mke2fs -q -t ext4 -d "$CACHE/rootfs" -L loongvm-root \
		-E root_owner=0:0 "$OUT/rootfs.ext4" 64M
	done_step images "$key"
}

install_deps
fetch_sources
build_binutils
build_gcc
build_headers
build_glibc
fix_gcc_headers
build_kernel
build_busybox
make_images
log "guests in $OUT:"
ls -l "$OUT" >&2
