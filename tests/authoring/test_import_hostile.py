"""`studyguide import` of a bank whose images are hostile (tests/fixtures/import/hostile): every question is
kept, nothing is fetched, nothing outside the bank folder is read or copied, and every bad image is named
at its source line."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from studyguide.cli import cli

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "hostile"


@pytest.fixture
def imported(tmp_path, monkeypatch):
    """The hostile bank copied as it is (its symbolic link kept a link), imported with the network cut."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"the import tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    bank = tmp_path / "hostile"
    shutil.copytree(HOSTILE, bank, symlinks=True)
    assert (bank / "images" / "passwd-link.png").is_symlink()
    out = tmp_path / "content"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["import", str(bank), "--out-content", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 20  # nothing is decoded, so nothing is slow
    return bank, out, result


def answers(out: Path) -> dict[str, str]:
    found = {}
    for cid in yaml.safe_load((out / "guide.yaml").read_text("utf-8"))["chapters"]:
        for q in yaml.safe_load((out / "categories" / f"{cid}.yaml").read_text("utf-8"))["questions"]:
            found[q["question"]] = q["answer"]
    return found


def test_every_question_is_kept(imported):
    _, out, result = imported
    assert list(answers(out)) == [
        "Which diagram shows a remote image?", "What does an SVG with an external image do?",
        "What does an SVG that links a local file do?", "What if the image path leaves the repository?",
        "What if a .png file is really text?", "What if a PNG claims to be 20000 x 20000 pixels?",
        "What if an SVG expands XML entities a billion times?"]
    assert "imported 2 categories, 7 questions (details layout)" in result.stdout


def test_nothing_outside_the_bank_is_read_or_copied(imported):
    bank, out, result = imported
    secret = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").is_file() else b"root:"
    copied = [p for p in out.rglob("*") if p.is_file()]
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert all(p.read_bytes() != secret for p in copied)
    assert sorted(p.name for p in (out / "images").rglob("*") if p.is_file()) == [
        "bomb-truncated.png", "bomb.png", "entity-bomb.svg", "external.svg", "local-file.svg", "xxe.svg"]
    readme = bank / "README.md"
    for line, src, why in ((40, "../../../../../../etc/passwd", "it is outside the bank folder"),
                           (42, "/etc/hostname", "no such file in the bank folder"),
                           (44, "images/passwd-link.png", "it is a link to a file outside the bank folder"),
                           (52, "images/not-really.png", "its content is not a PNG, JPEG, GIF, WebP or SVG image")):
        assert f"warning: {readme}:{line}: image '{src}' left out: {why}" in result.stderr.splitlines()
    leaves = answers(out)["What if the image path leaves the repository?"]
    assert leaves == "passwd-link.png is a symbolic link to `/etc/passwd`.\n"  # inside a sentence: its name


def test_remote_images_are_listed_once_and_kept_as_links(imported):
    bank, out, result = imported
    assert (f"note: {bank}/README.md:14: remote images not fetched, kept as links: "
            "https://example.com/a.png, https://example.com/b.png (2 in all)") in result.stdout.splitlines()
    assert answers(out)["Which diagram shows a remote image?"] == (
        "A Markdown image on another host: [x](https://example.com/a.png)\n\n"
        "And the same as HTML: [b](https://example.com/b.png)\n")


def test_images_the_printer_refuses_are_copied_and_named_at_their_source_line(imported):
    # The import copies image files as they are; the content check (which the import runs on what it
    # writes) refuses the bombs and the SVGs that reach outside themselves, and says where they came from.
    bank, out, result = imported
    warnings = result.stderr.splitlines()
    readme = bank / "README.md"
    for line, name in ((55, "bomb.png"), (55, "bomb-truncated.png"), (67, "entity-bomb.svg"),
                       (19, "external.svg"), (27, "local-file.svg"), (27, "xxe.svg")):
        assert any(w.startswith(f"warning: {readme}:{line}: ") and name in w for w in warnings), name
    check = CliRunner().invoke(cli, ["check", "--content", str(out)], catch_exceptions=False)
    assert check.exit_code == 1 and "bomb.png" in check.stdout + check.stderr
