"""`kindaudio support`, and the pointer to it after a hard check-in in the terminal, run as real processes."""

from __future__ import annotations

import re

from kindaudio.common.paths import AppPaths
from kindaudio.journal.support_plan import SupportPlan, plan_path, save_plan
from kindaudio.journal.support_words import NO_PLAN, NO_THERAPIST, TERMINAL_POINTER, URGENT_TITLE
from tests.support.command import EXIT_OK, kindaudio


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_support_prints_the_persons_plan_their_therapist_and_where_urgent_help_is(paths: AppPaths) -> None:
    save_plan(paths, SupportPlan(safety_plan="Feet on the floor.\nCall Alex.", therapist_name="Dr Sam Rivera",
                                 therapist_contact="sam@example.org"))
    result = kindaudio("support")
    assert result.returncode == EXIT_OK, result.stderr
    assert "Feet on the floor.\nCall Alex." in result.stdout  # their own line breaks kept
    assert "Dr Sam Rivera\nsam@example.org" in result.stdout
    assert URGENT_TITLE in result.stdout and "local emergency number" in one_line(result.stdout)
    assert not re.search(r"\d", result.stdout)  # no invented numbers
    assert max(len(line) for line in result.stdout.splitlines()) <= 88


def test_with_nothing_written_it_says_where_to_add_it(paths: AppPaths) -> None:
    result = kindaudio("support")
    assert result.returncode == EXIT_OK, result.stderr
    assert one_line(NO_PLAN) in one_line(result.stdout) and one_line(NO_THERAPIST) in one_line(result.stdout)


def test_an_unreadable_plan_is_set_aside_and_said_so(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True, exist_ok=True)
    plan_path(paths).write_text("{nope", encoding="utf-8")
    result = kindaudio("support")
    assert result.returncode == EXIT_OK
    assert "could not be read" in result.stderr and "Traceback" not in result.stderr
    assert one_line(NO_PLAN) in one_line(result.stdout)


def test_a_hard_check_in_points_to_support_and_an_easier_one_does_not(paths: AppPaths) -> None:
    hard = kindaudio("checkin", "--valence", "-3")
    assert hard.returncode == EXIT_OK, hard.stderr
    assert one_line(TERMINAL_POINTER) in one_line(hard.stdout)
    difficult = kindaudio("checkin", "--valence", "1", "--difficult")
    assert one_line(TERMINAL_POINTER) in one_line(difficult.stdout)
    easier = kindaudio("checkin", "--valence", "-2")
    assert "kindaudio support" not in easier.stdout
