#!/bin/bash
# Random-instruction differential test: tests/random/gen.py writes seeded
# random integer sequences (RANDOM_ELFS guests of RANDOM_PER_ELF sequences,
# seed RANDOM_SEED), each guest runs under loongvm and under QEMU, and the
# register and scratch dumps must match byte for byte. Generated files go to
# $BUILD/random. Skips if QEMU, clang-16 or the cross linker is missing.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOONGVM=${LOONGVM:-$BUILD/loongvm}
case $LOONGVM in /*) ;; *) LOONGVM=$PWD/$LOONGVM ;; esac
SEED=${RANDOM_SEED:-1}
ELFS=${RANDOM_ELFS:-12}
PER=${RANDOM_PER_ELF:-50}
OUT=$BUILD/random
TOOLBIN=${TOOLBIN:-${LOONGVM_CACHE:-$HOME/.cache/loongvm}/toolchain/bin}
LD=$TOOLBIN/loongarch64-linux-gnu-ld
G=$ROOT/tests/guest
R=$ROOT/tests/random

for tool in qemu-system-loongarch64 clang-16 python3; do
	if ! command -v $tool >/dev/null; then
		echo "$tool is not installed"
		exit 77
	fi
done
if [ ! -x "$LD" ]; then
	echo "cross linker $LD not found (run scripts/toolchain.sh)"
	exit 77
fi
if [ ! -x "$LOONGVM" ]; then
	echo "loongvm binary $LOONGVM not found"
	exit 1
fi

rm -rf "$OUT" && mkdir -p "$OUT" || exit 2
python3 "$R/gen.py" "$OUT" --seed "$SEED" --elfs "$ELFS" --per-elf "$PER" ||
	exit 1
CFLAGS="--target=loongarch64-unknown-elf -march=la464 -O2 -ffreestanding
	-fno-pic -fno-stack-protector -fno-builtin -nostdlib -mabi=lp64d
	-Wall -Werror -I$G"
# shellcheck disable=SC2086
clang-16 $CFLAGS -c "$G/start.S" -o "$OUT/start.o" &&
	clang-16 $CFLAGS -c "$G/runtime.c" -o "$OUT/runtime.o" &&
	clang-16 $CFLAGS -c "$R/main.c" -o "$OUT/main.o" || exit 1
for s in "$OUT"/seqs_*.S; do
	b=${s%.S}
	# shellcheck disable=SC2086
	clang-16 $CFLAGS -c "$s" -o "$b.o" || exit 1
	"$LD" -static -nostdlib -T "$G/link.ld" -o "$b.elf" "$OUT/start.o" \
		"$OUT/runtime.o" "$OUT/main.o" "$b.o" 2>&1 | grep -v RWX
	[ -f "$b.elf" ] || exit 1
done

total=0 bad=0
for b in "$OUT"/seqs_*.elf; do
	b=${b%.elf}
	timeout 60 "$LOONGVM" -kernel "$b.elf" -nographic \
		>"$b.loongvm" 2>"$b.loongvm.err" </dev/null &
	lpid=$!
	timeout 60 qemu-system-loongarch64 -M virt -cpu la464 -m 1G \
		-nographic -monitor none -serial stdio -kernel "$b.elf" \
		>"$b.qemu" 2>/dev/null </dev/null
	wait $lpid
	lrc=$?
	res=$(python3 "$R/compare.py" "$b.loongvm" "$b.qemu" "$b.lst")
	rc=$?
	n=$(echo "$res" | sed -n 's/^compared \([0-9]*\) sequences.*/\1/p')
	total=$((total + ${n:-0}))
	if [ $rc -ne 0 ]; then
		bad=$((bad + 1))
		echo "== $(basename "$b") (loongvm exit status $lrc):"
		echo "$res"
		[ -s "$b.loongvm.err" ] && tail -n 5 "$b.loongvm.err"
	fi
done
echo "random_diff: compared $total sequences (seed $SEED) in $ELFS guests;" \
	"$bad guests differ"
[ $bad -eq 0 ] && [ "$total" -ge $((ELFS * PER)) ]
