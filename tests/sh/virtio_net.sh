#!/bin/bash
# virtio-net under Linux with the user-mode network (libslirp): the guest
# (tests/linux/net.c) configures 10.0.2.15/24 and fetches a file of random
# text over HTTP from a python3 server on the host's loopback, which slirp
# shows it as 10.0.2.2. It prints the body, which must equal the file.
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
command -v python3 >/dev/null || vm_skip "python3 is not installed"
vm_setup

mkdir "$WORK/www"
od -An -v -N3072 -tx1 /dev/urandom | tr -d ' ' >"$WORK/www/payload.txt"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$WORK/www" "$port" \
	>"$WORK/http.log" 2>&1 &
server=$!
VM_CLEANUP="kill $server 2>/dev/null; wait $server 2>/dev/null"
for _ in $(seq 50); do
	python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
		"$port" 2>/dev/null && break
	sleep 0.1
done

vm_boot "$WORK/log" "console=ttyS0 vmtest=net vmport=$port vmpath=/payload.txt" \
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0
rc=$?
if ! vm_check "$WORK/log" $rc net; then
	echo "the HTTP server's log:"
	cat "$WORK/http.log"
	exit 1
fi
fail=0
want="$(stat -c %s "$WORK/www/payload.txt") fnv1a $(fnv1a "$WORK/www/payload.txt")"
got=$(vm_line "$WORK/log" "body bytes ")
if [ "$got" != "$want" ]; then
	echo "the guest got a body of '$got', want '$want'"
	fail=1
fi
tr -d '\r' <"$WORK/log" |
	sed -n '/^loongvm-vmtest: body begin$/,/^loongvm-vmtest: body end$/p' |
	sed '1d;$d' >"$WORK/body"
if ! cmp -s "$WORK/body" "$WORK/www/payload.txt"; then
	echo "the body the guest printed differs from the served file"
	fail=1
fi
[ $fail -eq 0 ] && echo "the guest fetched $want over virtio-net and slirp"
exit $fail
