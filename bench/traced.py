"""`studyguide ARGS` with the CPU time each WeasyPrint call takes written to LOGDIR/<pid> (workers too).

    python bench/traced.py LOGDIR build --content ... --out ...
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    logdir = Path(sys.argv[1])
    logdir.mkdir(parents=True, exist_ok=True)
    from studyguide.typeset import weasy

    real = weasy.typeset

    def timed(job, *args, **kwargs):
        # CPU time of this process only: other work on the machine does not count.
        start = time.process_time()
        result = real(job, *args, **kwargs)
        import os

        with open(logdir / str(os.getpid()), "a", encoding="ascii") as log:
            log.write(f"{time.process_time() - start:.4f} {result.pages}\n")
        return result

    weasy.typeset = timed  # looked up at call time, in this process and in the forked workers
    from studyguide.cli import main as cli_main

    sys.argv = ["studyguide", *sys.argv[2:]]
    cli_main()


def weasyprint_seconds(logdir: Path) -> float:
    return sum(float(line.split()[0]) for path in Path(logdir).glob("*") for line in path.read_text().splitlines())


if __name__ == "__main__":
    main()
