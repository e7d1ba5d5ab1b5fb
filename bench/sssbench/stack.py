"""The processes of a run, on free 127.0.0.1 ports, and how to reach them.

Redis, a MongoDB-wire server (secantusd-rs), the catalog with --latency-ms 50, the poller, three
api replicas behind nginx plus two loaded directly (one with L1 off), the original design
(uvicorn in a venv), nginx, and on demand a Redis Cluster with its own poller and api replicas.
Every process is started through processes.Procs, so it is stopped by its PID at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import nginx_conf
from .clients import http_get, http_ok, mongo_ready, redis_cmd, redis_ready
from .log import BenchError, log
from .processes import Procs, free_port
from .settings import (BENCH, CATALOG_LATENCY_MS, PATH_EXTRA, PYTHON_PACKAGES, REPLICA_THREADS,
                       REPO, SHOPSTYLE_PID, release_daemon, run_dir)


class Stack:
    """What a run starts; `ports` by process name, `url(name, path)` to reach one."""

    def __init__(self, args) -> None:
        self.args = args
        self.run_dir = run_dir()
        self.procs = Procs(self.run_dir)
        self.ports: dict[str, int] = {}
        self.nginx_argv: list[str] = []

    def url(self, name: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    # -- before anything starts

    def prepare_dirs(self) -> None:
        """A clean run directory (the venv is kept: it takes a while to install)."""
        for sub in ("nginx", "mongodb", "cluster", "data"):
            p = self.run_dir / sub
            if p.exists():
                shutil.rmtree(p)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("nginx/conf/sss", "nginx/conf/conf.d", "nginx/logs", "nginx/run", "nginx/tmp",
                    "nginx/cache", "mongodb", "cluster", "data"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)

    def ensure_tools(self) -> None:
        """wrk (installed with apt when missing), nginx, Redis, the MongoDB-wire server, and the
        original design's venv (created again when PYTHON_PACKAGES change)."""
        os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", "")] + PATH_EXTRA)
        if not shutil.which("wrk"):
            log("wrk not found: installing Debian's wrk with apt-get")
            sudo = [] if os.geteuid() == 0 else ["sudo"]
            subprocess.run(sudo + ["apt-get", "install", "-y", "wrk"], check=True,
                           stdout=subprocess.DEVNULL, timeout=300)
        for tool in ("wrk", "nginx", "redis-server", "redis-cli", "secantusd-rs"):
            if not shutil.which(tool):
                raise BenchError(f"{tool} not found (scripts/install-test-deps installs it)")
        venv = self.run_dir / "venv"
        marker = venv / ".bench-packages"
        if not marker.exists() or marker.read_text() != "\n".join(PYTHON_PACKAGES):
            log(f"creating the original design's venv: {' '.join(PYTHON_PACKAGES)}")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
            subprocess.run([str(venv / "bin/pip"), "install", "-q", *PYTHON_PACKAGES], check=True,
                           timeout=600)
            marker.write_text("\n".join(PYTHON_PACKAGES))
        self.venv = venv

    def build(self) -> None:
        """The sss-daemon binary: SSS_DAEMON_BIN, or the release build (built now)."""
        if os.environ.get("SSS_DAEMON_BIN"):
            self.bin = str(Path(os.environ["SSS_DAEMON_BIN"]).resolve())
        else:
            log("building: cargo build --release --locked -p sss-daemon")
            subprocess.run(["cargo", "build", "--release", "--locked", "-p", "sss-daemon"],
                           cwd=REPO, check=True, timeout=1800, stdout=subprocess.DEVNULL)
            self.bin = str(release_daemon())

    # -- starting processes

    def daemon(self, name: str, role: str, **env: str) -> float:
        """sss-daemon `role` as `name`, with `env` on top of the listen address and JSON logs;
        the seconds it took to answer /readyz."""
        port = self.ports[name] = free_port()
        full = {"SSS_LISTEN": f"127.0.0.1:{port}", "SSS_LOG_FORMAT": "json", "RUST_LOG": "warn"}
        full.update(env)
        self.procs.start(name, [self.bin, role], env=full)
        return self.procs.wait_ready(name, lambda: http_ok(f"http://127.0.0.1:{port}/readyz"))

    def redis(self, name: str, extra: list[str] | None = None, pair: bool = False) -> float:
        """A redis-server without persistence as `name` (`pair`: its bus port is free too)."""
        port = self.ports[name] = free_port(pair)
        self.procs.start(name, ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--daemonize", "no",
                                *(extra or [])])
        return self.procs.wait_ready(name, lambda: redis_ready(port))

    def poller(self, name: str, redis_url: str, mongo_db: str) -> float:
        """A poller as `name` on `redis_url`, storing in `mongo_db`, asking the catalog."""
        return self.daemon(name, "poller", SSS_REDIS_URL=redis_url,
                           SSS_MONGO_URL=f"mongodb://127.0.0.1:{self.ports['mongodb']}/",
                           SSS_MONGO_DB=mongo_db,
                           SSS_UPSTREAM_URL=f"http://127.0.0.1:{self.ports['catalog']}/api/v2",
                           SSS_SHOPSTYLE_PID=SHOPSTYLE_PID)

    def start_backends(self) -> None:
        """Redis, the MongoDB-wire server, the catalog, the poller and the five api processes."""
        self.redis("redis")
        port = self.ports["mongodb"] = free_port()
        self.procs.start("mongodb", ["secantusd-rs", "--host", "127.0.0.1", "--port", str(port),
                                     "--storage-path", str(self.run_dir / "mongodb"),
                                     "--cache-size", "256M", "--log-file-max", "16MB"])
        self.procs.wait_ready("mongodb", lambda: mongo_ready(port))
        self.daemon("catalog", "catalog", SSS_LATENCY_MS=str(CATALOG_LATENCY_MS))
        self.redis_url = f"redis://127.0.0.1:{self.ports['redis']}/"
        self.poller("poller", self.redis_url, "sss_bench")
        poller_url = f"http://127.0.0.1:{self.ports['poller']}"
        # The replicas behind nginx share the machine's cores with nginx and each other: one
        # runtime worker thread each (replicas x threads = cores, see docs/PERFORMANCE.md).
        for name in ("api-1", "api-2", "api-3"):
            self.daemon(name, "api", SSS_REDIS_URL=self.redis_url, SSS_POLLER_URL=poller_url,
                        SSS_WORKER_THREADS=str(REPLICA_THREADS))
        # Loaded directly, one at a time: the default, a worker thread per core.
        self.daemon("api-direct", "api", SSS_REDIS_URL=self.redis_url, SSS_POLLER_URL=poller_url)
        self.daemon("api-nol1", "api", SSS_REDIS_URL=self.redis_url, SSS_POLLER_URL=poller_url,
                    SSS_L1_BYTES="0")

    def start_original(self) -> None:
        """The original design (bench/original/app.py) under uvicorn with 2 workers."""
        port = self.ports["original"] = free_port()
        self.procs.start("original", [str(self.venv / "bin/uvicorn"), "app:app", "--workers", "2",
                                      "--host", "127.0.0.1", "--port", str(port),
                                      "--no-access-log", "--log-level", "warning"],
                         env={"BENCH_REDIS_URL": self.redis_url}, cwd=BENCH / "original")
        self.procs.wait_ready("original",
                              lambda: http_get(f"http://127.0.0.1:{port}/api/v1/products?x",
                                               timeout=1)[0] == 404)

    def start_nginx(self) -> None:
        """nginx in front of api-1 and api-2, with the ceilings' two servers (front, trivial)."""
        for name in ("nginx", "front", "trivial"):
            self.ports[name] = free_port()
        self.render_nginx(["api-1", "api-2"])
        ndir = self.run_dir / "nginx"
        globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        self.nginx_argv = ["nginx", "-p", f"{ndir}/", "-c", str(ndir / "conf/nginx.conf"),
                           "-e", str(ndir / "logs/error.log"), "-g", globals_]
        self.check_nginx_config()
        self.procs.start("nginx", self.nginx_argv)
        port = self.ports["nginx"]
        self.procs.wait_ready("nginx", lambda: http_ok(f"http://127.0.0.1:{port}/healthz"))

    def reload_nginx(self, replicas: list[str], microcache: bool = False) -> None:
        """nginx with `replicas` behind /api/ (and the micro-cache on or off), by SIGHUP."""
        self.render_nginx(replicas, microcache)
        self.check_nginx_config()
        os.kill(self.procs.pid("nginx"), signal.SIGHUP)
        time.sleep(1.5)  # new workers up, old ones gone once their connections close

    def render_nginx(self, replicas: list[str], microcache: bool = False) -> None:
        nginx_conf.render(self.run_dir, Path(self.args.nginx_conf), self.ports, replicas,
                          microcache)

    def check_nginx_config(self) -> None:
        """`nginx -t` on the written configuration (nginx_argv without its `-g` globals)."""
        check = subprocess.run(self.nginx_argv[:-2] + ["-t"], capture_output=True, text=True,
                               timeout=30)
        if check.returncode != 0:
            raise BenchError(f"nginx rejected its config:\n{check.stderr}")

    def truncate_access_log(self) -> None:
        """The project's access log is on (as in production); keep its file small between loads."""
        for f in (self.run_dir / "nginx/logs").glob("access.log"):
            os.truncate(f, 0)

    def start_cluster(self) -> list[str]:
        """A 3-master Redis Cluster, its own poller (poller-c) and two api replicas with L1 off
        (api-c1, api-c2); the names of the Redis nodes."""
        names = ["cluster-1", "cluster-2", "cluster-3"]
        for name in names:
            d = self.run_dir / "cluster" / name
            d.mkdir(parents=True, exist_ok=True)
            self.redis(name, ["--cluster-enabled", "yes", "--cluster-config-file",
                              str(d / "nodes.conf"), "--dir", str(d)], pair=True)
        nodes = [f"127.0.0.1:{self.ports[n]}" for n in names]
        create = subprocess.run(["redis-cli", "--cluster", "create", *nodes, "--cluster-replicas",
                                 "0", "--cluster-yes"], capture_output=True, text=True, timeout=60)
        if create.returncode != 0:
            raise BenchError(f"redis-cli --cluster create failed:\n{create.stdout}{create.stderr}")
        deadline = time.monotonic() + 30
        while not all(b"cluster_state:ok" in redis_cmd(self.ports[n], "CLUSTER", "INFO")
                      for n in names):
            if time.monotonic() > deadline:
                raise BenchError("the Redis Cluster did not reach cluster_state:ok")
            time.sleep(0.1)
        url = ",".join(f"redis://{n}/" for n in nodes)
        self.poller("poller-c", url, "sss_bench_cluster")
        poller_url = f"http://127.0.0.1:{self.ports['poller-c']}"
        for name in ("api-c1", "api-c2"):
            self.daemon(name, "api", SSS_REDIS_URL=url, SSS_POLLER_URL=poller_url,
                        SSS_L1_BYTES="0")
        return names
