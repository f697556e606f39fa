#!/usr/bin/env python3
"""A QMP client for tests/sh/qmp.sh: connects to loongvm's -qmp socket,
checks the greeting and the negotiation rule, runs every command and
checks replies and events, feeds malformed input and checks that the
server still answers, then quits. Exits 0 on success, 1 with a message.
Usage: qmp_client.py unix:PATH|tcp:PORT NCPUS"""
import json
import re
import socket
import sys
import time


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


class Client:
    def __init__(self, addr):
        deadline = time.time() + 10
        while True:
            try:
                if addr.startswith("unix:"):
                    self.s = socket.socket(socket.AF_UNIX)
                    self.s.connect(addr[5:])
                else:
                    self.s = socket.create_connection(
                        ("127.0.0.1", int(addr[4:])))
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.s.settimeout(10)
        self.f = self.s.makefile("rwb")
        self.events = []

    def send_raw(self, data):
        self.f.write(data)
        self.f.flush()

    def read(self):
        line = self.f.readline()
        check(line, "the server closed the connection")
        return json.loads(line)

    def reply(self):
        """The next reply; events read on the way are kept."""
        while True:
            m = self.read()
            if "event" in m:
                check("timestamp" in m, "event without timestamp: %r" % m)
                self.events.append(m)
                continue
            return m

    def cmd(self, name, args=None, ident=None):
        msg = {"execute": name}
        if args is not None:
            msg["arguments"] = args
        if ident is not None:
            msg["id"] = ident
        self.send_raw(json.dumps(msg).encode() + b"\n")
        return self.reply()

    def ok(self, name, args=None):
        r = self.cmd(name, args, ident=name)
        check("return" in r, "%s failed: %r" % (name, r))
        check(r.get("id") == name, "%s: id not echoed: %r" % (name, r))
        return r["return"]

    def wait_event(self, name, timeout=10):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            check(time.time() < deadline, "no %s event" % name)
            self.events.append(self.read())


def error_class(r):
    check("error" in r, "expected an error, got %r" % r)
    check(isinstance(r["error"].get("desc"), str), "error without desc")
    return r["error"]["class"]


def exits(stats):
    """All exit counters of all vCPUs."""
    return sum(s["value"] for cpu in stats for s in cpu["stats"]
               if s["name"].endswith("_exits"))


def session(addr, ncpus):
    c = Client(addr)
    g = c.read()
    check("QMP" in g and g["QMP"]["capabilities"] == [] and
          "qemu" in g["QMP"]["version"], "bad greeting %r" % g)
    # Commands before negotiation are refused.
    check(error_class(c.cmd("query-status")) == "CommandNotFound",
          "command accepted before qmp_capabilities")
    c.ok("qmp_capabilities")
    check(error_class(c.cmd("qmp_capabilities")) == "CommandNotFound",
          "second qmp_capabilities accepted")
    names = {x["name"] for x in c.ok("query-commands")}
    for n in ("qmp_capabilities", "query-version", "query-commands",
              "query-status", "stop", "cont", "system_reset",
              "system_powerdown", "quit", "query-cpus-fast", "query-stats",
              "human-monitor-command"):
        check(n in names, "query-commands lacks " + n)
    v = c.ok("query-version")
    check(isinstance(v["qemu"]["major"], int), "query-version: %r" % v)
    st = c.ok("query-status")
    check(st["running"] is True and st["status"] == "running",
          "not running: %r" % st)

    cpus = c.ok("query-cpus-fast")
    check(len(cpus) == ncpus, "query-cpus-fast lists %d" % len(cpus))
    check([x["cpu-index"] for x in cpus] == list(range(ncpus)),
          "cpu indices %r" % cpus)
    check(cpus[0]["thread-id"] > 0, "no thread id for vCPU 0")

    # Exit counters: taken now and after the stop/cont below, whose kicks
    # are exits (signal_exits) of every vCPU that runs.
    s1 = c.ok("query-stats", {"target": "vcpu"})
    check(len(s1) == ncpus, "query-stats: %d vCPUs" % len(s1))
    check(all(isinstance(x["value"], int) for x in s1[0]["stats"]) and
          any(x["name"] == "mmio_exits" for x in s1[0]["stats"]),
          "query-stats content %r" % s1[0])
    check(c.ok("x-query-loongvm-stats", {"target": "vcpu"}) is not None,
          "x-query-loongvm-stats")
    check(error_class(c.cmd("query-stats")) == "GenericError",
          "query-stats without target accepted")
    # StatsFilter: vcpus by QOM path, providers with names.
    last = "/machine/unattached/device[%d]" % (ncpus - 1)
    f = c.ok("query-stats", {"target": "vcpu", "vcpus": [last]})
    check([x["qom-path"] for x in f] == [last], "vcpus filter: %r" % f)
    f = c.ok("query-stats", {"target": "vcpu", "providers": [
        {"provider": "kvm", "names": ["mmio_exits", "signal_exits"]}]})
    check(len(f) == ncpus and all(
        sorted(y["name"] for y in x["stats"]) == ["mmio_exits", "signal_exits"]
        for x in f), "names filter: %r" % f)
    for prov in ([{"provider": "cryptodev"}],
                 [{"provider": "kvm", "names": ["no_such_stat"]}]):
        check(c.ok("query-stats", {"target": "vcpu", "providers": prov})
              == [], "providers %r gave statistics" % prov)
    for bad in ({"vcpus": "x"}, {"vcpus": [1]}, {"providers": {}},
                {"providers": [{"names": []}]},
                {"providers": [{"provider": "kvm", "names": [2]}]}):
        bad["target"] = "vcpu"
        check(error_class(c.cmd("query-stats", bad)) == "GenericError",
              "query-stats %r accepted" % bad)

    # stop: STOP event, paused; registers stable while paused.
    c.ok("stop")
    c.wait_event("STOP")
    st = c.ok("query-status")
    check(st["running"] is False and st["status"] == "paused",
          "not paused: %r" % st)
    r1 = c.ok("human-monitor-command", {"command-line": "info registers"})
    check("pc=" in r1 and "CPU#0" in r1, "info registers: %r" % r1[:200])
    time.sleep(1.0)
    r2 = c.ok("human-monitor-command", {"command-line": "info registers"})
    # The counter reads the host's clock even while paused, as in KVM.
    strip = lambda r: re.sub(r"counter=\w+", "", r)
    check(strip(r1) == strip(r2), "registers changed while paused")
    c.ok("cont")
    c.wait_event("RESUME")
    time.sleep(0.2)
    r3 = c.ok("human-monitor-command", {"command-line": "info registers"})
    check(r3 != r1, "registers did not change after cont")
    # The clock resumes where it stopped (guest_clock.h): 100 MHz, 1 s
    # paused and 0.2 s running, so well under 0.9 s passed for the guest.
    t1, t3 = (int(re.search(r"counter=([0-9a-f]+)", r).group(1), 16)
              for r in (r1, r3))
    check(0 < t3 - t1 < 90000000,
          "the counter moved %d ticks across a 1 s pause" % (t3 - t1))
    check(c.ok("query-status")["running"] is True, "not running after cont")
    s2 = c.ok("query-stats", {"target": "vcpu"})
    check(exits(s2) > exits(s1), "exit counters did not grow")
    out = c.ok("human-monitor-command", {"command-line": "info status"})
    check("running" in out, "info status: %r" % out)

    c.ok("system_powerdown")
    c.wait_event("POWERDOWN")
    c.ok("system_reset")
    e = c.wait_event("RESET")
    check(e["data"]["guest"] is False, "RESET data %r" % e)

    fuzz(c)

    # quit: a reply, SHUTDOWN, then the server goes away.
    c.ok("quit")
    e = c.wait_event("SHUTDOWN")
    check(e["data"] == {"guest": False, "reason": "host-qmp-quit"},
          "SHUTDOWN data %r" % e)


def fuzz(c):
    """Malformed input: each gets an error (or is dropped), never a crash."""
    bad = [
        b"{\"execute\": }\n",
        b"[1, 2, 3]\n",
        b"\"just a string\"\n",
        b"42\n",
        b"{\"arguments\": {}}\n",
        b"{\"execute\": 5}\n",
        b"{\"execute\": \"stop\", \"arguments\": []}\n",
        b"{\"execute\": \"query-status\", \"bogus\": 1}\n",
        b"{\"execute\": \"human-monitor-command\", \"arguments\": "
        b"{\"command-line\": 7}}\n",
        b"{\"execute\": \"query-stats\", \"arguments\": {\"target\": []}}\n",
        b"{\"execute\": \"no-such-command\"}\n",
        b"{\"a\": 1, \"a\": 2}\n",
        b"{\"execute\": \"\\ud800\"}\n",
    ]
    for b in bad:
        c.send_raw(b)
        r = c.reply()
        check("error" in r, "no error for %r: %r" % (b, r))
    # Deep nesting, a huge string, garbage bytes, an unterminated object:
    # errors or silence, then the server must still answer.
    c.send_raw(b"[" * 5000 + b"\n")
    c.send_raw(b"{\"execute\": \"" + b"x" * (2 << 20) + b"\"}\n")
    c.send_raw(bytes(range(256)) + b"\n")
    c.send_raw(b"{\"execute\": \"query-status\"")
    c.send_raw(b"\x01\n")
    time.sleep(0.5)
    r = c.cmd("query-status", ident="after-fuzz")
    while r.get("id") != "after-fuzz":
        check("error" in r, "unexpected reply %r" % r)
        r = c.reply()
    check("return" in r, "server broken after fuzzing: %r" % r)


def main():
    try:
        session(sys.argv[1], int(sys.argv[2]))
    except (Fail, OSError, ValueError, KeyError) as e:
        print("qmp_client: FAIL:", e)
        return 1
    print("qmp_client: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
