#!/usr/bin/env python3
"""A raw GDB remote-protocol client for tests/sh/gdb_fuzz.sh: sends
malformed and hostile packets to loongvm's stub and checks each reply,
checks register and memory writes by reading them back, continues from
a breakpoint that stays inserted (the stub must step off it), stops a
running guest with Ctrl-C, is refused as a second client, hangs up
mid-packet, and attaches again. Exits 0 on success.
Usage: gdb_client.py PORT TARGET_FN_ADDR (hex)"""
import socket
import struct
import sys
import time

SCRATCH = 0x8000000  # guest RAM the debug guest never touches (DA mode)
PC = 0x21  # GDB's register numbers (gdb_regs.c)
A0 = 0x4
R12 = 0xc
F3 = 0x26
FCC2 = 0x45
FCSR = 0x4b


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def frame(data):
    return b"$" + data + b"#%02x" % (sum(data) & 0xff)


def escape(data):
    out = b""
    for c in data:
        if c in b"#$}*":
            out += bytes([0x7d, c ^ 0x20])
        else:
            out += bytes([c])
    return out


class Stub:
    def __init__(self, port):
        deadline = time.time() + 10
        while True:
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                check(time.time() < deadline, "cannot connect")
                time.sleep(0.1)
        self.s.settimeout(10)
        self.buf = b""

    def recv_packet(self):
        """The next packet's data, skipping acks."""
        while True:
            start = self.buf.find(b"$")
            if start >= 0:
                end = self.buf.find(b"#", start)
                if end >= 0 and len(self.buf) >= end + 3:
                    data = self.buf[start + 1:end]
                    csum = int(self.buf[end + 1:end + 3], 16)
                    check(csum == sum(data) & 0xff, "bad checksum from stub")
                    self.buf = self.buf[end + 3:]
                    self.s.sendall(b"+")
                    return data
            chunk = self.s.recv(65536)
            check(chunk, "the stub closed the connection")
            self.buf += chunk

    def cmd(self, data):
        self.s.sendall(frame(data))
        return self.recv_packet()

    def expect(self, data, want):
        r = self.cmd(data)
        check(r == want, "%r gave %r, not %r" % (data[:40], r[:40], want))

    def error(self, data):
        r = self.cmd(data)
        check(len(r) == 3 and r[:1] == b"E", "%r gave %r, not E.." %
              (data[:40], r[:40]))

    def reg(self, n):
        r = self.cmd(b"p%x" % n)
        check(r[:1] != b"E" and len(r) % 2 == 0, "p%x gave %r" % (n, r))
        return bytes.fromhex(r.decode())

    def mem(self, addr, n):
        r = self.cmd(b"m%x,%x" % (addr, n))
        check(len(r) == 2 * n, "m%x,%x gave %r" % (addr, n, r[:40]))
        return bytes.fromhex(r.decode())


def hostile(st):
    """Well-formed but hostile packets, each with its exact reply."""
    errors = [
        b"mffffffffffffffff,10", b"m20000000,4",
        b"m,", b"mzz,1", b"m1,2,3", b"M8000000,4:zz", b"M8000000,4:00",
        b"M8000000,ffffffff:00", b"Mzz", b"X8000000,ffff:",
        b"X8000000,4:ab", b"G00", b"G" + b"0" * 1200 + b"zz", b"p1000",
        b"pzz", b"p", b"P21=00", b"P0=zz", b"P1000=00", b"P21",
        b"Z0,zz,4", b"Z1", b"Z", b"Zq", b"Z0,0,4x", b"Z2,8000000,0",
        b"Z2,8000000,100000", b"Hg99", b"Hgzz", b"Hq1", b"Hc0zz", b"vCont;x",
        b"vCont;s:99", b"vCont;s:" + b"1" * 40, b"vCont;",
        b"qXfer:features:read:other.xml:0,10",
        b"qXfer:features:read:target.xml:zz",
    ]
    for p in errors:
        st.error(p)
    for p in [b"T0", b"Tff", b"T"]:
        st.expect(p, b"E01")
    for p in [b"Z9,0,4", b"z5,0,4", b"qUnknown", b"vMustReplyEmpty", b"!",
              b"", b"QStartNoAckMode", b"vFile:open:x,0,0"]:
        st.expect(p, b"")
    st.expect(b"T1", b"OK")
    st.expect(b"T2", b"OK")  # -smp 2
    st.expect(b"z0,1234,4", b"OK")  # removing an absent one is fine
    st.expect(b"Z0,8000000,4;X1,0", b"OK")  # GDB's conditions: ignored
    st.expect(b"z0,8000000,4", b"OK")
    st.expect(b"qXfer:features:read:target.xml:ffffffff,10", b"l")
    # A huge read is cut to what fits in a packet, not refused.
    r = st.cmd(b"m0,ffffffffffffffff")
    check(0 < len(r) <= 16384 and len(r) % 2 == 0, "huge m: %d" % len(r))
    # Too many breakpoints and watchpoints are refused, not crashes.
    for i in range(16):
        st.expect(b"Z0,%x,4" % (0x300000 + 4 * i), b"OK")
    st.error(b"Z1,400000,4")
    for i in range(16):
        st.expect(b"z0,%x,4" % (0x300000 + 4 * i), b"OK")
    for i in range(4):
        st.expect(b"Z2,%x,8" % (SCRATCH + 8 * i), b"OK")
    st.error(b"Z4,8000100,8")
    for i in range(4):
        st.expect(b"z2,%x,8" % (SCRATCH + 8 * i), b"OK")


def framing(st):
    """Bad checksums, bytes outside packets, RLE, an overlong packet."""
    st.s.sendall(b"$g#00")
    st.s.sendall(bytes(range(1, 3)) + bytes(range(4, 36)))
    st.s.sendall(b"$m0*,4#00")
    st.s.sendall(b"$" + b"a" * 40000 + b"#00")
    st.s.sendall(b"}}}}$$$###")
    time.sleep(0.3)
    st.buf = b""
    st.s.settimeout(0.5)
    try:
        while st.s.recv(65536):
            pass
    except socket.timeout:
        pass
    st.s.settimeout(10)
    r = st.cmd(b"?")
    check(r.startswith(b"T05"), "no stop reply: %r" % r)
    r = st.cmd(b"qXfer:features:read:target.xml:0,fff")
    check(r[:1] in (b"m", b"l") and b"loongarch" in r, "bad target.xml")


def writes(st):
    """Register and memory writes read back as written, then undone."""
    old = st.reg(R12)
    st.expect(b"P%x=%s" % (R12, b"1122334455667788"), b"OK")
    check(st.reg(R12) == bytes.fromhex("1122334455667788"), "P r12")
    st.expect(b"P%x=%s" % (R12, old.hex().encode()), b"OK")
    for n, val in [(F3, "000000000000f83f"), (FCC2, "01"),
                   (FCSR, "00010000")]:
        before = st.reg(n)
        st.expect(b"P%x=%s" % (n, val.encode()), b"OK")
        check(st.reg(n) == bytes.fromhex(val), "P%x did not stick" % n)
        st.expect(b"P%x=%s" % (n, before.hex().encode()), b"OK")
    st.expect(b"P0=0100000000000000", b"OK")
    check(st.reg(0) == bytes(8), "r0 is not zero")
    regs = st.cmd(b"g")
    mod = regs[:2 * 8 * R12] + b"99" * 8 + regs[2 * 8 * (R12 + 1):]
    st.expect(b"G" + mod, b"OK")
    check(st.reg(R12) == b"\x99" * 8, "G did not write r12")
    st.expect(b"G" + regs, b"OK")
    check(st.cmd(b"g") == regs, "G did not restore the registers")
    # M in hex, X in binary with escapes; direct address mode ignores
    # the bits above PALEN, so the DMW-style alias reads the same bytes.
    st.expect(b"M%x,4:deadbeef" % SCRATCH, b"OK")
    check(st.mem(SCRATCH, 4) == bytes.fromhex("deadbeef"), "M readback")
    data = b"#$}*\x03\x00\xff+"
    st.expect(b"X%x,%x:" % (SCRATCH + 8, len(data)) + escape(data), b"OK")
    check(st.mem(0x9000000000000000 | (SCRATCH + 8), len(data)) == data,
          "X readback through the high alias")
    st.expect(b"X%x,0:" % SCRATCH, b"OK")  # GDB's probe for X


def breakpoint_stays(st, target_fn):
    """Two continues with the breakpoint left in: two calls, not one."""
    st.expect(b"Z0,%x,4" % target_fn, b"OK")
    seen = []
    for _ in range(2):
        r = st.cmd(b"c")
        check(r.startswith(b"T05") and b"thread:1;" in r, "c gave %r" % r)
        pc = struct.unpack("<Q", st.reg(PC))[0]
        check(pc == target_fn, "stopped at %#x, not target_fn" % pc)
        seen.append(struct.unpack("<Q", st.reg(A0))[0])
    check(seen[1] == (seen[0] + 1) % 8,
          "continue did not leave the breakpoint: arguments %r" % seen)
    check(st.cmd(b"?") == r, "? does not repeat the last stop")
    st.expect(b"z0,%x,4" % target_fn, b"OK")


def resume_address(st, target_fn):
    """s ADDR and S SIG;ADDR resume at ADDR. Stopped at target_fn, whose
    first instruction (pcalau12i) depends only on the pc, so running it
    again from there changes nothing."""
    pc = lambda: struct.unpack("<Q", st.reg(PC))[0]
    check(pc() == target_fn, "not at target_fn")
    for p in [b"s", b"s%x" % target_fn, b"S05;%x" % target_fn]:
        r = st.cmd(p)
        check(r.startswith(b"T05"), "%r gave %r" % (p, r))
        check(pc() == target_fn + 4, "%r stopped at %#x" % (p, pc()))
    for p in [b"czz", b"C05;zz", b"Czz", b"S05;", b"s1;", b"c1 "]:
        st.error(p)
    check(pc() == target_fn + 4, "a refused resume moved the pc")


def ctrl_c(st):
    st.s.sendall(frame(b"c"))
    time.sleep(0.5)
    st.s.sendall(b"\x03")
    r = st.recv_packet()
    check(r.startswith(b"T02"), "Ctrl-C gave %r" % r)
    regs = st.cmd(b"g")
    check(len(regs) == 2 * (67 * 8 + 8 + 4), "g reply of %d" % len(regs))


def run(port, target_fn):
    st = Stub(port)
    r = st.cmd(b"qSupported:swbreak+;hwbreak+")
    check(b"PacketSize" in r, "qSupported: %r" % r)
    check(st.cmd(b"?").startswith(b"T05"), "not stopped on attach")
    st.expect(b"qfThreadInfo", b"m1,2")
    st.expect(b"qsThreadInfo", b"l")
    hostile(st)
    framing(st)
    writes(st)
    breakpoint_stays(st, target_fn)
    resume_address(st, target_fn)
    ctrl_c(st)
    # A second debugger is refused while one is attached.
    other = socket.create_connection(("127.0.0.1", port))
    other.settimeout(5)
    try:
        other.sendall(frame(b"?"))
        served = other.recv(100) != b""
    except ConnectionResetError:
        served = False  # closed with our packet unread: refused
    check(not served, "a second client was served")
    # Drop the client mid-packet: the guest runs on, and a new client
    # finds it stopped again, then detaches.
    st.s.sendall(b"$m2000")
    st.s.close()
    time.sleep(0.3)
    st = Stub(port)
    check(st.cmd(b"?").startswith(b"T05"), "not stopped on a new attach")
    st.expect(b"D", b"OK")
    st.s.close()


def main():
    try:
        run(int(sys.argv[1]), int(sys.argv[2], 16))
    except (Fail, OSError, ValueError) as e:
        print("gdb_client: FAIL:", e)
        return 1
    print("gdb_client: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
