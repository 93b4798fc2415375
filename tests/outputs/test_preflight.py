"""What a print shop's preflight reads in every default output of the seed bank: a sound file
(qpdf), every font embedded (pdffonts), one program per face and no name for two programs."""

from __future__ import annotations

import collections
import subprocess

import pytest

from pdfutil import font_programs

# The pack carries a PDF from elsewhere (extras) with its own programs under our face names.
ONE_PER_FACE = ("guide.pdf", "guide-screen.pdf", "cheatsheets/all.pdf", "flashcards/all.pdf", "batches/01/handout.pdf")


def pdfs(build) -> dict[str, bytes]:
    return {path: data for path, data in build[0].items() if path.endswith(".pdf")}


def test_every_output_passes_qpdf_check(seed_build, tmp_path):
    for path, data in pdfs(seed_build).items():
        target = tmp_path / path.replace("/", "_")
        target.write_bytes(data)
        result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, (path, result.stdout)


def test_every_font_is_embedded_as_poppler_reads_it(seed_build, tmp_path):
    for path, data in pdfs(seed_build).items():
        target = tmp_path / path.replace("/", "_")
        target.write_bytes(data)
        rows = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, path
        # Columns: name type encoding emb sub uni object ID; the name and type may hold spaces.
        assert all(row.split()[-5] == "yes" for row in rows), (path, rows)


def test_no_font_name_names_two_programs(seed_build):
    for path, data in pdfs(seed_build).items():
        programs = collections.defaultdict(set)
        for name, program in font_programs(data):
            programs[name].add(program)
        assert all(len(numbers) == 1 for numbers in programs.values()), (path, dict(programs))


@pytest.mark.parametrize("path", ONE_PER_FACE)
def test_each_face_is_one_program_in_assembled_documents(seed_build, path):
    faces = collections.defaultdict(set)
    for name, program in font_programs(seed_build[0][path]):
        faces[name.split("+")[-1]].add(program)
    assert faces and all(len(programs) == 1 for programs in faces.values()), faces
