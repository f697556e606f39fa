#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates random-instruction test guests for the differential test.

Each sequence sets the pool registers to seeded random values, runs a block
of random non-trapping, deterministic integer instructions (ALU, shifts,
bit manipulation, mul/div with safe divisors, loads and stores to a scratch
area, forward branches) and stores r1..r31 after the scratch area; main.c
prints registers and scratch over the UART. Output: seqs_NN.S (one ELF
each, with main.c and the runtime) and seqs_NN.lst (the instruction list of
every sequence, for reporting a mismatch).

Usage: gen.py OUTDIR [--seed N] [--elfs N] [--per-elf N]
"""
import argparse
import os
import random

# r3 = sp and r21 = scratch base stay fixed; everything else is random.
POOL = [1, 2] + list(range(4, 21)) + list(range(22, 32))
SCRATCH = 256        # bytes of scratch the block may touch
REGS_OFF = SCRATCH   # r0..r31 are stored from here (see main.c)

R3 = ["add.w", "add.d", "sub.w", "sub.d", "slt", "sltu", "maskeqz",
      "masknez", "nor", "and", "or", "xor", "orn", "andn", "sll.w", "srl.w",
      "sra.w", "sll.d", "srl.d", "sra.d", "rotr.w", "rotr.d", "mul.w",
      "mulh.w", "mulh.wu", "mul.d", "mulh.d", "mulh.du", "mulw.d.w",
      "mulw.d.wu", "crc.w.b.w", "crc.w.h.w", "crc.w.w.w", "crc.w.d.w",
      "crcc.w.b.w", "crcc.w.h.w", "crcc.w.w.w", "crcc.w.d.w"]
R2 = ["clo.w", "clz.w", "cto.w", "ctz.w", "clo.d", "clz.d", "cto.d", "ctz.d",
      "revb.2h", "revb.4h", "revb.2w", "revb.d", "revh.2w", "revh.d",
      "bitrev.4b", "bitrev.8b", "bitrev.w", "bitrev.d", "ext.w.h", "ext.w.b"]
SI12 = ["slti", "sltui", "addi.w", "addi.d", "lu52i.d"]
UI12 = ["andi", "ori", "xori"]
SH5 = ["slli.w", "srli.w", "srai.w", "rotri.w"]
SH6 = ["slli.d", "srli.d", "srai.d", "rotri.d"]
SI20 = ["lu12i.w", "lu32i.d", "pcaddi", "pcalau12i", "pcaddu12i",
        "pcaddu18i"]
DIV_W = ["div.w", "mod.w", "div.wu", "mod.wu"]
DIV_D = ["div.d", "mod.d", "div.du", "mod.du"]
# (mnemonic, access size in bytes)
LOADS = [("ld.b", 1), ("ld.h", 2), ("ld.w", 4), ("ld.d", 8), ("ld.bu", 1),
         ("ld.hu", 2), ("ld.wu", 4)]
STORES = [("st.b", 1), ("st.h", 2), ("st.w", 4), ("st.d", 8)]
LOADX = [("ldx.b", 1), ("ldx.h", 2), ("ldx.w", 4), ("ldx.d", 8),
         ("ldx.bu", 1), ("ldx.hu", 2), ("ldx.wu", 4)]
STOREX = [("stx.b", 1), ("stx.h", 2), ("stx.w", 4), ("stx.d", 8)]
AM = ["amswap", "amadd", "amand", "amor", "amxor", "ammax", "ammin"]
BR2 = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]


def r(n):
    return "$r%d" % n


def rand_value(rng):
    """A 64-bit value, biased towards edge cases."""
    k = rng.randrange(10)
    if k == 0:
        return rng.choice([0, 1, 2**64 - 1, 2**63, 2**63 - 1, 2**31,
                           2**31 - 1, 2**32 - 1, 0xffffffff80000000,
                           0x80, 0xff, 0x8000, 0xffff])
    if k == 1:
        return rng.getrandbits(12)
    if k == 2:  # a sign-extended 32-bit value
        v = rng.getrandbits(32)
        return v | (0xffffffff00000000 if v >> 31 else 0)
    if k == 3:
        return (-rng.getrandbits(16)) & (2**64 - 1)
    return rng.getrandbits(64)


def sx(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def li_d(rd, v):
    """li.d as lu12i.w, ori, lu32i.d, lu52i.d."""
    return ["lu12i.w %s, %d" % (r(rd), sx(v >> 12, 20)),
            "ori %s, %s, %d" % (r(rd), r(rd), v & 0xfff),
            "lu32i.d %s, %d" % (r(rd), sx(v >> 32, 20)),
            "lu52i.d %s, %s, %d" % (r(rd), r(rd), sx(v >> 52, 12))]


class Gen:
    def __init__(self, rng, label):
        self.rng = rng
        self.label = label
        self.nlab = 0

    def dst(self):
        """A destination; now and then $r0, whose writes are dropped."""
        return 0 if self.rng.randrange(32) == 0 else self.rng.choice(POOL)

    def offset(self, sz):
        """A scratch offset: aligned, or (LA464 has UAL) now and then not."""
        if self.rng.randrange(4) == 0:
            return self.rng.randrange(SCRATCH - sz + 1)
        return self.rng.randrange(SCRATCH // sz) * sz

    def src(self):
        return 0 if self.rng.randrange(16) == 0 else self.rng.choice(POOL)

    def newlabel(self):
        self.nlab += 1
        return ".L%s_%d" % (self.label, self.nlab)

    def simple(self):
        """One non-branch instruction group (a list of lines)."""
        g = self.rng
        k = g.randrange(100)
        d, j, k2 = self.dst(), self.src(), self.src()
        if k < 25:
            return ["%s %s, %s, %s" % (g.choice(R3), r(d), r(j), r(k2))]
        if k < 35:
            return ["%s %s, %s" % (g.choice(R2), r(d), r(j))]
        if k < 42:
            return ["%s %s, %s, %d" % (g.choice(SI12), r(d), r(j),
                                       g.randrange(-2048, 2048))]
        if k < 47:
            return ["%s %s, %s, %d" % (g.choice(UI12), r(d), r(j),
                                       g.randrange(4096))]
        if k < 52:
            return ["%s %s, %s, %d" % (g.choice(SH5), r(d), r(j),
                                       g.randrange(32))]
        if k < 57:
            return ["%s %s, %s, %d" % (g.choice(SH6), r(d), r(j),
                                       g.randrange(64))]
        if k < 61:
            return ["%s %s, %d" % (g.choice(SI20), r(d),
                                   g.randrange(-2**19, 2**19))]
        if k < 63:
            return ["addu16i.d %s, %s, %d" % (r(d), r(j),
                                              g.randrange(-2**15, 2**15))]
        if k < 67:
            op = g.choice(["alsl.w", "alsl.wu", "alsl.d"])
            return ["%s %s, %s, %s, %d" % (op, r(d), r(j), r(k2),
                                           g.randrange(1, 5))]
        if k < 69:
            return ["bytepick.w %s, %s, %s, %d" % (r(d), r(j), r(k2),
                                                   g.randrange(4))]
        if k < 71:
            return ["bytepick.d %s, %s, %s, %d" % (r(d), r(j), r(k2),
                                                   g.randrange(8))]
        if k < 75:
            w = g.choice([32, 64])
            op = g.choice(["bstrins", "bstrpick"]) + (".w" if w == 32
                                                      else ".d")
            lsb = g.randrange(w)
            msb = g.randrange(lsb, w)
            return ["%s %s, %s, %d, %d" % (op, r(d), r(j), msb, lsb)]
        if k < 81:
            return self.divide()
        if k < 93:
            return self.memory()
        return self.atomic()

    def divide(self):
        g = self.rng
        d, j = self.dst(), self.rng.choice(POOL)
        k = g.choice([x for x in POOL if x != j])
        out = []
        if g.randrange(3) == 0:  # small divisors too
            out.append("andi %s, %s, %d" % (r(k), r(k), g.randrange(256)))
        if g.randrange(2):
            op = g.choice(DIV_W)
            # .w forms want sign-extended 32-bit inputs; the divisor is
            # made nonzero (bit 0) and not -1 (one bit cleared).
            bit = g.randrange(1, 31)
            out += ["addi.w %s, %s, 0" % (r(j), r(j)),
                    "ori %s, %s, 1" % (r(k), r(k)),
                    "bstrins.d %s, $r0, %d, %d" % (r(k), bit, bit),
                    "addi.w %s, %s, 0" % (r(k), r(k))]
        else:
            op = g.choice(DIV_D)
            bit = g.randrange(1, 63)
            out += ["ori %s, %s, 1" % (r(k), r(k)),
                    "bstrins.d %s, $r0, %d, %d" % (r(k), bit, bit)]
        out.append("%s %s, %s, %s" % (op, r(d), r(j), r(k)))
        return out

    def memory(self):
        g = self.rng
        k = g.randrange(5)
        if k == 0:
            op, sz = g.choice(LOADS)
            return ["%s %s, $r21, %d" % (op, r(self.dst()),
                                         self.offset(sz))]
        if k == 1:
            op, sz = g.choice(STORES)
            return ["%s %s, $r21, %d" % (op, r(self.src()),
                                         self.offset(sz))]
        if k == 2:
            op = g.choice(["ldptr.w", "ldptr.d", "stptr.w", "stptr.d"])
            sz = 8 if op.endswith("d") else 4
            reg = self.dst() if op.startswith("ld") else self.src()
            return ["%s %s, $r21, %d" % (op, r(reg),
                                         g.randrange(SCRATCH // sz) * sz)]
        # Register offset: an index made in range and aligned first.
        x = g.choice(POOL)
        if k == 3:
            op, sz = g.choice(LOADX)
            reg = self.dst()
        else:
            op, sz = g.choice(STOREX)
            reg = self.src()
        return ["andi %s, %s, %d" % (r(x), r(x), (SCRATCH - 1) & -sz),
                "%s %s, $r21, %s" % (op, r(reg), r(x))]

    def atomic(self):
        g = self.rng
        if g.randrange(4) == 0:  # ll/sc pair: the sc succeeds
            sz = g.choice(["w", "d"])
            off = g.randrange(SCRATCH // 8) * 8
            a, b = self.dst(), self.dst()
            return ["ll.%s %s, $r21, %d" % (sz, r(a), off),
                    "sc.%s %s, $r21, %d" % (sz, r(b), off)]
        # am*: rd differs from rj and rk; the address is r21 + aligned x.
        sz = g.choice(["w", "d"])
        base = g.choice(AM)
        op = base + g.choice(["", "_db"]) + "." + sz
        if base in ("ammax", "ammin") and g.randrange(2):
            op += "u"
        x = g.choice(POOL)
        k = g.choice([p for p in POOL if p != x])
        d = g.choice([p for p in POOL + [0] if p not in (x, k)])
        return ["andi %s, %s, %d" % (r(x), r(x), (SCRATCH - 1) & -8),
                "add.d %s, $r21, %s" % (r(x), r(x)),
                "%s %s, %s, %s" % (op, r(d), r(k), r(x))]

    def branch(self, body):
        """A forward branch over body (a list of lines)."""
        g = self.rng
        lab = self.newlabel()
        k = g.randrange(6)
        if k < 3:
            head = ["%s %s, %s, %s" % (g.choice(BR2), r(self.src()),
                                       r(self.src()), lab)]
        elif k == 3:
            head = ["%s %s, %s" % (g.choice(["beqz", "bnez"]),
                                   r(self.src()), lab)]
        elif k == 4:
            head = ["%s %s" % (g.choice(["b", "bl"]), lab)]
        else:  # pcaddi + jirl to the label
            t = g.choice(POOL)
            d = g.choice(POOL + [0])
            head = ["pcaddi %s, %d" % (r(t), len(body) + 2),
                    "jirl %s, %s, 0" % (r(d), r(t))]
        return head + body + [lab + ":"]

    def block(self, n):
        out = []
        while n > 0:
            if self.rng.randrange(8) == 0:
                body = []
                for _ in range(self.rng.randrange(1, 4)):
                    body += self.simple()
                # Keep the jirl variant's count exact: body is all insns.
                out += self.branch(body)
                n -= 1 + len(body)
            else:
                grp = self.simple()
                out += grp
                n -= len(grp)
        return out


def sequence(seed, seq):
    """The lines of one sequence function and its listing."""
    rng = random.Random("%d/%d" % (seed, seq))
    g = Gen(rng, "s%d" % seq)
    vals = [(reg, rand_value(rng)) for reg in POOL]
    body = g.block(rng.randrange(20, 41))
    return vals, body


SAVED = [1, 2, 22] + list(range(23, 32))


def write_elf_source(outdir, idx, seed, per_elf):
    first = idx * per_elf
    s, lst = [], []
    s.append("/* Generated by tests/random/gen.py --seed %d: do not edit. */"
             % seed)
    s.append("\t.text")
    for n in range(first, first + per_elf):
        vals, body = sequence(seed, n)
        init = [ln for reg, v in vals for ln in li_d(reg, v)]
        lst.append("seq %d (seed %d)" % (n, seed))
        lst.append("\t# initial values (li.d), $r21 = scratch base:")
        for i in range(0, len(vals), 4):
            lst.append("\t#  " + "  ".join("$r%d=%016x" % rv
                                            for rv in vals[i:i + 4]))
        lst += [("\t" + ln) if not ln.endswith(":") else ln for ln in body]
        s += ["\t.p2align 2", "seq_%d:" % n,
              "\taddi.d $sp, $sp, -%d" % (8 * len(SAVED))]
        s += ["\tst.d %s, $sp, %d" % (r(x), 8 * i)
              for i, x in enumerate(SAVED)]
        s.append("\tla.pcrel $r21, rand_area")
        s += ["\t" + ln for ln in init] + ["\t# block"]
        s += [("\t" + ln) if not ln.endswith(":") else ln for ln in body]
        s += ["\tst.d %s, $r21, %d" % (r(x), REGS_OFF + 8 * x)
              for x in range(1, 32)]
        s += ["\tld.d %s, $sp, %d" % (r(x), 8 * i)
              for i, x in enumerate(SAVED)]
        s += ["\taddi.d $sp, $sp, %d" % (8 * len(SAVED)),
              "\tjirl $r0, $r1, 0"]
    s += ["\t.section .rodata", "\t.p2align 3", "\t.globl rand_seqs",
          "rand_seqs:"]
    s += ["\t.dword seq_%d" % n for n in range(first, first + per_elf)]
    s += ["\t.globl rand_first", "rand_first:", "\t.dword %d" % first,
          "\t.globl rand_count", "rand_count:", "\t.dword %d" % per_elf]
    s += ["\t.bss", "\t.p2align 4", "\t.globl rand_area", "rand_area:",
          "\t.space %d" % (SCRATCH + 8 * 32)]
    name = os.path.join(outdir, "seqs_%02d" % idx)
    with open(name + ".S", "w") as f:
        f.write("\n".join(s) + "\n")
    with open(name + ".lst", "w") as f:
        f.write("\n".join(lst) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--elfs", type=int, default=12)
    ap.add_argument("--per-elf", type=int, default=50)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    for i in range(a.elfs):
        write_elf_source(a.outdir, i, a.seed, a.per_elf)


if __name__ == "__main__":
    main()
