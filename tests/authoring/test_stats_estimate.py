"""`stats` estimates the guide's length within 10 % of what a build prints."""

from __future__ import annotations

import io

from pypdf import PdfReader

from studyguide.authoring.stats import compute, extra_words


def test_the_estimate_is_within_ten_percent_of_the_seed_guide(seed_bank, seed_guide):
    pdf, _ = seed_guide
    real = len(PdfReader(io.BytesIO(pdf)).pages)
    estimate = compute(seed_bank).pages
    assert abs(estimate - real) <= 0.1 * real, (estimate, real)


def test_code_and_tables_count_beyond_their_words():
    answer = "Intro.\n\n```bash\nls\nls -l\n```\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    assert extra_words(answer) == 2 * 2.5 + 3 * 4
    assert extra_words("Just prose, with `code` inline.") == 0
