"""The measurements of a run, phase by phase, into one dict of results (`Bench.results`).

go() runs them in order: start the stack, make the page ready, the rounds of hit loads (every
target with the same wrk settings, identity then as a browser asks), then, unless --only: the
Redis bytes of a cached page, C10K, cold misses, a stampede, 1-3 replicas, the Redis Cluster.

What `results` holds (markdown.py and svg.py read it; docs.py writes it as results.json):
  rounds        one dict a round: target key -> wrk's figures (wrk.parse_report) with the
                peak RSS (`rss_kb`) and CPU seconds (`cpu_secs`) of the processes it loads
                and the 1-minute load average at its start (`load1`)
                The facet counts are two of these targets (FACET_KEYS: SSS via nginx and their
                proxy_pass ceiling), loaded in the same rounds with the same settings
  labels, urls  target key -> its label in the report, the URL loaded
  facets_bytes, facets_gz_bytes: the size of the facet counts loaded, identity and gzip
  rss_kb        process name -> its highest peak RSS over every phase
  redis_page, c10k, misses, stampede, scale, cluster: one phase each (absent when skipped)
  started, load_before, load_after, ready_secs, argv, nginx_argv: for the report
cli.py adds the settings of the run and the machine.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import subprocess
import time

from .clients import catalog_products_calls, http_get, timed_get
from .log import BenchError, log
from .page import prepare_facets, prepare_page
from .sampling import Sampler, keep_peaks
from .settings import (BROWSER_AE, FACETS_QUERY, MEMORY_QUERY, MISS_CAT, PAGE_QUERY,
                       SHOPSTYLE_PID, SORTS)
from .stack import Stack
from .stampede import stampede
from .stats import FACET_KEYS, series_summary
from .wrk import wrk, wrk_c10k

# The upstream's sort parameter for each of the api's sorts (for the catalog asked directly).
UPSTREAM_SORT = {"relevance": "", "price-asc": "&sort=PriceLoHi", "price-desc": "&sort=PriceHiLo",
                 "newest": "&sort=Recency", "popular": "&sort=Popular"}


class Bench:
    def __init__(self, args) -> None:
        self.args = args
        self.stack = Stack(args)
        self.results: dict = {"targets": {}, "rounds": [], "rss_kb": {}, "cpu": {}}
        # Queries never asked before, one for each cold miss and stampede: (sort, offset).
        self.miss_keys = iter([(s, off) for off in range(50, 4951, 50) for s in SORTS])
        # The request headers of each load target (the browser's runs).
        self.target_headers: dict[str, dict[str, str]] = {}

    def go(self) -> None:
        """The whole run; the processes it started are left for the caller to stop."""
        stack = self.stack
        stack.prepare_dirs()
        stack.ensure_tools()
        stack.build()
        self.results["started"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.results["load_before"] = os.getloadavg()
        stack.start_backends()
        stack.start_original()
        stack.start_nginx()
        self.page_bytes, self.page_gz_bytes = prepare_page(stack)
        if self.loads_facets():
            self.results["facets_bytes"], self.results["facets_gz_bytes"] = prepare_facets(stack)
        self.run_rounds()
        if not self.args.only:
            self.measure_redis_page()
            if not self.args.no_c10k:
                self.measure_c10k()
            self.measure_misses()
            self.measure_stampede()
            if not self.args.no_scale:
                self.measure_scale()
            if not self.args.no_cluster:
                self.measure_cluster()
        self.results["load_after"] = os.getloadavg()
        self.results["ready_secs"] = dict(stack.procs.ready_secs)
        self.results["argv"] = dict(stack.procs.argv)
        self.results["nginx_argv"] = stack.nginx_argv

    # -- the hit loads

    def targets(self) -> list[tuple[str, str, str, list[str]]]:
        """Every load target: (key, label, URL, the processes whose RSS and CPU count)."""
        url = self.stack.url
        path = f"/api/v1/products?{PAGE_QUERY}"
        t = [
            ("static", "nginx static file (ceiling)", url("front", "/static/page.json"),
             ["nginx"]),
            ("proxy", "nginx proxy_pass, trivial upstream (ceiling)",
             url("front", "/proxy/page.json"), ["nginx"]),
            ("proxy_cache", "nginx proxy_cache hits", url("front", "/cached/page.json"),
             ["nginx"]),
            ("original", "original design via nginx (FastAPI+uvicorn x2+redis-py)",
             url("front", f"/original{path}"), ["nginx", "original", "redis"]),
            ("sss_nginx", "SSS via nginx, L1 hits (2 api)", url("nginx", path),
             ["nginx", "api-1", "api-2", "redis"]),
            ("sss_api_l1", "SSS api direct, L1 hits", url("api-direct", path),
             ["api-direct", "redis"]),
            ("sss_api_redis", "SSS api direct, Redis hits (L1 off)", url("api-nol1", path),
             ["api-nol1", "redis"]),
        ]
        if not self.args.no_microcache:
            t.append(("sss_microcache", "SSS via nginx + micro-cache (optional, 1 s)",
                      url("nginx", path), ["nginx", "api-1", "api-2"]))
        t += [
            ("proxy_facets", "nginx proxy_pass, trivial upstream, facet counts (ceiling)",
             url("front", "/proxy/facets.json"), ["nginx"]),
            ("sss_facets", "SSS via nginx, facet count hits (2 api)",
             url("nginx", f"/api/v1/facets?{FACETS_QUERY}"), ["nginx", "api-1", "api-2", "redis"]),
        ]
        t += self.browser_targets(t)
        if self.args.only:
            t = [x for x in t if x[0].removesuffix("_gz") in self.args.only]
        return t

    def browser_targets(self, identity: list) -> list:
        """Each target again as a browser asks: key `<key>_gz`, the same URL and processes."""
        labels = {
            "static": "nginx gzip_static, precompressed page (ceiling)",
            "proxy": "nginx proxy_pass, trivial upstream, precompressed page (ceiling)",
            "proxy_cache": "nginx proxy_cache hits + gzip on the fly (level 5)",
            "proxy_facets": "nginx proxy_pass, trivial upstream, precompressed facet counts "
                            "(ceiling)",
        }
        out = []
        for key, label, url, watch in identity:
            out.append((f"{key}_gz", labels.get(key, f"{label}, browser"), url, watch))
            self.target_headers[f"{key}_gz"] = {"Accept-Encoding": BROWSER_AE}
        return out

    def loads_facets(self) -> bool:
        """Whether this run loads the facet counts (always, unless --only leaves them out)."""
        return not self.args.only or bool(FACET_KEYS & set(self.args.only))

    def load(self, url: str, watch: list[str], headers: dict[str, str] | None = None) -> dict:
        """One wrk load of `url`, sampling the processes named in `watch`."""
        load1 = os.getloadavg()[0]
        sampler = Sampler({n: self.stack.procs.pid(n) for n in watch})
        sampler.start()
        try:
            r = wrk(url, self.args, headers)
        finally:
            sampler.finish()
        r["rss_kb"] = sampler.peak_kb
        r["cpu_secs"] = sampler.cpu_secs
        r["load1"] = load1
        keep_peaks(self.results["rss_kb"], sampler.peak_kb)
        self.stack.truncate_access_log()
        time.sleep(0.5)
        return r

    def run_rounds(self) -> None:
        """Every target once a round; odd rounds in reverse order, so that no target always
        comes first or last."""
        targets = self.targets()
        for rnd in range(self.args.rounds):
            order = targets if rnd % 2 == 0 else list(reversed(targets))
            this: dict[str, dict] = {}
            for key, label, url, watch in order:
                headers = self.target_headers.get(key)
                if key.startswith("sss_microcache"):
                    self.stack.reload_nginx(["api-1", "api-2"], microcache=True)
                    http_get(url, headers=headers)  # fills the micro-cache
                    try:
                        r = self.load(url, watch, headers)
                    finally:
                        self.stack.reload_nginx(["api-1", "api-2"])
                else:
                    r = self.load(url, watch, headers)
                this[key] = r
                log(f"round {rnd + 1}: {label}: {r['rps']:.0f} req/s, p50 {r['p50'] / 1000:.2f} "
                    f"ms, p99 {r['p99'] / 1000:.2f} ms, errors {r['errors']}")
            self.results["rounds"].append(this)
        self.results["labels"] = {k: label for k, label, _, _ in targets}
        self.results["urls"] = {k: url for k, _, url, _ in targets}

    # -- the phases after the rounds

    def sample_all(self) -> Sampler:
        """A sampler over every process started so far (for the miss and stampede phases)."""
        sampler = Sampler({n: p.pid for n, p in self.stack.procs.procs.items()})
        sampler.start()
        return sampler

    def keep_peaks(self, sampler: Sampler) -> None:
        sampler.finish()
        keep_peaks(self.results["rss_kb"], sampler.peak_kb)

    def measure_redis_page(self) -> None:
        """MEMORY USAGE of the cached MEMORY_QUERY page: the keys its first search added."""
        port = str(self.stack.ports["redis"])

        def redis_cli(*args: str, timeout: float = 10) -> str:
            return subprocess.run(["redis-cli", "-p", port, *args], capture_output=True,
                                  text=True, timeout=timeout, check=True).stdout

        def keys() -> set[str]:
            return set(redis_cli("--scan", "--pattern", "sss:*", timeout=30).split())

        before = keys()
        path = f"/api/v1/products?{MEMORY_QUERY}"
        status, _, body = http_get(self.stack.url("nginx", path), timeout=30)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
        sizes = {}
        for k in keys() - before:
            out = redis_cli("MEMORY", "USAGE", k).strip()
            if out.isdigit():
                sizes[k] = int(out)
        if not sizes:
            raise BenchError(f"no Redis key appeared for {path}")
        key = max(sizes, key=sizes.get)
        strlen = redis_cli("STRLEN", key).strip()
        self.results["redis_page"] = {"query": MEMORY_QUERY, "json_bytes": len(body),
                                      "memory_usage": sizes[key], "strlen": int(strlen or 0),
                                      "new_keys": len(sizes)}
        log(f"Redis: {MEMORY_QUERY} ({len(body)} bytes as JSON): MEMORY USAGE {sizes[key]} "
            f"bytes, value {strlen} bytes")

    def measure_c10k(self) -> None:
        """C10K_CONNECTIONS keep-alive connections through nginx, asked as a browser asks."""
        url = self.stack.url("nginx", f"/api/v1/products?{PAGE_QUERY}")
        error_log = self.stack.run_dir / "nginx/logs/error.log"
        before = error_log.read_text(errors="replace").count("worker_connections are not enough")
        sampler = Sampler({n: self.stack.procs.pid(n) for n in ("nginx", "api-1", "api-2")})
        sampler.start()
        try:
            r = wrk_c10k(url, {"Accept-Encoding": BROWSER_AE})
        finally:
            sampler.finish()
        self.stack.truncate_access_log()
        after = error_log.read_text(errors="replace").count("worker_connections are not enough")
        r["not_enough_logged"] = after - before
        r["rss_kb"] = sampler.peak_kb
        self.results["c10k"] = r
        log(f"C10K: {r['rps']:.0f} req/s, p99 {r['p99'] / 1000:.1f} ms, errors {r['errors']} "
            f"(read {r['read_errors']}, timeouts {r['timeouts']}, connect "
            f"{r['connect_errors']}), 'not enough' logged {r['not_enough_logged']}")
        time.sleep(2)  # the closed connections drain before the next phase

    def measure_misses(self) -> None:
        sampler = self.sample_all()
        try:
            self._measure_misses()
        finally:
            self.keep_peaks(sampler)

    def _measure_misses(self) -> None:
        """--misses sequential cold queries, each asked of the catalog directly and then (in
        turn) through nginx or straight to api-direct: what a miss adds over the upstream."""
        n = self.args.misses
        ports = self.stack.ports
        cat = http.client.HTTPConnection("127.0.0.1", ports["catalog"], timeout=10)
        via_nginx = http.client.HTTPConnection("127.0.0.1", ports["nginx"], timeout=40)
        direct = http.client.HTTPConnection("127.0.0.1", ports["api-direct"], timeout=40)
        series: dict[str, list[float]] = {"upstream": [], "nginx": [], "api": []}
        statuses: dict[str, int] = {}
        for i in range(n):
            sort, off = next(self.miss_keys)
            ms, st, _ = timed_get(cat, f"/api/v2/products?pid={SHOPSTYLE_PID}&cat={MISS_CAT}"
                                       f"&offset={off}&limit=50{UPSTREAM_SORT[sort]}")
            series["upstream"].append(ms)
            conn, which = (via_nginx, "nginx") if i % 2 == 0 else (direct, "api")
            ms, st, xc = timed_get(conn, f"/api/v1/products?cat={MISS_CAT}&limit=50&offset={off}"
                                         f"&sort={sort}")
            statuses[f"{st} {xc}"] = statuses.get(f"{st} {xc}", 0) + 1
            series[which].append(ms)
        out = {k: series_summary(v) for k, v in series.items()}
        up = out["upstream"]["p50"]
        out["added_p50_nginx"] = out["nginx"]["p50"] - up
        out["added_p50_api"] = out["api"]["p50"] - up
        out["statuses"] = statuses
        self.results["misses"] = out
        log(f"misses: upstream p50 {up:.2f} ms; via nginx +{out['added_p50_nginx']:.2f} ms, "
            f"api direct +{out['added_p50_api']:.2f} ms ({statuses})")

    def one_stampede(self, ports: list[int], catalog: str, label: str) -> dict:
        """A stampede of --stampede requests of a new query over `ports`, and how many
        upstream calls the catalog named `catalog` counted for it."""
        sort, off = next(self.miss_keys)
        path = f"/api/v1/products?cat={MISS_CAT}&limit=50&offset={off}&sort={sort}"
        before = catalog_products_calls(self.stack.ports[catalog])
        sampler = self.sample_all()
        try:
            r = stampede(ports, path, self.args.stampede)
        finally:
            self.keep_peaks(sampler)
        time.sleep(0.3)
        r["upstream_calls"] = catalog_products_calls(self.stack.ports[catalog]) - before
        log(f"stampede {label}: {r['n']} requests, upstream calls {r['upstream_calls']}, "
            f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, statuses {r['statuses']}, "
            f"X-Cache {r['x_cache']}")
        return r

    def measure_stampede(self) -> None:
        ports = [self.stack.ports["api-1"], self.stack.ports["api-2"]]
        self.results["stampede"] = self.one_stampede(ports, "catalog", "across api-1 and api-2")

    def measure_scale(self) -> None:
        """Hits through nginx with 1, 2, 3, then 3, 2, 1 api replicas (two interleaved rounds),
        and a stampede through nginx for each count."""
        out: dict[str, dict] = {}
        replicas = ["api-1", "api-2", "api-3"]
        path = f"/api/v1/products?{PAGE_QUERY}"
        for n in (1, 2, 3, 3, 2, 1):
            self.stack.reload_nginx(replicas[:n])
            r = self.load(self.stack.url("nginx", path), ["nginx", *replicas[:n], "redis"])
            entry = out.setdefault(str(n), {"loads": []})
            entry["loads"].append(r)
            if "stampede" not in entry:
                entry["stampede"] = self.one_stampede([self.stack.ports["nginx"]], "catalog",
                                                      f"through nginx, {n} api")
            log(f"scale {n} api: {r['rps']:.0f} req/s, p99 {r['p99'] / 1000:.2f} ms")
        self.stack.reload_nginx(replicas[:2])
        self.results["scale"] = out

    def measure_cluster(self) -> None:
        """On a Redis Cluster: a miss then a hit, a load of Redis hits, a stampede."""
        names = self.stack.start_cluster()
        path = f"/api/v1/products?{PAGE_QUERY}"
        first = http_get(self.stack.url("api-c1", path), timeout=30)
        second = http_get(self.stack.url("api-c2", path), timeout=30)
        if first[0] != 200 or second[1].get("x-cache") != "HIT":
            raise BenchError(f"cluster: miss then hit failed: {first[0]} {second[1]}")
        r = self.load(self.stack.url("api-c1", path), ["api-c1", *names])
        log(f"cluster: Redis hits {r['rps']:.0f} req/s, p99 {r['p99'] / 1000:.2f} ms")
        s = self.one_stampede([self.stack.ports["api-c1"], self.stack.ports["api-c2"]], "catalog",
                              "on the Redis Cluster, across 2 api")
        self.results["cluster"] = {"load": r, "stampede": s, "nodes": len(names)}
