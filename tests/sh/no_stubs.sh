#!/bin/bash
# Fails if any instruction handler is an LA_STUB placeholder (the macro is gone; this guards against its return)
# (cpu/la64/exec.h): every op in the decoder table must be implemented.
cd "$(dirname "$0")/../.." || exit 2
if grep -n 'LA_STUB' cpu/la64/exec_*.h; then
	n=$(cat cpu/la64/exec_*.h | grep -c 'LA_STUB')
	echo "$n handlers are still LA_STUB placeholders"
	exit 1
fi
echo "no stub handlers left"
