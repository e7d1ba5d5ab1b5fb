"""The run's log lines (on stderr, so that stdout is only the report) and its two errors."""

from __future__ import annotations

import sys
import time


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class BenchError(Exception):
    """Something the run needs failed: a tool is missing, a process did not start, a check."""


class TimeLimit(BaseException):
    """The run's own time limit passed (or SIGTERM): stop everything and give up."""
