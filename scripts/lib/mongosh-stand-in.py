#!/usr/bin/env python3
"""`mongosh` in the stand-in `mongo:7.0` image of scripts/test-compose (no MongoDB server or shell
is packaged for Debian; the server there is the MongoDB-wire server secantusd-rs).

Not a shell: it understands only the two `--eval` expressions docker-compose.yml's health check
and scripts/test-compose use, sends them as real wire-protocol commands (OP_MSG) to the server on
127.0.0.1:27017 (or `--host`/`--port`, before `--eval`) and answers as mongosh does:

    mongosh --quiet --eval "quit(db.adminCommand('ping').ok ? 0 : 1)"
    mongosh --quiet --eval "db.getSiblingDB('sss').products.countDocuments({_id: '123'})"

It is also the project's readiness probe of the test MongoDB-wire server (scripts/lib/services.sh,
bench/): `mongosh-stand-in.py --port N --eval "quit(db.adminCommand('ping').ok ? 0 : 1)"`.

Anything else exits 2 with a message saying so.

The expression is the one argument after `--eval`, as mongosh takes it; anything after it is
refused. Only under podman 4.3 (scripts/test-compose's fallback engine, which sets
MONGOSH_STAND_IN_JOIN_ARGS=1 in the image it builds for it) is it every argument after `--eval`,
joined by single spaces: podman 4.3's Docker-compatible API stores a health check's `CMD` list
as one string and splits it again at whitespace, so the compose file's one argument
`quit(db.adminCommand('ping').ok ? 0 : 1)` arrives as five. Docker passes it as one.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import sys

OP_MSG = 2013


def bson(doc: dict[str, object]) -> bytes:
    """A BSON document of strings, int32s and nested documents."""
    out = b""
    for key, value in doc.items():
        name = key.encode() + b"\0"
        if isinstance(value, str):
            raw = value.encode() + b"\0"
            out += b"\x02" + name + struct.pack("<i", len(raw)) + raw
        elif isinstance(value, bool):
            out += b"\x08" + name + (b"\x01" if value else b"\x00")
        elif isinstance(value, int):
            out += b"\x10" + name + struct.pack("<i", value)
        elif isinstance(value, dict):
            out += b"\x03" + name + bson(value)
        else:
            raise TypeError(f"unsupported BSON value {value!r}")
    return struct.pack("<i", len(out) + 5) + out + b"\0"


def top_level_numbers(doc: bytes) -> dict[str, float]:
    """The top-level numeric fields of a BSON document (other fields skipped)."""
    end = struct.unpack("<i", doc[:4])[0] - 1
    sizes = {1: 8, 7: 12, 8: 1, 9: 8, 10: 0, 16: 4, 17: 8, 18: 8, 19: 16}
    numbers: dict[str, float] = {}
    i = 4
    while i < end:
        kind = doc[i]
        j = doc.index(b"\0", i + 1)
        key = doc[i + 1 : j].decode()
        i = j + 1
        if kind == 1:
            numbers[key] = struct.unpack("<d", doc[i : i + 8])[0]
        elif kind == 16:
            numbers[key] = float(struct.unpack("<i", doc[i : i + 4])[0])
        elif kind == 18:
            numbers[key] = float(struct.unpack("<q", doc[i : i + 8])[0])
        if kind in (2, 13, 14):
            i += 4 + struct.unpack("<i", doc[i : i + 4])[0]
        elif kind in (3, 4):
            i += struct.unpack("<i", doc[i : i + 4])[0]
        elif kind == 5:
            i += 5 + struct.unpack("<i", doc[i : i + 4])[0]
        elif kind in sizes:
            i += sizes[kind]
        else:
            break
    return numbers


def recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


def run_command(command: dict[str, object], address: tuple[str, int]) -> dict[str, float]:
    body = struct.pack("<I", 0) + b"\0" + bson(command)
    header = struct.pack("<iiii", 16 + len(body), 1, 0, OP_MSG)
    with socket.create_connection(address, timeout=4) as sock:
        sock.sendall(header + body)
        length = struct.unpack("<i", recv_exact(sock, 4))[0]
        reply = recv_exact(sock, length - 4)
    # header rest (12 bytes), flag bits (4), section kind 0 (1), then the document.
    return top_level_numbers(reply[17:])


def option(args: list[str], name: str, default: str) -> str:
    """The value after `name` in `args`, or `default`."""
    return args[args.index(name) + 1] if name in args[:-1] else default


def main(argv: list[str]) -> int:
    at = argv.index("--eval") if "--eval" in argv[:-1] else len(argv)
    rest = argv[at + 1 :]
    if len(rest) > 1 and os.environ.get("MONGOSH_STAND_IN_JOIN_ARGS") != "1":
        print(f"stand-in mongosh: --eval takes one argument, got {len(rest)}: {rest!r}", file=sys.stderr)
        return 2
    expr = " ".join(rest)
    try:
        address = (option(argv[:at], "--host", "127.0.0.1"), int(option(argv[:at], "--port", "27017")))
    except ValueError:
        print("stand-in mongosh: --port takes a number", file=sys.stderr)
        return 2
    if re.fullmatch(r"\s*quit\(db\.adminCommand\('ping'\)\.ok \? 0 : 1\)\s*", expr):
        try:
            ok = run_command({"ping": 1, "$db": "admin"}, address).get("ok")
        except (OSError, ValueError, struct.error, IndexError) as e:
            print(f"MongoServerSelectionError: {e}", file=sys.stderr)
            return 1
        return 0 if ok == 1 else 1
    m = re.fullmatch(
        r"\s*db\.getSiblingDB\('(\w+)'\)\.(\w+)\.countDocuments\(\{\s*_id:\s*'([^'\\]*)'\s*\}\)\s*",
        expr,
    )
    if m:
        db, coll, wanted = m.groups()
        reply = run_command({"count": coll, "query": {"_id": wanted}, "$db": db}, address)
        if reply.get("ok") != 1 or "n" not in reply:
            print(f"count failed: {reply}", file=sys.stderr)
            return 1
        print(int(reply["n"]))
        return 0
    print(f"stand-in mongosh: unsupported --eval {expr!r} (see {argv[0]})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
