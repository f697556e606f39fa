#!/bin/bash
# virtio-rng under Linux, over both transports: virtio-rng-pci (modern
# virtio-pci behind the ECAM host bridge) and virtio-rng-device
# (virtio-mmio, virtio 1.2 section 4.2). vmtest=rng (tests/linux/rng.c)
# must read two different non-zero 64-byte blocks from /dev/hwrng with
# virtio_rng as the current source, and virtio0 must sit on the transport
# asked for.
# shellcheck source=tests/linux/vmtest.sh
. "$(dirname "$0")/../linux/vmtest.sh"
vm_setup

fail=0
for dev in virtio-rng-pci virtio-rng-device; do
	vm_boot "$WORK/log" "console=ttyS0 vmtest=rng" -device $dev
	rc=$?
	if ! vm_check "$WORK/log" $rc rng; then
		echo "$dev: failed"
		fail=1
		continue
	fi
	where=$(vm_line "$WORK/log" "virtio0 is ")
	case $dev in
	*-pci) want=pci ;;
	*) want=virtio_mmio ;;
	esac
	if [[ $where != *$want* ]]; then
		echo "$dev: virtio0 is $where, not on $want"
		fail=1
		continue
	fi
	a=$(grep -a '^loongvm-vmtest: hwrng: ' "$WORK/log" | head -n 1 | tr -d '\r')
	echo "$dev: ${a#loongvm-vmtest: }"
done
exit $fail
