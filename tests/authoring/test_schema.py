"""The committed JSON Schema is current, content files point at it, and it judges YAML as load does."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from studyguide.authoring import schema

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"guide.yaml": "guide", "categories": "category", "batches": "batch"}


def kind_of(path: Path) -> str:
    return KINDS[path.name if path.parent.name == "content" else path.parent.name]


def validator(kind: str):
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text("utf-8")))


def content_files() -> list[Path]:
    content = ROOT / "content"
    return [content / "guide.yaml", *sorted(content.glob("categories/*.yaml")), *sorted(content.glob("batches/*.yaml"))]


@pytest.mark.parametrize("kind", sorted(schema.MODELS))
def test_committed_schema_equals_a_fresh_one(kind):
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.text(kind), "run `studyguide schema` (or `make schema`) and commit schema/"


def test_every_content_file_names_its_schema_and_the_path_resolves():
    for path in content_files():
        first = path.read_text(encoding="utf-8").split("\n")[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == ROOT / "schema" / f"{kind_of(path)}.schema.json", path


def test_the_committed_content_validates_against_the_schema():
    for path in content_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # strings, as editors see
        errors = [e.message for e in validator(kind_of(path)).iter_errors(data)]
        assert errors == [], path


def test_the_schema_flags_a_typo_a_bad_id_and_a_missing_answer():
    category = {"title": "AWS", "icon": "☁️", "summary": "Cloud.", "questions": [
        {"id": "Bad Id", "question": "Why?", "anser": "Because."}]}
    messages = sorted(e.message for e in validator("category").iter_errors(category))
    assert messages == ["'Bad Id' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
                        "'answer' is a required property",
                        "Additional properties are not allowed ('anser' was unexpected)"]


def test_every_key_carries_a_description_for_the_editor():
    for kind in schema.MODELS:
        doc = schema.generate(kind)
        for node in [doc, *doc.get("$defs", {}).values()]:
            assert node.get("description"), (kind, node["title"])
            for key, prop in node["properties"].items():
                assert len(prop.get("description", "")) > 10, (kind, key)
    question = schema.generate("category")["$defs"]["Question"]
    assert question["defaultSnippets"][0]["body"] == {"id": "$1", "question": "$2", "answer": "$3"}


def test_schema_command_writes_and_checks(run, tmp_path):
    out = tmp_path / "schema"
    result = run("schema", "--out", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["batch.schema.json", "category.schema.json", "guide.schema.json"]
    assert run("schema", "--out", out, "--check").exit_code == 0
    (out / "guide.schema.json").write_text("{}\n", encoding="utf-8")
    stale = run("schema", "--out", out, "--check")
    assert stale.exit_code == 1
    assert stale.stderr == f"error: {out}: out of date: guide; run `studyguide schema`\n"
    assert (out / "guide.schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
