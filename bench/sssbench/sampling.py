"""Peak RSS and CPU seconds of named processes (each with its children) while they are loaded.

Read from /proc: a sampler thread reads every process's RSS every 0.25 s; CPU seconds are the
difference of the ticks (user + system) between its start and its finish.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, cpu ticks, rss kB) of every process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            ppid, ticks = int(fields[1]), int(fields[11]) + int(fields[12])
            rss_pages = int(fields[21])
            out[int(d)] = (ppid, ticks, rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    return out


def _tree(table, root: int) -> list[int]:
    """`root` and every process below it in `table`."""
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    todo, seen = [root], []
    while todo:
        p = todo.pop()
        if p in table:
            seen.append(p)
            todo.extend(kids.get(p, []))
    return seen


class Sampler(threading.Thread):
    """Peak RSS (process and its children) and CPU seconds of each named process while running.

    `start()` before the load, `finish()` after it; then `peak_kb` and `cpu_secs` by name."""

    def __init__(self, pids: dict[str, int], every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pids, self.every = pids, every
        self.peak_kb: dict[str, int] = dict.fromkeys(pids, 0)
        self.halt = threading.Event()
        self.cpu0 = self._cpu(_proc_table())
        self.cpu_secs: dict[str, float] = {}

    def _cpu(self, table) -> dict[str, int]:
        return {n: sum(table[p][1] for p in _tree(table, pid)) for n, pid in self.pids.items()}

    def sample(self, table) -> None:
        for n, pid in self.pids.items():
            rss = sum(table[p][2] for p in _tree(table, pid))
            self.peak_kb[n] = max(self.peak_kb[n], rss)

    def run(self) -> None:
        while True:
            self.sample(_proc_table())
            if self.halt.wait(self.every):
                return

    def finish(self) -> None:
        self.halt.set()
        self.join()
        table = _proc_table()
        self.sample(table)
        cpu1 = self._cpu(table)
        tick = os.sysconf("SC_CLK_TCK")
        self.cpu_secs = {n: max(0, cpu1[n] - self.cpu0.get(n, 0)) / tick for n in self.pids}


def keep_peaks(peaks_kb: dict[str, int], sampled_kb: dict[str, int]) -> None:
    """Raise each process's peak in `peaks_kb` to what a sampler saw, where it saw more."""
    for n, kb in sampled_kb.items():
        peaks_kb[n] = max(peaks_kb.get(n, 0), kb)
