"""Shared fixtures: the seed bank is built once per test run (every default output, in memory);
everything else uses tiny banks."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.build.options import default_jobs
from studyguide.cli import cli
from studyguide.content.load import load_bank
from studyguide.outputs.requests import default_requests

from stage import make

# A shell starts a background job (`make test &`, some CI runners) with Ctrl-C ignored, and a
# command started from there inherits that: Python then never raises KeyboardInterrupt. The
# tests that send SIGINT to a command mean Ctrl-C as a terminal sends it, so the suite catches
# it again (a caught signal is reset to its default in each command started, not inherited).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_bank():
    return load_bank(CONTENT).bank


@pytest.fixture(scope="session")
def seed_build():
    """Every default output of the committed bank, made once: ({path under OUT: bytes}, report)."""
    return make(CONTENT, *default_requests(), jobs=default_jobs())


@pytest.fixture(scope="session")
def seed_guide(seed_build):
    """The full guide of the committed bank: (pdf bytes, build report)."""
    return seed_build[0]["guide.pdf"], seed_build[1]


@pytest.fixture(scope="session")
def seed_batch(seed_build):
    """Every output of the committed bank's batch 01: ({path under the batch folder: bytes}, report)."""
    folder = "batches/01/"
    return {path[len(folder):]: data for path, data in seed_build[0].items() if path.startswith(folder)}, seed_build[1]


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
