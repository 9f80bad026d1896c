#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A hostile holder client for tests/cli/test-cli: speaks the holder protocol
raw, as any local user can, and reports what each step got.

usage: attacker.py SOCKET STEPS-JSON     (run under vfio-sva-fake, as the
attacking user; prints one JSON list with a result per step)

A step is one of:
  {"send": MSG, "fds": [SPEC...]}   send MSG on the connection, read the
        reply; SPEC is "mem:PID" (/proc/PID/mem, read-write), "group:N"
        (/dev/vfio/N, read-write) or "null" (/dev/null). A descriptor in
        the reply is kept as the container for "ioctl".
  {"ioctl": "bind"|"unbind", "pid": PID}   VFIO_IOMMU_(UN)BIND with
        VFIO_IOMMU_BIND_PID on the last container received
  {"reconnect": true}               drop the connection, open a new one
"$container" as a value in MSG is the last container id a reply named (1
before any). A socket that cannot be reached gives [{"connect_error": E}].
A descriptor that cannot be opened makes the step's result
{"open_error": errno-name}.
"""
import errno
import fcntl
import json
import os
import socket
import struct
import sys

VFIO_IOMMU_BIND = (ord(";") << 8) | (100 + 22)
VFIO_IOMMU_UNBIND = (ord(";") << 8) | (100 + 23)


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(10)
    s.connect(path)
    return s


def open_spec(spec):
    kind, _, arg = spec.partition(":")
    if kind == "mem":
        return os.open(f"/proc/{arg}/mem", os.O_RDWR | os.O_CLOEXEC)
    if kind == "group":
        return os.open(f"/dev/vfio/{arg}", os.O_RDWR | os.O_CLOEXEC)
    return os.open("/dev/null", os.O_RDWR | os.O_CLOEXEC)


def fill(msg, cid):
    """"$container" in a message: the last container id a reply named."""
    return {k: (cid if v == "$container" else v) for k, v in msg.items()}


def main():
    path, steps = sys.argv[1], json.loads(sys.argv[2])
    try:
        s = connect(path)
    except OSError as e:
        print(json.dumps([{"connect_error":
                           errno.errorcode.get(e.errno, e.errno)}]))
        return
    container, cid = -1, 1
    out = []
    for step in steps:
        if step.get("reconnect"):
            s.close()
            s = connect(path)
            out.append({"reconnected": True})
            continue
        if "ioctl" in step:
            req = VFIO_IOMMU_BIND if step["ioctl"] == "bind" else \
                VFIO_IOMMU_UNBIND
            buf = bytearray(struct.pack("=IIIIi", 20, 1, 1, 0, step["pid"]))
            try:
                fcntl.ioctl(container, req, buf)
                out.append({"ioctl": 0,
                            "pasid": struct.unpack_from("=I", buf, 12)[0]})
            except OSError as e:
                out.append({"ioctl": errno.errorcode.get(e.errno, e.errno)})
            continue
        fds = []
        try:
            for spec in step.get("fds", []):
                fds.append(open_spec(spec))
        except OSError as e:
            for fd in fds:
                os.close(fd)
            out.append({"open_error": errno.errorcode.get(e.errno, e.errno)})
            continue
        try:
            socket.send_fds(s, [json.dumps(fill(step["send"], cid))
                                .encode()], fds)
            msg, got, _, _ = socket.recv_fds(s, 65536, 4)
            reply = json.loads(msg) if msg else {"eof": True}
            cid = reply.get("container", cid)
        except (OSError, ValueError) as e:
            reply = {"error": str(e)}
            got = []
        for fd in fds:
            os.close(fd)
        for fd in got:
            if container >= 0:
                os.close(container)
            container = fd
        reply["got_fd"] = bool(got)
        out.append(reply)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
