"""Every note legal staff read on the document pages has its Chinese: the notes on a document's
title, number, issuer, holding and dates, and the reasons for text not encoded or not part of it.
The Chinese names no file or format of this repository and no model name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gov_new_media_rules.loading import load_library

REPO = Path(__file__).resolve().parents[2]
LIBRARY = load_library(REPO / "policies")
NOTES = ("title_note", "number_note", "issuer_note", "held_note", "effective_from_note", "dates_note")
INTERNAL = re.compile(r"source\.txt|README|document\.toml|clauses\.toml|rules\.toml|\[\[|[a-z]+_[a-z_]+")


def _check(where: str, zh: str | None) -> None:
    assert zh, f"{where}: no Chinese (add {where.rsplit('.', 1)[-1]}_zh)"
    assert re.search(r"[\u4e00-\u9fff]", zh), f"{where}: the Chinese note has no Chinese"
    leaked = INTERNAL.findall(zh)
    assert not leaked, f"{where}: the Chinese names {leaked}"


@pytest.mark.parametrize("document_id", sorted(LIBRARY.documents))
def test_document_notes_have_their_chinese(document_id: str) -> None:
    document = LIBRARY.documents[document_id]
    for name in NOTES:
        if getattr(document, name):
            _check(f"{document_id}.{name}", getattr(document, f"{name}_zh"))
    for index, noise in enumerate(document.noise):
        _check(f"{document_id}.noise[{index}].reason", noise.reason_zh)


def test_reasons_for_text_not_encoded_have_their_chinese() -> None:
    entries = [entry for entries in LIBRARY.not_encoded.values() for entry in entries]
    assert entries
    for entry in entries:
        _check(f"{entry.document} {entry.clause}.reason", entry.reason_zh)
