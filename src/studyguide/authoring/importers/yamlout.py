"""Bank data -> the content folder's YAML files, written by hand so they read as a person would write them."""

from __future__ import annotations

import json

import yaml

WIDTH = 88  # editors read the YAML in an ordinary window; longer flow lists go block-style
# libyaml when it is there: a bank of a thousand questions is read back in a blink, not in seconds.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Each file names its schema (editors check against it) and says what it holds.
_HEADERS = {
    "guide.yaml": ("../schema/guide", "Title page, introduction, closing page, chapter order."),
    "categories": ("../../schema/category", "Answers are markdown; wrapped lines join up."),
    "batches": ("../../schema/batch", "A roster of names can be added as `candidates:`."),
}


def _scalar(text: str, flow: bool = False) -> str:
    # Let the YAML parser itself decide whether the plain form reads back unchanged.
    probe, want = (f"k: [{text}]", [text]) if flow else (f"k: {text}", text)
    try:
        plain = "\n" not in text and yaml.load(probe, Loader=_LOADER) == {"k": want}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _emit(data: dict, indent: int = 0) -> list[str]:
    """A mapping as YAML lines; lists of mappings (questions, and sections holding theirs) nest."""
    pad, out = " " * indent, []
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            flow = f"{pad}{key}: [{', '.join(_scalar(v, flow=True) for v in value)}]"
            block = [f"{pad}{key}:"] + [f"{pad}  - {_scalar(v)}" for v in value]
            out += [flow] if len(flow) <= WIDTH else block
        elif isinstance(value, list):
            out.append(f"{pad}{key}:")
            for item in value:
                first, *rest = _emit(item, indent + 4)
                out += [f"{pad}  - {first.lstrip()}", *rest]
        elif "\n" in value and value[0] not in " \t" and not value.endswith("\n\n"):
            # Literal blocks keep markdown line structure exactly as an editor sees it.
            chomp = "" if value.endswith("\n") else "-"
            body = [f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
            out += [f"{pad}{key}: |{chomp}", *body]
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")
    return out


def dump_bank(bank: dict) -> dict[str, str]:
    files = {"guide.yaml": bank["guide"]}
    files |= {f"categories/{cid}.yaml": cat for cid, cat in bank["categories"].items()}
    files |= {f"batches/{number}.yaml": batch for number, batch in bank["batches"].items()}
    out = {}
    for path, data in files.items():
        schema, note = _HEADERS[path.split("/")[0]]
        head = f"# yaml-language-server: $schema={schema}.schema.json\n# {note}"
        text = "\n".join([head, *_emit(data)]) + "\n"
        if yaml.load(text, Loader=_LOADER) != data:  # hand-built YAML must never change meaning
            raise ValueError(f"{path}: YAML does not read back as the data written")
        out[path] = text
    return out
