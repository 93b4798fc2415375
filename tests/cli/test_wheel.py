"""The wheel carries templates and styles, declares the font packages, and works installed on its own."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from studyguide import fonts

from bankfactory import make_bank
from pdfutil import norm, page_texts

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_package_data_and_runs_from_an_install(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                            "-w", str(tmp_path / "wheels"), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheels").glob("studyguide-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"studyguide/typeset/templates/{p.name}" for p in (ROOT / "src/studyguide/typeset/templates").glob("*.html")}
    styles = {f"studyguide/styles/{p.name}" for p in (ROOT / "styles").glob("*.css")}
    assert {"studyguide/typeset/templates/chapter.html", "studyguide/styles/guide.css"} <= templates | styles
    assert templates | styles <= names
    info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = email.message_from_bytes(zipfile.ZipFile(wheel).read(info)).get_all("Requires-Dist")
    owners = metadata.packages_distributions()
    for package in sorted({face.package for face in fonts.FACES} - {"studyguide"}):
        dist = owners[package][0]
        assert any(r.startswith(f"{dist}==") for r in requires), dist  # pinned, so pipx brings it along
    vendored = {f"studyguide/{face.file}" for face in fonts.FACES if face.package == "studyguide"}
    assert vendored | {"studyguide/data/fonts/OFL.txt", "studyguide/data/fonts/PROVENANCE.md"} <= names
    entry = zipfile.ZipFile(wheel).read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "studyguide = studyguide.cli:main" in entry

    # Installed from the wheel alone (dependencies from this environment), away from the checkout,
    # it still finds its templates, styles and fonts and prints a guide.
    target = tmp_path / "installed"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                                "--target", str(target), str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    content = make_bank(tmp_path)
    ran = subprocess.run([sys.executable, "-c", "import studyguide; print(studyguide.__file__)"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert Path(ran.stdout.strip()).is_relative_to(target)
    guide = subprocess.run([sys.executable, "-m", "studyguide", "guide", "--content", str(content),
                            "--out", str(tmp_path / "dist"), "--no-cache", "--jobs", "1"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert guide.returncode == 0, guide.stderr
    assert "Question alpha 1?" in norm(" ".join(page_texts((tmp_path / "dist" / "guide.pdf").read_bytes())))
