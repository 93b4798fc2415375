"""The Markdown checks parse only the fields that could hold what they look for, and find it all there."""

from __future__ import annotations

import pytest

from studyguide.content import checks

PLAIN = "A pod is the smallest unit: one or more containers sharing a network namespace.\n\n- kubectl get pods\n"


@pytest.fixture
def parses(monkeypatch):
    """Texts the checks send through the Markdown parser."""
    seen, parse = [], checks._md.parse
    monkeypatch.setattr(checks._md, "parse", lambda text, env=None: seen.append(text) or parse(text, env))
    return seen


def test_a_field_without_brackets_angle_brackets_or_shortcodes_is_not_parsed(parses, tmp_path):
    assert checks.markdown_problems(PLAIN, tmp_path) == ([], [])
    assert checks.image_sources(PLAIN) == []
    assert parses == []


@pytest.mark.parametrize(("text", "errors", "warnings"), [
    ("See [the docs](docs/intro.md).", ["link to 'docs/intro.md' is not allowed"], []),
    ("Mail <mailto:ops@example.com> or <ftp://example.com/notes>.", ["link to 'ftp://example.com/notes' is not allowed"], []),
    ("Wrap it in <details> first.", [], ["HTML tag <details> prints as text"]),
    ("Ship it :rocket: today.", [], [":rocket: prints as text"]),
])
def test_a_field_with_any_of_them_is_checked_as_before(parses, tmp_path, text, errors, warnings):
    found_errors, found_warnings = checks.markdown_problems(text, tmp_path)
    assert [e.split(";")[0] for e in found_errors] == errors
    assert [w.split(";")[0] for w in found_warnings] == warnings
    assert parses == [text]


def test_images_are_found_only_where_written(parses):
    assert checks.image_sources("A diagram: ![pods](img/pods.png) and [a link](https://example.com)") == ["img/pods.png"]
    assert checks.image_sources("No picture, only [a link](https://example.com)") == []
    assert len(parses) == 1
