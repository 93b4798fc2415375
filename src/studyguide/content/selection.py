"""A selection of questions (by tag, level, section or id): what it misses, and the bank cut down to it."""

from __future__ import annotations

from ..models import Bank, Category, Question, Section, Selection
from ..names import did_you_mean

# What a trainer writes for each kind, as printed in messages.
NOUNS = {"tags": "tag", "levels": "level", "sections": "section", "questions": "question"}


class Selected(Category):
    """A category cut to a selection; `numbers` keeps each question's number in the whole chapter,
    so a handout's 'Q 07' is the guide's 'Q 07'."""

    numbers: dict[str, int]


def _pool(categories: dict[str, Category], chapter_ids) -> list[tuple[str, Question, Section | None]]:
    """(chapter id, question, its section) for every question of the chapters, in bank order."""
    return [(cid, q, section) for cid in chapter_ids for _, q, section in categories[cid].located()]


def _values(cid: str, q: Question, section: Section | None) -> dict[str, set[str]]:
    """What a question answers to in each kind, compared case-insensitively."""
    return {"tags": {t.casefold() for t in q.tags}, "levels": {q.level.casefold()} if q.level else set(),
            "sections": {f"{cid}/{section.title}".casefold()} if section else set()}


def _matches(selection: Selection, found: dict[str, set[str]]) -> bool:
    """Any value within a kind, every kind given (kinds left empty do not narrow)."""
    given = [(kind, {v.casefold() for v in getattr(selection, kind)}) for kind in ("tags", "levels", "sections")]
    given = [(kind, wanted) for kind, wanted in given if wanted]
    return bool(given) and all(found[kind] & wanted for kind, wanted in given)


def chosen(categories: dict[str, Category], chapter_ids, selection: Selection) -> list[str]:
    """Ids of the questions of the chapters that the selection picks, in bank order."""
    listed = set(selection.questions)
    return [q.id for cid, q, section in _pool(categories, chapter_ids)
            if q.id in listed or _matches(selection, _values(cid, q, section))]


def _known(pool) -> dict[str, list[str]]:
    """Each kind's values in the chapters, as written in the bank, each once."""
    known: dict[str, dict[str, None]] = {kind: {} for kind in NOUNS}
    for cid, q, section in pool:
        known["tags"].update(dict.fromkeys(q.tags))
        known["levels"].update(dict.fromkeys([q.level] if q.level else []))
        known["sections"].update(dict.fromkeys([f"{cid}/{section.title}"] if section else []))
        known["questions"][q.id] = None
    return {kind: list(values) for kind, values in known.items()}


def misses(categories: dict[str, Category], chapter_ids, selection: Selection,
           scope: str) -> list[tuple[tuple, str]]:
    """What in `selection` names nothing in the chapters ((kind, index), message), or ((), message)
    when it picks no question at all. `scope` says which chapters, e.g. "the batch's chapters"."""
    pool = _pool(categories, chapter_ids)
    known = _known(pool)
    found = []
    for kind, noun in NOUNS.items():
        folded = {value.casefold() for value in known[kind]}
        for i, given in enumerate(getattr(selection, kind)):
            if given.casefold() not in folded:
                found.append(((kind, i), _unknown(categories, noun, given, known[kind], scope)))
    if not found and not chosen(categories, chapter_ids, selection):
        found.append(((), f"the selection picks no question: none in {scope} has "
                          f"{_wanted(selection)}"))
    return found


def _unknown(categories: dict[str, Category], noun: str, given: str, known: list[str], scope: str) -> str:
    if noun == "question":
        elsewhere = [cid for cid, category in categories.items() if any(q.id == given for q in category.questions)]
        if elsewhere:
            return f"question '{given}' is in chapter '{elsewhere[0]}', which is not among {scope}"
    hint = " (write it as chapter/Section title)" if noun == "section" and "/" not in given else ""
    return f"no question in {scope} has {noun} '{given}'{did_you_mean(given, known)}{hint}"


def _wanted(selection: Selection) -> str:
    """'tag networking or security, and level Senior'."""
    parts = [f"{NOUNS[kind]} {' or '.join(getattr(selection, kind))}"
             for kind in ("tags", "levels", "sections") if getattr(selection, kind)]
    return ", and ".join(parts)


def cut(category: Category, keep: set[str]) -> Selected | None:
    """The category with only the questions in `keep` (sections left empty dropped); None if none is kept."""
    numbers = {q.id: n for n, q in enumerate(category.questions, 1) if q.id in keep}
    if not numbers:
        return None
    opening = [q for q in category.opening or [] if q.id in keep] or None
    sections = [s.model_copy(update={"questions": [q for q in s.questions if q.id in keep]})
                for s in category.sections if any(q.id in keep for q in s.questions)]
    fields = {**dict(category), "opening": opening, "sections": sections, "numbers": numbers}
    return Selected.model_construct(**fields)


def narrow(bank: Bank, chapter_ids, selection: Selection | None) -> tuple[Bank, tuple[str, ...]]:
    """The bank with the chapters cut to the selection, and the chapters that keep a question (in
    order). The guide's own chapter list is cut the same way, so a guide made from it follows too."""
    chapter_ids = tuple(chapter_ids)
    if selection is None:
        return bank, chapter_ids
    keep = set(chosen(bank.categories, chapter_ids, selection))
    cuts = {cid: cut(bank.categories[cid], keep) for cid in chapter_ids}
    kept = tuple(cid for cid in chapter_ids if cuts[cid] is not None)
    categories = {**bank.categories, **{cid: cuts[cid] for cid in kept}}
    guide = bank.guide.model_copy(update={"chapters": [cid for cid in bank.guide.chapters
                                                       if cid in kept or cid not in chapter_ids]})
    return bank.model_copy(update={"categories": categories, "guide": guide}), kept
