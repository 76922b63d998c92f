"""The skip check reads a sidecar's four fields without parsing it; it must agree with JSON."""

from __future__ import annotations

import json

import pytest

from textkeep.archive import _skip_fields, sidecar_bytes

DIGEST = "ab" * 32
OTHER = "cd" * 32
PIPELINE = "ef" * 32


def _record(**extra: object) -> dict:
    return {
        "clean": {"characters": 3, "lines": 1, "sha256": DIGEST},
        "source": {"bytes": 4, "path": "raw/a.txt", "sha256": OTHER},
        "versions": {"ftfy": "6", "pipeline": PIPELINE, "textkeep": "0.1.0"},
        "repairs": [],
        **extra,
    }


@pytest.mark.parametrize(
    "record",
    [
        _record(),
        _record(repairs=[{"before": "Ã©", "after": "é", "chain": ["UTF-8 read as cp1252"]}]),
        # Field names inside values are escaped by JSON and cannot be mistaken for keys.
        _record(title='"sha256": "' + "0" * 64 + '"', author='"pipeline": "x"'),
    ],
)
def test_quick_fields_agree_with_json(record: dict) -> None:
    data = sidecar_bytes(record)
    parsed = json.loads(data)
    quick = _skip_fields(data)
    assert quick is not None
    assert quick["clean"]["sha256"] == parsed["clean"]["sha256"]
    assert quick["source"]["sha256"] == parsed["source"]["sha256"]
    assert quick["versions"]["pipeline"] == parsed["versions"]["pipeline"]
    assert bool(quick["repairs"]) == bool(parsed["repairs"])


@pytest.mark.parametrize(
    "data",
    [
        b"{}\n",
        json.dumps(_record()).encode(),  # another layout: parse it in full
        sidecar_bytes(_record()).replace(DIGEST.encode(), b"not-a-digest"),
    ],
)
def test_anything_unexpected_falls_back_to_json(data: bytes) -> None:
    assert _skip_fields(data) is None
