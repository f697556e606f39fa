#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares the UART output of one random-sequence guest under loongvm and
QEMU, sequence by sequence. Prints the number of sequences compared, and for
the first that differs its instruction list and the differing values.
Exit status: 0 all equal, 1 a difference, 2 the QEMU output is unusable.

Usage: compare.py LOONGVM_OUT QEMU_OUT LISTING
"""
import sys


def split(path):
    """{seq: [lines]} in order, and whether the run printed "done"."""
    seqs, cur, done = {}, None, False
    with open(path, "rb") as f:
        text = f.read().decode("latin-1")
    for line in text.split("\n"):
        if line.startswith("seq "):
            cur = int(line[4:])
            seqs[cur] = []
        elif line.startswith("done "):
            done, cur = True, None
        elif cur is not None and line:
            seqs[cur].append(line)
    return seqs, done


def values(lines):
    """{"r5": "0123...", "m3": ...} from "r 5=0123... 6=..." lines."""
    out = {}
    for line in lines:
        tag, rest = line[0], line[1:].split()
        for item in rest:
            if "=" in item:
                k, v = item.split("=", 1)
                out[tag + k] = v
    return out


def listing(path, seq):
    out, on = [], False
    with open(path) as f:
        for line in f:
            if line.startswith("seq "):
                on = int(line.split()[1]) == seq
            if on:
                out.append(line.rstrip("\n"))
    return out


def main():
    lv, qm, lst = sys.argv[1:4]
    a, a_done = split(lv)
    b, b_done = split(qm)
    if not b_done or not b:
        print("QEMU output is incomplete: cannot compare %s" % qm)
        return 2
    bad = [s for s in b if a.get(s) != b[s]]
    print("compared %d sequences, %d differ" % (len(b), len(bad)))
    if not bad and a_done:
        return 0
    if not bad:
        print("loongvm did not finish (no \"done\" line)")
        return 1
    print("differing sequences: %s%s" % (" ".join(map(str, bad[:40])),
                                         " ..." if len(bad) > 40 else ""))
    s = bad[0]
    print("first difference: sequence %d" % s)
    if s not in a:
        print("  loongvm output stops before this sequence (last seen: %s)"
              % (max(a) if a else "none"))
    else:
        va, vb = values(a[s]), values(b[s])
        for k in vb:
            if va.get(k) != vb[k]:
                name = ("$r%s" % k[1:]) if k[0] == "r" else \
                    ("scratch dword %s (byte %d)" % (k[1:], 8 * int(k[1:])))
                print("  %-28s loongvm %s  QEMU %s" % (name, va.get(k),
                                                       vb[k]))
    print("instructions of sequence %d:" % s)
    for line in listing(lst, s):
        print("  " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
