"""Writes tiny question banks under a test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import yaml


def question(n: int, prefix: str = "q", answer: str | None = None, **extra) -> dict:
    return {"id": f"{prefix}-{n}", "question": f"Question {prefix} {n}?",
            "answer": answer or f"Answer {prefix} {n} with `code` and **bold**.", **extra}


def make_bank(root: Path, categories: dict[str, list[dict]] | None = None, guide: dict | None = None,
              batches: dict[str, dict] | None = None) -> Path:
    """A bank in root/content; defaults to two small categories and one batch."""
    content = root / "content"
    (content / "categories").mkdir(parents=True, exist_ok=True)
    (content / "batches").mkdir(parents=True, exist_ok=True)
    if categories is None:
        categories = {"alpha": [question(1, "alpha"), question(2, "alpha")],
                      "beta": [question(1, "beta")]}
    for cid, questions in categories.items():
        doc = {"title": cid.title(), "icon": "☁️", "summary": f"About {cid}.", "questions": questions}
        write_yaml(content / "categories" / f"{cid}.yaml", doc)
    guide_doc = {"title": "Tiny Guide", "subtitle": "Test Bank", "edition": "Updated May 2026",
                 "publisher": "Example Press", "intro": "An *intro*.", "outro": "## Bye\n\nThe end.",
                 "chapters": list(categories)}
    guide_doc.update(guide or {})
    write_yaml(content / "guide.yaml", guide_doc)
    if batches is None:
        batches = {"01": {"number": "01", "name": "Pilot", "track": "Alpha track", "starts": "2026-06-28",
                          "chapters": [next(iter(categories))]}}
    for bid, doc in batches.items():
        write_yaml(content / "batches" / f"{bid}.yaml", doc)
    return content


def write_yaml(path: Path, doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


SELECTION_BATCH = "number: '01'\nname: Pilot\ntrack: Alpha track\nstarts: 2026-06-28\nchapters: [alpha, beta]\n"


def selection_bank(root, select: str | None = None):
    """A bank to select from: alpha has one opening question, then section IAM with two; beta two;
    gamma one, outside batch 01 (whose file ends with `select`, when given)."""
    content = make_bank(root, {"alpha": [], "beta": [question(1, "beta", tags=["net"], level="Senior"),
                                                      question(2, "beta", level="Junior")],
                               "gamma": [question(1, "gamma", tags=["net"])]}, batches={})
    write_yaml(content / "categories" / "alpha.yaml", {
        "title": "Alpha", "icon": "☁️", "summary": "About alpha.",
        "questions": [question(1, "alpha", tags=["net"], level="Junior")],
        "sections": [{"title": "IAM", "questions": [question(2, "alpha", tags=["sec"], level="Senior"),
                                                    question(3, "alpha", tags=["net", "sec"], level="Senior")]}]})
    (content / "batches" / "01.yaml").write_text(SELECTION_BATCH + (select or ""), encoding="utf-8")
    return content
