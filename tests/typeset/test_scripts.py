"""Devanagari, CJK and icons print with our embedded fonts, never as empty boxes."""

from __future__ import annotations

import difflib

from bankfactory import make_bank, question
from pdfutil import embedded_fonts, joined_text
from stage import guide

HINDI = "नमस्ते, मैं प्रिया शर्मा हूँ और क्लाउड इंजीनियर बनना चाहती हूँ"
CJK = "中文 日本語のテキスト 한국어 텍스트"


def test_devanagari_and_cjk_print_with_embedded_fonts(tmp_path):
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer=f"{HINDI}\n\n{CJK}\n\nArrows → and ∩ sets.")]})
    pdf, report = guide(content)
    assert report.warnings == []  # WeasyPrint warns when it draws a .notdef box
    families = {name.split("-")[1] for name in embedded_fonts(pdf)}
    assert {"Devanagari", "CJK", "Text", "Emoji"} <= families
    text = joined_text(pdf)
    assert CJK in text
    # Shaped Devanagari loses a little in extraction (WeasyPrint maps conjunct glyphs to one
    # character); at least most of it must come back, and the README states the measure.
    extracted = text.split("Answer", 1)[0] if "Answer" in text else text
    best = max(difflib.SequenceMatcher(None, HINDI, extracted[i:i + len(HINDI) + 10]).ratio()
               for i in range(0, max(1, len(extracted) - len(HINDI)), 3))
    assert best >= 0.8, best


# Names as candidates from across India write them, and the marks trainers tick with.
NAMES = {"Tamil": "தமிழ்செல்வன்", "Telugu": "శ్రీనివాస్", "Bengali": "সৌমিত্র", "Kannada": "ಕನ್ನಡ",
         "Malayalam": "മലയാളം", "Gujarati": "ગુજરાતી", "Gurmukhi": "ਗੁਰਪ੍ਰੀਤ"}


def test_every_indian_script_and_the_tick_marks_print_with_our_fonts(tmp_path):
    answer = "\n\n".join(f"{script}: {name}" for script, name in NAMES.items()) + "\n\nDone ✓, not done ✗, **done ✓**."
    content = make_bank(tmp_path, {"alpha": [question(1, "alpha", answer=answer)]})
    pdf, report = guide(content)
    assert report.warnings == []
    fonts = embedded_fonts(pdf)
    assert all(name.startswith("Studyguide-") for name in fonts), fonts  # never a system font
    families = {name.split("-")[1] for name in fonts}
    assert set(NAMES) | {"Symbols"} <= families, families
