"""Scale: one enormous answer builds (it flows over many pages); bench/scale.py covers a 5,000-question build."""

from __future__ import annotations

import time

from bankfactory import make_bank, question
from pdfutil import page_texts

WORDS = ("cluster node pod service ingress volume secret replica rollout probe quota taint "
         "scheduler kubelet etcd controller namespace label selector webhook").split()


def long_answer(words: int) -> str:
    paragraphs, sentence = [], []
    for n in range(words):
        sentence.append(WORDS[(n * 7) % len(WORDS)])
        if len(sentence) == 20:
            paragraphs.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    # Paragraphs of ten sentences, a code block now and then: an answer as an author might write one.
    blocks = [" ".join(paragraphs[i:i + 10]) for i in range(0, len(paragraphs), 10)]
    for i in range(5, len(blocks), 10):
        blocks[i] += "\n\n```\nkubectl get pods --all-namespaces -o wide\n```"
    return "\n\n".join(blocks) + "\n\nThe very last words of the answer."


def test_a_twenty_thousand_word_answer_builds(run, tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer=long_answer(20_000))],
                                   "beta": [question(1, "beta")]}, batches={})
    start = time.perf_counter()
    result = run("guide", "--content", content, "--out", tmp_path / "dist", "--no-cache", "-j", "2")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no warnings either
    texts = page_texts((tmp_path / "dist" / "guide.pdf").read_bytes())
    assert 35 <= len(texts) <= 70, len(texts)
    assert "The very last words of the answer." in " ".join(texts).replace("\n", " ").replace("\r", "")
    assert elapsed < 120, elapsed  # about 5 s here; the bound only catches a runaway layout
