"""Runs a command and samples the resident memory of its whole process tree (Linux /proc).

    python bench/treerss.py COMMAND ARGS...   # prints one JSON line: rc, seconds, tree_mb, largest_mb

`tree_mb` is the peak of the sum of resident memory over the command and every descendant
(workers included); `tree_pss_mb` the same with pages shared by forked processes counted once,
what the machine feels; `largest_mb` the peak of any single process, what getrusage reports; `main_mb` the command's own
process (the workers and the assembler aside); `at_peak_mb` each process's Pss when the Pss sum
peaked, largest first: which processes the peak is made of.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

INTERVAL = 0.05  # seconds between samples: a worker's peak lasts longer than this
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
ORPHANS_WITHIN = 30.0  # seconds the command's last processes may take to leave after it


def adopt_orphans() -> None:
    """Make this process the one a command's orphans are handed to (Linux). The typesetting
    workers are forked from a server the command starts and never waits for: once the command
    has exited, the server comes to us, and waiting for it counts its CPU time and its workers'."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans() -> tuple[float, float]:
    """Wait for every process handed to us: (CPU seconds, largest peak RSS in MB) of them and of
    all they waited for. Fails if one is still running ORPHANS_WITHIN seconds on."""
    cpu = rss = 0.0
    deadline = time.monotonic() + ORPHANS_WITHIN
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return cpu, rss
        if pid:
            cpu, rss = cpu + usage.ru_utime + usage.ru_stime, max(rss, usage.ru_maxrss / 1024)
        elif time.monotonic() > deadline:
            raise SystemExit("the command left processes running")
        else:
            time.sleep(0.01)


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


def _memory_mb(pid: int) -> tuple[float, float]:
    """(Rss, Pss) of a process in MB: Pss shares each page among the processes mapping it, so
    forked workers' pages still shared with their parent are not counted twice in a sum."""
    found = {}
    try:
        for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = row.partition(":")
            if key in ("Rss", "Pss"):
                found[key] = int(value.split()[0]) / 1024
    except (OSError, ValueError):
        pass
    return found.get("Rss", 0.0), found.get("Pss", 0.0)


def tree_rss(root: int) -> tuple[float, list[float], float, float]:
    """(sum of Rss, each process's Pss, largest Rss, Rss of `root` itself) in MB of `root` and
    all its descendants now."""
    tree, todo, sizes = _children(), [root], []
    while todo:
        pid = todo.pop()
        sizes.append(_memory_mb(pid))
        todo += tree.get(pid, [])
    return sum(r for r, _ in sizes), [p for _, p in sizes], max((r for r, _ in sizes), default=0.0), sizes[0][0]


def measure(args: list[str], **popen) -> dict:
    """Run `args` to the end, sampling its process tree; the result as a dict."""
    adopt_orphans()
    start = time.perf_counter()
    process = subprocess.Popen(args, **popen)
    peak = proportional = largest = main = 0.0
    at_peak: list[float] = []
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        total, each, biggest, itself = tree_rss(process.pid)
        if sum(each) > proportional:
            proportional, at_peak = sum(each), sorted(each, reverse=True)
        peak, largest, main = max(peak, total), max(largest, biggest), max(main, itself)
        time.sleep(INTERVAL)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    # CPU seconds of the command, of every process it waited for (the assembler) and of those
    # it left to us (the workers' server, with its workers): the machine is shared, so CPU time
    # compares designs where wall time drifts.
    orphans, _ = reap_orphans()
    return {"rc": process.returncode, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime + orphans,
            "tree_mb": peak, "tree_pss_mb": proportional, "largest_mb": largest, "main_mb": main,
            "at_peak_mb": [round(mb) for mb in at_peak if mb >= 1]}


if __name__ == "__main__":
    result = measure(sys.argv[1:])
    print(json.dumps(result), flush=True)

