"""`studyguide ARGS` with the CPU time each WeasyPrint call takes written to LOGDIR/<pid> (workers too).

    python bench/traced.py LOGDIR build --content ... --out ...

The typesetting workers are forked from a server, not from this process, so the timing is put in
place in each of them too: they import this script as their main module (`__mp_main__`), and the
folder reaches them through the environment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

LOGDIR = "STUDYGUIDE_BENCH_TRACE"


def _trace(logdir: Path) -> None:
    from studyguide.typeset import weasy

    real = weasy.typeset

    def timed(job, *args, **kwargs):
        # CPU time of this process only: other work on the machine does not count.
        start = time.process_time()
        result = real(job, *args, **kwargs)
        with open(logdir / str(os.getpid()), "a", encoding="ascii") as log:
            log.write(f"{time.process_time() - start:.4f} {result.pages}\n")
        return result

    weasy.typeset = timed  # looked up at call time


def main() -> None:
    logdir = Path(sys.argv[1]).resolve()
    logdir.mkdir(parents=True, exist_ok=True)
    os.environ[LOGDIR] = str(logdir)
    _trace(logdir)
    from studyguide.cli import main as cli_main

    sys.argv = ["studyguide", *sys.argv[2:]]
    cli_main()


def weasyprint_seconds(logdir: Path) -> float:
    return sum(float(line.split()[0]) for path in Path(logdir).glob("*") for line in path.read_text().splitlines())


if __name__ == "__main__":
    main()
elif __name__ == "__mp_main__" and os.environ.get(LOGDIR):
    _trace(Path(os.environ[LOGDIR]))
