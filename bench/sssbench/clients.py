"""Small clients over loopback: HTTP GET, one Redis command, and the readiness probes."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .log import BenchError
from .settings import REPO


def http_get(url: str, timeout: float = 5, headers: dict[str, str] | None = None):
    """(status, headers with lower-case names, body) of a GET; an HTTP error is an answer too."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 (loopback only)
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def http_ok(url: str) -> bool:
    return http_get(url, timeout=1)[0] == 200


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, str]:
    """A GET on a kept-alive connection: (milliseconds, status, X-Cache)."""
    t0 = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    r.read()
    return (time.perf_counter() - t0) * 1000, r.status, r.getheader("X-Cache", "")


def redis_cmd(port: int, *args: bytes | str, timeout: float = 2) -> bytes:
    """One Redis command over RESP; the raw reply."""
    parts = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        parts.append(f"${len(b)}\r\n".encode() + b + b"\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"".join(parts))
        data = b""
        while not data.endswith(b"\r\n") or (data.startswith(b"$") and data.count(b"\r\n") < 2):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


def redis_ready(port: int) -> bool:
    return redis_cmd(port, "PING", timeout=0.5).startswith(b"+PONG")


def mongo_ready(port: int) -> bool:
    probe = [sys.executable, str(REPO / "scripts/lib/mongosh-stand-in.py"), "--port", str(port),
             "--eval", "quit(db.adminCommand('ping').ok ? 0 : 1)"]
    return subprocess.run(probe, capture_output=True, timeout=5).returncode == 0


def catalog_products_calls(port: int) -> int:
    """How many product searches the catalog has answered (its /metrics counter)."""
    _, _, body = http_get(f"http://127.0.0.1:{port}/metrics")
    m = re.search(rb'sss_catalog_requests_total\{endpoint="products"\} (\d+)', body)
    if not m:
        raise BenchError("catalog /metrics has no products counter")
    return int(m.group(1))
