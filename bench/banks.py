"""Generates scaled copies of the committed bank for the benchmark (×1, ×10, ×100)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


class _Dumper(yaml.SafeDumper):
    """Writes repeated values out in full: the bank refuses YAML anchors and aliases."""

    def ignore_aliases(self, data):
        return True


def _dump(doc) -> str:
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def scaled_bank(scale: int, dest: Path, candidates: int | None = None) -> Path:
    """Copy content/ to dest/content with every category's questions repeated `scale` times."""
    content = dest / "content"
    shutil.copytree(ROOT / "content", content)
    for path in sorted((content / "categories").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        original = doc["questions"]
        doc["questions"] = [
            {**q, "id": q["id"] if copy == 0 else f"{q['id']}-x{copy + 1}"}
            for copy in range(scale) for q in original
        ]
        path.write_text(_dump(doc), encoding="utf-8")
    if candidates is not None:
        for path in sorted((content / "batches").glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            doc.pop("candidates_file", None)
            doc["candidates"] = [{"name": f"Candidate {n:03d}"} for n in range(1, candidates + 1)]
            path.write_text(_dump(doc), encoding="utf-8")
    return content


def edit_one_answer(content: Path, category: str = "cicd") -> None:
    """Change the first answer of a (one-page at ×1) chapter, as a trainer would."""
    path = content / "categories" / f"{category}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["questions"][0]["answer"] = doc["questions"][0]["answer"].rstrip() + " Edited."
    path.write_text(_dump(doc), encoding="utf-8")
