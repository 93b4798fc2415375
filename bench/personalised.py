"""100 personalised candidate packs stamped onto one rendered pack, against full pack renders.

Run by bench/run.py with a bank whose batch lists 100 candidates. Rendering the pack 100 times
would take many minutes, so the full-render side is the median of three renders times 100.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from studyguide.batches import batch_outputs, pack_title
from studyguide.load import load_bank
from studyguide.parts import Options, Report
from studyguide.personalise import personal_copies


def main(content: Path, out: Path) -> None:
    bank = load_bank(content)
    batch_id, batch = next(iter(bank.batches.items()))
    names = [c.name for c in batch.candidates]
    alone = bank.model_copy(update={"batches": {batch_id: batch.model_copy(update={"candidates": []})}})
    opts = Options(content=content, out=out, jobs=1)
    batch_outputs(alone, batch_id, opts, Report())  # the first render in a process pays for imports
    renders = []
    for _ in range(3):
        started = time.perf_counter()
        outputs = batch_outputs(alone, batch_id, opts, Report())
        renders.append(time.perf_counter() - started)
    pack = outputs[out / "batches" / batch_id / "pack.pdf"]
    started = time.perf_counter()
    copies = list(personal_copies(pack, batch, names, pack_title(batch), opts, Report()))
    stamped = time.perf_counter() - started
    full = statistics.median(renders) * len(names)
    print(f"{f'{len(copies)} personalised packs vs {len(names)} full renders of the pack':<58} "
          f"{full / stamped:7.1f}x   ({full:7.2f} s vs {stamped:6.2f} s; target >= 30x; "
          f"one full render {statistics.median(renders):.2f} s, {stamped / len(copies) * 1000:.0f} ms a copy)",
          flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
