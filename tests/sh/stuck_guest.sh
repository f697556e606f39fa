#!/bin/bash
# A guest that points EENTRY at an undefined instruction and then executes
# one re-takes INE at its own vector forever. loongvm must notice, stop
# within 10 s with status 3, and report the pc and EENTRY.
set -u
LOONGVM=${LOONGVM:-build/loongvm}
TOOLBIN=${TOOLBIN:-$HOME/.cache/loongvm/toolchain/bin}
CC=clang-16
LD=$TOOLBIN/loongarch64-linux-gnu-ld
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 77
fi
if ! command -v "$CC" >/dev/null || [ ! -x "$LD" ]; then
	echo "the LoongArch cross toolchain ($CC, $LD) is not available"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/stuck.S" <<'ASM'
	.text
	.globl _start
_start:
	la.pcrel	$t0, vec
	csrwr		$t0, 0xc	/* EENTRY = vec */
	.word		0xffffffff	/* INE */
1:	b		1b
	.balign		4096
vec:
	.word		0xffffffff	/* the handler is INE too */
ASM
if ! "$CC" --target=loongarch64-unknown-elf -march=la464 -c "$dir/stuck.S" \
	-o "$dir/stuck.o" >"$dir/log" 2>&1 ||
	! "$LD" -N -Ttext=0x200000 -o "$dir/stuck.elf" "$dir/stuck.o" \
		>>"$dir/log" 2>&1; then
	cat "$dir/log"
	echo "cannot build the stuck guest"
	exit 2
fi

start=$(date +%s)
timeout 10 "$LOONGVM" -no-reboot -kernel "$dir/stuck.elf" -nographic \
	>"$dir/out" 2>&1 </dev/null
rc=$?
end=$(date +%s)
cat "$dir/out"
if [ "$rc" -ne 3 ]; then
	echo "expected exit status 3, got $rc after $((end - start)) s"
	exit 1
fi
if ! grep -q 'pc=' "$dir/out" || ! grep -q 'EENTRY=' "$dir/out"; then
	echo "the report lacks pc= or EENTRY="
	exit 1
fi
echo "stuck guest stopped with status 3 after $((end - start)) s"
exit 0
