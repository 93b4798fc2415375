"""Stage 5: the orchestrator: load, check, render (cache, memo, workers), assemble, and write once."""
