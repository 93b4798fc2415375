"""`make bench`: build scenarios side by side in one run and print each as a ratio.

Every command runs in a fresh process, as a user would run it; the machine's speed drifts, so
the two sides of each ratio are measured alternately and their medians compared.
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realbank import LARGEST, real_bank  # noqa: E402
from realbank import edit_one_answer as edit_real_answer  # noqa: E402
from traced import weasyprint_seconds  # noqa: E402
from treerss import measure as measure_tree  # noqa: E402

from banks import edit_one_answer, scaled_bank  # noqa: E402

PY = sys.executable
EDITS = 3  # one-answer edits of the real-shaped bank, each after the last
# Runs a command and reports its wall time and the peak RSS of its largest process (the workers'
# server, which the command leaves to exit after it, and its workers included).
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); import treerss; treerss.adopt_orphans()\n"
    "t = time.perf_counter(); rc = subprocess.run(sys.argv[1:]).returncode; seconds = time.perf_counter() - t\n"
    "treerss.reap_orphans()  # waited for, they count among this process's children\n"
    "print(json.dumps({'rc': rc, 'seconds': seconds,"
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
        # one-sided, as the single document is: no blank versos on either side
        ours.append(measure(studyguide("guide", content, work / f"ov-{n}", "--no-cache", "--simplex"))["seconds"])
        single.append(measure([PY, str(Path(__file__).with_name("single_html.py")), "--render", str(html),
                               str(work / f"single-{n}.pdf")])["seconds"])
    a, b = statistics.median(ours), statistics.median(single)
    print(f"{'x1 cold guide build vs one WeasyPrint call on the same HTML':<58} {a / b:7.2f}x   "
          f"({a:.2f} s vs {b:.2f} s; target <= 1.25x)", flush=True)


def scenario_tags(work: Path, repeats: int) -> None:
    """What tagging (PDF/UA-1) costs: cold build and one-answer edit of everything, tagged as
    shipped vs --untagged, measured alternately."""
    times: dict[tuple[str, str], list[float]] = {}
    variants = (("tagged", ()), ("untagged", ("--untagged",)))
    banks = {variant: scaled_bank(1, work / f"tags-{variant}") for variant, _ in variants}
    for n in range(repeats):
        for variant, extra in variants:
            content = banks[variant]
            cache, out = work / f"tags-{variant}-cache-{n}", work / f"tags-{variant}-dist-{n}"
            times.setdefault((variant, "cold"), []).append(
                measure(studyguide("build", content, out, "--cache", str(cache), *extra))["seconds"])
            edit_one_answer(content)
            times.setdefault((variant, "edit"), []).append(
                measure(studyguide("build", content, out, "--cache", str(cache), *extra))["seconds"])
    for step, name in (("cold", "cold build of everything"), ("edit", "rebuild after editing one answer")):
        tagged, untagged = (statistics.median(times[(v, step)]) for v in ("tagged", "untagged"))
        print(f"{'x1 tagged vs untagged: ' + name:<58} {tagged / untagged:7.2f}x   "
              f"({tagged:.2f} s tagged vs {untagged:.2f} s untagged)", flush=True)


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def compiled() -> None:
    """Compile the package's own modules once, as an installed wheel is and as Python does on a
    first run (unless PYTHONDONTWRITEBYTECODE is set): every command then starts as it does on a
    user's machine, not compiling a hundred modules again (about 0.1 s, most of a no-op rebuild)."""
    import studyguide

    compileall.compile_dir(Path(studyguide.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-x100", action="store_true", help="leave out the x100 guide (about two minutes)")
    parser.add_argument("--only", nargs="+", choices=["real", "edit", "tags", "personal", "jobs", "overhead", "scale",
                                                   "sizes"],
                        help="run only these scenarios")
    args = parser.parse_args()
    wanted = set(args.only or ["real", "edit", "tags", "personal", "jobs", "overhead", "scale", "sizes"])
    started = time.perf_counter()
    compiled()
    with tempfile.TemporaryDirectory(prefix="studyguide-bench-") as tmp:
        work = Path(tmp)
        print(f"studyguide benchmark: medians of {args.repeats} runs, each command in a fresh process\n", flush=True)
        if "real" in wanted:
            scenario_real(work)
        if "edit" in wanted:
            scenario_noop_and_edit(work, 1, args.repeats, ">= 4x")
            scenario_noop_and_edit(work, 10, max(1, args.repeats - 1), ">= 10x")
        if "tags" in wanted:
            scenario_tags(work, args.repeats)
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


def _laid_out(text: str) -> dict[str, tuple[int, int]]:
    found = re.findall(r"^  (\S+): laid out (\d+) pages, shipped (\d+)", text, re.M)
    return {kind: (int(laid), int(shipped)) for kind, laid, shipped in found}


def scenario_real(work: Path) -> None:
    """A generated bank shaped like a real one (1,430 questions, 6 chapters of 110-450): cold build
    of everything, pages laid out per page shipped, WeasyPrint's share, memory, one-answer edit."""
    content = real_bank(work / "real")
    cache, out, logs = work / "real-cache", work / "real-dist", work / "real-logs"
    args = [PY, str(Path(__file__).with_name("traced.py")), str(logs / "cold"), "-v", "build", "--content",
            str(content), "--out", str(out), "--cache", str(cache), "--jobs", "2"]
    with tempfile.TemporaryFile("w+") as stdout:
        cold = measure_tree(args, stdout=stdout, stderr=subprocess.DEVNULL)
        stdout.seek(0)
        text = stdout.read()
    if cold["rc"] != 0:
        raise SystemExit("real-shaped bank: cold build failed")
    print(f"real-shaped bank (1,430 questions, 6 chapters, largest {LARGEST}): cold build, --jobs 2", flush=True)
    for kind, (laid, shipped) in _laid_out(text).items():
        print(f"  {kind + ': pages laid out / pages shipped':<56} {laid / max(shipped, 1):7.2f}    "
              f"({laid} / {shipped}; target <= 1.15)")
    stats = subprocess.run([PY, "-m", "studyguide", "stats", "--content", str(content)], capture_output=True,
                           text=True, check=True).stdout
    estimate, printed = int(re.search(r"Estimated guide length: (\d+) pages", stats).group(1)), _laid_out(text)["guide"][1]
    print(f"  {'stats: estimated guide pages / pages printed':<56} {estimate / printed:7.2f}    "
          f"({estimate} / {printed}; target within 10 %)")
    weasy = weasyprint_seconds(logs / "cold")
    print(f"  {'cold build CPU vs its WeasyPrint calls CPU':<56} {cold['cpu'] / weasy:7.2f}x   "
          f"({cold['cpu']:.0f} s vs {weasy:.0f} s; {cold['seconds']:.0f} s wall; target <= 1.3x)")
    print(f"  {'process-tree peak memory (main + workers, Pss)':<56} {cold['tree_pss_mb']:7.0f} MB "
          f"(Rss summed {cold['tree_mb']:.0f} MB; largest process {cold['largest_mb']:.0f} MB, main process "
          f"{cold['main_mb']:.0f} MB; at the peak, each process: "
          f"{' + '.join(str(mb) for mb in cold['at_peak_mb'])} MB; target <= 600 MB)",
          flush=True)
    edits = []
    for n in range(EDITS):  # one cold build is all a run affords; the edit, a minute, is measured thrice
        edit_real_answer(content)
        args[2] = str(logs / f"edit-{n}")
        edits.append(measure_tree(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    cpu, wall = (statistics.median(e[key] for e in edits) for key in ("cpu", "seconds"))
    each = ", ".join(f"{e['cpu']:.1f}" for e in edits)
    print(f"  {'one-answer edit in ' + LARGEST + ' vs cold build (CPU)':<56} {cold['cpu'] / cpu:7.1f}x   "
          f"({cold['cpu']:.0f} s vs {cpu:.1f} s, the median of {each}; "
          f"wall {cold['seconds']:.0f} s vs {wall:.1f} s; target >= 20x)\n", flush=True)


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
    # The same roster, each candidate's copy ending with a practice set drawn for them alone.
    sets = scaled_bank(1, work / "personal-sets", candidates=100)
    subprocess.run([PY, str(Path(__file__).with_name("practice_sets.py")), str(sets)], check=True)


if __name__ == "__main__":
    main()
