"""Set-up: the system packages are checked, installed when this user may, else named in one command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studyguide.typeset import system

SCRIPT = Path(system.__file__)


def test_the_check_runs_without_the_package_installed():
    # `make` runs it with the machine's python3 before the virtual environment exists.
    result = subprocess.run([sys.executable, "-I", str(SCRIPT)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_missing_packages_are_installed_when_root_or_sudo_allows(monkeypatch, capsys):
    state = {"missing": ["libharfbuzz-subset0"]}
    ran = []
    monkeypatch.setattr(system, "missing_packages", lambda tests=False: list(state["missing"]))
    monkeypatch.setattr(system, "_as_root", lambda: ["sudo", "-n"])
    monkeypatch.setattr(system.shutil, "which", lambda name: f"/usr/bin/{name}")

    def fake_run(args, **kwargs):
        ran.append(args)
        if "install" in args:
            state["missing"] = []
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(system.subprocess, "run", fake_run)
    assert system.main(["--install"]) == 0
    assert ran == [["sudo", "-n", "apt-get", "update", "-qq"],
                   ["sudo", "-n", "apt-get", "install", "-y", "-qq", "libharfbuzz-subset0"]]
    assert capsys.readouterr().err == "installing: libharfbuzz-subset0\n"


def test_without_the_right_to_install_it_names_the_one_command(monkeypatch, capsys):
    monkeypatch.setattr(system, "missing_packages", lambda tests=False: ["libharfbuzz-subset0", "python3-venv"])
    monkeypatch.setattr(system, "_as_root", lambda: None)
    assert system.main(["--install"]) == 1
    assert capsys.readouterr().err == ("studyguide needs these system packages: libharfbuzz-subset0 python3-venv\n"
                                       "install them with: sudo apt-get install libharfbuzz-subset0 python3-venv\n")


def test_the_tests_add_their_pdf_tools(monkeypatch):
    monkeypatch.setattr(system, "missing_libraries", dict)
    monkeypatch.setattr(system.shutil, "which", lambda name: None if name == "qpdf" else f"/usr/bin/{name}")
    assert system.missing_packages() == []
    assert system.missing_packages(tests=True) == ["qpdf"]
