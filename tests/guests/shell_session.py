#!/usr/bin/env python3
"""Drives a busybox guest's console as a person would, for the issue 9
tests: starts loongvm (the arguments after --), waits for the guest's
ready line and its shell prompt, types one command line on stdin, and
waits for loongvm to exit. Then checks the output: uname names Linux
6.12 on loongarch64, /proc/cpuinfo the LA464's model, ls / the usual
directories, and poweroff ended loongvm with status 0.
Usage: shell_session.py TIMEOUT -- loongvm ARGS..."""
import os
import re
import select
import subprocess
import sys
import time

COMMANDS = b"uname -a; cat /proc/cpuinfo; ls /; poweroff\r"


def read_until(proc, out, pattern, deadline):
    """Reads proc's output into out until pattern matches; True if so."""
    fd = proc.stdout.fileno()
    while time.time() < deadline:
        if re.search(pattern, out.decode("utf-8", "replace")):
            return True
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                return bool(re.search(pattern,
                                      out.decode("utf-8", "replace")))
            out += chunk
    return False


def main():
    timeout = float(sys.argv[1])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    deadline = time.time() + timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = bytearray()
    problems = []
    if not read_until(proc, out, r"type poweroff to stop[\s\S]*# ",
                      deadline):
        problems.append("no shell prompt")
    else:
        proc.stdin.write(COMMANDS)
        proc.stdin.flush()
        read_until(proc, out, r"\Z\A", deadline)  # until exit or timeout
    try:
        rc = proc.wait(max(1, deadline - time.time()))
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
        problems.append("loongvm did not exit after poweroff")
    text = out.decode("utf-8", "replace").replace("\r", "")
    # busybox ls colours its output on a terminal: drop the escapes
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    sys.stdout.write(text)
    checks = [
        (r"(?m)^Linux \S+ 6\.12\.\S+ .* loongarch64 GNU/Linux$",
         "uname -a"),
        (r"Model Name\s+: Loongson-3A5000", "the LA464 model in cpuinfo"),
        (r"reboot: Power down", "poweroff"),
    ]
    for pattern, what in checks:
        if not re.search(pattern, text):
            problems.append("output lacks " + what)
    # ls / comes after cpuinfo, whose last CPU ends the model lines
    listing = text[text.rfind("Model Name"):]
    for name in ("bin", "dev", "proc", "sys"):
        if not re.search(r"(^|\s)%s(\s|$)" % name, listing, re.M):
            problems.append("ls / lacks " + name)
    if rc != 0:
        problems.append("loongvm exited with %d" % rc)
    if problems:
        print("\nshell_session: FAIL: " + "; ".join(problems))
        return 1
    print("\nshell_session: the busybox shell ran the commands")
    return 0


if __name__ == "__main__":
    sys.exit(main())
