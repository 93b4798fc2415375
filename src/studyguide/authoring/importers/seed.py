"""The plain-text seed layout ("<emoji> Category", a blurb, "01Question", answer line) -> bank data."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from ...names import slugify, unique

WRAP = 80  # markdown text width, independent of the indent the YAML puts in front of it

_BANNER = re.compile(r"Batch (\d+) · (.+?) — (.+?) starts (\d{1,2} \w+ \d{4})")
_QUESTION = re.compile(r"(\d\d)(?=\S)(.*)")
# Words that carry no meaning in an id; the ids must stay short and stable.
_STOP = set("""a able about accidentally actually an and any are as at be being between but can
cant compare define describe design did difference do does each even explain for from give handle
happens how i if in into is it its me my need of on one or so someone team tell than that the their
them there these they this though through time to use using vs walk want was we what whats when
where which who why will with without would you your""".split())
_WORD = re.compile(r"[a-z0-9]+(?:(?:[-_]|(?<=\d)\.(?=\d))[a-z0-9]+)*")
# Topic tags found in the question (answers mention too much): "word" or "tag=regex".
_TAG_RULES = r"""s3 iam eks mcp rag bedrock sagemaker memory kernel metrics drift state llmops
asyncio slo ec2=\bEC2\b|instance.profile scp=\bSCPs?\b landing-zone=landing.zone
architecture=architect networking=internet|subnet|reach.a.pod|\bcurl\b cost=\bspot\b|savings|cost
migration=migrat caching=\bcache\b pods=\bpods?\b security=ddos|\bsecure\b|injection|zero-trust
debugging=debug workloads=statefulset|daemonset resources=requests.and.limits
gitops=\bargo\b|\bflux\b availability=disruption|downtime|active-active upgrades=upgrade
containers=container modules=\bmodule\b hcl=for_each locking=simultaneous secrets=secret|access.key
pipelines=(?<!RAG.)pipeline branching=trunk|gitflow deployment=deploy(ing)?.to\b
scanning=\bSAST\b|\bscan\b incident-response=incident performance=load.average
filesystems=\blink\b|\bmount\b tls=\bhttps\b alerting=\balert logging=\blogs\b agents=\bagent
fine-tuning=fine-tun prompting=prompt-engineering evals=evaluat hallucinations=hallucinat
llm-serving=\bserve\b|\bvllm\b|\bollama\b self-hosting=locally ai-gateway=ai.gateway
multi-tenancy=multi-tenan privacy=\bPII\b models=frontier.models images=\bimages?\b
supply-chain=\bsign\b concurrency=\bGIL\b|event.loop packaging=\bpackage\b
dockerfile=\bENTRYPOINT\b data-structures=\btuple\b scalability=/sec multi-region=multi-region
messaging=kafka|\bsqs\b star=\(STAR\) conflict=disagree leadership=\bled\b teamwork=teammate.who
career=leave.your|see.yourself"""
_TAGS = [(tag, re.compile(rule or rf"\b{tag}\b", re.I))
         for tag, _, rule in (item.partition("=") for item in _TAG_RULES.split())]
# "Ai" alone says nothing in a table of contents; the batch banner calls the track this.
_CATEGORY_IDS = {"ai": "agentic-ai"}
# A word, with any `code span` kept whole so a wrap never splits one.
_ATOM = re.compile(r"(?:`[^`]*`|\S)+")
# What CommonMark would read as a list, heading, quote, fence or HTML at a line start.
_UNSAFE_START = re.compile(r"(\d{1,9}[.)]|[-+*]|#{1,6}|[=-]+)$|[<>]|```|~~~")


def category_id(title: str) -> str:
    """A chapter's id from its title: 'CI/CD & Automation' -> 'cicd' (a slash joins a name's parts)."""
    return slugify(re.split(r" / | & | for | \(", title)[0].replace("/", ""))


def _question_id(question: str, used: set[str]) -> str:
    # "on-prem", "1.28" and "for_each" are one word each; later sentences add no repeats.
    first, *rest = re.split(r"(?<=[.?!])\s+", question.lower().replace("'", ""), maxsplit=1)
    words = [[re.sub(r"[._]", "-", w) for w in _WORD.findall(part.replace("/", " "))
              if w not in _STOP] for part in (first, *rest)]
    words = words[0] + [w for w in sum(words[1:], []) if w not in words[0]]
    words = [w for i, w in enumerate(words) if not i or w != words[i - 1]]  # "Bedrock vs Bedrock"
    slug = ""
    for count, word in enumerate(words):
        # Four words name a question well; a clash with an earlier id takes more.
        if len(slug) + len(word) + 1 > 40 or count >= 4 and slug not in used:
            break
        slug = f"{slug}-{word}" if slug else word
    # Later twins get a counter; seed order keeps the ids stable.
    return unique(slug, used, limit=39)


def _tags(question: str) -> list[str]:
    hits = sorted((m.start(), tag) for tag, rx in _TAGS if (m := rx.search(question)))
    return [tag for _, tag in hits[:3]]


def _wrap(text: str, lead: str = "", hang: str = "") -> list[str]:
    lines: list[list[str]] = [[]]
    for atom in _ATOM.findall(text):
        cur, prefix = lines[-1], hang if len(lines) > 1 else lead
        if cur and len(prefix + " ".join(cur + [atom])) > WRAP:
            # Break earlier rather than open a line with a marker-like word.
            k = len(cur)
            while k > 0 and _UNSAFE_START.match(atom if k == len(cur) else cur[k]):
                k -= 1
            if k > 0:
                lines[-1], cur = cur[:k], cur[k:]
                lines.append(cur)
        cur.append(atom)
    return [(hang if i else lead) + " ".join(words) for i, words in enumerate(lines)]


def _answer_markdown(answer: str) -> str:
    # A leading inline "1) … 2) …" would render as a one-item list; make it a real list.
    if not answer.startswith("1) "):
        return "\n".join(_wrap(answer)) + "\n"
    items, rest, n = [], answer[3:], 2
    while (m := re.search(rf"\s{n}\)\s", rest)) is not None:
        items.append(rest[: m.start()])
        rest, n = rest[m.end():], n + 1
    items.append(rest)
    out = [row for i, item in enumerate(items, 1)
           for row in _wrap(item.strip(), f"{i}. ", " " * len(f"{i}. "))]
    return "\n".join(out) + "\n"


def _paragraphs(lines: list[str], numbers: list[int], heading: str | None = None) -> str:
    # The seed separates paragraphs with blank lines; lines within one join up.
    text = "\n".join(lines[numbers[0] - 1 : numbers[-1]]) if numbers else ""
    blocks = [f"## {heading}"] if heading else []
    blocks += ["\n".join(_wrap(p)) for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _heading(line: str) -> tuple[str, str] | None:
    """Split "<emoji> Title" into (icon, title); None when the line is not a heading."""
    icon, _, title = line.partition(" ")
    kinds = [unicodedata.category(c) for c in icon]
    ok = title and kinds and kinds[0] == "So" and set(kinds) <= {"So", "Sk", "Mn", "Cf"}
    return (icon, title.strip()) if ok else None


class _SeedReader:
    """Reads the seed line by line; each line is a heading, blurb, question, answer or closing text."""

    def __init__(self, text: str, source: str):
        self.lines = [line.strip() for line in text.splitlines()]
        self.source = source
        self.categories, self.batches, self.tracks, self.front = {}, {}, {}, {}  # tracks: number -> (line, track)
        self.problems: list[tuple[int, str]] = []
        self.intro, self.outro, self.used, self.cat = [], [], set(), None  # intro, outro: line numbers
        # pending: (line number, question) waiting for its answer on the next line
        self.state, self.expected, self.heading, self.pending = "preamble", 1, None, None
        # The closing call to action sits after the last heading or question line.
        self.last = max((n for n, s in enumerate(self.lines, 1) if _heading(s) or _QUESTION.match(s)), default=0)

    def problem(self, n: int, message: str) -> None:
        self.problems.append((n, f"{self.source}:{n}: {message}"))

    def feed(self, n: int, line: str) -> None:
        head, q = _heading(line), _QUESTION.match(line)
        if self.pending and (n > self.pending[0] + 1 or head or q and int(q[1]) == self.expected):
            self.problem(self.pending[0], "question has no answer line after it")
            self.pending = None
        if self.pending:
            self.answer(line)
        elif head and self.state != "outro":
            self.chapter(n, head)
        elif self.state == "preamble":
            self.preamble(n, line)
        elif self.state == "blurb" and not q:
            self.cat["summary"], self.state = line, "questions"
        elif q and self.state != "outro":
            self.question(n, q)
        elif self.state == "outro":
            self.outro.append(n)
        elif n > self.last and not self.lines[n - 2]:
            self.heading, self.state = line, "outro"
        else:
            self.problem(n, f"line fits no question, answer or heading: {line[:60]!r}")

    def answer(self, line: str) -> None:
        question, self.pending = self.pending[1], None
        entry = {"id": _question_id(question, self.used), "question": question,
                 "answer": _answer_markdown(line), "tags": _tags(question)}
        self.cat["questions"].append({k: v for k, v in entry.items() if v})  # tags are optional

    def chapter(self, n: int, head: tuple[str, str]) -> None:
        cid = category_id(head[1])
        cid = _CATEGORY_IDS.get(cid, cid)
        if cid in self.categories:
            self.problem(n, f"chapter id {cid!r} already used; questions merged into it")
        self.cat = self.categories.setdefault(cid, {"title": head[1], "icon": head[0], "summary": "", "questions": []})
        self.state, self.expected = "blurb", 1

    def preamble(self, n: int, line: str) -> None:
        if banner := _BANNER.match(line):
            number, name, track, starts = banner.groups()
            if line != banner[0] * (len(line) // len(banner[0])):
                self.problem(n, "batch banner has extra text beside the repeats")
            day = datetime.strptime(starts, "%d %B %Y").date().isoformat()
            self.batches[number] = {"number": number, "name": name, "track": track, "starts": day}
            self.tracks[number] = (n, track)
        elif " · " in line and "subtitle" not in self.front:
            self.front["subtitle"], self.front["edition"] = line.split(" · ", 1)
        elif "title" not in self.front:
            self.front["title"] = line
        else:
            self.intro.append(n)

    def question(self, n: int, q) -> None:
        if not self.cat["summary"]:
            self.problem(n, "chapter has no one-line summary before its questions")
        if int(q[1]) != self.expected:
            self.problem(n, f"question numbered {q[1]}, expected {self.expected:02d}")
        self.pending, self.expected, self.state = (n, q[2].strip()), int(q[1]) + 1, "questions"

    def result(self) -> dict:
        if self.pending:
            self.problem(self.pending[0], "question has no answer line after it")
        for number, (n, track) in self.tracks.items():
            chapters = [category_id(part) for part in track.split(" + ")]
            for missing in (c for c in chapters if c not in self.categories):
                self.problem(n, f"batch {number} track names unknown chapter {missing!r}")
            self.batches[number]["chapters"] = [c for c in chapters if c in self.categories]
        guide = {k: self.front.get(k, "") for k in ("title", "subtitle", "edition")}
        if publisher := re.search(r"\bJoin an? ([A-Z][\w-]*)", " ".join(self.lines[n - 1] for n in self.outro)):
            guide["publisher"] = publisher[1]
        guide.update(intro=_paragraphs(self.lines, self.intro), outro=_paragraphs(self.lines, self.outro, self.heading),
                     chapters=list(self.categories))
        return {"guide": guide, "categories": self.categories, "batches": self.batches, "problems": self.problems}


def parse_seed_text(text: str, source: str = "<seed>") -> dict:
    """The seed as bank data (what dump_bank writes) and the lines it could not place."""
    reader = _SeedReader(text, source)
    for n, line in enumerate(reader.lines, 1):
        if line:
            reader.feed(n, line)
    return reader.result()
