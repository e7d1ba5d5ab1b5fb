"""Percentiles, the mean of each target over the rounds, and the ratios between targets."""

from __future__ import annotations

import math
import statistics

# The ratios of req/s a run reports, each computed within a round and then averaged:
# name -> (numerator target, denominator target, label in the report).
IDENTITY_RATIOS = {
    "sss_nginx/proxy": ("sss_nginx", "proxy", "SSS via nginx / nginx proxy_pass ceiling"),
    "sss_nginx/static": ("sss_nginx", "static", "SSS via nginx / nginx static"),
    "sss_nginx/original": ("sss_nginx", "original", "SSS via nginx / original design"),
    "sss_api_l1/static": ("sss_api_l1", "static", "SSS api direct (L1) / nginx static"),
    "sss_api_l1/proxy": ("sss_api_l1", "proxy", "SSS api direct (L1) / nginx proxy_pass ceiling"),
    "sss_api_redis/static": ("sss_api_redis", "static",
                             "SSS api direct (Redis hits) / nginx static"),
    "sss_api_l1/original": ("sss_api_l1", "original", "SSS api direct (L1) / original design"),
    "proxy_cache/static": ("proxy_cache", "static", "nginx proxy_cache / nginx static"),
    "proxy/static": ("proxy", "static", "nginx proxy_pass / nginx static"),
    "sss_microcache/static": ("sss_microcache", "static",
                              "SSS via nginx + micro-cache / nginx static"),
    "sss_microcache/proxy": ("sss_microcache", "proxy",
                             "SSS via nginx + micro-cache / nginx proxy_pass ceiling"),
    "sss_microcache/original": ("sss_microcache", "original",
                                "SSS via nginx + micro-cache / original design"),
}

# The same for the loads asked as a browser asks (targets `<key>_gz`).
BROWSER_RATIOS = {
    "sss_nginx_gz/proxy_gz": ("sss_nginx_gz", "proxy_gz",
                              "SSS via nginx / nginx proxy_pass of the precompressed page"),
    "sss_nginx_gz/proxy_cache_gz": ("sss_nginx_gz", "proxy_cache_gz",
                                    "SSS via nginx / nginx proxy_cache + gzip on the fly"),
    "sss_nginx_gz/static_gz": ("sss_nginx_gz", "static_gz", "SSS via nginx / nginx gzip_static"),
    "sss_nginx_gz/original_gz": ("sss_nginx_gz", "original_gz",
                                 "SSS via nginx / original design (gzip by nginx)"),
    "sss_api_l1_gz/static_gz": ("sss_api_l1_gz", "static_gz",
                                "SSS api direct (L1) / nginx gzip_static"),
    "sss_api_l1_gz/proxy_gz": ("sss_api_l1_gz", "proxy_gz",
                               "SSS api direct (L1) / nginx proxy_pass of the precompressed page"),
    "proxy_gz/static_gz": ("proxy_gz", "static_gz",
                           "nginx proxy_pass (precompressed) / nginx gzip_static"),
    "proxy_cache_gz/static_gz": ("proxy_cache_gz", "static_gz",
                                 "nginx proxy_cache + gzip on the fly / nginx gzip_static"),
    "sss_microcache_gz/proxy_gz": (
        "sss_microcache_gz", "proxy_gz",
        "SSS via nginx + micro-cache / nginx proxy_pass (precompressed)"),
    "sss_nginx_gz/sss_nginx": ("sss_nginx_gz", "sss_nginx",
                               "SSS via nginx: browser / identity"),
}

# The facet counts' loads (and their `_gz` twins): reported in their own table beside their own
# ceiling, never in the page's tables.
FACET_KEYS = {"proxy_facets", "sss_facets"}

# The facet counts' ratios: SSS via nginx over nginx proxy_pass of the same bytes.
FACET_RATIOS = {
    "sss_facets/proxy_facets": ("sss_facets", "proxy_facets",
                                "SSS via nginx / nginx proxy_pass of the same facet counts"),
    "sss_facets_gz/proxy_facets_gz": (
        "sss_facets_gz", "proxy_facets_gz",
        "browser: SSS via nginx / nginx proxy_pass of the precompressed facet counts"),
}


def is_facet_target(key: str) -> bool:
    """Whether the target `key` is one of the facet counts' loads (identity or browser)."""
    return key.removesuffix("_gz") in FACET_KEYS


def pct(sorted_values: list[float], p: float) -> float:
    """The `p`th percentile of sorted values by nearest rank: the smallest value with at least
    p% of the values at or below it. NaN for none."""
    if not sorted_values:
        return float("nan")
    n = len(sorted_values)
    # Rounded first, so that float error in p * n cannot push an exact rank up by one.
    rank = math.ceil(round(p * n / 100, 9))
    return sorted_values[min(n, max(1, rank)) - 1]


def series_summary(values: list[float]) -> dict:
    """n, p50 (the median), p90, min and max of a series of latencies."""
    return {"n": len(values), "p50": statistics.median(values), "p90": pct(sorted(values), 90),
            "min": min(values), "max": max(values)}


def summarise(res: dict) -> dict:
    """Mean of each target over the rounds, and the ratios of each round.

    `targets`: per target key, req/s (mean and each round), latency percentiles in ms (mean of
    each round's, from wrk's microseconds), errors (summed) and the load average at each start.
    `ratios`: per ratio name, the mean, min and max over the rounds that loaded both targets."""
    keys = list(res["labels"])
    rounds = res["rounds"]
    summary = {}
    for k in keys:
        rs = [r[k] for r in rounds if k in r]
        if not rs:
            continue
        summary[k] = {
            "rps": statistics.mean(r["rps"] for r in rs),
            "rps_each": [r["rps"] for r in rs],
            **{p: statistics.mean(r[p] for r in rs) / 1000 for p in
               ("p50", "p75", "p90", "p99", "p999", "max")},
            "errors": sum(r["errors"] for r in rs),
            "load1": [r.get("load1", 0.0) for r in rs],
        }
    ratios = {}
    for name, (a, b, _) in {**IDENTITY_RATIOS, **BROWSER_RATIOS, **FACET_RATIOS}.items():
        each = [r[a]["rps"] / r[b]["rps"] for r in rounds if a in r and b in r]
        if each:
            ratios[name] = {"mean": statistics.mean(each), "min": min(each), "max": max(each)}
    return {"targets": summary, "ratios": ratios}
