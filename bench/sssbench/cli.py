"""bench/run's command line: the flags, the time limit, the run, the report and what it writes.

The report goes to stdout, the log to stderr. docs/ is written only by a full run (no --quick,
no --only) or with --write-docs. Whatever happens, every process the run started is stopped.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from .bench import Bench
from .docs import write_docs
from .log import BenchError, TimeLimit, log
from .machine import machine
from .markdown import report
from .settings import REPO


def parse_args(description: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=description,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=10, help="seconds of each load (10)")
    ap.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of the loads (2)")
    ap.add_argument("--misses", type=int, default=40, help="cold misses measured (40)")
    ap.add_argument("--stampede", type=int, default=1000, help="requests of a stampede (1000)")
    ap.add_argument("--no-scale", action="store_true", help="skip 1/2/3 replicas")
    ap.add_argument("--no-cluster", action="store_true", help="skip the Redis Cluster")
    ap.add_argument("--no-c10k", action="store_true",
                    help="skip the 10,000 connections through nginx")
    ap.add_argument("--no-microcache", action="store_true",
                    help="skip SSS through nginx with the optional micro-cache on")
    ap.add_argument("--quick", action="store_true", help="3 s loads, 1 round, no cluster")
    ap.add_argument("--only", type=lambda v: v.split(","), default=None,
                    help="only these loads (keys: static, proxy, proxy_cache, original, sss_nginx, "
                         "sss_api_l1, sss_api_redis, sss_microcache, proxy_facets, sss_facets), "
                         "nothing else; for trying a change")
    ap.add_argument("--write-docs", action="store_true",
                    help="write docs/ even with --quick (default: only for full runs)")
    ap.add_argument("--nginx-conf", default=str(REPO / "nginx/nginx.conf"),
                    help="the nginx.conf to use (default nginx/nginx.conf); for trying settings")
    ap.add_argument("--time-limit", type=int, default=900, help="seconds before giving up (900)")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    if args.quick:
        args.duration, args.rounds, args.no_cluster, args.misses = 3, 1, True, 10
        args.stampede = min(args.stampede, 300)
    return args


def main(doc: str) -> int:
    """Run the benchmark; `doc` is bench/run's docstring (its first paragraph heads --help)."""
    args = parse_args(doc.split("\n\n")[0])
    bench = Bench(args)

    def on_signal(signum, _frame):
        raise TimeLimit(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(args.time_limit)
    started = time.monotonic()
    try:
        bench.go()
    except (BenchError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        log(f"failed: {e}")
        return 1
    except (TimeLimit, KeyboardInterrupt) as e:
        log(f"stopped: {e or 'interrupted'}")
        return 1
    finally:
        signal.alarm(0)
        log("stopping what the run started")
        bench.stack.procs.stop_all()
    res = bench.results
    res.update({"daemon_bin_env": os.environ.get("SSS_DAEMON_BIN", ""),
                "machine": machine(), "connections": args.connections, "threads": args.threads,
                "duration": args.duration, "rounds_n": args.rounds, "page_bytes": bench.page_bytes,
                "stampede_n": args.stampede, "elapsed_secs": time.monotonic() - started,
                "page_gz_bytes": bench.page_gz_bytes})
    body = report(res, args)
    print(body)
    if (not args.quick and not args.only) or args.write_docs:
        write_docs(res, body)
    log(f"done in {res['elapsed_secs']:.0f} s")
    return 0
