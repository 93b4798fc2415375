"""CLI conventions: examples in every --help, -q/-v, NO_COLOR, completion, `python -m studyguide`."""

from __future__ import annotations

import logging
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from studyguide import __version__
from studyguide.cli import cli

from bankfactory import make_bank


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


COMMANDS = [path for path, _ in all_commands(cli)]


def test_the_authoring_commands_are_registered():
    assert {"import", "new", "new batch", "new category", "watch", "schema", "doctor", "stats"} <= {
        " ".join(path) for path in COMMANDS}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_help_shows_an_example(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "  studyguide " + path[0] in result.stdout  # the example is a command to copy


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "studyguide", "--version"], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, f"studyguide, version {__version__}\n")


def test_quiet_keeps_warnings_and_drops_the_rest(run, tmp_path):
    content = make_bank(tmp_path)
    assert run("-q", "new", "category", "gamma", "--content", content).stdout == ""
    source = tmp_path / "notes.md"
    source.write_text("## Ops\n\nDaily work.\n\n### What is toil?\n", encoding="utf-8")
    result = run("-q", "import", source, "--out-content", tmp_path / "imported")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (f'warning: {source}:5: question has no answer; kept as "_No answer yet._", '
                             "tagged needs-answer\n")
    built = run("-q", "guide", "--content", content, "--out", tmp_path / "dist", "--no-cache", "--jobs", "1")
    assert (built.exit_code, built.stdout) == (0, "")
    assert (tmp_path / "dist" / "guide.pdf").is_file()


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_go_before_or_after_the_command(run, tmp_path, where):
    content = make_bank(tmp_path)

    def call(flag, *args):
        return run(flag, *args) if where == "before" else run(*args, flag)

    assert call("-q", "new", "category", "gamma", "--content", content).stdout == ""
    assert call("-q", "new", "batch", "02", "--content", content).stdout == ""
    built = call("-q", "build", "--content", content, "--out", tmp_path / "dist", "--no-cache", "-j", "1")
    assert (built.exit_code, built.stdout) == (0, "")
    source = tmp_path / "notes.md"
    source.write_text("## Ops\n\nDaily work.\n\n### What is toil?\n\nManual work.\n", encoding="utf-8")
    verbose = call("-v", "import", source, "--out-content", tmp_path / "imported").stdout
    assert verbose.startswith(f"wrote {tmp_path / 'imported' / 'guide.yaml'}\n")
    broken = call("--debug", "check", "--content", tmp_path / "missing")
    assert broken.exit_code == 1 and "content folder not found" in broken.stderr


def test_verbose_lists_every_file_written(run, tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("## Ops\n\nDaily work.\n\n### What is toil?\n\nManual, repetitive work.\n", encoding="utf-8")
    out = tmp_path / "imported"
    plain = run("import", source, "--out-content", out).stdout
    assert "wrote" not in plain
    verbose = run("-v", "import", source, "--out-content", tmp_path / "again").stdout
    assert verbose.startswith(f"wrote {tmp_path / 'again' / 'guide.yaml'}\nwrote {tmp_path / 'again' / 'categories' / 'ops.yaml'}\n")


def test_verbose_shows_weasyprints_own_messages(run, tmp_path, monkeypatch):
    from studyguide.content import load as loader

    real = loader.load_bank

    def load_and_log(content):  # stands in for WeasyPrint logging while a command runs
        logging.getLogger("weasyprint").debug("Failed to load font at %r", "file:///missing.ttf")
        logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
        return real(content)

    monkeypatch.setattr(loader, "load_bank", load_and_log)
    content = make_bank(tmp_path)
    assert "weasyprint:" not in run("check", "--content", content).stderr
    verbose = run("-v", "check", "--content", content)
    assert verbose.stderr == "weasyprint: Failed to load font at 'file:///missing.ttf'\n"  # steps stay hidden
    assert logging.getLogger("weasyprint").level == logging.NOTSET  # restored afterwards
    assert "weasyprint:" not in run("check", "--content", content).stderr


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    content = make_bank(tmp_path)
    runner = CliRunner()
    terminal = runner.invoke(cli, ["doctor", "--content", str(content)], color=True)
    assert "\x1b[32m" in terminal.stdout  # green "ok"
    piped = runner.invoke(cli, ["doctor", "--content", str(content)])
    assert "\x1b[" not in piped.stdout
    no_color = runner.invoke(cli, ["doctor", "--content", str(content)], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in no_color.stdout
    assert no_color.stdout == piped.stdout


def test_shell_completion_script_and_answers():
    runner = CliRunner()
    script = runner.invoke(cli, [], prog_name="studyguide", env={"_STUDYGUIDE_COMPLETE": "bash_source"})
    assert "_studyguide_completion()" in script.stdout
    assert "complete -o nosort -F _studyguide_completion studyguide" in script.stdout
    answer = runner.invoke(cli, [], prog_name="studyguide", env={
        "_STUDYGUIDE_COMPLETE": "bash_complete", "COMP_WORDS": "studyguide new c", "COMP_CWORD": "2"})
    assert answer.stdout.split() == ["plain,category"]
