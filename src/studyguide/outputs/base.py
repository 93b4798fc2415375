"""The one small interface every output kind implements, and the context outputs are produced in."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from .. import __version__
from ..content.selection import Selected, misses, narrow
from ..errors import Log, StudyGuideError, UnknownId
from ..models import Bank, Batch, Category, Question, Selection
from ..typeset.jobs import PartJob, Typeset


@dataclass(frozen=True)
class Request:
    """One output asked for: its kind, the ids it is for, and any value the kind needs beyond the bank."""

    kind: str
    ids: tuple[str, ...] = ()
    data: object = None  # e.g. the changes a what's-new insert lists


@dataclass
class Context:
    """What an output is produced with: the bank, the paper, and the command's renderer and log.

    `render` typesets parts (cached, side by side, each distinct part once per command);
    `memo(fn, *args)` calls a pure function once per distinct arguments (and keeps bytes across
    builds), so an assembled document shared by two outputs is made once."""

    bank: Bank
    paper: str
    render: Callable[[list[PartJob]], list[Typeset]]
    memo: Callable
    log: Log
    source_date: int = 0  # seconds since 1970 that dated outputs (the Anki deck) carry
    sides: bool | None = None  # --duplex (True) or --simplex (False) on the command line; None: as the bank says

    def render_one(self, job: PartJob) -> Typeset:
        return self.render([job])[0]

    def duplex(self, batch: Batch | None = None) -> bool:
        """Printed two-sided? The command line decides, else the batch's file, else guide.yaml."""
        if self.sides is not None:
            return self.sides
        if batch is not None and batch.duplex is not None:
            return batch.duplex
        return self.bank.guide.duplex


class Output:
    """An output kind: `targets` checks the ids before anything renders; `produce` makes the files."""

    name = ""

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        """The ids this request is for, checked against the bank (UnknownId for one it lacks)."""
        return ()

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        """The files of this output: paths relative to the output folder -> bytes. Writes nothing."""
        raise NotImplementedError

    def pool(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        """The chapters a selection given on the command line (`Request.data`) picks questions from."""
        return tuple(bank.guide.chapters)

    def shipped(self, files: dict[str, bytes]) -> int:
        """Pages these files hold that were typeset, each counted once (for the build report)."""
        return sum(page_count(data) for rel, data in files.items() if rel.endswith(".pdf"))


FACE_FORM = "/Fm"  # the names pdf.impose places card faces (and the sheet's marks) under


def page_count(pdf: bytes) -> int:
    """Typeset pages a PDF ships: a sheet of cards counts the card faces imposed on it."""
    from ..pdf.objects import form_names  # the PDF layer: imported only where pages are counted

    total = 0
    for names in form_names(pdf):
        faces = sum(1 for name in names if name.startswith(FACE_FORM))
        total += faces - 1 if faces > 1 else 1  # one of the forms is the sheet's cut marks
    return total


class PerBatch(Output):
    """An output made once for each batch asked for (every batch when none): OUT/batches/<id>/<file>."""

    file = ""

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        return batch_ids(bank, ids)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        return {f"batches/{bid}/{self.file}": self.make(*for_batch(ctx, ctx.bank.batches[bid])) for bid in request.ids}

    def make(self, ctx: Context, batch: Batch) -> bytes:
        raise NotImplementedError


@dataclass(frozen=True)
class Entry:
    """A question as a document lists it: its number in the chapter and the section it is in."""

    number: int
    q: Question
    section: str | None = None  # the subheading it sits under, if its chapter has sections
    opens_section: bool = False  # the first question under that subheading

    @property
    def num(self) -> str:
        return f"{self.number:02d}"


def entries(category: Category) -> list[Entry]:
    """Every question of a category, numbered from 1 (a selection's keep their numbers in the
    whole chapter), with its section."""
    found, previous = [], None
    numbers = category.numbers if isinstance(category, Selected) else {}
    for number, (_, q, section) in enumerate(category.located(), 1):
        found.append(Entry(numbers.get(q.id, number), q, section.title if section else None,
                           section is not None and section is not previous))
        previous = section
    return found


def selected(ctx: Context, ids: tuple[str, ...], selection: Selection | None) -> tuple[Context, tuple[str, ...]]:
    """The context with the chapters `ids` cut to `selection` (when there is one), and the chapters
    that keep a question."""
    if selection is None:
        return ctx, ids
    bank, kept = narrow(ctx.bank, ids, selection)
    return dataclasses.replace(ctx, bank=bank), kept


def for_batch(ctx: Context, batch: Batch) -> tuple[Context, Batch]:
    """The context and the batch as the batch's outputs see them: its chapters cut to its selection."""
    if batch.select is None:
        return ctx, batch
    narrowed, kept = selected(ctx, tuple(batch.chapters), batch.select)
    return narrowed, batch.model_copy(update={"chapters": list(kept)})


def category_ids(bank: Bank, ids: tuple[str, ...], default: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """`ids` without repeats (the guide's chapters when none), each checked to be a category."""
    known = list(bank.guide.chapters) + sorted(set(bank.categories) - set(bank.guide.chapters))
    for cid in ids:
        if cid not in bank.categories:
            raise UnknownId("category", cid, known, "CATEGORY_ID")
    return tuple(dict.fromkeys(ids)) if ids else (tuple(bank.guide.chapters) if default is None else default)


def batch_ids(bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The batch ids of a request (every batch when none), each checked to be a batch."""
    for bid in ids:
        if bid not in bank.batches:
            raise UnknownId("batch", bid, sorted(bank.batches), "BATCH_ID")
    return tuple(dict.fromkeys(ids)) if ids else tuple(sorted(bank.batches))


def metadata(bank: Bank, title: str, subject: str, keywords: str = "") -> dict[str, str]:
    """The document information every PDF carries: title, author, subject, keywords, creator."""
    info = {"Title": title, "Author": bank.guide.publisher or "", "Subject": subject}
    if keywords:
        info["Keywords"] = keywords
    info["Creator"] = f"studyguide {__version__}"
    info["Lang"] = bank.guide.language
    return info


# The command-line option that gives each kind of a selection.
SELECTION_OPTIONS = {"tags": "--tags", "levels": "--level", "sections": "--section", "questions": "--questions"}


class BadSelection(UnknownId):
    """A selection on the command line naming nothing in the chapters: a usage error blaming its option."""

    def __init__(self, message: str, param: str):
        StudyGuideError.__init__(self, message)
        self.param = param


def check_selection(bank: Bank, chapter_ids: tuple[str, ...], selection: Selection) -> None:
    """Raise BadSelection for the first tag, level, section or id the chapters lack, or when the
    selection picks no question."""
    found = misses(bank.categories, chapter_ids, selection, "the chosen chapters")
    if found:
        where, message = found[0]
        given = [option for kind, option in SELECTION_OPTIONS.items() if getattr(selection, kind)]
        raise BadSelection(message, SELECTION_OPTIONS[where[0]] if where else "/".join(given))
