#!/bin/bash
# -serial mon:stdio (issue 8): Ctrl-a c switches stdin from the guest's
# UART to the human monitor and back. Through a pipe, the test pauses and
# resumes the guest with stop and cont, checks info status and info cpus,
# and quits from the monitor; loongvm must exit 0. Without mon: the
# escape only prints that the monitor is unavailable.
set -u
. "$(dirname "$0")/../lib/debug_guest.sh"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Each step waits for the previous output, as a person would.
{
	sleep 0.5
	printf '\001c'
	sleep 0.3
	printf 'info status\r'
	sleep 0.3
	printf 'stop\r'
	sleep 0.3
	printf 'info status\rinfo cpus\rcont\r'
	sleep 0.3
	printf 'info status\rbogus\r'
	sleep 0.3
	printf '\001c'
	sleep 0.3
	printf '\001c'
	sleep 0.3
	printf 'quit\r'
	sleep 5
} | timeout 20 "$LOONGVM" -M virt -m 256M -smp 2 -nographic \
	-serial mon:stdio -kernel "$ELF" >"$out" 2>&1
rc=$?
cat "$out"
fail() {
	echo "$1"
	exit 1
}
[ $rc -eq 0 ] || fail "loongvm exited with $rc, not 0, after quit"
tr -d '\r' <"$out" >"$out.n" && mv "$out.n" "$out"
grep -q "debug guest: running" "$out" || fail "the guest did not run"
[ "$(grep -c '^loongvm monitor' "$out")" -eq 2 ] ||
	fail "the monitor was not entered twice"
grep -A1 -n 'VM status' "$out" | grep -o 'VM status: [a-z]*' >"$out.s"
[ "$(tr '\n' ' ' <"$out.s")" = "VM status: running VM status: paused VM status: running " ] ||
	fail "info status did not follow stop and cont: $(cat "$out.s")"
rm -f "$out.s"
grep -q '^\* CPU #0: thread_id=[1-9]' "$out" || fail "info cpus lacks CPU #0"
grep -q '^  CPU #1: thread_id=[1-9]' "$out" || fail "info cpus lacks CPU #1"
grep -q "unknown command: 'bogus'" "$out" || fail "no error for a bad command"

# Without mon: the escape says so and the guest keeps the input.
{
	sleep 0.3
	printf '\001c'
	sleep 0.3
	printf '\001x'
	sleep 2
} | timeout 10 "$LOONGVM" -M virt -m 256M -nographic -kernel "$ELF" \
	>"$out" 2>&1
grep -q "monitor is not available" "$out" ||
	fail "Ctrl-a c without mon:stdio did not say the monitor is absent"
echo "the monitor paused, resumed, listed and quit"
