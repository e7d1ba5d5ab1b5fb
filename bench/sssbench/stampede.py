"""A stampede: `n` identical cold requests, every connection opened first, then all sent at once.

Latency is from the common start to the end of each answer's body.
"""

from __future__ import annotations

import asyncio
import re
import time

from .stats import pct


async def _stampede(ports: list[int], path: str, n: int) -> dict:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode()
    connected = 0
    all_connected = asyncio.Event()
    go = asyncio.Event()
    t_go = 0.0

    async def one(port: int):
        nonlocal connected
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        connected += 1
        if connected == n:
            all_connected.set()
        await go.wait()
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        body = await reader.readexactly(int(m.group(1))) if m else await reader.read()
        done = time.perf_counter()
        xc = re.search(rb"(?i)\r\nx-cache: *(\w+)", head)
        writer.close()
        return (done - t_go) * 1000, status, (xc.group(1).decode() if xc else ""), len(body)

    tasks = [asyncio.create_task(one(ports[i % len(ports)])) for i in range(n)]
    await asyncio.wait_for(all_connected.wait(), 30)
    t_go = time.perf_counter()
    go.set()
    results = await asyncio.wait_for(asyncio.gather(*tasks), 60)
    lat = sorted(r[0] for r in results)
    statuses: dict[str, int] = {}
    caches: dict[str, int] = {}
    for r in results:
        statuses[str(r[1])] = statuses.get(str(r[1]), 0) + 1
        caches[r[2] or "-"] = caches.get(r[2] or "-", 0) + 1
    return {"n": n, "statuses": statuses, "x_cache": caches, "p50": pct(lat, 50),
            "p90": pct(lat, 90), "p99": pct(lat, 99), "max": lat[-1], "min": lat[0]}


def stampede(ports: list[int], path: str, n: int) -> dict:
    """`n` requests of `path`, spread over `ports` in turn: statuses, X-Cache, latencies (ms)."""
    return asyncio.run(_stampede(ports, path, n))
