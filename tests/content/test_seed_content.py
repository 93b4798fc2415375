"""content/ holds every word of the question bank seed, and the importer reproduces it."""

import re
import unicodedata
from datetime import datetime

import yaml

from seedtext import CONTENT, seed_text, without_hand_edits

CHAPTERS = [
    "aws", "kubernetes", "terraform", "cicd", "devsecops", "linux", "observability",
    "agentic-ai", "docker", "python", "system-design", "behavioural",
]
QUESTION = re.compile(r"^\d\d(?=\S)")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MARKER = re.compile(r"(\d+[.)]|[-+*#>])(\s|$)")


def seed_outline(text: str) -> dict:
    """A deliberately simple reading of the seed, independent of the importer."""
    lines = text.splitlines()
    nonblank = [line for line in lines if line.strip()]
    chapters, answer_next = [], False
    for i, line in enumerate(lines):
        if answer_next:  # the line after a question is its answer, whatever it starts with
            chapters[-1]["qa"][-1].append(line)
            answer_next = False
        elif line and unicodedata.category(line[0]) == "So":
            icon, title = line.split(" ", 1)
            blurb = next(later for later in lines[i + 1 :] if later.strip())
            chapters.append({"icon": icon, "title": title, "blurb": blurb, "qa": []})
        elif QUESTION.match(line):
            chapters[-1]["qa"].append([line[2:]])
            answer_next = True
    return {"banner": nonblank[0], "masthead": nonblank[1], "title": nonblank[2],
            "intro": nonblank[3], "cta": nonblank[-2], "closing": nonblank[-1],
            "chapters": chapters}


def load(rel: str) -> dict:
    return yaml.safe_load((CONTENT / rel).read_text(encoding="utf-8"))


def words(markdown: str) -> str:
    # The seed writes enumerations inline ("1) a 2) b"); content makes them "1. a" lines.
    text = re.sub(r"(?m)^\s*\d+\.\s", " ", markdown)
    text = re.sub(r"(^|\s)\d+\)(?=\s)", " ", text)
    text = text.replace("**", "").replace("*", "").replace("`", "")
    return " ".join(text.split())


def test_chapters_match_the_seed_headings_and_blurbs():
    outline = seed_outline(seed_text())
    assert load("guide.yaml")["chapters"] == CHAPTERS
    assert len(outline["chapters"]) == len(CHAPTERS)
    for cid, seed in zip(CHAPTERS, outline["chapters"]):
        first = (CONTENT / "categories" / f"{cid}.yaml").read_text(encoding="utf-8").split("\n")[0]
        assert first == "# yaml-language-server: $schema=../../schema/category.schema.json"
        chapter = load(f"categories/{cid}.yaml")
        assert list(chapter) == ["title", "icon", "summary", "questions"]
        assert (chapter["title"], chapter["icon"], chapter["summary"]) == (
            seed["title"], seed["icon"], seed["blurb"])


def test_every_question_and_answer_is_carried_word_for_word():
    outline = seed_outline(seed_text())
    ids = []
    for cid, seed in zip(CHAPTERS, outline["chapters"]):
        questions = load(f"categories/{cid}.yaml")["questions"]
        assert len(questions) == len(seed["qa"]), cid
        for entry, (question, answer) in zip(questions, seed["qa"]):
            assert [k for k in entry if k != "short"] in (["id", "question", "answer"],
                                                          ["id", "question", "answer", "tags"])
            assert entry["question"] == question
            assert words(entry["answer"]) == words(answer), entry["id"]
            for mark in ("**", "`", "<"):  # emphasis, code and literal "<" all kept
                assert entry["answer"].count(mark) == answer.count(mark), entry["id"]
            tags = entry.get("tags", ["optional"])
            assert 1 <= len(tags) <= 3 and all(SLUG.fullmatch(tag) for tag in tags)
            ids.append(entry["id"])
    assert len(ids) == 72
    assert len(set(ids)) == len(ids)
    assert all(SLUG.fullmatch(qid) and len(qid) <= 40 for qid in ids)


def test_answers_wrap_safely_for_markdown():
    for cid in CHAPTERS:
        for entry in load(f"categories/{cid}.yaml")["questions"]:
            lines = entry["answer"].rstrip("\n").split("\n")
            listed = entry["answer"].startswith("1. ")
            number = 0
            for line in lines:
                assert line.count("`") % 2 == 0, (entry["id"], line)  # no split code span
                if listed and not line.startswith(" "):
                    number += 1
                    assert line.startswith(f"{number}. "), (entry["id"], line)
                else:
                    assert not MARKER.match(line.lstrip()), (entry["id"], line)


def test_enumerated_answers_became_ordered_lists():
    outline = seed_outline(seed_text())
    for cid, seed in zip(CHAPTERS, outline["chapters"]):
        for entry, (_, answer) in zip(load(f"categories/{cid}.yaml")["questions"], seed["qa"]):
            assert entry["answer"].startswith("1. ") == answer.startswith("1) "), entry["id"]


def test_guide_matches_the_seed_front_and_closing_matter():
    outline = seed_outline(seed_text())
    guide = load("guide.yaml")
    first = (CONTENT / "guide.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert first == "# yaml-language-server: $schema=../schema/guide.schema.json"
    assert list(guide) == ["title", "subtitle", "edition", "publisher", "intro", "outro",
                           "chapters"]
    assert guide["title"] == outline["title"] == "Real Interview Questions from the Field"
    assert f"{guide['subtitle']} · {guide['edition']}" == outline["masthead"]
    assert (guide["subtitle"], guide["edition"]) == ("Interview Question Bank", "Updated May 2026")
    assert guide["publisher"] == "Cloudadhar" and "Cloudadhar" in outline["closing"]
    assert words(guide["intro"]) == words(outline["intro"])
    heading, _, rest = guide["outro"].partition("\n")
    assert heading == f"## {outline['cta']}"
    assert words(rest) == words(outline["closing"])


def test_batch_matches_the_banner():
    banner = seed_outline(seed_text())["banner"]
    unit = banner[: len(banner) // 8]
    assert unit * 8 == banner
    number, name, track, starts = re.fullmatch(
        r"Batch (\d+) · (\S+) — (.+) starts (.+)", unit).groups()
    text = (CONTENT / "batches" / f"{number}.yaml").read_text(encoding="utf-8")
    assert text.split("\n")[0] == "# yaml-language-server: $schema=../../schema/batch.schema.json"
    assert 'starts: "2026-06-28"' in text
    assert yaml.safe_load(without_hand_edits(text)) == {
        "number": number, "name": name, "track": track,
        "starts": datetime.strptime(starts, "%d %B %Y").date().isoformat(),
        "chapters": ["aws", "agentic-ai"],
    }


def test_importer_reproduces_content_byte_for_byte():
    from studyguide.authoring.importers.seed import parse_seed_text
    from studyguide.authoring.importers.yamlout import dump_bank

    bank = parse_seed_text(seed_text())
    assert bank["problems"] == []
    assert parse_seed_text(seed_text()) == bank  # same ids and text every run
    files = dump_bank(bank)
    sections = {"guide.yaml": bank["guide"]}
    sections |= {f"categories/{cid}.yaml": c for cid, c in bank["categories"].items()}
    sections |= {f"batches/{number}.yaml": b for number, b in bank["batches"].items()}
    assert set(files) == set(sections)
    for rel, text in files.items():
        assert yaml.safe_load(text) == sections[rel], rel
        committed = (CONTENT / rel).read_text(encoding="utf-8")
        assert committed.split("\n")[0] == text.split("\n")[0], rel
        assert without_hand_edits(committed) == without_hand_edits(text), rel
        assert without_hand_edits(text) == "\n".join(text.split("\n")[:1] + text.split("\n")[2:]), rel


def test_lines_that_fit_nowhere_are_reported_with_their_line_number():
    from studyguide.authoring.importers.seed import parse_seed_text

    lines = seed_text().splitlines()
    def index(prefix: str) -> int:
        return next(i for i, line in enumerate(lines) if line.startswith(prefix))

    blurb = index("Architecture, IAM, networking")
    lines.insert(blurb + 1, "stray text")  # 1-based line blurb + 2: after a blurb, no question
    after_answer = index("02An EC2") + 2
    lines.insert(after_answer, "more stray text")  # glued to the end of an answer
    unanswered = index("02Difference between Deployment")
    del lines[unanswered + 1]  # a question with no answer line
    last = index("05Where do you see yourself")
    del lines[last + 1]  # the last question loses its answer; the closing page must not
    bank = parse_seed_text("\n".join(lines), "seed.txt")
    reported = {n: message for n, message in bank["problems"]}
    assert set(reported) == {blurb + 2, after_answer + 1, unanswered + 1, last + 1}
    assert "stray text" in reported[blurb + 2]
    assert reported[unanswered + 1].startswith(f"seed.txt:{unanswered + 1}: ")
    assert sum(len(c["questions"]) for c in bank["categories"].values()) == 70
    assert bank["categories"]["kubernetes"]["questions"][1]["question"].startswith("How does")
    assert bank["guide"]["outro"].startswith("## Want to crack these in real interviews?\n")
