"""YAML nodes: a key given twice is reported where it stands, at any depth."""

from __future__ import annotations

from tests.script.support import errors


def test_a_key_given_twice_is_reported_not_silently_replaced() -> None:
    assert errors("Hello.", front="title: T\nsummary: a\ntitle: U") == [
        "test.md:4:1: 'title' is given twice; keep one",
    ]


def test_a_pace_key_given_twice_is_reported() -> None:
    assert errors("Hello.", front="title: T\npace: {rate: 120, rate: 130}") == [
        "test.md:3:19: 'rate' is given twice; keep one",
    ]
