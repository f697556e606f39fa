#!/bin/bash
# The GDB stub (issue 8) with a real GDB: scripts/gdb.sh builds GDB 13 for
# LoongArch from Debian's source (cached). GDB attaches to the debug guest
# started paused (-S), stops at a breakpoint on target_fn, reads registers
# and memory, single-steps, stops on a write watchpoint, lowers the
# guest's loop limit and detaches; the guest then finishes on its own.
# Then the same with two vCPUs: both are listed as threads. With the
# Linux fixture (../shared/guests), the README's workflow: break at
# start_kernel, a backtrace, and kill.
set -u
. "$(dirname "$0")/../lib/debug_guest.sh"
if ! GDB=$(GDB_ONLY_BUILD=1 "$HERE/../scripts/gdb.sh" 2>"${TMPDIR:-/tmp}/gdb-build.log" | tail -n 1) ||
	[ ! -x "$GDB" ]; then
	tail -n 5 "${TMPDIR:-/tmp}/gdb-build.log"
	echo "no LoongArch GDB: scripts/gdb.sh could not build one here"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() {
	echo "--- loongvm"
	cat "$dir/vm" 2>/dev/null
	echo "--- gdb"
	cat "$dir/gdb" 2>/dev/null
	echo "$1"
	exit 1
}

# session SMP: runs loongvm and the GDB script in $dir/cmds.
session() {
	local port rc
	port=$(free_port)
	timeout 60 "$LOONGVM" -M virt -m 256M -smp "$1" -nographic \
		-kernel "$ELF" -S -gdb "tcp::$port" </dev/null >"$dir/vm" 2>&1 &
	local pid=$!
	timeout 60 "$GDB" --batch -nx -ex "target remote 127.0.0.1:$port" \
		-x "$dir/cmds" "$ELF" >"$dir/gdb" 2>&1
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || fail "loongvm exited with $rc"
}

cat >"$dir/cmds" <<'GDB'
info registers pc
break target_fn
continue
info registers pc
print counter
print/x $r1
x/1xg &limit
stepi
info registers pc
set $r13 = 0x1234abcd
print/x $r13
set $f3 = 1.5
print $f3.d
delete
watch counter
continue
print counter
delete
set var limit = 1000
detach
GDB
session 1
g=$dir/gdb
grep -q 'pc  *0x200000 ' "$g" || fail "not stopped at the entry under -S"
grep -q 'Breakpoint 1, target_fn' "$g" || fail "the breakpoint was not hit"
grep -q '^\$1 = 0$' "$g" || fail "counter was not 0 at the first call"
grep -q '0xffffffffffffffff' "$g" || fail "memory read of limit is wrong"
bp=$(grep -m1 'Breakpoint 1 at 0x' "$g" | sed 's/.* at \(0x[0-9a-f]*\):.*/\1/')
[ "$(grep -c "pc  *$bp " "$g")" -ge 1 ] || fail "pc is not at the breakpoint"
next=$(printf '0x%x' $((bp + 4)))
grep -q "pc  *$next " "$g" || fail "stepi did not advance pc by 4"
grep -q '^\$[0-9]* = 0x1234abcd$' "$g" || fail "a GPR write did not stick"
grep -q '^\$[0-9]* = 1.5$' "$g" || fail "an FPU register write did not stick"
grep -q 'Hardware watchpoint 2: counter' "$g" || fail "no watchpoint"
grep -q 'New value = 1' "$g" || fail "the watchpoint did not stop on the write"
grep -q 'detached' "$g" || fail "no detach"
grep -q 'debug guest: reached the limit' "$dir/vm" ||
	fail "the guest did not run on after detach"

cat >"$dir/cmds" <<'GDB'
info threads
thread 2
info registers pc
set var limit = 1000
detach
GDB
session 2
grep -q '2    Thread 2' "$dir/gdb" || fail "vCPU 1 is not thread 2"
grep -q 'Switching to thread 2' "$dir/gdb" || fail "cannot select thread 2"
grep -q 'debug guest: reached the limit' "$dir/vm" ||
	fail "the SMP guest did not finish after detach"

linux=$HERE/../../shared/guests/la64/vmlinux
if [ -f "$linux" ]; then
	port=$(free_port)
	timeout 60 "$LOONGVM" -M virt -m 1G -nographic -kernel "$linux" \
		-append console=ttyS0 -S -gdb "tcp::$port" </dev/null \
		>"$dir/vm" 2>&1 &
	pid=$!
	timeout 60 "$GDB" --batch -nx -ex "target remote 127.0.0.1:$port" \
		-ex "break start_kernel" -ex continue -ex bt \
		-ex "info registers pc" -ex kill "$linux" >"$dir/gdb" 2>&1
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || fail "Linux: loongvm exited with $rc after kill"
	grep -q '^Breakpoint 1, .* in start_kernel ()' "$dir/gdb" ||
		fail "Linux: no stop at start_kernel"
	grep -q '^#1 .* in kernel_entry ()' "$dir/gdb" ||
		fail "Linux: the backtrace does not reach kernel_entry"
	grep -q '^pc  *0x9000000000[0-9a-f]* .*<start_kernel+' "$dir/gdb" ||
		fail "Linux: pc is not in start_kernel"
	what=", and Linux stopped at start_kernel"
fi
echo "GDB attached, broke, stepped, watched and detached (1 and 2 vCPUs)${what:-}"
