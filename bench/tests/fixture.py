"""A small, fixed run's results in the shape bench.Bench.results has after cli.py's additions:
two rounds of the hit loads, every later phase once. Figures are round numbers, so that what the
report and the chart must show can be worked out by hand."""

from __future__ import annotations

from types import SimpleNamespace

LABELS = {
    "static": "nginx static file (ceiling)",
    "proxy": "nginx proxy_pass, trivial upstream (ceiling)",
    "original": "original design via nginx (FastAPI+uvicorn x2+redis-py)",
    "sss_nginx": "SSS via nginx, L1 hits (2 api)",
    "sss_api_l1": "SSS api direct, L1 hits",
    "static_gz": "nginx gzip_static, precompressed page (ceiling)",
    "proxy_gz": "nginx proxy_pass, trivial upstream, precompressed page (ceiling)",
    "sss_nginx_gz": "SSS via nginx, L1 hits (2 api), browser",
    "proxy_facets": "nginx proxy_pass, trivial upstream, facet counts (ceiling)",
    "sss_facets": "SSS via nginx, facet count hits (2 api)",
    "proxy_facets_gz": "nginx proxy_pass, trivial upstream, precompressed facet counts (ceiling)",
    "sss_facets_gz": "SSS via nginx, facet count hits (2 api), browser",
}


def wrk_figures(rps: float, p50_ms: float, p99_ms: float, errors: int = 0, load1: float = 2.0,
                rss_kb: dict | None = None, cpu_secs: dict | None = None) -> dict:
    """What wrk.parse_report and Bench.load give for one 10 s load (latencies in microseconds)."""
    return {"requests": int(rps * 10), "duration_us": 10_000_000, "bytes": 0,
            "connect_errors": 0, "read_errors": errors, "write_errors": 0, "status_errors": 0,
            "timeouts": 0, "p50": p50_ms * 1000, "p75": p50_ms * 1500, "p90": p50_ms * 2000,
            "p99": p99_ms * 1000, "p999": p99_ms * 2000, "max": p99_ms * 3000,
            "mean": p50_ms * 1000, "rps": rps, "errors": errors, "load1": load1,
            "rss_kb": rss_kb or {}, "cpu_secs": cpu_secs or {}}


# req/s of each target in round 1 and round 2; p50 and p99 in ms (the same in both rounds).
RPS = {"static": (20_000, 30_000), "proxy": (10_000, 10_000), "original": (400, 600),
       "sss_nginx": (8_000, 12_000), "sss_api_l1": (20_000, 20_000),
       "static_gz": (40_000, 40_000), "proxy_gz": (10_000, 15_000),
       "sss_nginx_gz": (15_000, 15_000),
       "proxy_facets": (10_000, 20_000), "sss_facets": (8_000, 10_000),
       "proxy_facets_gz": (20_000, 10_000), "sss_facets_gz": (15_000, 5_000)}
LATENCY = {"static": (1, 10), "proxy": (2, 20), "original": (100, 500), "sss_nginx": (4, 40),
           "sss_api_l1": (1.5, 4), "static_gz": (1, 8), "proxy_gz": (3, 30),
           "sss_nginx_gz": (3, 4.5), "proxy_facets": (2, 20), "sss_facets": (3, 30),
           "proxy_facets_gz": (1, 10), "sss_facets_gz": (2, 4)}


def stampede(upstream_calls: int = 1) -> dict:
    return {"n": 100, "statuses": {"200": 100}, "x_cache": {"MISS": 100}, "p50": 60.0,
            "p90": 70.0, "p99": 80.0, "max": 90.0, "min": 55.0, "upstream_calls": upstream_calls}


def results() -> dict:
    rounds = [{k: wrk_figures(RPS[k][i], *LATENCY[k], load1=2.0 + i) for k in LABELS}
              for i in range(2)]
    return {
        "targets": {}, "rounds": rounds, "cpu": {},
        "rss_kb": {"nginx": 20_480, "api-1": 30_720, "redis": 10_240},
        "labels": dict(LABELS),
        "urls": {k: f"http://127.0.0.1:8080/{k}" for k in LABELS},
        "redis_page": {"query": "cat=dresses&limit=50", "json_bytes": 41_000,
                       "memory_usage": 9_000, "strlen": 6_000, "new_keys": 2},
        "c10k": {**wrk_figures(5_000, 200, 900, errors=3), "not_enough_logged": 0,
                 "rss_kb": {"nginx": 40_960}},
        "misses": {"upstream": {"n": 2, "p50": 50.0, "p90": 51.0, "min": 50.0, "max": 51.0},
                   "nginx": {"n": 1, "p50": 51.5, "p90": 51.5, "min": 51.5, "max": 51.5},
                   "api": {"n": 1, "p50": 53.0, "p90": 53.0, "min": 53.0, "max": 53.0},
                   "added_p50_nginx": 1.5, "added_p50_api": 3.0, "statuses": {"200 MISS": 2}},
        "stampede": stampede(),
        "scale": {"1": {"loads": [wrk_figures(9_000, 3, 30, cpu_secs={"nginx": 4.0, "api-1": 8.0,
                                                                       "redis": 1.0})] * 2,
                        "stampede": stampede(2)}},
        "cluster": {"load": wrk_figures(6_000, 10, 30), "stampede": stampede(), "nodes": 3},
        "started": "2026-12-01T17:00:00+00:00", "load_before": (1.0, 2.0, 3.0),
        "load_after": (4.0, 5.0, 6.0), "ready_secs": {"redis": 0.05, "api-1": 0.5},
        "argv": {"redis": ["redis-server", "--save", ""],
                 "api-1": ["SSS_LISTEN=127.0.0.1:1234", "/repo/target/release/sss-daemon", "api"]},
        "nginx_argv": [], "daemon_bin_env": "",
        "machine": {"cpu": "Test CPU", "cores": 2, "mem_gb": 4.0, "kernel": "6.0",
                    "nginx": "nginx version: nginx/1.22.1",
                    "redis": "Redis server v=7.0.15 sha=00000000:0",
                    "wrk": "wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer",
                    "python": "3.11.7", "rustc": "rustc 1.95.0", "commit": "abc1234"},
        "connections": 64, "threads": 2, "duration": 10, "rounds_n": 2, "page_bytes": 41_103,
        "stampede_n": 100, "elapsed_secs": 60.0, "page_gz_bytes": 6_042,
        "facets_bytes": 12_345, "facets_gz_bytes": 2_345,
    }


def args(argv: list[str] | None = None) -> SimpleNamespace:
    """The part of bench/run's parsed flags the report reads."""
    return SimpleNamespace(argv=argv or [])
