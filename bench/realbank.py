"""Generates a bank shaped like a real one: ~1,400 questions over 6 chapters of 110-450 questions.

    python bench/realbank.py DEST        # writes DEST/content

Answers mix one-liners, paragraphs, bullet lists, code blocks and tables, as imported banks do;
a fixed seed makes the same bank every time. One batch of two chapters (with flashcards and
six candidates) exercises the per-batch outputs.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

# (id, title, icon, questions): 1,430 in all, the largest first in the guide's order.
CHAPTERS = (("kubernetes", "Kubernetes", "☸️", 450), ("aws", "AWS", "☁️", 320), ("linux", "Linux", "🐧", 250),
            ("terraform", "Terraform", "🏗️", 180), ("docker", "Docker", "🐳", 120), ("python", "Python", "🐍", 110))
LARGEST = CHAPTERS[0][0]
WORDS = ("cluster node pod service ingress volume secret replica rollout probe quota taint scheduler kubelet "
         "etcd controller namespace label selector webhook bucket policy role instance subnet gateway route "
         "table cache queue stream latency throughput shard index lock thread process signal socket kernel "
         "module state backend provider plan apply drift image layer registry build stage container").split()
CODE = ("kubectl get pods -n {w} -o wide", "aws s3 cp s3://{w}-bucket/key ./{w} --recursive",
        "terraform plan -var-file={w}.tfvars -out=plan.bin", "docker build -t {w}:latest --build-arg ENV={w} .",
        "def {w}(items: list[str]) -> dict[str, int]:", "    return {{item: len(item) for item in items}}",
        "grep -rn '{w}' /var/log/{w}.log | tail -n 20", "resource \"aws_s3_bucket\" \"{w}\" {{ bucket = \"{w}\" }}")


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}-{rng.choice(WORDS)}`"
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i].strip('`')}**"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: tuple[int, int]) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _code(rng: random.Random) -> str:
    lang = rng.choice(["bash", "python", "hcl", "yaml"])
    lines = [rng.choice(CODE).format(w=rng.choice(WORDS)) for _ in range(rng.randint(3, 14))]
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def _table(rng: random.Random) -> str:
    rows = ["| Option | When | Cost |", "| --- | --- | --- |"]
    for _ in range(rng.randint(3, 6)):
        rows.append(f"| `{rng.choice(WORDS)}` | {_sentence(rng, 4, 10)} | {rng.choice(['low', 'medium', 'high'])} |")
    return "\n".join(rows)


def _list(rng: random.Random) -> str:
    return "\n".join(f"- {_sentence(rng, 5, 14)}" for _ in range(rng.randint(3, 6)))


def answer(rng: random.Random) -> str:
    """One answer: 35 % a sentence or two, the rest paragraphs with lists, code and tables."""
    shape = rng.random()
    if shape < 0.35:
        return _paragraph(rng, (1, 2))
    blocks = [_paragraph(rng, (2, 5))]
    if shape < 0.6:
        blocks.append(_list(rng))
    elif shape < 0.8:
        blocks += [_code(rng), _paragraph(rng, (1, 3))]
    elif shape < 0.9:
        blocks += [_table(rng), _paragraph(rng, (1, 2))]
    else:  # the long ones: several paragraphs, a list and code
        blocks += [_paragraph(rng, (4, 7)), _list(rng), _code(rng), _paragraph(rng, (3, 6))]
    return "\n\n".join(blocks)


def _question(rng: random.Random, cid: str, n: int) -> dict:
    topic = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    return {"id": f"{cid}-{n:03d}", "question": f"How would you handle {topic} in production?"
            if rng.random() < 0.5 else f"What is the difference between {topic} and {rng.choice(WORDS)}?",
            "answer": answer(rng)}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _write(path: Path, doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def real_bank(dest: Path, seed: int = 16) -> Path:
    """Write the bank to dest/content and return that folder."""
    rng = random.Random(seed)
    content = Path(dest) / "content"
    for cid, title, icon, count in CHAPTERS:
        _write(content / "categories" / f"{cid}.yaml",
               {"title": title, "icon": icon, "summary": f"Questions asked about {title} in real interviews.",
                "questions": [_question(rng, cid, n) for n in range(1, count + 1)]})
    _write(content / "guide.yaml", {
        "title": "Real Interview Questions at Scale", "subtitle": "Interview Question Bank", "edition": "Updated May 2026",
        "publisher": "Example Press", "intro": "Questions as real banks hold them.", "outro": "## Good luck\n\nThe end.",
        "chapters": [c[0] for c in CHAPTERS]})
    _write(content / "batches" / "01.yaml", {
        "number": "01", "name": "Scale", "track": "Docker + Python", "starts": "2026-06-28",
        "chapters": ["docker", "python"], "flashcards": True,
        "candidates": [{"name": f"Candidate {n}"} for n in range(1, 7)]})
    return content


def edit_one_answer(content: Path, category: str = LARGEST) -> None:
    """Append a word to one answer in the middle of the chapter, as a trainer would."""
    path = content / "categories" / f"{category}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    q = doc["questions"][len(doc["questions"]) // 2]
    q["answer"] = q["answer"].rstrip() + " Edited."
    _write(path, doc)


if __name__ == "__main__":
    print(real_bank(Path(sys.argv[1])))
