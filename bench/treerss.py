"""Runs a command and samples the resident memory of its whole process tree (Linux /proc).

    python bench/treerss.py COMMAND ARGS...   # prints one JSON line: rc, seconds, tree_mb, largest_mb

`tree_mb` is the peak of the sum over the command and every descendant (workers included), what
the machine feels; `largest_mb` the peak of any single process, what getrusage reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

INTERVAL = 0.05  # seconds between samples: a worker's peak lasts longer than this


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_mb(pid: int) -> float:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss(root: int) -> tuple[float, float]:
    """(sum, largest) resident MB of `root` and all its descendants now."""
    tree, todo, sizes = _children(), [root], []
    while todo:
        pid = todo.pop()
        sizes.append(_rss_mb(pid))
        todo += tree.get(pid, [])
    return sum(sizes), max(sizes, default=0.0)


def measure(args: list[str], **popen) -> dict:
    """Run `args` to the end, sampling its process tree; the result as a dict."""
    start = time.perf_counter()
    process = subprocess.Popen(args, **popen)
    peak = largest = 0.0
    while process.poll() is None:
        total, biggest = tree_rss(process.pid)
        peak, largest = max(peak, total), max(largest, biggest)
        time.sleep(INTERVAL)
    return {"rc": process.returncode, "seconds": time.perf_counter() - start, "tree_mb": peak, "largest_mb": largest}


if __name__ == "__main__":
    result = measure(sys.argv[1:])
    print(json.dumps(result), flush=True)

