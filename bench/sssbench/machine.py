"""What the machine and the tools are: CPU, cores, memory, kernel, versions, the commit."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

from .settings import REPO


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")

    def version(cmd: list[str]) -> str:
        """The first line `cmd` prints (stdout or stderr); "?" when it cannot run."""
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (out.stdout + out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    commit = version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gb": int(mem) / 1024 / 1024,
            "kernel": platform.release(), "nginx": version(["nginx", "-v"]),
            "redis": version(["redis-server", "--version"]), "wrk": version(["wrk", "-v"]),
            "python": platform.python_version(), "rustc": version(["rustc", "--version"]),
            "commit": commit}
