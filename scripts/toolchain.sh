#!/bin/bash
# Installs what building and testing loongvm needs on Debian 12, and builds a
# LoongArch cross binutils from Debian's binutils-source. The binutils build is
# cached under $LOONGVM_CACHE (default ~/.cache/loongvm) so a second run takes
# seconds. Prints the toolchain's bin directory on its last line.
set -euo pipefail
CACHE=${LOONGVM_CACHE:-$HOME/.cache/loongvm}
PREFIX=$CACHE/toolchain
TARGET=loongarch64-linux-gnu
PKGS="clang-16 make gcc pkg-config libfdt-dev zlib1g-dev libzstd-dev
      qemu-system-misc binutils-source texinfo bison flex python3
      libslirp-dev e2fsprogs cpio libclang-rt-16-dev"

need_pkgs() {
	local p
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || return 0
	done
	return 1
}

if need_pkgs; then
	echo "toolchain: installing Debian packages" >&2
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PKGS >&2
fi

if [ ! -x "$PREFIX/bin/$TARGET-ld" ] || [ ! -x "$PREFIX/bin/$TARGET-objdump" ]; then
	echo "toolchain: building binutils for $TARGET (first run only, a few minutes)" >&2
	src=$(ls /usr/src/binutils/binutils-*.tar.xz | head -n 1)
	work=$CACHE/build-binutils
	rm -rf "$work" && mkdir -p "$work"
	tar -C "$work" -xf "$src"
	srcdir=$(ls -d "$work"/binutils-*/)
	mkdir -p "$work/b"
	(cd "$work/b" && "$srcdir/configure" --target=$TARGET --prefix="$PREFIX" \
		--disable-nls --disable-werror --disable-gdb --disable-sim \
		--disable-gprofng --disable-gdbserver --disable-libdecnumber \
		--disable-readline --disable-gold >/dev/null &&
		make -j"$(nproc)" all-gas all-ld all-binutils >/dev/null &&
		make install-gas install-ld install-binutils >/dev/null) >&2
	rm -rf "$work"
fi
echo "$PREFIX/bin"
