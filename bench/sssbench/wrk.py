"""One load with wrk, and the figures of its report.

bench/wrk-report.lua makes wrk print one line `WRK_JSON {...}` at the end (latencies in
microseconds); parse_report turns it into a dict and adds req/s and the sum of the errors.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess

from .log import BenchError
from .settings import BENCH, C10K_CONNECTIONS, C10K_SECS


def header_args(headers: dict[str, str] | None) -> list[str]:
    """wrk's `-H 'Name: value'` arguments for `headers`."""
    return [a for k, v in (headers or {}).items() for a in ("-H", f"{k}: {v}")]


def wrk_command(url: str, threads: int, connections: int, secs: int,
                headers: dict[str, str] | None) -> list[str]:
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{secs}s", "--timeout", "5s",
            *header_args(headers), "-s", str(BENCH / "wrk-report.lua"), url]


def wrk(url: str, args, headers: dict[str, str] | None = None) -> dict:
    """A load of `url` with the run's threads, connections and duration (flags in `args`)."""
    cmd = wrk_command(url, args.threads, args.connections, args.duration, headers)
    return run_wrk(cmd, url, args.duration + 60)


def raise_nofile() -> None:
    """In the child before exec: the open-file limit up to the hard limit (wrk's C10K)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def wrk_c10k(url: str, headers: dict[str, str] | None) -> dict:
    """C10K_CONNECTIONS keep-alive connections for C10K_SECS (wrk with its file limit raised)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < C10K_CONNECTIONS + 100:
        raise BenchError(f"the hard open-file limit {hard} is below {C10K_CONNECTIONS} connections")
    cmd = wrk_command(url, 2, C10K_CONNECTIONS, C10K_SECS, headers)
    return run_wrk(cmd, url, C10K_SECS + 120, preexec=raise_nofile)


def run_wrk(cmd: list[str], url: str, timeout: float, preexec=None) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                         preexec_fn=preexec)
    r = parse_report(out.stdout) if out.returncode == 0 else None
    if r is None:
        raise BenchError(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    return r


def parse_report(stdout: str) -> dict | None:
    """The figures of wrk's `WRK_JSON` line, with `rps` and `errors` added; None without one."""
    m = re.search(r"^WRK_JSON (\{.*\})$", stdout, re.M)
    if not m:
        return None
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = sum(r[k] for k in ("connect_errors", "read_errors", "write_errors",
                                     "status_errors", "timeouts"))
    return r
