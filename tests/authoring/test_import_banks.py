"""`studyguide import` of a repository-shaped bank (tests/fixtures/import/small): every question whole and
in order, its markup converted, images copied, and what was left out reported once at its source line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from studyguide.cli import cli

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "small"
ORACLE = json.loads((SMALL.parent / "expected-small.json").read_text("utf-8"))["small"]
# Code is where <tags> and :shortcodes: may stay as written.
_CODE = re.compile(r"^```.*?^```|`[^`\n]*`", re.S | re.M)
_HTML = re.compile(r"</?(?:a|b|br|code|details|div|em|i|img|li|ol|p|pre|span|strong|summary|table|td|th|tr|ul)\b[^>]*>",
                   re.I)


def invoke(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "content"
    result = invoke("import", SMALL, "--out-content", out)
    assert result.exit_code == 0, result.stderr
    return out, result


def questions(out: Path) -> list[tuple[str, str | None, dict]]:
    """(category title, section title, question) for every question, in guide order."""
    found = []
    for cid in yaml.safe_load((out / "guide.yaml").read_text("utf-8"))["chapters"]:
        category = yaml.safe_load((out / "categories" / f"{cid}.yaml").read_text("utf-8"))
        found += [(category["title"], None, q) for q in category.get("questions", [])]
        found += [(category["title"], s["title"], q) for s in category.get("sections", []) for q in s["questions"]]
    return found


def by_number(out: Path, n: int) -> dict:
    return questions(out)[n - 1][2]


def flat(text: str) -> str:
    """Running text as one line: answers are re-wrapped, so words may sit on either side of a break."""
    return " ".join(text.split())


def test_every_question_is_imported_whole_and_in_order(small):
    out, result = small
    found = questions(out)
    assert len(found) == ORACLE["total"] == 44
    assert [(title, section, q.get("level"), q["question"]) for title, section, q in found] == [
        (e["topic"], e["section"], e["level"], e["text"]) for e in ORACLE["questions"]]
    for (_, _, q), expected in zip(found, ORACLE["questions"]):
        for kept in expected["answer_keeps"]:
            assert kept in q["answer"], expected["n"]
        assert ("needs-answer" in q.get("tags", [])) == (not expected["answered"])
    assert "imported 7 categories, 44 questions (details, markdown layout)" in result.stdout
    assert "4 questions without an answer: tagged needs-answer" in result.stdout


def test_the_bank_passes_check(small):
    out, _ = small
    result = invoke("check", "--content", out)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == ""  # not even a warning: no markup that would print as text


def test_front_page_gives_the_guide(small):
    out, _ = small
    guide = yaml.safe_load((out / "guide.yaml").read_text("utf-8"))
    assert guide["title"] == "Field Notes: DevOps Interview Questions"
    assert guide["chapters"] == ["devops", "git", "cloud", "aws", "kubernetes", "linux", "python"]
    assert guide["intro"] == ("ℹ️ Questions we were asked (or asked ourselves) in DevOps, SRE and cloud\n"
                              "interviews, with the answers we would give today.\n\n📊 44 questions in 7 topics\n")


def test_no_html_or_shortcode_is_left_outside_code(small):
    out, _ = small
    for _, _, q in questions(out):
        for text in (q["question"], q["answer"]):
            bare = _CODE.sub("", text)
            assert not _HTML.search(bare), (q["id"], _HTML.search(bare)[0])
            assert not re.search(r"(?<![\w:]):[a-z_]+:(?![\w:])", bare), q["id"]
            assert "&lt;" not in bare and "&nbsp;" not in bare, q["id"]


def test_placeholders_in_code_are_kept(small):
    out, _ = small
    assert by_number(out, 27)["question"] == "What does `kill -0 <PID>` do?"  # from <code>kill -0 &lt;PID&gt;</code>
    assert "`kill -0 <PID> 2>/dev/null && echo alive`" in by_number(out, 27)["answer"]
    assert "`aws sts assume-role --role-arn <ROLE_ARN> --role-session-name debug`" in by_number(out, 12)["question"]
    assert "sudo sh -c ': > /proc/<PID>/fd/<FD>'" in by_number(out, 32)["answer"]


def test_line_breaks_tables_lists_and_emoji(small):
    out, _ = small
    first = by_number(out, 1)["answer"]
    assert "when to release.\\\nContinuous deployment" in first  # <br>: a line break, nothing run together
    assert by_number(out, 28)["answer"].startswith("`SIGTERM`: a polite request to stop; finish the work in flight"
                                                   " and exit.\\\n`SIGINT`:")
    assert "`SIGKILL`: the kernel ends the process at once.\n\nAll of them" in by_number(out, 28)["answer"]  # <br><br>
    assert ("| Model | You manage | Example |\n| --- | --- | --- |\n| IaaS | OS, runtime, application, data |"
            in by_number(out, 7)["answer"])  # an HTML table as a GFM table
    assert "| Metric | What it tells you | A first target |\n|--------|" in by_number(out, 2)["answer"]
    assert "\n3. Does a node selector" in by_number(out, 17)["answer"]
    assert "\n3. Is a PersistentVolumeClaim" in by_number(out, 17)["answer"]  # 1, 2, 3, 3 as written
    assert "one line at a time.\n\n2. Open it with" in by_number(out, 42)["answer"]  # a list that starts at 2
    assert "them.\n\n- **Tolerations**" in by_number(out, 25)["answer"]  # a loose list stays loose
    assert "🚀 Move one small service" in by_number(out, 2)["answer"]
    assert "⚠️ Untagged resources" in by_number(out, 10)["answer"]
    assert "[ip-sysctl documentation](https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html)" in \
        flat(by_number(out, 35)["answer"])  # <a href> as a Markdown link


def test_images_are_copied_beside_the_content_and_referenced(small):
    out, result = small
    copies = {"images/cloud/multi-region.png": "topics/cloud/images/multi-region.png",
              "images/kubernetes/pod.png": "topics/kubernetes/images/pod.png",
              "images/kubernetes/service-flow.svg": "topics/kubernetes/images/service-flow.svg",
              "images/linux/fhs.jpg": "topics/linux/images/fhs.jpg"}
    assert sorted(p.relative_to(out).as_posix() for p in (out / "images").rglob("*") if p.is_file()) == sorted(copies)
    for rel, source in copies.items():
        assert (out / rel).read_bytes() == (SMALL / source).read_bytes()
    assert "![Two regions behind one global DNS name](images/cloud/multi-region.png)" in by_number(out, 9)["answer"]
    assert "![pod](images/kubernetes/pod.png)" in by_number(out, 15)["answer"]  # alt from the file name
    assert "![service flow](images/kubernetes/service-flow.svg)" in by_number(out, 20)["answer"]
    assert by_number(out, 33)["answer"].startswith("![Filesystem hierarchy](images/linux/fhs.jpg)\n\n| Path |")
    assert "copied 4 images into" in result.stdout


def test_links_to_anchors_and_other_files_become_text_and_are_counted(small):
    out, result = small
    assert flat(by_number(out, 19)["answer"]).endswith("is covered in Linux: processes.")
    assert "(see the signals question above)" in flat(by_number(out, 30)["answer"])
    notes = result.stdout.splitlines()
    assert f"note: {SMALL}/topics/linux/README.md:49: links to #anchors made plain text" in notes
    assert (f"note: {SMALL}/topics/kubernetes/README.md:76: relative links made plain text "
            "(--base-url keeps them as links)") in notes


def test_relative_links_resolve_against_the_base_url(tmp_path):
    out = tmp_path / "content"
    result = invoke("import", SMALL, "--out-content", out, "--base-url", "https://github.com/owner/bank/blob/main")
    assert result.exit_code == 0, result.stderr
    answer = by_number(out, 19)["answer"]
    assert "[Linux: processes](https://github.com/owner/bank/blob/main/topics/linux/README.md#processes)" in flat(answer)
    assert (f"note: {SMALL}/topics/kubernetes/README.md:76: relative links resolved against "
            "https://github.com/owner/bank/blob/main/") in result.stdout.splitlines()
    assert invoke("check", "--content", out).exit_code == 0
    wrong = invoke("import", SMALL, "--out-content", tmp_path / "other", "--base-url", "github.com/owner")
    assert wrong.exit_code == 2 and "is not a web address" in wrong.stderr


def test_what_is_left_out_is_reported_once_per_kind(small):
    _, result = small
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    readme = f"{SMALL}/README.md"
    for expected in (f"note: {readme}:1: decorative images left out (logos, badges, icons) (2 in all)",
                     f"note: {readme}:9: navigation lines left out (6 in all)",
                     f"note: {readme}:21: tables of contents left out (2 in all)",
                     f"note: {readme}:110: headings without questions left out (5 in all)",
                     f"note: {readme}:126: References and Credits sections left out (2 in all)",
                     f"note: {SMALL}/CONTRIBUTING.md:1: files with no question left out"):
        assert expected in notes
    assert len(notes) == len({line.split(": ", 2)[2] for line in notes})  # each kind once


def test_every_message_names_a_source_file_and_line(small):
    _, result = small
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("note:", "warning:"))]
    assert lines
    for line in lines:
        assert re.match(rf"(note|warning): {re.escape(str(SMALL))}/\S+\.md:\d+: ", line), line
    assert result.stderr.splitlines() == [
        f'warning: {SMALL}/README.md:65: question has no answer; kept as "_No answer yet._", tagged needs-answer '
        f"(4 in all; also at {SMALL}/topics/kubernetes/README.md:131, {SMALL}/topics/linux/README.md:115, "
        f"{SMALL}/topics/python/README.md:79)"]


def test_the_contributing_template_yields_no_question(small):
    out, _ = small
    assert all("Your question here" not in q["question"] for _, _, q in questions(out))
    assert all("Contributing" != title for title, _, _ in questions(out))
