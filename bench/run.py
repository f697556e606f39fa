#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 7's benchmark suite: runs each figure several times under loongvm
and, where it can, under Debian's QEMU 7.2 on the same machine, and prints
the medians and their ratio. Compute figures use the guest's own rdtime
ticks (100 MHz on both), so emulator start-up does not count, and both
emulators must print the same checksum for a ratio to be reported.
Results also go to bench/results/latest.json and history.jsonl."""

import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", "build")
LOONGVM = os.path.join(ROOT, BUILD, "loongvm")
QEMU = "qemu-system-loongarch64"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
OUT = os.path.join(ROOT, "bench", "out")
GUESTS = os.path.join(ROOT, "..", "shared", "guests", "la64")
COMPUTE = ["int_mix", "fp", "mem_tlb", "interp"]
MMIO_READS = 2000000  # bench/guest/mmio.c READS
MMIO_INSNS = 4  # instructions per iteration of its loop
TICK_HZ = 100e6
LINE = re.compile(rb"bench (\w+) checksum ([0-9a-f]+) ticks (\d+)")


def vm_cmd(emu, elf):
    if emu == "qemu":
        return [QEMU, "-M", "virt", "-cpu", "la464", "-m", "1G",
                "-nographic", "-kernel", elf]
    return [LOONGVM, "-M", "virt", "-m", "1G", "-nographic", "-kernel", elf]


def run_guest(emu, name):
    """One run: (checksum, ticks), or None when it did not finish."""
    try:
        p = subprocess.run(vm_cmd(emu, os.path.join(OUT, name + ".elf")),
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=300)
    except subprocess.TimeoutExpired:
        return None
    m = LINE.search(p.stdout)
    return (m.group(2).decode(), int(m.group(3))) if m else None


def median_of(got):
    if any(g is None for g in got):
        return None
    sums = {g[0] for g in got}
    return {"checksum": sums.pop() if len(sums) == 1 else "varies",
            "ticks": statistics.median(g[1] for g in got)}


def median_pair(name):
    """Medians for loongvm and QEMU, their runs interleaved so that both
    see the same load on a shared host."""
    got = {"loongvm": [], "qemu": []}
    for _ in range(RUNS):
        for emu in got:
            got[emu].append(run_guest(emu, name))
    return median_of(got["loongvm"]), median_of(got["qemu"])


def compute_figures():
    rows = []
    for name in COMPUTE + ["mmio"]:
        lv, qm = median_pair(name)
        row = {"name": name, "loongvm_ms": None, "qemu_ms": None,
               "ratio": None, "note": ""}
        if lv:
            row["loongvm_ms"] = lv["ticks"] / TICK_HZ * 1e3
        if qm:
            row["qemu_ms"] = qm["ticks"] / TICK_HZ * 1e3
        if lv and qm and lv["checksum"] == qm["checksum"]:
            row["ratio"] = qm["ticks"] / lv["ticks"]
        elif lv and qm:
            row["note"] = "checksums differ: %s vs %s" % (lv["checksum"],
                                                          qm["checksum"])
        else:
            row["note"] = "did not finish"
        if name == "mmio":
            for emu in ("loongvm", "qemu"):
                ms = row[emu + "_ms"]
                row[emu + "_mips"] = (MMIO_READS * MMIO_INSNS / (ms / 1e3)
                                      / 1e6 if ms else None)
        rows.append(row)
    return rows


def guest_ram_rss_kb(pid, ram_mb):
    """Rss of the guest RAM mappings (anonymous, of the board's sizes).
    The kernel merges the adjacent low and high RAM mappings into one
    area of the whole size, so that size counts too."""
    sizes = {min(ram_mb, 256) * 1024, max(ram_mb - 256, 0) * 1024,
             ram_mb * 1024}
    total = ram = 0
    size = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            if line.startswith("Size:"):
                size = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
                total += rss
                if size in sizes:
                    ram += rss
    return total, ram


def linux_run(append, initrd, marks, smp=1):
    """Boots the fixture; returns {mark: seconds since start} and the
    VMM's memory (total and guest-RAM Rss in KiB) sampled at the last
    mark, and the output."""
    cmd = [LOONGVM, "-M", "virt", "-m", "1G", "-smp", str(smp),
           "-nographic", "-kernel", os.path.join(GUESTS, "vmlinux"),
           "-initrd", initrd, "-append", append]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen, mem, out = {}, None, b""
    for line in p.stdout:
        out += line
        for m in marks:
            if m not in seen and m.encode() in line:
                seen[m] = time.monotonic() - t0
                if m == marks[-1]:
                    try:
                        mem = guest_ram_rss_kb(p.pid, 1024)
                    except OSError:
                        pass
    p.wait(timeout=300)
    return seen, mem, out.decode(errors="replace")


def linux_figures():
    if not os.path.exists(os.path.join(GUESTS, "vmlinux")):
        print("bench: ../shared/guests is absent; skipping the Linux figures")
        return None
    hello = os.path.join(GUESTS, "initramfs-hello.cpio")
    boots, works, overheads = [], [], []
    for _ in range(RUNS):
        seen, mem, out = linux_run("console=ttyS0", hello,
                                   ["init started", "workload ms:"])
        if "init started" in seen:
            boots.append(seen["init started"])
        m = re.search(r"workload ms: (\d+)", out)
        if m:
            works.append(int(m.group(1)))
        if mem:
            overheads.append((mem[0] - mem[1]) / 1024)
    subprocess.run(["make", "-s", "-C", os.path.join(ROOT, "tests", "linux"),
                    "OUT=" + os.path.join(OUT, "linux")], check=True)
    ctx = []
    for _ in range(RUNS):
        _, _, out = linux_run("console=ttyS0 vmtest=ctxsw",
                              os.path.join(OUT, "linux", "initramfs.cpio"),
                              ["ctxsw round trips"])
        m = re.search(r"ctxsw round trips (\d+) ms (\d+)", out)
        if m:
            ctx.append(int(m.group(2)) * 1e3 / int(m.group(1)))
    med = lambda v: statistics.median(v) if v else None
    return {"boot_s": med(boots), "workload_ms": med(works),
            "ctxsw_us_per_round_trip": med(ctx),
            "vmm_overhead_mib": med(overheads)}


def fmt(v, spec):
    return format(v, spec) if v is not None else "n/a"


def table(rows, lin):
    lines = ["| figure | loongvm | QEMU 7.2 | loongvm speed / QEMU |",
             "|---|---|---|---|"]
    for r in rows:
        if r["name"] == "mmio":
            lines.append("| MMIO exit round trip (guest MIPS spinning on "
                         "the UART LSR) | %s | %s | %s |" % (
                             fmt(r["loongvm_mips"], ".1f"),
                             fmt(r["qemu_mips"], ".1f"),
                             fmt(r["ratio"], ".2f") + "x"))
            continue
        lines.append("| %s (ms, guest rdtime) | %s | %s | %s%s |" % (
            r["name"], fmt(r["loongvm_ms"], ".0f"), fmt(r["qemu_ms"], ".0f"),
            fmt(r["ratio"], ".2f") + "x",
            " (" + r["note"] + ")" if r["note"] else ""))
    ratios = [r["ratio"] for r in rows
              if r["name"] in COMPUTE and r["ratio"]]
    geo = statistics.geometric_mean(ratios) if len(ratios) == len(
        COMPUTE) else None
    lines.append("| **compute geometric mean** | | | **%s** |" %
                 (fmt(geo, ".2f") + "x"))
    if lin:
        lines += [
            "| Linux boot to init's first line (s) | %s | cannot boot it | |"
            % fmt(lin["boot_s"], ".2f"),
            "| fixture init's `workload ms` | %s | | |" %
            fmt(lin["workload_ms"], ".0f"),
            "| pipe ping-pong in Linux, -smp 1 (µs per round trip) | %s | "
            "| |" % fmt(lin["ctxsw_us_per_round_trip"], ".1f"),
            "| VMM memory: RSS minus guest RAM touched (MiB) | %s | | |" %
            fmt(lin["vmm_overhead_mib"], ".1f")]
    return "\n".join(lines), geo


def main():
    subprocess.run(["make", "-s", "-C", os.path.join(ROOT, "bench", "guest"),
                    "OUT=" + OUT], check=True)
    rows = compute_figures()
    lin = linux_figures()
    text, geo = table(rows, lin)
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    head = "%s, %d host CPUs (%s), median of %d runs" % (
        time.strftime("%Y-%m-%d"), os.cpu_count(), cpu, RUNS)
    print(head)
    print(text)
    res = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "host": cpu,
           "runs": RUNS, "compute": rows, "geomean": geo, "linux": lin}
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "latest.json"), "w") as f:
        json.dump(res, f, indent=1)
    with open(os.path.join(ROOT, "bench", "results", "history.jsonl"),
              "a") as f:
        f.write(json.dumps(res) + "\n")
    with open(os.path.join(ROOT, "bench", "results", "latest.md"), "w") as f:
        f.write(head + "\n\n" + text + "\n")


if __name__ == "__main__":
    sys.exit(main())
