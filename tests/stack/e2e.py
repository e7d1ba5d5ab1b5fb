#!/usr/bin/env python3
"""End-to-end tests of the local stack (scripts/stack), always through its nginx port.

Starts a stack of its own under .run/e2e-<pid>/ (SSS_DAEMON_BIN picks the binary, else
scripts/stack builds the release one), runs every test, stops the stack and checks that no process
it started is left. Only the Python standard library; every wait and every load is bounded in
requests and in time; only processes of this stack are killed, through `scripts/stack kill`.

    python3 tests/stack/e2e.py [TEST_NAME...]      # all tests, or only these

Load: nginx limits each client address to 20 API requests a second (burst 40), as in production,
so the load comes from many simulated clients, each on its own loopback source address
(127.0.0.10, 127.0.0.11, ...) and paced under that rate.
"""

from __future__ import annotations

import collections
import hashlib
import http.client
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STACK = REPO / "scripts" / "stack"

CSP = (
    "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)

# Load shape: CLIENTS simulated clients at CLIENT_RATE requests a second each (under nginx's
# 20 r/s per client), so about 380 requests a second in all.
CLIENTS = 32
CLIENT_RATE = 12.0
LOAD_SOURCE_BASE = 10  # 127.0.0.10 ... 127.0.0.41
RATE_LIMIT_SOURCE = "127.0.0.250"
PROBE_SOURCE = "127.0.0.1"


class TestFailure(Exception):
    pass


def check(cond: bool, message: str) -> None:
    if not cond:
        raise TestFailure(message)


# --- HTTP -------------------------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)


class Client:
    """One keep-alive HTTP/1.1 connection from a chosen loopback source address."""

    def __init__(self, port: int, source: str = PROBE_SOURCE, timeout: float = 20.0):
        self.conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
        )

    def request(self, path: str, method: str = "GET", headers: dict[str, str] | None = None,
                body: bytes | None = None) -> Response:
        self.conn.request(method, path, body=body, headers=headers or {})
        r = self.conn.getresponse()
        data = r.read()
        hdrs: dict[str, str] = {}
        for k, v in r.getheaders():
            k = k.lower()
            hdrs[k] = f"{hdrs[k]}, {v}" if k in hdrs else v
        if r.getheader("connection", "").lower() == "close":
            self.conn.close()
        return Response(r.status, hdrs, data)

    def close(self) -> None:
        self.conn.close()


def get(port: int, path: str, source: str = PROBE_SOURCE, **kw) -> Response:
    c = Client(port, source)
    try:
        return c.request(path, **kw)
    finally:
        c.close()


def raw_request(port: int, raw: bytes) -> int:
    """Sends raw request bytes (a path no client library would send as is); returns the status."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1])


def wait_for(desc: str, secs: float, fn) -> None:
    """Calls fn() every 0.2 s until it is true, at most secs seconds."""
    deadline = time.monotonic() + secs
    last = None
    while time.monotonic() < deadline:
        try:
            if fn():
                return
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last = e
        time.sleep(0.2)
    raise TestFailure(f"{desc}: not true after {secs:.0f}s (last error: {last!r})")


def http_ready(port: int, path: str = "/readyz") -> bool:
    try:
        return get(port, path).status == 200
    except OSError:
        return False


# --- load -------------------------------------------------------------------------------------


class Load:
    """A bounded GET load over `paths` from CLIENTS clients, run in background threads."""

    def __init__(self, port: int, paths: list[str], total: int, limit_secs: float = 60.0):
        self.port = port
        self.paths = paths
        self.total = total
        self.limit_secs = limit_secs
        self.lock = threading.Lock()
        self.done = 0
        self.by_status: collections.Counter = collections.Counter()
        self.by_cache: collections.Counter = collections.Counter()
        self.errors: list[str] = []
        self.threads: list[threading.Thread] = []
        self.started = 0.0
        self.elapsed = 0.0

    def start(self) -> "Load":
        self.started = time.monotonic()
        for i in range(CLIENTS):
            n = self.total // CLIENTS + (1 if i < self.total % CLIENTS else 0)
            t = threading.Thread(target=self._client, args=(i, n), daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def _client(self, i: int, n: int) -> None:
        source = f"127.0.0.{LOAD_SOURCE_BASE + i}"
        client = Client(self.port, source, timeout=30)
        start = time.monotonic()
        deadline = self.started + self.limit_secs
        for j in range(n):
            due = start + j / CLIENT_RATE
            now = time.monotonic()
            if now > deadline:
                with self.lock:
                    self.errors.append(f"{source}: load time limit reached")
                break
            if due > now:
                time.sleep(due - now)
            path = self.paths[(i + j * CLIENTS) % len(self.paths)]
            try:
                r = client.request(path)
                with self.lock:
                    self.by_status[r.status] += 1
                    self.by_cache[r.header("x-cache") or "-"] += 1
                    if r.status != 200 and len(self.errors) < 20:
                        self.errors.append(f"{path}: {r.status} {r.body[:200]!r}")
            except (OSError, http.client.HTTPException) as e:
                with self.lock:
                    self.by_status["connection error"] += 1
                    if len(self.errors) < 20:
                        self.errors.append(f"{path}: {e!r}")
                client.close()
                client = Client(self.port, source, timeout=30)
            finally:
                with self.lock:
                    self.done += 1
        client.close()

    def wait_done(self, count: int, secs: float = 30.0) -> None:
        wait_for(f"{count} requests of the load done", secs, lambda: self.done >= count)

    def join(self) -> "Load":
        for t in self.threads:
            t.join(self.limit_secs + 35)
        self.elapsed = time.monotonic() - self.started
        return self

    def summary(self) -> str:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.by_status.items(), key=str))
        caches = ", ".join(f"{k}: {v}" for k, v in sorted(self.by_cache.items()))
        return (f"{self.done} requests in {self.elapsed:.1f}s "
                f"({self.done / max(self.elapsed, 0.001):.0f}/s); status {statuses}; X-Cache {caches}")

    def count(self, pred) -> int:
        return sum(v for k, v in self.by_status.items() if pred(k))


# --- the stack --------------------------------------------------------------------------------


class Stack:
    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.env: dict[str, str] = {}
        self.pids_seen: set[int] = set()

    def cmd(self, *args: str, timeout: float = 120) -> str:
        env = dict(os.environ, SSS_STACK_DIR=str(self.run_dir))
        p = subprocess.run([str(STACK), *args], env=env, capture_output=True, text=True,
                           timeout=timeout)
        if p.returncode != 0:
            raise TestFailure(f"scripts/stack {' '.join(args)} failed ({p.returncode}):\n"
                              f"{p.stdout[-2000:]}\n{p.stderr[-3000:]}")
        return p.stdout

    def load_env(self) -> None:
        env = {}
        for line in (self.run_dir / "env").read_text().splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                env[k] = shlex.split(v)[0] if v else ""
        self.env = env
        for k, v in env.items():
            if k.endswith("_PID") and v.isdigit():
                self.pids_seen.add(int(v))

    def up(self) -> str:
        out = self.cmd("up", timeout=1500)
        self.load_env()
        return out

    def port(self, name: str) -> int:
        return int(self.env[f"SSS_STACK_{name.upper().replace('-', '_')}_PORT"])

    @property
    def nginx(self) -> int:
        return self.port("nginx")

    def kill(self, name: str) -> None:
        self.cmd("kill", name)
        self.load_env()

    def start(self, name: str) -> None:
        self.cmd("start", name)
        self.load_env()

    def running(self, name: str) -> bool:
        pid = self.env.get(f"SSS_STACK_{name.upper().replace('-', '_')}_PID", "")
        return pid.isdigit() and pid_alive(int(pid))

    def ensure_all_running(self) -> None:
        for name in ["redis", "mongodb", "catalog", "poller", "api-1", "api-2", "nginx"]:
            if not self.running(name):
                self.start(name)

    def redis(self, *args: str) -> bytes:
        p = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port("redis")), *args],
                           capture_output=True, timeout=10)
        if p.returncode != 0:
            raise TestFailure(f"redis-cli {' '.join(args)}: {p.stderr!r}")
        return p.stdout

    def query_keys(self) -> set[str]:
        return set(self.redis("--scan", "--pattern", "sss:v1:q:*").decode().split())

    def in_redis(self, key: str) -> bytes | None:
        """The value of `key`, or None."""
        if self.redis("EXISTS", key).strip() != b"1":
            return None
        return self.redis("--raw", "GET", key)

    def wait_services_ready(self, secs: float = 30) -> None:
        for name in ["poller", "api-1", "api-2"]:
            port = self.port(name)
            wait_for(f"{name} /readyz", secs, lambda port=port: http_ready(port))

    def access_log(self) -> list[dict]:
        path = self.run_dir / "nginx" / "logs" / "access.log"
        out = []
        for line in path.read_text(errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
        return out


def pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return False


# --- fixtures ---------------------------------------------------------------------------------


class Ctx:
    def __init__(self, stack: Stack):
        self.stack = stack
        self.cached_paths: list[str] = []
        self.fresh = 30  # limit values for never-seen queries: each test's new search is unique

    def new_query(self) -> str:
        self.fresh += 1
        return f"/api/v1/products?cat=dresses&limit={self.fresh}"

    def warm(self) -> None:
        """Makes sure every cached path is in Redis (and so in MongoDB)."""
        port = self.stack.nginx
        if not self.cached_paths:
            cats = get(port, "/api/v1/categories").json()["categories"]
            picks = [c["id"] for c in cats if c.get("productCount", 0) >= 40][:6]
            check(len(picks) >= 3, f"too few categories with products: {picks}")
            self.cached_paths = (
                [f"/api/v1/products?cat={c}" for c in picks]
                + [f"/api/v1/products?cat={picks[0]}&sort=price-asc",
                   f"/api/v1/products?cat={picks[0]}&offset=20",
                   "/api/v1/products?fts=blue",
                   "/api/v1/products?fts=black&sort=newest"]
            )
        keys: dict[str, str] = {}

        def all_in_redis() -> bool:
            # A page an api still holds in its 2 s L1 is not asked of Redis: ask again until
            # every page is there. One source address per path keeps under the rate limit.
            for i, path in enumerate(self.cached_paths):
                if path in keys and self.stack.in_redis(keys[path]) is not None:
                    continue
                r = get(port, path, source=f"127.0.0.{100 + i}")
                check(r.status == 200, f"warming {path}: {r.status} {r.body[:300]!r}")
                keys[path] = cache_key(r)
            return all(self.stack.in_redis(k) is not None for k in keys.values())

        wait_for("every cached search in Redis", 15, all_in_redis)

    def lands_in_redis(self, label: str, attempts_secs: float = 30) -> str:
        """A never-seen search answers 200 (retried for a bounded time while the stack
        recovers) and its page is then in Redis."""
        port = self.stack.nginx
        path = self.new_query()
        holder: dict[str, Response] = {}

        def ok() -> bool:
            r = get(port, path)
            holder["r"] = r
            return r.status == 200

        try:
            wait_for(f"{label}: a new search {path}", attempts_secs, ok)
        except TestFailure as e:
            last = holder.get("r")
            raise TestFailure(f"{e}; last answer {last.status if last else '-'} "
                              f"{last.body[:300] if last else b''!r}") from None
        r = holder["r"]
        key = cache_key(r)
        value = self.stack.in_redis(key)
        check(value is not None, f"{label}: {path} answered but {key} is not in Redis")
        first_id = str(r.json()["products"][0]["id"]).encode()
        check(first_id in page_json(value), f"{label}: {key} does not hold product {first_id!r}")
        return f"new search {r.header('x-cache')}, in Redis"


def page_json(value: bytes) -> bytes:
    """The JSON in a page's Redis value (ARCHITECTURE.md, "How a page is stored and answered"):
    a 37-byte header starting `SSS2`, then a gzip member left open (no trailer), which zlib
    inflates as far as it goes."""
    value = value.removesuffix(b"\n")  # redis-cli --raw ends its output with a newline
    check(value[:4] == b"SSS2", f"a page value starts {value[:4]!r}, not SSS2")
    check(value[37:39] == b"\x1f\x8b", "a page value does not hold a gzip member after its header")
    return zlib.decompressobj(wbits=31).decompress(value[37:])


def cache_key(r: Response) -> str:
    """The Redis key of a search answer: `sss:v1:q:` + sha256 of its normalised query's JSON
    (README.md and ARCHITECTURE.md; the answer's `query` is that normalised query)."""
    query = r.json()["query"]
    query.pop("match", None)  # how the text matched: said in the echo, not part of the query
    text = json.dumps(query, separators=(",", ":"), ensure_ascii=False)
    return "sss:v1:q:" + hashlib.sha256(text.encode()).hexdigest()


# --- tests ------------------------------------------------------------------------------------


def test_status(ctx: Ctx) -> str:
    out = ctx.stack.cmd("status")
    lines = [ln for ln in out.splitlines() if "127.0.0.1:" in ln and "PID" in ln]
    check(len(lines) == 7 and all(" ready " in ln for ln in lines), f"status:\n{out}")
    check(out.strip().splitlines()[-1].startswith("SSS_URL=http://127.0.0.1:"), out)
    return "7 processes ready"


def test_page(ctx: Ctx) -> str:
    r = get(ctx.stack.nginx, "/")
    check(r.status == 200, f"/ answered {r.status}")
    check((r.header("content-type") or "").startswith("text/html"), f"type {r.header('content-type')}")
    check(r.header("content-security-policy") == CSP, f"CSP {r.header('content-security-policy')!r}")
    check(r.header("x-content-type-options") == "nosniff", "no X-Content-Type-Options: nosniff")
    check(bool(r.header("referrer-policy")), "no Referrer-Policy")
    check("no-cache" in (r.header("cache-control") or ""), f"page Cache-Control {r.header('cache-control')}")
    check(b"<html" in r.body.lower(), "the body is not an HTML page")
    check(bool(r.header("x-request-id")), "no X-Request-Id on the page")
    return f"{len(r.body)} bytes of HTML with CSP"


def test_search_miss_then_hit(ctx: Ctx) -> str:
    port = ctx.stack.nginx
    path = "/api/v1/products?cat=dresses"
    first = get(port, path, headers={"X-Request-Id": "e2e-first-search"})
    check(first.status == 200, f"first: {first.status} {first.body[:300]!r}")
    check(first.header("x-cache") == "MISS", f"first X-Cache {first.header('x-cache')}")
    check(first.header("x-request-id") == "e2e-first-search",
          f"X-Request-Id not passed through: {first.header('x-request-id')}")
    page = first.json()
    check(page["total"] > 0 and len(page["products"]) > 0, "no products for cat=dresses")
    second = get(port, path)
    check(second.status == 200, f"second: {second.status}")
    check(second.header("x-cache") == "HIT", f"second X-Cache {second.header('x-cache')}")
    check((second.header("cache-control") or "").startswith("public, max-age="),
          f"Cache-Control {second.header('cache-control')}")
    check(second.header("age") is not None and second.header("etag") is not None, "no Age or ETag")
    rid = second.header("x-request-id") or ""
    check(len(rid) == 32, f"nginx did not generate a request id: {rid!r}")
    check(second.json()["products"] == page["products"], "the HIT differs from the MISS")
    # The access log is JSON with the request id, upstream timing and the cache status.
    wait_for("access log lines", 5, lambda: any(
        e.get("request_id") == rid for e in ctx.stack.access_log()))
    entry = next(e for e in ctx.stack.access_log() if e.get("request_id") == rid)
    check(entry["cache"] == "HIT" and entry["status"] == 200, f"access log entry {entry}")
    check(entry["upstream_response_time"] not in ("", "-"), f"no upstream time: {entry}")
    return f"MISS then HIT, {page['total']} dresses; access log {entry['upstream_response_time']}s upstream"


def test_gzip_and_conditional(ctx: Ctx) -> str:
    """A browser's search through nginx is the api's compressed page, passed through untouched:
    it decodes to the JSON a plain client gets; each form has its own ETag and 304; Redis keeps
    the page compressed."""
    port = ctx.stack.nginx
    path = "/api/v1/products?cat=dresses&limit=50"
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    r = get(port, path, headers=browser)
    r = get(port, path, headers=browser)  # a HIT, whatever the first was
    check(r.status == 200 and r.header("content-encoding") == "gzip",
          f"{r.status}, Content-Encoding {r.header('content-encoding')}")
    check(r.header("x-cache") == "HIT", f"X-Cache {r.header('x-cache')}")
    check("accept-encoding" in (r.header("vary") or "").lower(), f"Vary {r.header('vary')!r}")
    check(r.header("content-length") == str(len(r.body)),
          f"Content-Length {r.header('content-length')} for {len(r.body)} bytes")
    plain = get(port, path)
    check(plain.header("content-encoding") is None,
          f"a plain client got Content-Encoding {plain.header('content-encoding')}")
    decoded = json.loads(zlib.decompress(r.body, wbits=31))
    identity = plain.json()
    for page in (decoded, identity):
        page.pop("cache")
    check(decoded == identity, "the gzip page does not decode to the identity JSON")

    etag, plain_etag = r.header("etag"), plain.header("etag")
    check(bool(etag) and bool(plain_etag) and etag != plain_etag,
          f"ETags gzip {etag!r}, identity {plain_etag!r}: each form needs its own")
    again = get(port, path, headers={**browser, "If-None-Match": etag})
    check(again.status == 304, f"If-None-Match {etag} answered {again.status}, not 304")
    again = get(port, path, headers={"If-None-Match": plain_etag})
    check(again.status == 304, f"If-None-Match {plain_etag} answered {again.status}, not 304")
    crossed = get(port, path, headers={**browser, "If-None-Match": plain_etag})
    check(crossed.status == 200, f"the identity ETag validated the gzip form: {crossed.status}")

    value = ctx.stack.in_redis(cache_key(plain))
    check(value is not None, "the page is not in Redis")
    check(json.loads(page_json(value) + b"}")["products"] == identity["products"],
          "the Redis value does not hold the page")
    return (f"gzip {len(r.body)} B for {len(plain.body)} B of JSON; Redis {len(value)} B; "
            f"ETags {etag} / {plain_etag} -> 304 each")


def test_not_public(ctx: Ctx) -> str:
    port = ctx.stack.nginx
    seen = []
    for method, path in [("POST", "/internal/v1/fetch"), ("GET", "/internal/v1/fetch"),
                         ("GET", "/internal/v1/categories"), ("GET", "/metrics"),
                         ("GET", "/api/metrics"), ("GET", "/api/internal/v1/fetch"),
                         ("GET", "/readyz")]:
        r = get(port, path, method=method, body=b"{}" if method == "POST" else None,
                headers={"Content-Type": "application/json"} if method == "POST" else None)
        check(r.status in (403, 404), f"{method} {path} answered {r.status}")
        check(b"sss_" not in r.body and b"# TYPE" not in r.body, f"{path} leaked metrics")
        seen.append(r.status)
    # Paths that resolve to /internal/ or /metrics only after normalisation.
    for raw in [b"/api/../internal/v1/fetch", b"/api/v1/../../metrics", b"/api/%2e%2e/metrics"]:
        status = raw_request(port, b"GET " + raw + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status in (400, 403, 404), f"GET {raw.decode()} answered {status}")
        seen.append(status)
    # The API only reads.
    r = get(port, "/api/v1/products?cat=dresses", method="POST", body=b"x")
    check(r.status == 405 and r.json()["error"]["code"] == "method_not_allowed",
          f"POST /api/ answered {r.status} {r.body[:200]!r}")
    return f"refused: {sorted(set(seen))}; POST /api/ 405"


def test_rate_limit(ctx: Ctx) -> str:
    port = ctx.stack.nginx
    path = "/api/v1/products?cat=dresses"
    client = Client(port, RATE_LIMIT_SOURCE)
    counts: collections.Counter = collections.Counter()
    limited = None
    deadline = time.monotonic() + 20
    try:
        for _ in range(150):  # far above the burst of 40, sent as fast as one client can
            if time.monotonic() > deadline:
                break
            r = client.request(path)
            counts[r.status] += 1
            if r.status == 429 and limited is None:
                limited = r
    finally:
        client.close()
    check(limited is not None, f"no 429 in 150 fast requests: {dict(counts)}")
    check(counts[200] >= 40, f"fewer than the burst of 40 went through: {dict(counts)}")
    check((limited.header("content-type") or "").startswith("application/json"),
          f"429 type {limited.header('content-type')}")
    err = limited.json()["error"]
    check(err["code"] == "rate_limited" and err["message"], f"429 body {limited.body!r}")
    # Per client: another address is not limited.
    other = get(port, path, source="127.0.0.251")
    check(other.status == 200, f"another client got {other.status}")
    return f"one client: {dict(counts)}; another client: 200"


def test_api_replica_killed_mid_load(ctx: Ctx) -> str:
    ctx.warm()
    stack = ctx.stack
    log_start = len(stack.access_log())
    load = Load(stack.nginx, ctx.cached_paths, total=2000).start()
    load.wait_done(500)
    stack.kill("api-1")
    load.join()
    bad = load.count(lambda s: s != 200)
    check(load.done == 2000, f"load incomplete: {load.summary()}")
    check(bad == 0, f"{bad} requests not 200 after killing api-1: {load.summary()}; {load.errors[:5]}")
    # nginx met the dead replica and passed those requests on (upstream_addr lists both).
    retried = sum(1 for e in stack.access_log()[log_start:] if "," in e.get("upstream_addr", ""))
    check(retried > 0, "no request was retried on the other replica: was api-1 killed mid-load?")
    stack.start("api-1")
    # Both replicas take requests again.
    before = len(stack.access_log())
    for _ in range(10):
        check(get(stack.nginx, ctx.cached_paths[0]).status == 200, "after the restart")
        time.sleep(0.05)
    wait_for("access log", 5, lambda: len(stack.access_log()) >= before + 10)
    upstreams = {e["upstream_addr"] for e in stack.access_log()[before:] if e.get("upstream_addr")}
    want = {f"127.0.0.1:{stack.port('api-1')}", f"127.0.0.1:{stack.port('api-2')}"}
    check(want <= upstreams, f"after the restart requests went to {upstreams}, not both of {want}")
    return f"{load.summary()}; {retried} passed on to api-2 by nginx; api-1 back in rotation"


def test_no_api_replica(ctx: Ctx) -> str:
    stack = ctx.stack
    stack.kill("api-1")
    stack.kill("api-2")
    r = get(stack.nginx, "/api/v1/products?cat=dresses")
    check(r.status == 503, f"with no api replica: {r.status}")
    check((r.header("content-type") or "").startswith("application/json")
          and r.json()["error"]["code"] == "unavailable", f"body {r.body[:200]!r}")
    check(bool(r.header("x-request-id")), "no X-Request-Id on nginx's own error")
    page = get(stack.nginx, "/")
    check(page.status == 200, f"the page without the api: {page.status}")
    stack.start("api-1")
    stack.start("api-2")
    r = get(stack.nginx, "/api/v1/products?cat=dresses")
    check(r.status == 200, f"after both replicas came back: {r.status}")
    return "503 JSON while no replica runs, the page still served; 200 when they are back"


def outage(ctx: Ctx, name: str, new_searches_answered: bool, after=None) -> str:
    """Kills NAME under a load of cached searches (0 5xx), starts it again on its port, and
    checks that a new search works and lands in Redis. New searches during the outage must be
    answered too when `new_searches_answered` (ARCHITECTURE.md, "One request": Redis or MongoDB down)."""
    ctx.warm()
    stack = ctx.stack
    load = Load(stack.nginx, ctx.cached_paths, total=2000).start()
    load.wait_done(300)
    stack.kill(name)
    during = collections.Counter()
    for _ in range(2):
        try:
            during[get(stack.nginx, ctx.new_query()).status] += 1
        except OSError as e:
            during[repr(e)] += 1
    load.join()
    check(load.done == 2000, f"load incomplete: {load.summary()}")
    fivexx = load.count(lambda s: not isinstance(s, int) or s >= 500)
    check(fivexx == 0, f"{fivexx} cached searches failed with {name} down: {load.summary()}; "
                       f"{load.errors[:5]}")
    if new_searches_answered:
        check(during == {200: 2}, f"new searches with {name} down answered {dict(during)}")
    stack.start(name)
    stack.wait_services_ready()
    landed = ctx.lands_in_redis(f"after {name} came back")
    extra = after() if after else ""
    return (f"{name} down: {load.summary()}; new searches meanwhile {dict(during)}; "
            f"back: {landed}{extra}")


def poller_metric(stack: Stack, line_start: str) -> float:
    text = get(stack.port("poller"), "/metrics").body.decode()
    for line in text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    raise TestFailure(f"poller /metrics has no {line_start}")


def catalog_requests(stack: Stack, endpoint: str) -> float:
    """The catalog's count of requests it served at `endpoint` (its own /metrics)."""
    text = get(stack.port("catalog"), "/metrics").body.decode()
    line_start = f'sss_catalog_requests_total{{endpoint="{endpoint}"}}'
    for line in text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    raise TestFailure(f"catalog /metrics has no {line_start}")


def test_facets_one_fill(ctx: Ctx) -> str:
    """Concurrent identical facet requests through nginx (spread over both api replicas) make
    exactly one upstream histogram call; the next one is a HIT, and a list is cached too."""
    port = ctx.stack.nginx
    path = "/api/v1/facets?cat=womens-clothes&fts=cotton&facets=brand,color,size"
    before = catalog_requests(ctx.stack, "histogram")
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda _: get(port, path), range(12)))
    statuses = collections.Counter(r.status for r in answers)
    check(statuses == {200: 12}, f"concurrent facet requests answered {dict(statuses)}")
    bodies = {json.dumps(r.json()["facets"], sort_keys=True) for r in answers}
    check(len(bodies) == 1, "concurrent facet requests got different counts")
    calls = catalog_requests(ctx.stack, "histogram") - before
    check(calls == 1, f"12 concurrent facet requests made {calls:.0f} histogram calls, not 1")
    again = get(port, path)
    check(again.header("x-cache") == "HIT", f"a repeat facet request: X-Cache {again.header('x-cache')}")
    first = get(port, "/api/v1/brands?q=ni")
    second = get(port, "/api/v1/brands?q=ni")
    check(first.status == 200 and second.header("x-cache") == "HIT",
          f"brands list: {first.status}, then X-Cache {second.header('x-cache')}")
    return f"12 concurrent: 1 histogram call, then HIT; {again.json()['total']} products counted"


def test_redis_outage(ctx: Ctx) -> str:
    return outage(ctx, "redis", new_searches_answered=True)


def test_mongodb_outage(ctx: Ctx) -> str:
    written = 'sss_store_writes_total{outcome="written"}'
    before = poller_metric(ctx.stack, written)

    def writes_landed() -> str:
        # The writes queued while MongoDB was down land once it is back; none is lost.
        def drained() -> bool:
            return (poller_metric(ctx.stack, "sss_write_queue_depth") == 0
                    and poller_metric(ctx.stack, written) >= before + 2)

        wait_for("the poller's queued MongoDB writes to land", 60, drained)
        for outcome in ("failed", "dropped"):
            n = poller_metric(ctx.stack, f'sss_store_writes_total{{outcome="{outcome}"}}')
            check(n == 0, f"{n:.0f} MongoDB writes {outcome}")
        return f"; queued writes landed ({poller_metric(ctx.stack, written) - before:.0f})"

    return outage(ctx, "mongodb", new_searches_answered=True, after=writes_landed)


def test_catalog_outage(ctx: Ctx) -> str:
    return outage(ctx, "catalog", new_searches_answered=False)


TESTS = [
    test_status,
    test_page,
    test_search_miss_then_hit,
    test_gzip_and_conditional,
    test_facets_one_fill,
    test_not_public,
    test_rate_limit,
    test_api_replica_killed_mid_load,
    test_no_api_replica,
    test_redis_outage,
    test_mongodb_outage,
    test_catalog_outage,
]


def sessions_left(pids: set[int]) -> list[str]:
    """Processes still alive among `pids` or in their sessions (each was a session leader)."""
    left = []
    for pid in pids:
        if pid_alive(pid):
            left.append(str(pid))
        p = subprocess.run(["pgrep", "-s", str(pid)], capture_output=True, text=True)
        left += [q for q in p.stdout.split() if pid_alive(int(q))]
    return sorted(set(left))


def main(argv: list[str]) -> int:
    wanted = set(argv)
    unknown = wanted - {t.__name__ for t in TESTS}
    if unknown:
        print(f"unknown tests: {sorted(unknown)}", file=sys.stderr)
        return 2
    run_dir = Path(os.environ.get("SSS_E2E_DIR", REPO / ".run" / f"e2e-{os.getpid()}"))
    stack = Stack(run_dir)
    # A TERM (say, the test runner's time limit) still stops the stack.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    passed = failed = 0
    started = time.monotonic()
    try:
        t0 = time.monotonic()
        try:
            print(stack.up().rstrip().splitlines()[-1], f"(stack up in {time.monotonic() - t0:.1f}s)",
                  flush=True)
        except (TestFailure, subprocess.TimeoutExpired) as e:
            print(f"FAIL stack up: {e}", flush=True)
            return 1
        ctx = Ctx(stack)
        for test in TESTS:
            if wanted and test.__name__ not in wanted:
                continue
            t0 = time.monotonic()
            try:
                stack.ensure_all_running()
                note = test(ctx)
                passed += 1
                print(f"ok   {test.__name__} ({time.monotonic() - t0:.1f}s): {note}", flush=True)
            except Exception as e:  # noqa: BLE001 - report and go on with the next test
                failed += 1
                print(f"FAIL {test.__name__} ({time.monotonic() - t0:.1f}s): "
                      f"{type(e).__name__}: {e}", flush=True)
    finally:
        t0 = time.monotonic()
        try:
            stack.cmd("down", timeout=300)
            left = sessions_left(stack.pids_seen)
            if left:
                failed += 1
                print(f"FAIL stack down: processes left: {left}", flush=True)
            else:
                passed += 1
                print(f"ok   stack down ({time.monotonic() - t0:.1f}s): "
                      f"none of {len(stack.pids_seen)} started processes left", flush=True)
        except (TestFailure, subprocess.TimeoutExpired) as e:
            failed += 1
            print(f"FAIL stack down: {e}", flush=True)
    print(f"stack logs: {run_dir}" if failed else f"took {time.monotonic() - started:.0f}s")
    if not failed:
        subprocess.run(["rm", "-rf", str(run_dir)], check=False)
    print(f"e2e: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
