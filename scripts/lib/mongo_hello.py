"""Exit 0 when a MongoDB-wire server answers `hello` with ok: 1 (no driver needed).

Usage: python3 mongo_hello.py HOST PORT
"""

from __future__ import annotations

import socket
import struct
import sys

OP_MSG = 2013


def command(name: str) -> bytes:
    """BSON for {name: 1, "$db": "admin"}."""
    db = b"admin\0"
    body = b"\x10" + name.encode() + b"\0" + struct.pack("<i", 1)
    body += b"\x02$db\0" + struct.pack("<i", len(db)) + db
    return struct.pack("<i", len(body) + 5) + body + b"\0"


def recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


def ok_field(doc: bytes) -> float | None:
    """The top-level `ok` value of a BSON document, if it is a number."""
    end = struct.unpack("<i", doc[:4])[0] - 1
    i = 4
    sizes = {1: 8, 7: 12, 8: 1, 9: 8, 10: 0, 16: 4, 17: 8, 18: 8, 19: 16}
    while i < end:
        kind = doc[i]
        j = doc.index(b"\0", i + 1)
        key = doc[i + 1 : j]
        i = j + 1
        if key == b"ok":
            if kind == 1:
                return struct.unpack("<d", doc[i : i + 8])[0]
            if kind == 16:
                return float(struct.unpack("<i", doc[i : i + 4])[0])
            return None
        if kind in (2, 13, 14):
            i += 4 + struct.unpack("<i", doc[i : i + 4])[0]
        elif kind in (3, 4):
            i += struct.unpack("<i", doc[i : i + 4])[0]
        elif kind == 5:
            i += 5 + struct.unpack("<i", doc[i : i + 4])[0]
        elif kind in sizes:
            i += sizes[kind]
        else:
            return None
    return None


def main() -> int:
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port), timeout=2) as sock:
        payload = struct.pack("<I", 0) + b"\0" + command("hello")
        sock.sendall(struct.pack("<iiii", 16 + len(payload), 1, 0, OP_MSG) + payload)
        length, _, _, opcode = struct.unpack("<iiii", recv_exact(sock, 16))
        reply = recv_exact(sock, length - 16)
    if opcode != OP_MSG or reply[4] != 0:
        return 1
    return 0 if ok_field(reply[5:]) == 1.0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError, struct.error, IndexError):
        sys.exit(1)
