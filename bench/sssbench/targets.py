"""The performance targets, checked against a run's figures: (what, this run's value, met)."""

from __future__ import annotations

from .settings import C10K_CONNECTIONS


def targets_check(res: dict, summ: dict) -> list[tuple[str, str, bool | None]]:
    """Every target: the identity loads, misses, memory, stampedes, then browser_targets_check.

    `res` is the run's results, `summ` what stats.summarise made of them."""
    t, ra = summ["targets"], summ["ratios"]
    out = []

    def add(what: str, value: str, ok: bool | None) -> None:
        out.append((what, value, ok))

    for key, what, floor in (
            ("sss_nginx/proxy", "hits via nginx >= 0.85 x proxy_pass ceiling", 0.85),
            ("sss_nginx/original", "hits via nginx >= 25 x original design", 25),
            ("sss_api_l1/static", "hits direct to an api >= 0.7 x nginx static", 0.7),
            ("sss_microcache/static", "hits via nginx with the micro-cache >= 0.85 x nginx static",
             0.85),
            ("sss_microcache/original",
             "hits via nginx with the micro-cache >= 25 x original design", 25)):
        if key in ra:
            add(what, f"{ra[key]['mean']:.2f} x", ra[key]["mean"] >= floor)
    p99s = [t[k]["p99"] for k in ("sss_nginx", "sss_api_l1", "sss_api_redis", "sss_nginx_gz",
                                   "sss_api_l1_gz", "sss_api_redis_gz") if k in t]
    if p99s:
        add("p99 < 5 ms at 64 connections (SSS hit targets)", f"worst {max(p99s):.2f} ms",
            max(p99s) < 5)
    m = res.get("misses")
    if m:
        add("a miss adds < 2 ms p50 over the upstream (via nginx)",
            f"+{m['added_p50_nginx']:.2f} ms", m["added_p50_nginx"] < 2)
    api_rss = max((kb for n, kb in res["rss_kb"].items() if n.startswith("api")), default=0)
    add("api RSS < 64 MB under load", f"{api_rss / 1024:.0f} MB", api_rss < 64 * 1024)
    s = res.get("stampede")
    if s:
        add("stampede: 1 upstream call", str(s["upstream_calls"]), s["upstream_calls"] == 1)
    for n, sc in res.get("scale", {}).items():
        add(f"stampede through nginx with {n} api: 1 upstream call",
            str(sc["stampede"]["upstream_calls"]), sc["stampede"]["upstream_calls"] == 1)
    c = res.get("cluster")
    if c:
        add("Redis Cluster stampede: 1 upstream call", str(c["stampede"]["upstream_calls"]),
            c["stampede"]["upstream_calls"] == 1)
    return out + browser_targets_check(res, summ) + facet_targets_check(summ)


def browser_targets_check(res: dict, summ: dict) -> list[tuple[str, str, bool | None]]:
    """The targets of compressed pages: browser hits, Redis bytes per page, C10K."""
    t, ra = summ["targets"], summ["ratios"]
    out = []
    for key, what, floor in (("sss_nginx_gz/proxy_gz", "browser hits via nginx >= 0.7 x nginx "
                              "proxy_pass of the precompressed page", 0.7),
                             ("sss_nginx_gz/proxy_cache_gz", "browser hits via nginx >= 4 x "
                              "nginx proxy_cache + gzip on the fly", 4)):
        if key in ra:
            out.append((what, f"{ra[key]['mean']:.2f} x", ra[key]["mean"] >= floor))
    if "sss_nginx_gz" in t:
        p99 = t["sss_nginx_gz"]["p99"]
        out.append(("browser hits via nginx: p99 < 5 ms at 64 connections", f"{p99:.2f} ms",
                    p99 < 5))
    rp = res.get("redis_page")
    if rp:
        out.append((f"Redis bytes of the cached `{rp['query']}` page <= 12 KB (was 49,272)",
                    f"{rp['memory_usage']:,}", rp["memory_usage"] <= 12 * 1024))
    c = res.get("c10k")
    if c:
        out.append((f"C10K: {C10K_CONNECTIONS:,} connections via nginx, 0 errors",
                    str(c["errors"]), c["errors"] == 0))
        out.append(("C10K: p99 < 1 s", f"{c['p99'] / 1000:.1f} ms", c["p99"] < 1_000_000))
    return out


def facet_targets_check(summ: dict) -> list[tuple[str, str, bool | None]]:
    """The facet counts' target: browser hits via nginx at least 0.7 x nginx proxy_pass of the
    same precompressed bytes, the bar the page is held to."""
    r = summ["ratios"].get("sss_facets_gz/proxy_facets_gz")
    if not r:
        return []
    return [("browser facet count hits via nginx >= 0.7 x nginx proxy_pass of the precompressed "
             "facet counts", f"{r['mean']:.2f} x", r["mean"] >= 0.7)]
