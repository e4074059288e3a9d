"""Source positions through rendering: after loops, conditions and values, every mistake is reported where it stands."""

from __future__ import annotations

from kindaudio.script import SourcePos
from kindaudio.script.templating.line_map import LineMap
from tests.script.support import error_of, errors, parse
from tests.script.templating.support import PHRASE

# --- positions after rendering ------------------------------------------------------------


def test_a_mark_after_a_loop_is_reported_on_its_source_line() -> None:
    body = (
        "{% for i in range(3) %}\n"   # line 6
        "{{ phrase }}.\n"             # 7
        "{% endfor %}\n"              # 8
        "\n"                          # 9
        "[paws 5s]"                   # 10
    )
    assert error_of(body, front=PHRASE) == "test.md:10:1: unknown mark [paws 5s]; did you mean [pause 5s]?"


def test_a_mark_inside_a_condition_is_reported_on_its_source_line() -> None:
    body = (
        "{{ phrase }}.\n"             # line 6
        "{% if true %}\n"             # 7
        "Rest here.\n"                # 8
        "[paws 5s]\n"                 # 9
        "{% endif %}\n"               # 10
        "Done."                       # 11
    )
    assert error_of(body, front=PHRASE) == "test.md:9:1: unknown mark [paws 5s]; did you mean [pause 5s]?"


def test_marks_after_a_dropped_branch_are_reported_on_their_source_line() -> None:
    body = "{% if false %}\nA.\nB.\nC.\n{% endif %}\n{{ phrase }}. [bell 0]"
    assert error_of(body, front=PHRASE) == "test.md:11:15: a bell is written [bell], or [bell 3] for 1 to 9 strikes"


def test_a_mark_repeated_by_a_loop_is_reported_at_its_source_line_each_time() -> None:
    body = "{% for i in range(2) %}\n{{ phrase }} [paws 5s]\n{% endfor %}"
    found = errors(body, front=PHRASE)
    assert len(found) == 1  # once, though the loop repeats it
    (message,) = found
    assert message.startswith("test.md:7:")
    assert message.endswith(": unknown mark [paws 5s]; did you mean [pause 5s]?")


def test_sentences_after_rendering_keep_their_source_lines() -> None:
    body = "{% if true %}\nOne {{ phrase }}.\n{% endif %}\n\nTwo."
    assert [(s.text, s.pos) for s in parse(body, front=PHRASE).sentences] == [
        ("One May I be kind.", SourcePos(7, 1)), ("Two.", SourcePos(10, 1))]


def test_a_mark_after_a_value_on_the_same_line_is_reported_at_its_source_column() -> None:
    assert error_of("{{ phrase }} [paws 5s]", front=PHRASE) == (
        "test.md:6:14: unknown mark [paws 5s]; did you mean [pause 5s]?"
    )


# --- LineMap ------------------------------------------------------------------------------


def test_an_identity_line_map_counts_from_the_first_line() -> None:
    line_map = LineMap.identity(3, first_line=10)
    assert line_map.pos(0, 0) == SourcePos(10, 1)
    assert line_map.pos(2, 4) == SourcePos(12, 5)


def test_a_line_map_follows_the_latest_anchor_on_a_line() -> None:
    line_map = LineMap([[(0, 7, 1), (5, 9, 1)]])
    assert line_map.pos(0, 3) == SourcePos(7, 4)
    assert line_map.pos(0, 5) == SourcePos(9, 1)
    assert line_map.pos(0, 8) == SourcePos(9, 4)
