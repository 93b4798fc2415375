"""Personalised packs with each candidate's own practice set: what a copy costs.

Run by bench/run.py (the personal scenario) with a bank whose batch lists 100 candidates; the
batch is given `practice: {per_candidate: true, questions: 20}` here. The yardstick is what a
copy assembled afresh would cost at the least: the pack merged and packed once more, and a
stamper prepared on it (each copy's pack would differ, so neither could be shared).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import yaml

from studyguide.build.options import Settings, default_jobs
from studyguide.build.produce import session
from studyguide.content.load import load_bank
from studyguide.errors import Log
from studyguide.outputs.copies import copies_pack, personal_copies, stamps_html
from studyguide.outputs.pack import STYLES, assemble_pack, pack_pdf, pack_title, pieces
from studyguide.outputs.practice_sets import rendered_sets
from studyguide.pdf.stamp import Stamper
from studyguide.stored import data, loaded, weight
from studyguide.typeset.jobs import PartJob

QUESTIONS = 20


def with_sets(content: Path) -> None:
    for path in sorted((content / "batches").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["practice"] = {"per_candidate": True, "questions": QUESTIONS}
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main(content: Path) -> None:
    with_sets(content)
    bank = load_bank(content).bank
    batch = next(iter(bank.batches.values()))
    names = [c.name for c in batch.candidates]
    jobs = default_jobs()  # as a build typesets them: the sets' documents side by side
    with session(Settings(content=content, jobs=jobs), Log()) as renderer:
        ctx = renderer.context(bank)
        started = time.perf_counter()
        sets = rendered_sets(ctx, batch)
        typeset = time.perf_counter() - started
        started = time.perf_counter()
        pack, tail = copies_pack(ctx, batch)
        based = time.perf_counter() - started
        started = time.perf_counter()
        copies = list(personal_copies(ctx, pack, batch, names, tail))
        own = (time.perf_counter() - started) / len(copies)
        plain_pack = pack_pdf(ctx, batch)
        started = time.perf_counter()
        plain = list(personal_copies(ctx, plain_pack, batch, names))
        shared = (time.perf_counter() - started) / len(plain)
        found = tuple(pieces(ctx, batch))
        stamps = ctx.render_one(PartJob(stamps_html(batch, names), STYLES, "stamps", with_content=False, tagged=False))
        afresh = []
        for _ in range(3):
            started = time.perf_counter()
            # The parts as the assembler has them: read back from the scratch folder the workers stored them in.
            again = assemble_pack(*loaded((found[0].pdf, found, {"Title": pack_title(batch)}, tuple(range(len(found))),
                                           True)))
            Stamper(again, data(stamps.pdf), pack_title(batch))
            afresh.append(time.perf_counter() - started)
    full = statistics.median(afresh)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    size = statistics.median(weight(c) for c in copies) / 1024
    plain_size = statistics.median(weight(c) for c in plain) / 1024
    print(f"{f'{len(copies)} copies with their own {QUESTIONS}-question practice set':<58} "
          f"{own * 1000:7.0f} ms a copy   (shared-sheet copies {shared * 1000:.0f} ms; the sets typeset in "
          f"{typeset:.1f} s ({len(sets.pdfs)} documents, {jobs} workers, {sets.length} pages a set, largest process "
          f"{peak:.0f} MB), the copies' pack in {based:.1f} s; a copy assembled afresh >= {full * 1000:.0f} ms; "
          f"{size:.0f} KB a copy vs {plain_size:.0f} KB)", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
