from __future__ import annotations

import hashlib
import json
from importlib.metadata import version

import pytest

from textkeep.decode import DecodeError, NotTextError
from textkeep.pipeline import SCHEMA, clean, explain, process_document

MOJIBAKE = "StepFun (Èò∂Ë∑ÉÊòüËæ∞) is a company.\r\n"


def test_record_has_provenance_fields() -> None:
    data = "Title line\r\n\r\nSome body text, café.  \r\n".encode("cp1252")
    document = process_document("raw/a.txt", data)
    record = document.metadata
    assert document.clean_text == "Title line\n\nSome body text, café.\n"
    assert record["source"] == {
        "path": "raw/a.txt",
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert record["decode"]["encoding"] == "cp1252"
    assert record["decode"]["line_endings"] == "CRLF"
    assert record["normalize"] == {"crlf": 3, "trailing_whitespace": 1}
    clean_bytes = document.clean_text.encode("utf-8")
    assert record["clean"] == {
        "sha256": hashlib.sha256(clean_bytes).hexdigest(),
        "characters": len(document.clean_text),
        "lines": 3,
    }
    assert record["versions"] == {
        "textkeep": version("textkeep"),
        "ftfy": version("ftfy"),
        "charset_normalizer": version("charset-normalizer"),
    }
    assert record["schema"] == SCHEMA
    assert isinstance(SCHEMA, int)
    assert record["repairs"] == []
    assert record["losses"] == []
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_description_fields_sit_at_top_level() -> None:
    from textkeep.metadata import describe_text

    document = process_document("raw/a.txt", b"A Title\n\nBody text in English here.\n")
    for key, value in describe_text(document.clean_text).to_dict().items():
        assert document.metadata[key] == value


def test_mojibake_is_repaired_and_recorded() -> None:
    document = process_document("raw/m.txt", MOJIBAKE.encode("utf-8"))
    assert "阶跃星辰" in document.clean_text
    assert document.metadata["repairs"], "the repair must be listed in the record"
    first = document.metadata["repairs"][0]
    assert set(first) >= {"offset", "before", "after", "chain", "loss"}


def test_same_input_same_record() -> None:
    data = MOJIBAKE.encode("utf-8")
    assert process_document("x", data).metadata == process_document("x", data).metadata


def test_bad_input_raises() -> None:
    with pytest.raises(NotTextError):
        process_document("raw/x.png", b"\x89PNG\r\n\x1a\n....")
    with pytest.raises(DecodeError):
        process_document("raw/x.txt", b"caf\xe9", encoding="utf-8")


def test_forced_encoding_is_recorded() -> None:
    record = process_document("raw/k.txt", "Привет\n".encode("koi8-r"), encoding="koi8-r").metadata
    assert record["decode"]["method"] == "forced"
    assert record["decode"]["encoding"] == "koi8-r"


def test_explain_positions_repairs_and_normalisations() -> None:
    cleaned = clean(("first line\r\n" + MOJIBAKE).encode("utf-8"), record_changes=True)
    changes = explain(cleaned)
    stages = {c.stage for c in changes}
    assert stages == {"repair", "normalize"}
    repair = next(c for c in changes if c.stage == "repair")
    assert repair.line == 2
    crlf = [c for c in changes if c.why == "CRLF line ending"]
    # Normalisations are positioned in the repaired text, where line 2 is shorter.
    repaired_line_2 = cleaned.repaired.text.split("\r\n")[1]
    assert [(c.line, c.column) for c in crlf] == [(1, 11), (2, len(repaired_line_2) + 1)]


def test_explain_reports_bom_from_decode() -> None:
    cleaned = clean(b"\xef\xbb\xbfhello\n", record_changes=True)
    assert [(c.stage, c.why) for c in explain(cleaned)] == [("decode", "utf-8 BOM")]
