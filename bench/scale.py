"""A 5,000-question bank, checked and built end to end: prints pages, time and peak memory.

    python bench/scale.py                  # about 5,000 questions: check, then build
    python bench/scale.py --questions 1000 --command guide --jobs 1

The bank is the committed one with every category repeated until it holds at least
--questions questions; it lives in a temporary folder that is removed afterwards (--keep
keeps it). Each step runs as `python -m studyguide` in a child process, so the peak RSS is the
child's own (the largest single process, workers included), not this script's.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from banks import ROOT, scaled_bank  # noqa: E402


def seed_questions() -> int:
    import yaml

    return sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["questions"])
               for p in (ROOT / "content" / "categories").glob("*.yaml"))


def run(args: list[str]) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak RSS (MB) of `python -m studyguide ARGS`."""
    start = time.perf_counter()
    pid = os.spawnv(os.P_NOWAIT, sys.executable, [sys.executable, "-m", "studyguide", *args])
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024


def pages(out: Path) -> dict[str, int]:
    from pypdf import PdfReader

    return {str(p.relative_to(out)): len(PdfReader(p).pages) for p in sorted(out.rglob("*.pdf"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--command", choices=["build", "guide"], default="build")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the generated bank and outputs")
    opts = parser.parse_args()

    scale = math.ceil(opts.questions / seed_questions())
    work = Path(tempfile.mkdtemp(prefix="studyguide-scale-"))
    try:
        content = scaled_bank(scale, work)
        out = work / "dist"
        total = seed_questions() * scale
        print(f"bank: {total:,} questions (the committed bank x{scale}) in {content}")
        code, seconds, rss = run(["check", "--content", str(content)])
        print(f"check: exit {code}, {seconds:.1f} s, peak RSS {rss:.0f} MB")
        if code:
            return code
        code, seconds, rss = run(["-q", opts.command, "--content", str(content), "--out", str(out), "--no-cache",
                                  "--jobs", str(opts.jobs)])
        counts = pages(out) if out.exists() else {}
        print(f"{opts.command} (--jobs {opts.jobs}, no cache): exit {code}, {seconds:.1f} s, peak RSS {rss:.0f} MB, "
              f"{sum(counts.values()):,} pages in {len(counts)} PDFs")
        for name, count in counts.items():
            if count >= 50 or name == "guide.pdf":
                print(f"  {name}: {count:,} pages")
        if counts:
            print(f"  {seconds / sum(counts.values()) * 1000:.0f} ms per page")
        return code
    finally:
        if opts.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
