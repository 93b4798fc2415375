"""Stored bytes: parts and documents cross between processes as files of the scratch folder."""

from __future__ import annotations

import hashlib
from collections import namedtuple

import pytest

from studyguide.build.memo import fingerprint
from studyguide.build.write import write_all
from studyguide.pdf.assemble import Part
from studyguide.stored import Stored, data, digest, kept, loaded, store, weight
from studyguide.typeset.jobs import Typeset


def test_bytes_are_stored_once_under_their_digest(tmp_path):
    first = store(b"%PDF-1.7 one", tmp_path / "stored")
    again = store(b"%PDF-1.7 one", tmp_path / "stored")
    assert first == again
    assert first.size == 12 and first.sha256 == hashlib.sha256(b"%PDF-1.7 one").hexdigest()
    assert [p.name for p in (tmp_path / "stored").iterdir()] == [f"{first.sha256}.bin"]
    assert data(first) == b"%PDF-1.7 one" and data(b"as is") == b"as is"
    assert digest(first) == digest(b"%PDF-1.7 one")


def test_a_stored_part_keys_documents_as_its_bytes_do(tmp_path):
    pdf = b"%PDF-1.7 part"
    spilled = store(pdf, tmp_path)
    assert fingerprint(spilled, "x") == fingerprint(pdf, "x")
    assert fingerprint(Typeset(spilled, 1)) == fingerprint(Typeset(pdf, 1))
    assert Typeset(spilled, 1).key == Typeset(pdf, 1).key


def test_a_stored_value_is_not_bytes(tmp_path):
    with pytest.raises(TypeError):
        len(store(b"abc", tmp_path))  # read only on purpose, through data()


def test_arguments_are_read_back_wherever_they_sit(tmp_path):
    a, b = store(b"A", tmp_path), store(b"B", tmp_path)
    Pair = namedtuple("Pair", "left right")
    args = (a, [b, 3], {"k": a}, Pair(a, "x"), Part(b, title="t"), Typeset(a, 2, ["w"]), "text")
    back = loaded(args)
    assert back[:3] == (b"A", [b"B", 3], {"k": b"A"})
    assert back[3] == Pair(b"A", "x") and type(back[3]) is Pair
    assert back[4].pdf == b"B" and back[4].title == "t"
    assert (back[5].pdf, back[5].pages, back[5].warnings) == (b"A", 2, ["w"])
    assert back[6] == "text"


def test_results_of_bytes_are_stored_and_others_kept_as_they_are(tmp_path):
    one = kept(b"doc", tmp_path)
    assert isinstance(one, Stored) and data(one) == b"doc"
    several = kept((b"a", b"b"), tmp_path)
    assert [data(s) for s in several] == [b"a", b"b"]
    assert kept([1, 2], tmp_path) == [1, 2] and kept((), tmp_path) == ()


def test_stored_outputs_are_written_and_recognised_unchanged(tmp_path):
    out = tmp_path / "dist"
    value = store(b"%PDF-1.7 output", tmp_path / "scratch")
    assert write_all({out / "a.pdf": value}, root=out) == [out / "a.pdf"]
    assert (out / "a.pdf").read_bytes() == b"%PDF-1.7 output"
    assert write_all({out / "a.pdf": value}, root=out) == []  # the same bytes: not written again
    other = store(b"%PDF-1.7 output, edited", tmp_path / "scratch")
    assert write_all({out / "a.pdf": other}, root=out) == [out / "a.pdf"]
    assert (out / "a.pdf").read_bytes() == b"%PDF-1.7 output, edited"


def test_the_weight_of_arguments_counts_stored_and_plain_bytes(tmp_path):
    args = (store(b"12345", tmp_path), [b"123"], {"k": Part(b"12", title="t")}, "text", 7)
    assert weight(args) == 10
