"""JSON Schema for the content files, generated from the models, so editors complete and flag YAML."""

from __future__ import annotations

import json
from pathlib import Path

from ..models import Batch, Category, Guide

# File stem in schema/ -> the model one content file holds.
MODELS = {"guide": Guide, "category": Category, "batch": Batch}
TITLES = {
    "guide": "studyguide guide.yaml",
    "category": "studyguide category (categories/*.yaml)",
    "batch": "studyguide batch (batches/*.yaml)",
}
# What an author sees when hovering a key in the editor. Keyed by model name, then field.
DESCRIPTIONS = {
    "Guide": {
        "": "The guide itself: cover, introduction, closing page and the order of chapters.",
        "title": "Title on the cover, in the running header and in the PDF metadata.",
        "subtitle": "Line above the title on the cover, e.g. 'Interview Question Bank'.",
        "edition": "Edition line on the cover and beside every page number, e.g. 'Updated May 2026'.",
        "publisher": "Who publishes the guide; becomes the PDF author.",
        "intro": "Introduction printed after the cover (markdown).",
        "outro": "Closing page (markdown); start it with a '## Heading'.",
        "chapters": "Category ids in the order they print; each names a file categories/<id>.yaml.",
        "language": "The language the bank is written in, as a tag such as en, en-IN or hi (default en).",
        "duplex": "Printed two-sided (the default): chapters, the contents and every part of a pack open on a "
                  "right-hand page. false prints single-sided, without blank pages.",
        "signup_url": "A web address (https://...) printed as a QR code, with the address beside it, on the closing page.",
        "tracker": "true adds a progress tracker after the chapters: every question with boxes to tick, "
                   "'can explain' and 'review'.",
    },
    "Category": {
        "": "One chapter of questions. The file name (without .yaml) is the category id.",
        "title": "Chapter title, as printed in the contents and on the chapter's first page.",
        "icon": "One emoji printed beside the title, e.g. ☁️.",
        "summary": "One-line blurb under the chapter title.",
        "questions": "The questions, in print order (before any section).",
        "sections": "Subheadings of the chapter, each with its questions, printed after `questions:`.",
    },
    "Section": {
        "": "A subheading of the chapter ('Networking', 'Storage') and the questions under it.",
        "title": "The subheading as printed in the guide, the cheat sheet and the bookmarks.",
        "questions": "The questions under this subheading, in print order.",
    },
    "Question": {
        "": "A question and its answer.",
        "id": "Stable id: lowercase letters, digits and hyphens, unique in the whole bank. Links and cheat sheets use it.",
        "question": "The question (markdown). Its first paragraph is the heading; more paragraphs, "
                    "lists or code print beneath it.",
        "answer": "The full answer (markdown: **bold**, `code`, lists, fenced code blocks).",
        "short": "A shorter answer for cheat sheets (markdown); the full answer is used when absent.",
        "level": "How hard the question is, as your bank says it, e.g. Junior, Senior, Beginner, Advanced.",
        "tags": "Topic tags, e.g. [s3, iam]; used for filtering and in statistics, and listed in the guide's index.",
        "terms": "Key terms the question explains, e.g. [IAM role, trust policy]; listed in the guide's index "
                 "with the page the question is printed on.",
    },
    "Batch": {
        "": "A training batch: its handout carries the batch banner and the chapters of its track.",
        "number": "Batch number as printed, e.g. '01' (quote it so YAML keeps the leading zero).",
        "name": "Batch name, e.g. 'Aarambh'.",
        "track": "Track shown in the banner, e.g. 'AWS + Agentic AI'.",
        "starts": "Start date, written YYYY-MM-DD.",
        "chapters": "Category ids this batch covers, in print order.",
        "trainer": "Trainer's name, printed on the welcome page.",
        "candidates": "Candidates listed here, in addition to any roster file.",
        "candidates_file": "CSV roster (columns name, email) relative to the content folder.",
        "extras": "Extra PDF files (relative to the content folder) appended to each handout.",
        "flashcards": "Include the batch's flashcards (double-sided sheets to cut) in its onboarding pack.",
        "duplex": "Print this batch's handout and pack two-sided (true) or one-sided (false); as guide.yaml's if unset.",
        "url": "The batch's web page (https://...), printed as a QR code on the handout cover and the pack's welcome page.",
        "select": "Only some questions of the chapters: by tags, levels, sections or ids. Handout, practice sheet, "
                  "cheat sheets, flashcards and pack follow it.",
        "mock": "A round of mock interviews for `studyguide mock`: how many questions each candidate is asked and "
                "the seed of the draw.",
        "practice": "Practice sheets: `per_candidate: true` gives each candidate's copy a set drawn for them alone.",
    },
    "Mock": {
        "": "A round of mock interviews: each candidate's questions drawn from the batch's, spread over its chapters.",
        "questions": "How many questions each candidate is asked (1 to 30).",
        "seed": "Seed of the draw, a number or a word (e.g. the week, 2026-w27): a new seed gives a new draw.",
    },
    "PracticeSets": {
        "": "The batch's practice sheets: one for everyone, or each candidate's own drawn and shuffled set.",
        "per_candidate": "true: each candidate's copy ends with a practice set and answer key drawn for them alone.",
        "questions": "How many questions each candidate's set draws (required with per_candidate).",
        "seed": "Seed of the draw, a number or a word: the same seed gives every candidate the same set again.",
    },
    "Selection": {
        "": "Questions chosen from the batch's chapters, in bank order: every question listed under `questions`, "
            "and each one matching all the other kinds given (any of the tags, any of the levels, any of the sections).",
        "tags": "Questions with any of these tags, e.g. [networking, security].",
        "levels": "Questions of any of these levels, e.g. [senior] (case does not matter).",
        "sections": "Questions under any of these sections, written chapter/Section title, e.g. ['aws/IAM'].",
        "questions": "These questions (ids), whatever the other kinds say.",
    },
    "Candidate": {
        "": "One candidate of a batch.",
        "name": "Name as printed on the candidate's copy.",
        "email": "E-mail address (optional).",
        "slug": "File name of the candidate's copy; derived from the name when absent.",
    },
}
# yaml-language-server offers these when an author starts a new list entry.
SNIPPETS = {
    "Question": [{"label": "New question", "description": "id, question and answer",
                  "body": {"id": "$1", "question": "$2", "answer": "$3"}}],
    "Candidate": [{"label": "New candidate", "body": {"name": "$1", "email": "$2"}}],
}


def generate(name: str) -> dict:
    """The schema of one kind of content file, with descriptions an editor can show."""
    schema = MODELS[name].model_json_schema()
    models = {MODELS[name].__name__: schema, **schema.get("$defs", {})}
    for model, node in models.items():
        notes = DESCRIPTIONS.get(model, {})
        if "" in notes:
            node["description"] = notes[""]
        for field, prop in node.get("properties", {}).items():
            _without_null(prop)
            if field in notes:
                prop["description"] = notes[field]
        if model in SNIPPETS:
            node["defaultSnippets"] = SNIPPETS[model]
    if "icon" in schema.get("properties", {}):
        schema["properties"]["icon"]["maxLength"] = 8  # the model's validator, for the editor
    schema["title"] = TITLES[name]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _without_null(prop: dict) -> None:
    """An optional key is left out rather than written as null: an editor then checks the value
    itself, and says what is wrong with it rather than 'not valid under any of the schemas'."""
    options = prop.get("anyOf", [])
    kept = [option for option in options if option != {"type": "null"}]
    if len(kept) == 1 and len(options) == 2:
        del prop["anyOf"]
        prop.update(kept[0])
        if prop.get("default", 0) is None:
            del prop["default"]


def text(name: str) -> str:
    return json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"


def write(out: Path) -> list[Path]:
    """Write every schema into `out`; return the files whose text changed."""
    from ..build.write import write_atomic

    return [out / f"{name}.schema.json" for name in MODELS
            if write_atomic(Path(out) / f"{name}.schema.json", text(name).encode("utf-8"))]
