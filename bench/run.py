"""`make bench`: build scenarios side by side in one run and print each as a ratio.

Every command runs in a fresh process, as a user would run it; the machine's speed drifts, so
the two sides of each ratio are measured alternately and their medians compared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from banks import edit_one_answer, scaled_bank  # noqa: E402

PY = sys.executable
# Runs a command and reports its wall time and the peak RSS of its largest process.
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter(); rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print(json.dumps({'rc': rc, 'seconds': time.perf_counter() - t,"
    " 'rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def measure(args: list[str]) -> dict:
    out = subprocess.run([PY, "-c", MEASURE, *args], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"command failed: {' '.join(args)}")
    return result


def studyguide(command: str, content: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "studyguide", "-q", command, "--content", str(content), "--out", str(out), *extra]


def line(name: str, fast: list[float], slow: list[float], target: str) -> None:
    a, b = statistics.median(fast), statistics.median(slow)
    print(f"{name:<58} {b / a:7.1f}x   ({b:7.2f} s vs {a:6.2f} s; target {target})", flush=True)


def scenario_noop_and_edit(work: Path, scale: int, repeats: int, target: str) -> None:
    content = scaled_bank(scale, work / f"x{scale}")
    cold, noop, edit = [], [], []
    for n in range(repeats):
        cache, out = work / f"x{scale}-cache-{n}", work / f"x{scale}-dist-{n}"
        cold.append(measure(studyguide("build", content, out, "--cache", str(cache)))["seconds"])
        noop.append(measure(studyguide("build", content, out, "--cache", str(cache)))["seconds"])
        edit_one_answer(content)
        edit.append(measure(studyguide("build", content, out, "--cache", str(cache)))["seconds"])
    if scale == 1:
        line(f"x{scale}: no-op rebuild vs cold build of everything", noop, cold, ">= 20x")
    line(f"x{scale}: rebuild after editing one answer vs cold build", edit, cold, target)


def scenario_jobs(work: Path, scale: int, repeats: int) -> None:
    content = scaled_bank(scale, work / f"jobs{scale}")
    one, two = [], []
    for n in range(repeats):
        two.append(measure(studyguide("guide", content, work / f"j2-{n}", "--no-cache", "--jobs", "2"))["seconds"])
        one.append(measure(studyguide("guide", content, work / f"j1-{n}", "--no-cache", "--jobs", "1"))["seconds"])
    line(f"x{scale} guide, cold: --jobs 2 vs --jobs 1", two, one, ">= 1.6x")


def scenario_scale(work: Path) -> None:
    results = {}
    for scale in (10, 100):
        content = scaled_bank(scale, work / f"scale{scale}")
        results[scale] = measure(studyguide("guide", content, work / f"scale{scale}-dist", "--no-cache"))
        pages = _pages(work / f"scale{scale}-dist" / "guide.pdf")
        print(f"x{scale} guide: {pages} pages, {results[scale]['seconds']:.1f} s, "
              f"peak RSS {results[scale]['rss_mb']:.0f} MB (largest process)", flush=True)
    ratio = results[100]["seconds"] / results[10]["seconds"]
    print(f"{'x100 guide time vs x10 guide time':<58} {ratio:7.1f}x   (target <= 12x; peak RSS target <= 350 MB)")


def scenario_overhead(work: Path, repeats: int) -> None:
    content = scaled_bank(1, work / "overhead")
    html = work / "single.html"
    subprocess.run([PY, str(Path(__file__).with_name("single_html.py")), str(content), str(html)], check=True)
    ours, single = [], []
    for n in range(repeats):
        ours.append(measure(studyguide("guide", content, work / f"ov-{n}", "--no-cache"))["seconds"])
        single.append(measure([PY, str(Path(__file__).with_name("single_html.py")), "--render", str(html),
                               str(work / f"single-{n}.pdf")])["seconds"])
    a, b = statistics.median(ours), statistics.median(single)
    print(f"{'x1 cold guide build vs one WeasyPrint call on the same HTML':<58} {a / b:7.2f}x   "
          f"({a:.2f} s vs {b:.2f} s; target <= 1.25x)", flush=True)


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-x100", action="store_true", help="leave out the x100 guide (about two minutes)")
    parser.add_argument("--only", nargs="+", choices=["edit", "personal", "jobs", "overhead", "scale", "sizes"],
                        help="run only these scenarios")
    args = parser.parse_args()
    wanted = set(args.only or ["edit", "personal", "jobs", "overhead", "scale", "sizes"])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="studyguide-bench-") as tmp:
        work = Path(tmp)
        print(f"studyguide benchmark: medians of {args.repeats} runs, each command in a fresh process\n", flush=True)
        if "edit" in wanted:
            scenario_noop_and_edit(work, 1, args.repeats, ">= 4x")
            scenario_noop_and_edit(work, 10, max(1, args.repeats - 1), ">= 10x")
        if "personal" in wanted:
            scenario_personalised(work)
        if "jobs" in wanted:
            scenario_jobs(work, 10, max(1, args.repeats - 1))
        if "overhead" in wanted:
            # short runs, so more of them: a stray process on the machine moves one run a lot
            scenario_overhead(work, 2 * args.repeats + 1)
        if "sizes" in wanted:
            scenario_sizes(work)
        if "scale" in wanted and not args.skip_x100:
            scenario_scale(work)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


def scenario_sizes(work: Path) -> None:
    """Assembled guide (x1, x10) and pack beside one WeasyPrint document of the same pages."""
    script = str(Path(__file__).with_name("sizes.py"))
    for scale, kind in ((1, "guide"), (10, "guide"), (1, "pack")):
        content = scaled_bank(scale, work / f"sizes-{kind}-{scale}")
        out = subprocess.run([PY, script, str(content), kind], capture_output=True, text=True, check=True).stdout
        print(f"x{scale} {out.strip()} (target <= 1.2x)", flush=True)


def scenario_personalised(work: Path) -> None:
    """100 personalised packs stamped onto one rendered pack vs rendering the pack 100 times."""
    script = Path(__file__).with_name("personalised.py")
    if not script.exists():
        print("personalised packs: (no batch outputs in this version)")
        return
    content = scaled_bank(1, work / "personal", candidates=100)
    subprocess.run([PY, str(script), str(content), str(work / "personal-out")], check=True)


if __name__ == "__main__":
    main()
