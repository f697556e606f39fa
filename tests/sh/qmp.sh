#!/bin/bash
# QMP (issue 8): tests/qmp_client.py drives loongvm's -qmp server on a
# Unix socket (2 vCPUs) and on loopback TCP: greeting and negotiation,
# every command with its replies and events, malformed input, and quit,
# after which loongvm must exit 0.
set -u
. "$(dirname "$0")/../lib/debug_guest.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"; kill $pid 2>/dev/null' EXIT

# run_one SPEC ADDR NCPUS: loongvm with -qmp SPEC, the client on ADDR.
run_one() {
	timeout 60 "$LOONGVM" -M virt -m 256M -smp "$3" -nographic \
		-kernel "$ELF" -qmp "$1" </dev/null >"$dir/out" 2>&1 &
	pid=$!
	if ! timeout 60 python3 "$HERE/qmp_client.py" "$2" "$3"; then
		cat "$dir/out"
		return 1
	fi
	wait $pid
	rc=$?
	if [ $rc -ne 0 ]; then
		cat "$dir/out"
		echo "loongvm exited with $rc after quit"
		return 1
	fi
	grep -q "debug guest: running" "$dir/out" || {
		cat "$dir/out"
		echo "the guest did not run"
		return 1
	}
}

run_one "unix:$dir/qmp.sock,server,nowait" "unix:$dir/qmp.sock" 2 || exit 1
[ -e "$dir/qmp.sock" ] && { echo "the socket was left behind"; exit 1; }
port=$(free_port)
run_one "tcp::$port,server,nowait" "tcp:$port" 1 || exit 1
# Bad specs are refused before anything starts.
for bad in "tcp:nope" "unix:" "file:/x" "tcp::1,server,wait=on"; do
	if timeout 5 "$LOONGVM" -kernel "$ELF" -qmp "$bad" </dev/null \
		>/dev/null 2>&1; then
		echo "-qmp $bad was accepted"
		exit 1
	fi
done
echo "QMP commands, events and malformed input behave"
