"""100 personalised candidate packs stamped onto one rendered pack, against full pack renders.

Run by bench/run.py with a bank whose batch lists 100 candidates. Rendering the pack 100 times
would take many minutes, so the full-render side is the median of three renders times 100.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from studyguide.build.options import Settings
from studyguide.build.produce import session
from studyguide.content.load import load_bank
from studyguide.errors import Log
from studyguide.outputs.copies import personal_copies
from studyguide.outputs.pack import pack_pdf


def main(content: Path, out: Path) -> None:
    bank = load_bank(content).bank
    batch = next(iter(bank.batches.values()))
    names = [c.name for c in batch.candidates]
    settings = Settings(content=content, jobs=1)
    renders = []
    for attempt in range(4):  # the first render in a process pays for imports: not counted
        with session(settings, Log()) as renderer:  # a fresh session renders everything again
            started = time.perf_counter()
            pack = pack_pdf(renderer.context(bank), batch)
            if attempt:
                renders.append(time.perf_counter() - started)
    with session(settings, Log()) as renderer:
        started = time.perf_counter()
        copies = list(personal_copies(renderer.context(bank), pack, batch, names))
        stamped = time.perf_counter() - started
    full = statistics.median(renders) * len(names)
    print(f"{f'{len(copies)} personalised packs vs {len(names)} full renders of the pack':<58} "
          f"{full / stamped:7.1f}x   ({full:7.2f} s vs {stamped:6.2f} s; target >= 30x; "
          f"one full render {statistics.median(renders):.2f} s, {stamped / len(copies) * 1000:.0f} ms a copy)",
          flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
