"""The mock-interview kit: each candidate's drawn questions as an interviewer sheet and a feedback form."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.draw import draws
from ..content.files import read_content_file
from ..content.roster import assign_slugs
from ..content.yamlsafe import parse_yaml
from ..errors import ContentError, Problem
from ..models import Bank, Batch, Mock, Question
from ..names import plural
from ..pdf.assemble import Part, merge
from ..pdf.assembly import finish
from ..typeset.html import render_template
from ..typeset.jobs import PartJob
from .base import Context, Output, Request, batch_ids, for_batch, metadata
from .requests import Round

STYLES = ("base.css", "mock.css")
# Characters of code across the expected-answer box (the sheet's measure, less the box's indent).
CODE_COLUMNS = 76
FORM_CODE_COLUMNS = 58  # the form's question column, beside the score boxes
# Ruled lines under each question for the interviewer's notes, and under each heading of the form.
NOTE_LINES = 3
FORM_LINES = 4
# What the ends and the middle of the 1-5 scale mean, printed with every score row.
RUBRIC = {1: "no idea", 3: "right idea, gaps", 5: "complete, with trade-offs"}
# The form's free-text boxes, in the order the trainer fills them in.
REMARKS = ("What went well", "What to work on", "Trainer's advice")


@dataclass(frozen=True)
class Asked:
    """A drawn question as the sheet and the form print it: its number in the interview and its chapter."""

    number: int
    q: Question
    chapter: str
    section: str | None = None

    @property
    def pattern(self) -> str:
        """The answer the interviewer listens for: the question's short answer, else the whole answer."""
        return self.q.short or self.q.answer


def settings_of(batch: Batch, asked: object) -> Mock:
    """The round's questions and seed: the command's options over the batch file's `mock:`, over the defaults."""
    base = batch.mock or Mock()
    given = asked if isinstance(asked, Round) else Round()
    return Mock(questions=base.questions if given.questions is None else given.questions,
                seed=base.seed if given.seed is None else given.seed)


def question_pool(bank: Bank, batch: Batch) -> list[tuple[str, list[str]]]:
    """The batch's chapters (already cut to its selection) as a pool to draw from, in bank order."""
    return [(ch.id, [q.id for q in ch.category.questions]) for ch in bank.chapters(batch.chapters)]


def drawn(bank: Bank, bid: str, batch: Batch, mock: Mock) -> list[list[Asked]]:
    """Each candidate's questions, in roster order: seeded by the batch, the round's seed and the
    candidate's slug (unique in the batch, unlike a name), each avoiding earlier candidates' questions."""
    where = {q.id: (ch.category.title, section.title if section else None, q)
             for ch in bank.chapters(batch.chapters) for _, q, section in ch.category.located()}
    picks = draws(question_pool(bank, batch), mock.questions, ("mock", bid, mock.seed), assign_slugs(batch.candidates))
    return [[Asked(n, where[qid][2], where[qid][0], where[qid][1]) for n, qid in enumerate(ids, 1)] for ids in picks]


def sheet_html(bank: Bank, batch: Batch, name: str, asked: list[Asked]) -> str:
    return render_template("mock-interviewer.html", guide=bank.guide, batch=batch, person=name, asked=asked,
                           rubric=RUBRIC, note_lines=NOTE_LINES, code_columns=CODE_COLUMNS)


def form_html(bank: Bank, batch: Batch, name: str, asked: list[Asked]) -> str:
    return render_template("mock-feedback.html", guide=bank.guide, batch=batch, person=name, asked=asked,
                           rubric=RUBRIC, remarks=REMARKS, form_lines=FORM_LINES,
                           code_columns=FORM_CODE_COLUMNS)


def no_candidates(bid: str, batch: Batch, content: str) -> ContentError:
    """The error for a batch with no one to interview, at its file's `candidates` (or roster) line."""
    folder = Path(content or ".") / "batches"
    path = next((p for p in (folder / f"{bid}.yaml", folder / f"{bid}.yml") if p.is_file()), folder / f"{bid}.yaml")
    line, col = 1, 1
    raw, _ = read_content_file(path, path.parent) if content else (None, None)
    parsed = parse_yaml(raw, str(path))[0] if raw else None
    if parsed is not None:
        line, col = parsed.where(("candidates_file" if batch.candidates_file else "candidates",), key=True)
    roster = f"the roster {batch.candidates_file} is empty" if batch.candidates_file else "it lists no candidates"
    return ContentError([Problem(str(path), line, col, f"batch '{bid}' has no one to interview: {roster}; "
                                                      "add them under `candidates:` (each a `- name:`)")])


class MockKit(Output):
    """OUT/batches/<id>/mock/: trainer.pdf (each candidate's interviewer sheet, then their feedback
    form) and <slug>.pdf per candidate (the form alone, with their name)."""

    name = "mock"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        found = batch_ids(bank, ids)
        # Asked for every batch, those without a roster are passed over; named, one is an error (in produce).
        return found if ids else tuple(bid for bid in found if bank.batches[bid].candidates)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        for bid in request.ids:
            if not ctx.bank.batches[bid].candidates:
                content = request.data.content if isinstance(request.data, Round) else ""
                raise no_candidates(bid, ctx.bank.batches[bid], content)
        files: dict[str, bytes] = {}
        for bid in request.ids:
            files.update(kit(*for_batch(ctx, ctx.bank.batches[bid]), bid, settings_of(ctx.bank.batches[bid], request.data)))
        return files


def kit(ctx: Context, batch: Batch, bid: str, mock: Mock) -> dict[str, bytes]:
    """One batch's files: every candidate's sheet and form typeset side by side, then assembled."""
    total = ctx.bank.question_count(batch.chapters)
    if total < mock.questions:
        ctx.log.warn(f"batch '{bid}': a mock interview of {plural(mock.questions, 'question')} draws from "
                     f"{plural(total, 'question')}; each candidate is asked all {total}")
    people = [c.name for c in batch.candidates]
    rounds = drawn(ctx.bank, bid, batch, mock)
    jobs = []
    for name, asked in zip(people, rounds):
        jobs.append(PartJob(sheet_html(ctx.bank, batch, name, asked), STYLES, f"interviewer sheet for {name}"))
        jobs.append(PartJob(form_html(ctx.bank, batch, name, asked), STYLES, f"feedback form for {name}"))
    parts = ctx.render(jobs)
    sheets, forms = [p.pdf for p in parts[0::2]], [p.pdf for p in parts[1::2]]
    duplex = ctx.duplex(batch)
    folder = f"batches/{bid}/mock"
    info = metadata(ctx.bank, f"Mock interviews — {batch.banner}", "Interviewer sheets and feedback forms",
                    f"mock interview, batch {batch.number}")
    files = {f"{folder}/trainer.pdf": ctx.memo(trainer_pdf, people, sheets, forms, info, duplex)}
    for slug, name, form in zip(assign_slugs(batch.candidates), people, forms):
        info = metadata(ctx.bank, f"Mock interview feedback — {name} — Batch {batch.number}",
                        f"Feedback on a mock interview, {batch.banner}", f"mock interview, batch {batch.number}")
        files[f"{folder}/{slug}.pdf"] = ctx.memo(form_pdf, form, info)
    return files


def trainer_pdf(people: list[str], sheets: list[bytes], forms: list[bytes], info: dict[str, str],
                duplex: bool) -> bytes:
    """Each candidate's sheet then form, a bookmark per candidate. Two-sided, both open on a
    right-hand page: the form never shares a leaf with the answers, so it can be handed over."""
    parts = []
    for name, sheet, form in zip(people, sheets, forms):
        parts += [Part(sheet, title=name, label=f"{name}, sheet ", right=True),
                  Part(form, label=f"{name}, form ", right=True)]
    return finish(merge(parts, info, duplex=duplex))


def form_pdf(form: bytes, info: dict[str, str]) -> bytes:
    """A candidate's feedback form as a document of its own. No blank back is added when printed
    two-sided: the file is printed on its own, and every page it has carries the candidate's name."""
    return finish(merge([Part(form, label="")], info))
