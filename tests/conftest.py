"""Shared fixtures: the seed guide is rendered once per test run; everything else uses tiny banks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import cli
from studyguide.load import load_bank
from studyguide.parts import Options, Report

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def seed_bank():
    return load_bank(CONTENT)


@pytest.fixture(scope="session")
def seed_guide(tmp_path_factory, seed_bank):
    """The full guide of the committed bank, built once: (pdf bytes, build report)."""
    from studyguide.build import guide_pdf

    report = Report()
    pdf = guide_pdf(seed_bank, Options(content=CONTENT, out=tmp_path_factory.mktemp("dist")), report)
    return pdf, report


@pytest.fixture(scope="session")
def seed_batch(tmp_path_factory, seed_bank):
    """Every output of the committed bank's batch 01, built once: ({path under the batch folder: bytes}, report)."""
    from studyguide.batches import batch_outputs

    out = tmp_path_factory.mktemp("dist")
    report = Report()
    outputs = batch_outputs(seed_bank, "01", Options(content=CONTENT, out=out), report)
    folder = out / "batches" / "01"
    return {path.relative_to(folder).as_posix(): data for path, data in outputs.items()}, report


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
