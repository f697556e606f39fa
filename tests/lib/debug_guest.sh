# Sourced by the QMP, monitor and GDB tests: checks for the loongvm binary
# ($LOONGVM), builds tests/guest/debug/target.elf (exits 77 with the reason
# when that is impossible) and sets HERE (tests/) and ELF; free_port
# prints a free TCP port on the loopback.
LOONGVM=${LOONGVM:-build/loongvm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$LOONGVM" ] || { echo "loongvm binary $LOONGVM not found"; exit 77; }
if ! make -s -C "$HERE/guest" debug >/dev/null 2>&1; then
	echo "cannot build the debug guest (no LoongArch toolchain?)"
	exit 77
fi
ELF=$HERE/guest/out/debug/target.elf
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
