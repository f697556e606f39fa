#!/bin/bash
# Runs a GDB for LoongArch, passing its arguments through: Debian 12's
# gdb-multiarch has no LoongArch target, so the first run builds one from
# Debian's own gdb source package (apt-get source gdb, with a deb-src entry
# for bookworm) into $LOONGVM_CACHE/gdb (default ~/.cache/loongvm/gdb);
# later runs start at once. Usage: scripts/gdb.sh vmlinux, then
# `target remote :1234` against loongvm -s -S.
# GDB_ONLY_BUILD=1 builds and exits without starting GDB.
set -euo pipefail
CACHE=${LOONGVM_CACHE:-$HOME/.cache/loongvm}
PREFIX=$CACHE/gdb
TARGET=loongarch64-linux-gnu
GDB=$PREFIX/bin/$TARGET-gdb
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

. "$(dirname "$0")/deb-src.sh"

build_gdb() {
	local work=$CACHE/build-gdb src
	echo "gdb.sh: building GDB for $TARGET from Debian's gdb source (once, 20-40 min)" >&2
	ensure_deb_src
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dpkg-dev \
		build-essential texinfo bison flex libexpat1-dev libgmp-dev \
		libmpfr-dev libncurses-dev zlib1g-dev >&2
	rm -rf "$work" && mkdir -p "$work"
	(cd "$work" && apt-get source -qq gdb >&2)
	src=$(find "$work" -maxdepth 1 -type d -name 'gdb-*' | head -n 1)
	mkdir -p "$work/b"
	(cd "$work/b" && "$src/configure" --target=$TARGET --prefix="$PREFIX" \
		--disable-nls --disable-werror --disable-sim --disable-gdbserver \
		--with-expat --without-python --without-guile --disable-tui \
		--without-debuginfod --without-babeltrace --without-intel-pt \
		--without-xxhash >/dev/null &&
		make -j"$(nproc)" all-gdb >/dev/null &&
		make install-gdb >/dev/null) >&2
	rm -rf "$work"
}

[ -x "$GDB" ] || build_gdb
[ "${GDB_ONLY_BUILD:-0}" = 1 ] && { echo "$GDB"; exit 0; }
exec "$GDB" "$@"
