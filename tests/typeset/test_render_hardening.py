"""Rendering reads nothing but the project's files: no network, no file elsewhere, raw HTML as text."""

from __future__ import annotations

import os
import re

import pytest

from studyguide.outputs import guide as render

from bankfactory import make_bank, question
from hardening_helpers import Canary, assert_fails, earlier_outputs, snapshot, tiny_bank
from pdfutil import joined_text, reader

MESSAGE = "only the project's own content, styles and fonts may be read"


@pytest.fixture
def canary():
    server = Canary()
    yield server
    server.stop()


def uris(pdf: bytes) -> list[str]:
    found = []
    for page in reader(pdf).pages:
        for ref in page.get("/Annots", []) or []:
            action = ref.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                found.append(str(action.get_object()["/URI"]))
    return found


def test_hostile_content_prints_as_text_and_fetches_nothing(run, tmp_path, canary):
    u = canary.url
    answer = (f'Try <img src="{u}/a.png"> and <style>body {{ background: url({u}/b.png) }}</style>.\n\n'
              f"Read <https://example.com/docs>, [the box](file:///etc/passwd) and "
              f"[mail](mailto:trainer@example.com).\n\n<script>alert(1)</script>")
    content = make_bank(tmp_path, {
        "alpha": [question(1, "alpha", answer=answer, question="<b>Bold?</b> & <i>more</i>")],
        "beta": [question(1, "beta")],
    }, guide={"title": f'Guide"); }} body {{ background: url({u}/t.png) }} /*',
              "intro": f'<link rel="stylesheet" href="{u}/i.css"> Welcome.'}, batches={})
    (content / "categories" / "beta.yaml").write_text(
        (content / "categories" / "beta.yaml").read_text(encoding="utf-8").replace(
            "title: Beta", f"title: </h1><link rel=stylesheet href={u}/c.css>"), encoding="utf-8")
    out = tmp_path / "dist"
    result = run("guide", "--content", content, "--out", out, "--no-cache", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert canary.requests == []
    pdf = (out / "guide.pdf").read_bytes()
    text = re.sub(r"\s+", "", joined_text(pdf))  # lines may break after "http://"
    for literal in ("<b>Bold?</b> & <i>more</i>", f'<img src="{u}/a.png">', "<script>alert(1)</script>",
                    f"<style>body {{ background: url({u}/b.png) }}</style>", "[the box](file:///etc/passwd)",
                    f"</h1><link rel=stylesheet href={u}/c.css>", f'<link rel="stylesheet" href="{u}/i.css"> Welcome.',
                    f'Guide"); }} body {{ background: url({u}/t.png) }} /*'):
        assert re.sub(r"\s+", "", literal) in text, literal
    # Links stay links (never fetched); nothing in the PDF points at a local file.
    assert sorted(set(uris(pdf))) == ["https://example.com/docs", "mailto:trainer@example.com"]
    assert b"file:" not in pdf and str(tmp_path).encode() not in pdf


INJECTED = {
    "image": ('<img src="{u}/img.png">', "{u}/img.png"),
    "stylesheet link": ('<link rel="stylesheet" href="{u}/s.css">', "{u}/s.css"),
    "css import": ('<style>@import url("{u}/i.css");</style>', "{u}/i.css"),
    "css background": ("<div style=\"background: url('{u}/bg.png')\">x</div>", "{u}/bg.png"),
    "web font": ('<style>@font-face {{ font-family: X; src: url("{u}/f.ttf"); }} p {{ font-family: X }}</style>',
                 "{u}/f.ttf"),
    "attachment": ('<link rel="attachment" href="{u}/a.txt">', "{u}/a.txt"),
    "local file image": ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
    "local file object": ('<object data="file:///etc/hostname"></object>', "file:///etc/hostname"),
    "path traversal": ('<img src="../../../../../../../../etc/passwd">', "file:///etc/passwd"),
    "symlink out of the content": ('<img src="evil.png">', "{content_uri}/evil.png"),
}


@pytest.mark.parametrize("name", list(INJECTED))
def test_a_blocked_fetch_fails_the_build_and_names_the_part(run, tmp_path, canary, monkeypatch, name):
    # Content cannot produce such HTML (it is escaped); this stands for a template mistake and
    # proves the renderer's own guard: the build fails, names the part, and writes nothing.
    content = tiny_bank(tmp_path)
    os.symlink("/etc/passwd", content / "evil.png")
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    html, url = (s.format(u=canary.url, content_uri=content.resolve().as_uri()) for s in INJECTED[name])
    real = render.chapter_html
    monkeypatch.setattr(render, "chapter_html", lambda *a, **k: real(*a, **k).replace("</body>", html + "</body>"))
    result = run("guide", "--content", content, "--out", out, "--no-cache", "-j", "1")
    assert_fails(result, [f"error: chapter 'alpha': refused to fetch {url}: {MESSAGE}"], out, before)
    assert canary.requests == []


def test_a_blocked_fetch_in_a_worker_process_fails_the_same_way(run, tmp_path, canary, monkeypatch):
    content = tiny_bank(tmp_path)
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    real = render.chapter_html
    injected = f'<img src="{canary.url}/w.png">'
    monkeypatch.setattr(render, "chapter_html", lambda *a, **k: real(*a, **k).replace("</body>", injected + "</body>"))
    result = run("guide", "--content", content, "--out", out, "--no-cache", "-j", "2")
    assert result.exit_code == 1
    assert re.fullmatch(rf"error: chapter '(alpha|beta)': refused to fetch {canary.url}/w.png: {re.escape(MESSAGE)}\n",
                        result.stderr), result.stderr
    assert snapshot(out) == before and canary.requests == []


def test_templates_never_put_content_into_css():
    # Content reaches CSS only through attr() of an escaped data attribute. HTML escaping does not
    # stop ';' or 'url(' inside a style attribute, so a template may put only lengths there (a
    # computed number followed by its unit), never text, and nothing at all into <style>.
    from studyguide.typeset.html import templates_dir

    folder = templates_dir()
    for template in folder.iterdir():
        source = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<style.*?</style>", source, flags=re.S | re.I):
            assert "{{" not in match.group(0) and "{%" not in match.group(0), (template.name, match.group(0))
        for match in re.finditer(r"style\s*=\s*\"[^\"]*\"", source, flags=re.I):
            value = re.sub(r"\{\{[^}]*\}\}(mm|pt|px|%|em|rem)\b", "0", match.group(0))
            assert "{{" not in value and "{%" not in value, (template.name, match.group(0))


def test_glyph_no_font_has_is_a_warning_naming_the_question_and_an_error_with_strict(run, tmp_path):
    content = tiny_bank(tmp_path)
    path = content / "categories" / "alpha.yaml"
    path.write_text("title: Alpha\nicon: ☁️\nsummary: About alpha.\nquestions:\n"
                    "  - id: alpha-1\n    question: What is alpha?\n    answer: Plain.\n"
                    "  - id: alpha-2\n    question: What is 𝔸?\n    answer: \"It rings \\a.\"\n", encoding="utf-8")
    warnings = [f"{path}:8:5: question 'alpha-2' answer: control character U+0007 cannot be printed; remove it",
                f"{path}:8:5: question 'alpha-2' question: character '𝔸' (U+1D538 MATHEMATICAL DOUBLE-STRUCK "
                "CAPITAL A) is in no embedded font and would print as an empty box"]
    result = run("check", "--content", content)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"warning: {w}" for w in warnings]
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    for command in ("check", "build"):
        args = ["--out", out, "--no-cache"] if command == "build" else []
        result = run(command, "--content", content, "--strict", *args)
        assert_fails(result, warnings + ["error: 2 problems found; nothing was written"], out, before)


def test_scripts_every_embedded_font_prints_raise_no_warning(run, tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer="नमस्ते, 日本語, café, “quotes” — ☁️ 🚀 → ✓")]},
                        batches={})
    result = run("check", "--content", content)
    assert (result.exit_code, result.stderr) == (0, "")


def test_strict_turns_a_layout_warning_into_an_error(run, tmp_path, monkeypatch):
    content = tiny_bank(tmp_path)
    out = earlier_outputs(tmp_path)
    before = snapshot(out)
    real = render.chapter_html
    monkeypatch.setattr(render, "chapter_html",
                        lambda *a, **k: real(*a, **k).replace("</body>", '<p style="colour: red">x</p></body>'))
    args = ["guide", "--content", content, "--out", out, "--no-cache", "-j", "1"]
    warning = "chapter '{}': Ignored `colour: red` at 1:1, unknown property."
    result = run(*args)  # without --strict: written, with the warnings shown
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines()] == ["warning: " + warning.format(c) for c in ("alpha", "beta")]
    (out / "guide.pdf").write_bytes(b"%PDF-1.7 earlier guide")
    assert_fails(run(*args, "--strict"), ["warning: " + warning.format(c) for c in ("alpha", "beta")]
                 + ["error: 2 warnings treated as errors (--strict); nothing was written"], out, before)
