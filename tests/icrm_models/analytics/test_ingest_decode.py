"""The ingest's fast JSON read gives exactly json's objects, so event keys stay the same."""

from __future__ import annotations

import json

import pytest

from icrm_models.analytics.event_keys import canonical_json, event_key
from icrm_models.analytics.ingest_parse import decode_json

TEXTS = [
    '{"event": "user", "timestamp": 1767225600.123456, "text": "hi"}',
    '{"confidence": 9.5e-05, "tiny": 1e-07, "big": 1.5e+16, "neg": -0.0, "e": 1E5}',
    '{"a": 1, "a": 2}',  # a repeated key: the last one wins in both
    '{"id": 18446744073709551615}',  # the largest unsigned 64-bit integer
    '{"id": 18446744073709551616}',  # one more: orjson would read a float
    '{"id": -123456789012345678901234567890}',
    '{"x": 0.00039379957149196791}',  # 20 digits in a row of a float: json's way, same value
    '{"x": NaN, "y": Infinity, "z": -Infinity}',  # json reads these, orjson does not
    '{"x": 1e400}',
    '{"s": "\\ud800 lone surrogate", "t": "caf\\u00e9 \\u2028 \\ud83d\\ude00"}',
    '{"nested": [{"b": [1, 2.5, null, true, false]}, "\\u0000"]}',
]


@pytest.mark.parametrize("text", TEXTS)
def test_decode_json_gives_jsons_objects_and_keys(text: str) -> None:
    expected = json.loads(text)
    found = decode_json(text)
    assert canonical_json(found) == canonical_json(expected)
    assert [type(v) for v in found.values()] == [type(v) for v in expected.values()]
    assert event_key("s", found) == event_key("s", expected)


@pytest.mark.parametrize("text", ["{", "", "nul", '{"a": }', "[1,]"])
def test_decode_json_refuses_what_json_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        decode_json(text)
