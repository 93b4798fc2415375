"""Images in answers: files of the content folder that are what they claim, checked before printing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studyguide.content.images import image_problem

IMAGES = Path(__file__).resolve().parents[1] / "fixtures" / "images"


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(IMAGES, folder / "images")
    return folder


@pytest.mark.parametrize("name", ["ok.png", "pod.png", "fhs.jpg", "service-flow.svg"])
def test_real_images_pass(content, name):
    assert image_problem(content, f"images/{name}") is None


@pytest.mark.parametrize("src, message", [
    ("https://example.com/a.png", "image 'https://example.com/a.png' is on the web; images are never fetched while "
                                  "printing: save it in the content folder (e.g. images/) and refer to it from there"),
    ("images/missing.png", "image 'images/missing.png' not found in the content folder"),
    ("../outside.png", "image '../outside.png' is outside the content folder"),
    ("/etc/passwd", "image '/etc/passwd' must be a path relative to the content folder, written with /"),
    ("images/not-really.png", "image 'images/not-really.png' is not a readable PNG image"),
    ("images/bomb.png", "image 'images/bomb.png' unpacks to more than 50 megapixels"),
    ("images/bomb-truncated.png", "image 'images/bomb-truncated.png' unpacks to more than 50 megapixels"),
    ("images/external.svg", "image 'images/external.svg' refers to 'http://example.com/x.png' outside itself; "
                            "an image must contain all it shows"),
    ("images/local-file.svg", "image 'images/local-file.svg' refers to 'file:///etc/passwd' outside itself; "
                              "an image must contain all it shows"),
    ("images/xxe.svg", "image 'images/xxe.svg' is not an SVG file without entities or a DTD"),
    ("images/entity-bomb.svg", "image 'images/entity-bomb.svg' is not an SVG file without entities or a DTD"),
])
def test_images_that_cannot_print_say_why(content, src, message):
    assert image_problem(content, src) == message


def test_a_file_is_judged_by_its_content_not_its_name(content):
    (content / "images" / "photo.png").write_bytes((content / "images" / "fhs.jpg").read_bytes())
    assert image_problem(content, "images/photo.png") == "image 'images/photo.png' is a JPEG image, not the PNG its name says"


def test_a_link_out_of_the_content_folder_is_refused(content):
    (content / "images" / "passwd.png").symlink_to("/etc/passwd")
    assert image_problem(content, "images/passwd.png") == "image 'images/passwd.png' is outside the content folder"


def test_an_image_just_over_the_limit_is_refused_with_its_size(content):
    from PIL import Image

    Image.new("1", (8000, 7000)).save(content / "images" / "large.png")  # 56 megapixels, a few kB
    assert image_problem(content, "images/large.png") == ("image 'images/large.png' is 8,000 x 7,000 pixels; "
                                                          "the limit is 50 megapixels")


def test_markup_that_would_print_as_text_is_a_warning_and_fails_strict(run, tmp_path):
    from bankfactory import make_bank, question

    answer = "Use <b>bold</b> :rocket: here, but `kill -0 <PID>` and :not_an_emoji: are fine."
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer=answer)]})
    shown = content / "categories" / "alpha.yaml"
    expected = [f"{shown}:5:3: question 'alpha-1' answer: :rocket: prints as text; write the emoji itself (🚀)",
                f"{shown}:5:3: question 'alpha-1' answer: HTML tag <b> prints as text; write it in markdown "
                "(or put it in `code`)"]
    lenient = run("check", "--content", content)
    assert lenient.exit_code == 0 and lenient.stderr.splitlines() == [f"warning: {line}" for line in expected]
    strict = run("check", "--content", content, "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == expected + ["error: 2 problems found; nothing was written"]


def test_an_image_that_cannot_print_is_an_error_at_its_question(run, tmp_path):
    from bankfactory import make_bank, question

    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer="![diagram](images/external.svg)")]})
    shutil.copytree(IMAGES, content / "images")
    result = run("check", "--content", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{content / 'categories' / 'alpha.yaml'}:5:3: question 'alpha-1' answer: image 'images/external.svg' refers "
        "to 'http://example.com/x.png' outside itself; an image must contain all it shows")
