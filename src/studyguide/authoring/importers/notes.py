"""What an import tells the author: warnings to act on and notes on what it changed or left out, each
kind said once with a count and the source lines."""

from __future__ import annotations

from dataclasses import dataclass, field

SHOWN = 5  # source lines listed after the first one; the count covers the rest


@dataclass
class _Kind:
    places: list[str] = field(default_factory=list)  # "file:line", in the order met
    items: list[str] = field(default_factory=list)  # what the message lists, e.g. remote addresses


class Notes:
    """Warnings (the author must act) and notes (for information), grouped by message."""

    def __init__(self):
        self.warnings: dict[str, _Kind] = {}
        self.notes: dict[str, _Kind] = {}

    def warn(self, where: str, message: str, item: str | None = None) -> None:
        self._add(self.warnings, where, message, item)

    def note(self, where: str, message: str, item: str | None = None) -> None:
        self._add(self.notes, where, message, item)

    @staticmethod
    def _add(kinds: dict[str, _Kind], where: str, message: str, item: str | None) -> None:
        kind = kinds.setdefault(message, _Kind())
        kind.places.append(where)
        if item is not None and item not in kind.items:
            kind.items.append(item)

    def merge(self, other: Notes, notes: bool = True) -> None:
        """Take in another file's warnings (and, unless told not to, its notes)."""
        for mine, theirs in ((self.warnings, other.warnings), (self.notes, other.notes if notes else {})):
            for message, kind in theirs.items():
                for place in kind.places:
                    self._add(mine, place, message, None)
                mine[message].items += [item for item in kind.items if item not in mine[message].items]

    def warning_lines(self) -> list[str]:
        return [_line(message, kind, listed=True) for message, kind in self.warnings.items()]

    def note_lines(self) -> list[str]:
        return [_line(message, kind, listed=False) for message, kind in self.notes.items()]


def _line(message: str, kind: _Kind, listed: bool) -> str:
    """'file:line: message', then how many and (for warnings) where the others are."""
    first, count = kind.places[0], len(kind.places)
    text = f"{first}: {message}"
    if kind.items:
        text += ": " + ", ".join(kind.items[:10]) + (f" and {len(kind.items) - 10} more" if len(kind.items) > 10 else "")
    if count > 1 and listed:
        others = list(dict.fromkeys(p for p in kind.places[1:] if p != first))
        more = f" and {len(others) - SHOWN} more" if len(others) > SHOWN else ""
        text += f" ({count} in all; also at {', '.join(others[:SHOWN])}{more})" if others else f" ({count} in all)"
    elif count > 1:
        text += f" ({count} in all)"
    return text
