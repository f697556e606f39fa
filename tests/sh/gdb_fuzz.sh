#!/bin/bash
# The GDB stub against a hostile client (issue 8): tests/gdb_client.py
# sends malformed packets and framing garbage (each with its exact reply),
# writes registers and memory and reads them back, continues twice from
# a breakpoint left inserted, interrupts a running guest with Ctrl-C,
# tries a second connection, hangs up mid-packet and attaches again. The
# stub must keep answering, and afterwards the guest, detached, still
# runs: a QMP quit then ends loongvm with status 0.
set -u
. "$(dirname "$0")/../lib/debug_guest.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fn=$(nm "$ELF" 2>/dev/null | awk '$3 == "target_fn" { print $1 }')
[ -n "$fn" ] || { echo "nm cannot read $ELF"; exit 77; }
port=$(free_port)
timeout 60 "$LOONGVM" -M virt -m 256M -smp 2 -nographic -kernel "$ELF" \
	-gdb "tcp::$port" -qmp "unix:$dir/qmp,server,nowait" \
	</dev/null >"$dir/vm" 2>&1 &
pid=$!
if ! timeout 60 python3 "$HERE/gdb_client.py" "$port" "$fn"; then
	cat "$dir/vm"
	exit 1
fi
# Still alive and running after the client left: QMP says so, then quits.
if ! timeout 20 python3 - "$dir/qmp" <<'PY'; then
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb")
f.readline()
def cmd(c):
    f.write(json.dumps({"execute": c}).encode() + b"\n"); f.flush()
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
cmd("qmp_capabilities")
time.sleep(0.3)
st = cmd("query-status")
assert st["return"]["running"], st
cmd("quit")
PY
	cat "$dir/vm"
	echo "loongvm is not running after the debugger left"
	exit 1
fi
wait $pid
rc=$?
[ $rc -eq 0 ] || { cat "$dir/vm"; echo "loongvm exited with $rc"; exit 1; }
echo "the GDB stub survived malformed input, Ctrl-C and a hang-up"
