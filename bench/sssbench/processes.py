"""Start, wait for and stop the processes a run starts; pick free loopback ports.

Every process leads its own session (its own process group), logs to `<run dir>/<name>.log`, and
is stopped by its PID: SIGTERM, then SIGKILL to its group if it does not stop within 10 s.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import subprocess
import time
from pathlib import Path

from .log import BenchError, log


class Procs:
    """What this run started: each process leads its own session; stopped by PID."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.procs: dict[str, subprocess.Popen] = {}
        # The command line of each (with its extra environment first), for the report.
        self.argv: dict[str, list[str]] = {}
        self.started_at: dict[str, float] = {}
        # Seconds from spawn to the first successful readiness check, for the report.
        self.ready_secs: dict[str, float] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.Popen:
        if name in self.procs:
            raise BenchError(f"{name} already started")
        full_env = dict(os.environ)
        full_env.update(env or {})
        logf = open(self.run_dir / f"{name}.log", "wb")  # noqa: SIM115 (kept open by the child)
        p = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env=full_env, cwd=cwd, start_new_session=True)
        logf.close()
        self.procs[name] = p
        self.argv[name] = [f"{k}={v}" for k, v in (env or {}).items()] + argv
        self.started_at[name] = time.perf_counter()
        return p

    def pid(self, name: str) -> int:
        return self.procs[name].pid

    def wait_ready(self, name: str, check, secs: float = 90) -> float:
        """Poll `check()` every 10 ms until it is true; the seconds since `name` was started.
        Fails when the process exits (with the tail of its log) or after `secs`."""
        p = self.procs[name]
        deadline = time.monotonic() + secs
        while True:
            if p.poll() is not None:
                tail = (self.run_dir / f"{name}.log").read_text(errors="replace")[-2000:]
                raise BenchError(f"{name} exited with {p.returncode}:\n{tail}")
            try:
                if check():
                    break
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"{name} not ready after {secs}s (log: {self.run_dir}/{name}.log)")
            time.sleep(0.01)
        took = time.perf_counter() - self.started_at[name]
        self.ready_secs[name] = took
        return took

    def stop(self, name: str) -> None:
        p = self.procs.pop(name, None)
        if p is None:
            return
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                log(f"{name} (PID {p.pid}) did not stop in 10 s; killing its process group")
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(5)
        # Whatever is left of the group it led (nginx or uvicorn workers): ours, by its PID.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop_all(self) -> None:
        """Stop every process still running, the last started first."""
        for name in reversed(list(self.procs)):
            try:
                self.stop(name)
            except Exception as e:  # noqa: BLE001 (stop the rest whatever happens)
                log(f"stopping {name}: {e}")


def free_port(pair: bool = False) -> int:
    """A free loopback port; with `pair`, port + 10000 is free too (Redis Cluster's bus port)."""
    for _ in range(200):
        if pair:
            port = random.randint(20000, 50000)
            ports = [port, port + 10000]
        else:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            ports = [port]
        try:
            socks = []
            for p in ports:
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            for s in socks:
                s.close()
            return port
        except OSError:
            for s in socks:
                s.close()
    raise BenchError("no free port")
