"""Small helpers shared by the builder tests: a template filled in, and what a practice says."""

from __future__ import annotations

from kindaudio.script.builder.fill import Draft, FilledPractice, fill_template
from kindaudio.script.model import Bell, Pause, Practice, Sentence

SCB = "self-compassion-break"


def items(practice: Practice) -> list[tuple[object, ...]]:
    """What a practice says and does, without source positions: sentences with their ids."""
    out: list[tuple[object, ...]] = []
    for section in practice.sections:
        for item in section.items:
            if isinstance(item, Sentence):
                out.append((section.title, "say", item.id, item.text, item.paragraph))
            elif isinstance(item, Pause):
                out.append((section.title, "pause", item.min_seconds, item.max_seconds))
            else:
                assert isinstance(item, Bell)
                out.append((section.title, "bell", item.strikes))
    return out


def fill(template_id: str = SCB, title: str = "For hard days", **values: object) -> FilledPractice:
    """A shipped template filled in with these values (the Self-Compassion Break unless told)."""
    return fill_template(Draft(template_id, values, title))
