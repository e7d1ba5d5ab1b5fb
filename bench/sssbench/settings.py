"""Paths and the fixed settings of a run: what every load asks for and how big each phase is.

The settings a run may change (duration, connections, rounds, ...) are flags: see cli.py.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
BENCH = REPO / "bench"
# The page every load asks for (50 products), and the category of the cold misses.
PAGE_QUERY = "cat=women&limit=50"
MISS_CAT = "women"
# The facet counts every facet load asks for: the same category as the page, every facet (what
# `/api/v1/facets` answers when `facets` is absent), the largest answer a shopper's first view of
# that category asks for.
FACETS_QUERY = "cat=women&facets=brand,retailer,color,size,price,discount,category"
SORTS = ["relevance", "price-asc", "price-desc", "newest", "popular"]
CATALOG_LATENCY_MS = 50
# Runtime worker threads of each api replica behind nginx (SSS_WORKER_THREADS), as scripts/stack
# gives them: cores / replicas.
REPLICA_THREADS = 1
# What a browser sends: the second run of every hit target.
BROWSER_AE = "gzip, deflate, br, zstd"
# The page whose Redis bytes are reported (MEMORY USAGE of its cached value).
MEMORY_QUERY = "cat=dresses&limit=50"
# C10K: connections held at once through nginx, and for how long.
C10K_CONNECTIONS = 10_000
C10K_SECS = 15
SHOPSTYLE_PID = "sss-bench"
# The original design's packages, installed in a venv under the run directory.
PYTHON_PACKAGES = ["fastapi==0.165.0", "uvicorn[standard]==0.54.0", "redis==8.1.0"]
PATH_EXTRA = ["/usr/local/sbin", "/usr/sbin", "/sbin", str(Path.home() / ".cargo" / "bin")]


def run_dir() -> Path:
    """Where a run keeps its files: BENCH_DIR, or .run/bench/ in the repository."""
    return Path(os.environ.get("BENCH_DIR", REPO / ".run" / "bench"))


def release_daemon() -> Path:
    """Where `cargo build --release -p sss-daemon` puts the binary (CARGO_TARGET_DIR honoured)."""
    return REPO / os.environ.get("CARGO_TARGET_DIR", "target") / "release/sss-daemon"
