"""`studyguide import`: seed, Markdown and <details> layouts, folders, reports, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studyguide.authoring.importers.bank import read_source
from studyguide.authoring.importers.markdown import detect

from pdfutil import norm, page_texts
from seedtext import CONTENT, seed_text, without_hand_edits

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def load(folder: Path, rel: str) -> dict:
    return yaml.safe_load((folder / rel).read_text(encoding="utf-8"))


def imported(run, tmp_path, source, *extra) -> tuple[Path, object]:
    out = tmp_path / "content"
    result = run("import", source, "--out-content", out, *extra)
    assert result.exit_code == 0, result.stderr
    assert run("check", "--content", out).exit_code == 0
    return out, result


def test_seed_file_round_trips_to_the_committed_content(run, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    out, result = imported(run, tmp_path, seed)
    assert result.stderr == ""
    assert "imported 12 categories, 72 questions (seed layout)" in result.stdout
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml"))
    assert files == sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.yaml"))
    for rel in files:  # the same bytes, once the documented hand edits are set aside
        assert without_hand_edits((out / rel).read_text("utf-8")) == without_hand_edits((CONTENT / rel).read_text("utf-8"))


def test_a_stray_line_in_the_seed_is_reported_with_its_line_number(run, tmp_path):
    lines = seed_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Architecture, IAM"))
    lines.insert(at + 1, "A note the author forgot to delete")
    seed = tmp_path / "seed.txt"
    seed.write_text("\n".join(lines), encoding="utf-8")
    _, result = imported(run, tmp_path, seed)
    assert result.stderr == (f"warning: {seed}:{at + 2}: line fits no question, answer or heading: "
                             "'A note the author forgot to delete'\n")


def test_markdown_headings_layout(run, tmp_path):
    source = FIXTURES / "headings.md"
    out, result = imported(run, tmp_path, source)
    assert result.stderr.splitlines() == [
        f'warning: {source}:25: question has no answer; kept as "_No answer yet._", tagged needs-answer']
    # Prose that fits no field is left out, and said so (the author need not act on it).
    assert f"note: {source}:31: text outside any question left out" in result.stdout.splitlines()
    guide = load(out, "guide.yaml")
    assert guide["title"] == "Platform Interview Notes"
    assert guide["intro"].startswith("Questions our trainers collected from platform-team interviews")
    assert guide["chapters"] == ["cloud-basics", "containers"]
    cloud = load(out, "categories/cloud-basics.yaml")
    assert (cloud["title"], cloud["icon"]) == ("Cloud Basics", "☁️")
    assert cloud["summary"] == "How the big providers bill, isolate and connect workloads."
    assert [q["id"] for q in cloud["questions"]] == [
        "region-availability-zone", "keep-cloud-bill-predictable", "terraform-plan-show-before"]
    assert cloud["questions"][0]["question"] == "What is the difference between a region and an availability zone?"
    assert cloud["questions"][0]["answer"].count("\n\n") == 1  # two paragraphs kept apart
    assert cloud["questions"][1]["answer"].startswith("1. Tag every resource")
    assert cloud["questions"][2]["answer"] == "_No answer yet._\n"
    assert cloud["questions"][2]["tags"] == ["needs-answer"]
    containers = load(out, "categories/containers.yaml")
    assert containers["icon"] == "📘"  # a heading without an emoji gets the default
    assert [q["question"] for q in containers["questions"]] == [
        "Why keep container images small?",
        "Café culture — how do you explain containers to a non-engineer?"]
    assert containers["questions"][1]["id"] == "cafe-culture-containers-non-engineer"
    code = containers["questions"][0]["answer"]
    assert "```dockerfile\nFROM golang:1.23 AS build\n# this line looks like a heading" in code


def test_markdown_numbered_items_layout(tmp_path):
    bank = read_source(FIXTURES / "list.md").bank
    linux = bank["categories"]["linux"]
    assert [q["question"] for q in linux["questions"]] == [
        "What does load average measure?",
        "How do you find which process holds a deleted file open?",
        "What is an inode?"]
    assert linux["questions"][1]["answer"] == "Run `lsof +L1` and restart or truncate the process that holds it.\n"
    assert linux["questions"][2]["answer"].endswith("\n\n- `df -i` shows inode use per filesystem.\n")


def test_details_layout_keeps_unanswered_questions_and_converts_html(run, tmp_path):
    source = FIXTURES / "details.md"
    out, result = imported(run, tmp_path, source)
    assert result.stderr.splitlines() == [
        f'warning: {source}:24: question has no answer; kept as "_No answer yet._", tagged needs-answer',
        f"warning: {source}:30: image 'img/sticky.png' left out: no such file in the bank folder",
    ]
    assert "1 question without an answer: tagged needs-answer" in result.stdout
    networking = load(out, "categories/networking.yaml")
    assert networking["summary"] == "The layer most outages trace back to."
    # A file titled by its one `##` heading is one category; its `###` headings are sections.
    assert [section["title"] for section in networking["sections"]] == ["DNS", "Load balancing"]
    questions = [q for section in networking["sections"] for q in section["questions"]]
    assert [q["question"] for q in questions] == [
        "What happens when a DNS record's TTL expires?",
        "How do you check which name server answers for `example.com`?",
        "What is the difference between a layer 4 and a layer 7 load balancer?",
        "When would you use sticky sessions?"]
    assert questions[0]["answer"] == ("Resolvers drop the cached answer and ask the authoritative server again.\\\n"
                                      "A short TTL makes changes visible sooner but sends more queries.\n")
    assert questions[1]["answer"] == ("Run `dig NS example.com`, then query one of them directly:\n\n"
                                      "```\ndig @ns1.example.com example.com A\n```\n")
    assert questions[2]["answer"] == "_No answer yet._\n"
    assert questions[2]["tags"] == ["needs-answer"]
    assert questions[3]["answer"].endswith("cannot move it to a shared\nstore.\n")  # the missing image is gone
    assert "<" not in "".join(q["answer"] for q in questions)


def test_a_folder_imports_one_category_per_file(run, tmp_path):
    out, result = imported(run, tmp_path, FIXTURES / "folder")
    assert "imported 2 categories, 3 questions (details, markdown layout)" in result.stdout
    assert load(out, "guide.yaml") == {"title": "Folder", "chapters": ["kubernetes", "terraform"]}
    kubernetes = load(out, "categories/kubernetes.yaml")
    assert kubernetes["summary"] == "Workloads, scheduling and the questions every SRE round asks."
    assert [q["id"] for q in kubernetes["questions"]] == ["pod", "deployment-roll-out-new"]
    assert load(out, "categories/terraform.yaml")["icon"] == "🏗️"


def test_layouts_are_detected_and_can_be_forced():
    assert [detect((FIXTURES / name).read_text("utf-8")) for name in ("headings.md", "list.md", "details.md")] == [
        "markdown", "markdown", "details"]
    assert detect(seed_text()) == "seed"
    forced = read_source(FIXTURES / "details.md", "markdown")  # no headings below ## to ask with
    assert forced.layouts == {str(FIXTURES / "details.md"): "markdown"}


def test_ids_stay_unique_and_readable(tmp_path):
    source = tmp_path / "twins.md"
    source.write_text("## Ops\n\nDaily work.\n\n### What is toil?\n\nA.\n\n### What is toil?\n\nB.\n\n"
                      "### क्या है?\n\nC.\n\n## Ops\n\nAgain.\n\n### Why on-call?\n\nD.\n", encoding="utf-8")
    bank = read_source(source).bank
    assert list(bank["categories"]) == ["ops", "ops-2"]
    assert [q["id"] for q in bank["categories"]["ops"]["questions"]] == ["toil", "toil-2", "ops-question-3"]


def test_refuses_to_overwrite_without_force(run, tmp_path):
    out = tmp_path / "content"
    (out / "categories").mkdir(parents=True)
    (out / "categories" / "keep.yaml").write_text("# mine\n", encoding="utf-8")
    result = run("import", FIXTURES / "list.md", "--out-content", out)
    assert result.exit_code == 1
    assert result.stderr == f"error: {out}: already exists; pass --force to overwrite the files the import writes\n"
    assert sorted(p.name for p in out.rglob("*")) == ["categories", "keep.yaml"]
    # --force checks what the folder will hold: here the kept file is broken, so nothing is written.
    forced = run("import", FIXTURES / "list.md", "--out-content", out, "--force")
    assert forced.exit_code == 1
    assert forced.stderr.startswith(f"{out / 'categories' / 'keep.yaml'}:1:1: file is empty")
    assert not (out / "guide.yaml").exists()
    mine = "title: Mine\nicon: 🧰\nsummary: Kept.\nquestions:\n  - {id: mine, question: Q?, answer: A.}\n"
    (out / "categories" / "keep.yaml").write_text(mine, encoding="utf-8")
    forced = run("import", FIXTURES / "list.md", "--out-content", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "categories" / "keep.yaml").read_text("utf-8") == mine
    assert load(out, "guide.yaml")["chapters"] == ["linux"]


def test_a_file_without_questions_is_an_error_and_writes_nothing(run, tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\nJust prose, no questions.\n", encoding="utf-8")
    result = run("import", source, "--out-content", tmp_path / "content")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:1:1: found no questions (markdown layout): expected `## Category`")
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("name", ["headings.md"])
def test_an_imported_bank_prints(run, tmp_path, name):
    out, _ = imported(run, tmp_path, FIXTURES / name)
    result = run("guide", "--content", out, "--out", tmp_path / "dist", "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    text = norm(" ".join(page_texts((tmp_path / "dist" / "guide.pdf").read_bytes())))
    for phrase in ("Platform Interview Notes", "Why keep container images small?", "No answer yet.",
                   "RUN go build -o /app ."):
        assert phrase in text


def test_messy_github_markup_is_placed_or_reported(run, tmp_path):
    source = FIXTURES / "details-messy.md"
    out, result = imported(run, tmp_path, source)
    assert result.stderr.splitlines() == [
        f"warning: {source}:40: <details> block is never closed; read to the end of the file",
        f"warning: {source}:36: image 'images/layers.png' left out: no such file in the bank folder",
        f'warning: {source}:34: question has no answer; kept as "_No answer yet._", tagged needs-answer',
    ]
    # The table under "### Practice tasks" holds no question: the heading and its text are left out.
    assert f"note: {source}:5: headings without questions left out" in result.stdout.splitlines()
    category = load(out, "categories/containers.yaml")
    assert category["summary"] == "Questions on Containers."  # an anchor and a table are no blurb
    [section] = category["sections"]
    assert section["title"] == "Self check"
    first, sample, diagram, unclosed = section["questions"]
    assert first["question"] == "Why might a container exit straight away?"  # stray </code> gone
    assert first["answer"].endswith("* The entrypoint is wrong:\n  1. check the image's `CMD`\n"
                                    "  2. check the `ENTRYPOINT`\n")
    # A code sample in the <summary> is part of the question, not moved into the answer.
    assert sample["question"] == 'What do these lines do?\n\n```\nhealthcheck:\n  test: ["CMD", "true"]\n```'
    assert sample["answer"] == "They define a health check that always passes.\n"
    assert diagram["question"] == "Label the parts of the diagram"
    assert unclosed["answer"] == "A read-only filesystem diff; layers stack to form the image.\n"
