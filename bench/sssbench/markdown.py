"""The Markdown report of a run: what bench/run prints and writes into docs/PERFORMANCE.md.

report() puts the sections together in order; each section is a function of the run's results
(`res`, see bench.py) that returns its lines. The sections of the phases after the rounds
(redis_page ... cluster) are left out when the run skipped that phase.
"""

from __future__ import annotations

import re
import statistics

from .settings import (BROWSER_AE, C10K_CONNECTIONS, C10K_SECS, CATALOG_LATENCY_MS, FACETS_QUERY,
                       PAGE_QUERY, REPLICA_THREADS, REPO)
from .stats import BROWSER_RATIOS, FACET_RATIOS, IDENTITY_RATIOS, is_facet_target, summarise
from .targets import targets_check


def report(res: dict, args) -> str:
    """The whole report; `args.argv` is the command line it was run with."""
    summ = summarise(res)
    lines = (report_header(res) + report_hits(res, summ) + report_ratios(summ)
             + report_facets(res, summ) + report_targets(res, summ))
    for phase, section in (("redis_page", report_redis_page), ("c10k", report_c10k),
                           ("misses", report_misses), ("stampede", report_stampede),
                           ("scale", report_scale), ("cluster", report_cluster)):
        if res.get(phase):
            lines += section(res, summ)
    return "\n".join(lines + report_memory(res) + report_commands(res, args))


def heading(title: str) -> list[str]:
    """A section's heading, with the blank lines around it."""
    return ["", f"### {title}", ""]


def table_head(columns: list[str], align: str) -> list[str]:
    """A Markdown table's first two lines: `columns`, each aligned left or right by the letter
    (l or r) at its place in `align`."""
    return ["| " + " | ".join(columns) + " |",
            "|" + "".join("---:|" if a == "r" else "---|" for a in align)]


def section(title: str, text: str, columns: list[str], align: str) -> list[str]:
    """A section that is a paragraph and a table: the heading, `text`, the table's head."""
    return [*heading(title), text, "", *table_head(columns, align)]


def report_header(res: dict) -> list[str]:
    """The machine, the load average, and how every load ran."""
    m = res["machine"]
    return [
        f"Run of {res['started']} on {m['cpu']}, {m['cores']} cores, {m['mem_gb']:.0f} GB RAM, "
        f"Linux {m['kernel']}; commit {m['commit']}; {m['rustc']}; {m['nginx']}; "
        f"{m['redis'].split(' sha')[0]}; {m['wrk'].split(' Copyright')[0]}; Python {m['python']}.",
        f"Load average before: {' '.join(f'{x:.2f}' for x in res['load_before'])}; after: "
        f"{' '.join(f'{x:.2f}' for x in res['load_after'])} (other work on the machine shares its "
        "2 cores: absolute numbers are noisy, the ratios within this run are what count).",
        "",
        f"Every load: `wrk -t{res['threads']} -c{res['connections']} -d{res['duration']}s "
        f"--timeout 5s -s bench/wrk-report.lua URL` on the same {res['page_bytes']:,}-byte page "
        f"(`{PAGE_QUERY}`, 50 products), {res['rounds_n']} rounds, interleaved (the second in "
        "reverse order); req/s is the mean of the rounds, latencies the mean of each round's "
        "percentile. wrk runs on the same 2 cores as the servers. The api replicas behind nginx "
        f"run with SSS_WORKER_THREADS={REPLICA_THREADS} (replicas x worker threads = cores, as "
        "scripts/stack starts them); the api loaded directly (api-direct, api-nol1) with the "
        "default, a worker per core.",
    ]


def report_hits(res: dict, summ: dict) -> list[str]:
    """The two tables of hits: identity, then as a browser asks."""
    return [
        *heading("Throughput and latency: identity (no Accept-Encoding)"),
        table(res, summ),
        *heading(f"Throughput and latency: as a browser asks (`Accept-Encoding: {BROWSER_AE}`)"),
        f"The same loads with the browser's header: every answer is gzip (the page is "
        f"{res.get('page_gz_bytes', 0):,} bytes gzipped). The ceilings serve the api's own gzip "
        "answer as `page.json.gz`: nginx `gzip_static`, and nginx `proxy_pass` to a trivial "
        "upstream that answers it with `Content-Encoding: gzip`; nginx `proxy_cache` keeps the "
        "identity page and gzips it on every hit (level 5). The `/ static` and `/ proxy_pass` "
        "columns divide by those compressed ceilings.",
        "",
        table(res, summ, browser=True),
    ]


def table(res: dict, summ: dict, browser: bool = False) -> str:
    """The identity loads, or (browser) those with a browser's Accept-Encoding, each beside the
    static and proxy_pass ceilings of the same encoding."""
    suffix = "_gz" if browser else ""
    t = {k: v for k, v in summ["targets"].items()
         if k.endswith("_gz") == browser and not is_facet_target(k)}
    static = t.get("static" + suffix, {}).get("rps") or float("nan")
    proxy = t.get("proxy" + suffix, {}).get("rps") or float("nan")
    lines = table_head(["target", "req/s", "each round", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                        "errors", "/ static", "/ proxy_pass", "load avg at start"], "lrlrrrrrrrl")
    for k, v in t.items():
        each = ", ".join(f"{x:,.0f}" for x in v["rps_each"])
        lines.append(f"| {res['labels'][k]} | {v['rps']:,.0f} | {each} | {v['p50']:.2f} | "
                     f"{v['p90']:.2f} | {v['p99']:.2f} | {v['p999']:.2f} | {v['errors']} | "
                     f"{v['rps'] / static:.2f} | {v['rps'] / proxy:.2f} | "
                     f"{', '.join(f'{x:.1f}' for x in v['load1'])} |")
    return "\n".join(lines)


def report_ratios(summ: dict) -> list[str]:
    labels = {name: label for name, (_, _, label) in IDENTITY_RATIOS.items()}
    labels.update({name: f"browser: {label}" for name, (_, _, label) in BROWSER_RATIOS.items()})
    lines = [*heading("Ratios (mean over the rounds, min-max)"),
             *table_head(["ratio", "value"], "lr")]
    for k, label in labels.items():
        if k in summ["ratios"]:
            r = summ["ratios"][k]
            lines.append(f"| {label} | {r['mean']:.2f} ({r['min']:.2f}-{r['max']:.2f}) |")
    return lines


def report_facets(res: dict, summ: dict) -> list[str]:
    """The facet counts' loads, identity then as a browser asks, each beside nginx proxy_pass
    of the same bytes; nothing when the run did not load them."""
    t = {k: v for k, v in summ["targets"].items() if is_facet_target(k)}
    if not t:
        return []
    lines = section(
        "Facet counts: hits beside their ceiling",
        f"`/api/v1/facets?{FACETS_QUERY}` through the stack's nginx, L1 hits on the two api "
        f"replicas, in the same rounds and with the same wrk settings as the page: "
        f"{res.get('facets_bytes', 0):,} bytes as JSON, {res.get('facets_gz_bytes', 0):,} bytes "
        "gzipped. Its ceiling is nginx `proxy_pass` to the trivial upstream answering the same "
        "bytes (the api's own answer as `facets.json`, and its gzip answer as `facets.json.gz` "
        "with `Content-Encoding: gzip` when the client accepts gzip), as the page's is. The "
        "`/ proxy_pass` column divides by that ceiling in the same encoding.",
        ["target", "req/s", "each round", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors",
         "/ proxy_pass", "load avg at start"], "lrlrrrrrrl")
    for k, v in t.items():
        ceiling = t.get("proxy_facets" + ("_gz" if k.endswith("_gz") else ""), {})
        each = ", ".join(f"{x:,.0f}" for x in v["rps_each"])
        lines.append(f"| {res['labels'][k]} | {v['rps']:,.0f} | {each} | {v['p50']:.2f} | "
                     f"{v['p90']:.2f} | {v['p99']:.2f} | {v['p999']:.2f} | {v['errors']} | "
                     f"{v['rps'] / (ceiling.get('rps') or float('nan')):.2f} | "
                     f"{', '.join(f'{x:.1f}' for x in v['load1'])} |")
    lines += ["", *table_head(["ratio (mean over the rounds, min-max)", "value"], "lr")]
    for name, (_, _, label) in FACET_RATIOS.items():
        r = summ["ratios"].get(name)
        if r:
            lines.append(f"| {label} | {r['mean']:.2f} ({r['min']:.2f}-{r['max']:.2f}) |")
    return lines


def report_targets(res: dict, summ: dict) -> list[str]:
    return [*heading("Targets"), *table_head(["target", "this run", "met"], "lrl"),
            *(f"| {what} | {value} | {'yes' if ok else 'NO'} |"
              for what, value, ok in targets_check(res, summ))]


# The sections of the phases after the rounds, each only when the run had that phase.


def report_redis_page(res: dict, _summ: dict) -> list[str]:
    rp = res["redis_page"]
    return [*heading("Redis bytes per cached page"),
            f"`MEMORY USAGE` of the cached `{rp['query']}` page after its first search through "
            f"nginx: **{rp['memory_usage']:,} bytes** (the value itself {rp['strlen']:,} bytes; "
            f"the page is {rp['json_bytes']:,} bytes as JSON). Before pages were kept compressed: "
            "49,272 bytes."]


def report_c10k(res: dict, _summ: dict) -> list[str]:
    c = res["c10k"]
    return [*section(
        "C10K",
        f"`wrk -t2 -c{C10K_CONNECTIONS} -d{C10K_SECS}s --timeout 5s -H 'Accept-Encoding: "
        f"{BROWSER_AE}'` through the stack's nginx (wrk's open-file limit raised to the hard "
        "limit), on the same page:",
        ["req/s", "p50 ms", "p99 ms", "max ms", "read errors", "timeouts", "connect errors",
         "other errors", "'worker_connections are not enough' logged", "nginx peak RSS MB"],
        "r" * 10),
        f"| {c['rps']:,.0f} | {c['p50'] / 1000:.1f} | {c['p99'] / 1000:.1f} | "
        f"{c['max'] / 1000:.1f} | {c['read_errors']} | {c['timeouts']} | "
        f"{c['connect_errors']} | {c['write_errors'] + c['status_errors']} | "
        f"{c['not_enough_logged']} | {c['rss_kb'].get('nginx', 0) / 1024:.1f} |"]


def report_misses(res: dict, _summ: dict) -> list[str]:
    mi = res["misses"]
    lines = section(
        f"Cold misses (catalog `--latency-ms {CATALOG_LATENCY_MS}`)",
        f"{mi['upstream']['n'] + mi['nginx']['n'] + mi['api']['n']} sequential requests, each "
        "a query never seen before (a new offset/sort), interleaved: the catalog asked directly "
        "(the upstream's own latency, as the poller sees it), a miss through nginx and a miss "
        "straight to an api replica. Each miss: api L1 and Redis miss, the poller's lock in "
        "Redis, its MongoDB look-up for a stored copy, the upstream call, the page built and "
        f"written to Redis, then answered. Answers: {mi['statuses']}.",
        ["path", "n", "p50 ms", "p90 ms", "min ms", "max ms", "added p50 ms"], "lrrrrrr")
    for k, label, add in (("upstream", "catalog directly", None),
                          ("nginx", "miss via nginx", mi["added_p50_nginx"]),
                          ("api", "miss direct to an api", mi["added_p50_api"])):
        v = mi[k]
        lines.append(f"| {label} | {v['n']} | {v['p50']:.2f} | {v['p90']:.2f} | {v['min']:.2f} | "
                     f"{v['max']:.2f} | {'' if add is None else f'+{add:.2f}'} |")
    return lines


def report_stampede(res: dict, _summ: dict) -> list[str]:
    s = res["stampede"]
    return [*heading("Stampede"),
            f"{s['n']} concurrent identical cold requests, connections opened first, then all "
            "sent at once, alternating between api-1 and api-2 (direct). Upstream calls counted "
            f"by the catalog's `/metrics`: **{s['upstream_calls']}**. Statuses {s['statuses']}, "
            f"X-Cache {s['x_cache']}. Latency from the common start: p50 {s['p50']:.1f} ms, p90 "
            f"{s['p90']:.1f} ms, p99 {s['p99']:.1f} ms, max {s['max']:.1f} ms (min "
            f"{s['min']:.1f} ms)."]


def report_scale(res: dict, _summ: dict) -> list[str]:
    lines = section(
        "Scale: api replicas behind nginx",
        "The same load through nginx with 1, 2 and 3 api replicas in its upstream (nginx "
        "reloaded between; two rounds, 1-2-3 then 3-2-1, req/s is their mean), and a stampede of "
        f"{res['stampede_n']} identical cold requests through nginx. CPU seconds used by each "
        f"process during each {res['duration']} s load (mean of the rounds; the 2 cores give "
        f"{2 * res['duration']} CPU-seconds, wrk's share included).",
        ["api replicas", "req/s (each round)", "p50 ms", "p99 ms", "CPU s nginx",
         "CPU s api (all)", "CPU s redis", "stampede upstream calls", "stampede p99 ms"],
        "r" * 9)
    for n, v in sorted(res["scale"].items()):
        loads = v["loads"]
        rps = statistics.mean(x["rps"] for x in loads)

        def cpu(prefix: str, loads=loads) -> float:
            """Mean over the rounds of the CPU seconds of the processes named `prefix...`."""
            return statistics.mean(sum(c for k, c in x["cpu_secs"].items()
                                       if k.startswith(prefix)) for x in loads)

        each = ", ".join(f"{x['rps']:,.0f}" for x in loads)
        lines.append(f"| {n} | {rps:,.0f} ({each}) | "
                     f"{statistics.mean(x['p50'] for x in loads) / 1000:.2f} | "
                     f"{statistics.mean(x['p99'] for x in loads) / 1000:.2f} | "
                     f"{cpu('nginx'):.1f} | {cpu('api'):.1f} | {cpu('redis'):.1f} | "
                     f"{v['stampede']['upstream_calls']} | {v['stampede']['p99']:.1f} |")
    return lines


def report_cluster(res: dict, summ: dict) -> list[str]:
    """The Redis Cluster beside the one Redis of the same run."""
    c = res["cluster"]
    r = c["load"]
    st = c["stampede"]
    s = res.get("stampede")
    single = summ["targets"].get("sss_api_redis", {})
    lines = section(
        "Redis Cluster",
        f"A local {c['nodes']}-master Redis Cluster (redis-server `--cluster-enabled yes` on "
        "loopback ports, `redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes`), "
        "its own poller and two api replicas with L1 off (`SSS_REDIS_URL` = the three node "
        "URLs, comma-separated). A miss then a hit, then:",
        ["measure", "Redis Cluster", "one Redis (same run)"], "lrr")
    if single:
        lines.append(f"| api direct, Redis hits (L1 off): req/s | {r['rps']:,.0f} | "
                     f"{single['rps']:,.0f} |")
        lines.append(f"| p50 / p99 ms | {r['p50'] / 1000:.2f} / {r['p99'] / 1000:.2f} | "
                     f"{single['p50']:.2f} / {single['p99']:.2f} |")
    lines.append(f"| stampede of {st['n']}: upstream calls | {st['upstream_calls']} | "
                 f"{s['upstream_calls'] if s else ''} |")
    # Without the one Redis's stampede, an empty line stands where its latencies would.
    lines.append(f"| stampede p50 / p99 ms | {st['p50']:.1f} / {st['p99']:.1f} | "
                 f"{s['p50']:.1f} / {s['p99']:.1f} |" if s else "")
    return lines


def report_memory(res: dict) -> list[str]:
    """Peak RSS and start-up time of every process the run started."""
    lines = section(
        "Memory and start-up",
        "Peak RSS while under load (a process and its children: nginx master and workers, "
        "uvicorn and its 2 workers), sampled every 0.25 s during the loads that use it and during "
        "the misses and stampedes (the poller, catalog and MongoDB-wire server work only then); "
        "start-up is from spawn to the first successful readiness probe (`/readyz` for the "
        "daemons, PING for Redis, `hello` for the MongoDB-wire server, `/healthz` for nginx).",
        ["process", "peak RSS under load (MB)", "start-up to ready (s)"], "lrr")
    for n in res["argv"]:
        rss = res["rss_kb"].get(n)
        ready = res["ready_secs"].get(n)
        lines.append(f"| {n} | {'' if not rss else f'{rss / 1024:.1f}'} | "
                     f"{'' if ready is None else f'{ready:.2f}'} |")
    return lines


def report_commands(res: dict, args) -> list[str]:
    """The exact command lines: bench/run's, every process's, every load's; then the chart."""
    lines = [
        *heading("Exact commands"),
        "Ports are free loopback ports picked by each run; paths are relative to the repository.",
        "",
        "```",
        f"bench/run{' ' + ' '.join(args.argv) if args.argv else ''}",
    ]
    if res.get("daemon_bin_env"):
        lines.append(f"# with SSS_DAEMON_BIN={res['daemon_bin_env']}")
    for n, argv in res["argv"].items():
        lines.append(f"{n}: {' '.join(shq(a.replace(str(REPO) + '/', '')) for a in argv)}")
    lines.append("nginx config: nginx/nginx.conf with sss/listen.conf, sss/upstream-api.conf (the "
                 "api replicas) and sss/rate-limit.conf (empty key: no limit) written as "
                 "scripts/stack does, plus bench/nginx-bench.conf as conf.d/bench.conf")
    for k, u in res["urls"].items():
        ae = f"-H 'Accept-Encoding: {BROWSER_AE}' " if k.endswith("_gz") else ""
        lines.append(f"wrk -t{res['threads']} -c{res['connections']} -d{res['duration']}s "
                     f"--timeout 5s {ae}-s bench/wrk-report.lua {u}   # {res['labels'][k]}")
    return lines + ["```", "", "![requests/s and latency percentiles](performance.svg)"]


def shq(s: str) -> str:
    """`s` quoted for a POSIX shell where it needs quoting."""
    return s if re.fullmatch(r"[\w./:=,@%+-]+", s) else "'" + s.replace("'", "'\\''") + "'"
