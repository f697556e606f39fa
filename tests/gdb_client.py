#!/usr/bin/env python3
"""A raw GDB remote-protocol client for tests/sh/gdb_fuzz.sh: sends
malformed and hostile packets to loongvm's stub and checks that it keeps
answering, that Ctrl-C stops a running guest with a stop reply, and that
a second client is refused while one is attached. Exits 0 on success.
Usage: gdb_client.py PORT"""
import socket
import sys
import time


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def frame(data):
    return b"$" + data + b"#%02x" % (sum(data) & 0xff)


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


def fuzz(st):
    # Well-formed but hostile packets: each gets a reply.
    hostile = [
        b"m0,ffffffffffffffff", b"mffffffffffffffff,10", b"m,", b"mzz,1",
        b"M200000,4:zz", b"M200000,4:00", b"M200000,2:0000",
        b"X200000,ffff:", b"G00", b"g" + b"0" * 10, b"p1000", b"pzz",
        b"P21=00", b"P0=zz", b"Z9,0,4", b"Z0,zz,4", b"Z2,200000,0",
        b"Z2,200000,100000", b"z0,1234,4", b"Hg99", b"Hgzz", b"Hq1",
        b"T0", b"Tff", b"vCont;x", b"vCont;s:99", b"vCont;s:" + b"1" * 40,
        b"qXfer:features:read:other.xml:0,10",
        b"qXfer:features:read:target.xml:zz", b"qUnknown", b"vMustReplyEmpty",
        b"!", b"",
    ]
    for h in hostile:
        r = st.cmd(h)
        check(r is not None, "no reply to %r" % h)
    # Too many breakpoints and watchpoints are refused, not crashes.
    for i in range(20):
        st.cmd(b"Z0,%x,4" % (0x300000 + 4 * i))
    check(st.cmd(b"Z0,400000,4").startswith(b"E"), "17th breakpoint taken")
    for i in range(20):
        st.cmd(b"z0,%x,4" % (0x300000 + 4 * i))
    # Framing garbage: bad checksums, bytes outside packets, RLE, an
    # overlong packet; the stub must still answer '?'.
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
    check(r.startswith(b"T") or r.startswith(b"S"), "no stop reply: %r" % r)
    r = st.cmd(b"qXfer:features:read:target.xml:0,fff")
    check(r[:1] in (b"m", b"l") and b"loongarch" in r, "bad target.xml")


def ctrl_c(st):
    st.s.sendall(frame(b"c"))
    time.sleep(0.5)
    st.s.sendall(b"\x03")
    r = st.recv_packet()
    check(r.startswith(b"T02"), "Ctrl-C gave %r" % r)
    regs = st.cmd(b"g")
    check(len(regs) >= 2 * 35 * 8, "short g reply")


def main():
    port = int(sys.argv[1])
    try:
        st = Stub(port)
        r = st.cmd(b"qSupported:swbreak+;hwbreak+")
        check(b"PacketSize" in r, "qSupported: %r" % r)
        check(st.cmd(b"?").startswith(b"T05"), "not stopped on attach")
        fuzz(st)
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
        # Drop the client mid-packet: the guest must run on (detached).
        st.s.sendall(b"$m2000")
        st.s.close()
    except (Fail, OSError, ValueError) as e:
        print("gdb_client: FAIL:", e)
        return 1
    print("gdb_client: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
