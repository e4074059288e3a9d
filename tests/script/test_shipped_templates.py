"""The templates that ship: gentle, well paced, and reaching every length they offer, whatever is chosen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kindaudio.audio.choices import PlayChoices
from kindaudio.script import Pause, load_practice
from kindaudio.script.builder.fill import Draft, FilledPractice, fill_template
from kindaudio.script.builder.templates import shipped_templates_dir
from kindaudio.script.model import Practice
from kindaudio.script.timing import estimated_range

TEMPLATES = sorted(p.stem for p in shipped_templates_dir().glob("*.md"))
SPECIAL = set("[]#*_<>\\{}`")

# For each template: values a therapist might choose, from sparse to full.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "self-compassion-break": [
        {},
        {"touch": False},
        {"noticing": "Ouch.", "not_alone": "I'm not the only one.", "kind_wish": "Be kind to yourself, love.",
         "touch": "no"},
        {"noticing": "This is a moment of real heaviness, and it has been building all week, at work and at home.",
         "kind_wish": "I'm allowed to take up space, to rest, and to ask for help when I need it."},
    ],
    "loving-kindness-phrases": [
        {},
        {"phrase_count": 1, "phrase_1": "May I rest.", "rounds": 2},
        {"phrase_count": 4, "rounds": 8},
        {"phrase_count": "2", "phrase_1": "May I be safe in my body", "phrase_2": "May I be patient with myself",
         "rounds": "6"},
    ],
    "soles-of-the-feet": [
        {},
        {"position": "standing"},
        {"position": "standing", "after_feelings": True, "steady_words": "I'm here."},
        {"after_feelings": "yes"},
    ],
    "custom-body-scan": [
        {},
        {"thanks": False},
        {"regions": ["hands"], "anchor": "the sounds around you"},
        {"regions": "head, face, neck, shoulders", "anchor": "the breath", "thanks": "no"},
        {"regions": []},
    ],
}
CASES = [(name, values) for name in TEMPLATES for values in VARIANTS[name]]


def case_id(case: object) -> str:
    return str(case) if isinstance(case, str) else ",".join(f"{k}={v}" for k, v in case.items())[:40] or "defaults"


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def filled(name: str, values: dict[str, Any]) -> FilledPractice:
    return fill_template(Draft(name, values, f"Made from {name}"))


def test_the_four_templates_of_the_issue_ship() -> None:
    assert TEMPLATES == ["custom-body-scan", "loving-kindness-phrases", "self-compassion-break", "soles-of-the-feet"]
    assert set(VARIANTS) == set(TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_reaches_every_length_it_offers_with_its_defaults(name: str) -> None:
    practice = load_practice(shipped_templates_dir() / f"{name}.md")  # the parser checks each length ...
    reach = estimated_range(practice)
    assert practice.lengths and all(reach.reaches(minutes * 60) for minutes in practice.lengths)  # ... and so here
    assert practice.is_template and practice.title and practice.summary


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_variable_has_a_label_a_default_and_help(name: str) -> None:
    for variable in load_practice(shipped_templates_dir() / f"{name}.md").variables:
        assert variable.label and variable.label != variable.name, variable
        assert variable.default is not None, variable
        assert len(variable.help) > 20, variable


@pytest.mark.parametrize(("name", "values"), CASES, ids=case_id)
def test_every_choice_makes_a_practice_that_reaches_each_length_it_offers(name: str, values: dict[str, Any]) -> None:
    made = filled(name, values)
    assert made.practice.lengths
    for minutes in made.practice.lengths:
        assert made.reachable.reaches(minutes * 60), (minutes, made.reachable)
    template_lengths = load_practice(shipped_templates_dir() / f"{name}.md").lengths
    reachable_offers = [m for m in template_lengths if made.reachable.reaches(m * 60)]
    if reachable_offers:
        assert list(made.practice.lengths) == reachable_offers


@pytest.mark.parametrize(("name", "values"), CASES, ids=case_id)
def test_a_made_practice_opens_arrives_settles_and_returns(name: str, values: dict[str, Any]) -> None:
    practice = filled(name, values).practice
    titles = [section.title for section in practice.sections]
    assert titles[:2] == ["Arriving", "Settling"] and titles[-1] == "Returning" and len(titles) >= 4
    opening = " ".join(s.text for s in practice.sections[0].sentences)
    assert {"eyes", "open", "stop"} <= words(opening), opening
    assert any(isinstance(item, Pause) and item.elastic for s in practice.sections for item in s.items)


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_words_are_invitations_never_orders(name: str) -> None:
    text = (shipped_templates_dir() / f"{name}.md").read_text(encoding="utf-8").lower()
    body = text.split("\n---\n", 1)[1]
    for forbidden in ("must", "should", "have to", "correctly"):
        assert not re.search(rf"\b{forbidden}\b", body), forbidden
    assert len(re.findall(r"\b(might|could|if you like|if it feels right|perhaps|you can)\b", body)) >= 12


@pytest.mark.parametrize(("name", "values"), [(n, VARIANTS[n][0]) for n in TEMPLATES], ids=case_id)
def test_no_template_sentence_has_special_characters_or_digits(name: str, values: dict[str, Any]) -> None:
    for sentence in filled(name, values).practice.sentences:
        assert not SPECIAL & set(sentence.text), sentence
        assert not any(c.isdigit() for c in sentence.text), sentence
        assert sentence.text[-1] in ".!?…", sentence


def test_the_body_scan_allows_skipping_in_every_region_or_says_so_often() -> None:
    practice = filled("custom-body-scan", {}).practice
    every = " ".join(s.text for s in practice.sentences).lower()
    assert every.count("skip") + every.count("pass over") + every.count("move on") >= 4
    assert "your hands instead" in every


def test_loving_kindness_silences_grow_round_by_round() -> None:
    practice = filled("loving-kindness-phrases", {"rounds": 5}).practice
    phrases = next(s for s in practice.sections if s.title == "Your phrases")
    elastic = [item.max_seconds for item in phrases.items if isinstance(item, Pause) and item.elastic][1:]
    assert len(elastic) == 5 and elastic == sorted(elastic) and elastic[0] < elastic[-1] <= 150


def test_loving_kindness_uses_only_as_many_phrases_as_asked() -> None:
    spoken = [s.text for s in filled("loving-kindness-phrases", {"phrase_count": 2}).practice.sentences]
    assert spoken.count("May I find some ease today.") == 4 and spoken.count("May I be gentle with what hurts.") == 4
    assert "May I feel at home in myself." not in spoken


def test_soles_of_the_feet_after_strong_feelings_acknowledges_them_first_and_last() -> None:
    practice = filled("soles-of-the-feet", {"after_feelings": True}).practice
    assert "strong" in practice.sections[0].sentences[0].text
    assert any("feeling may still be here" in s.text for s in practice.sections[-1].sentences)


def test_self_compassion_break_touch_is_only_offered_when_chosen() -> None:
    def mentions_touch(practice: Practice) -> bool:
        return any("rest a hand" in s.text for s in practice.sentences)

    assert mentions_touch(filled("self-compassion-break", {}).practice)
    assert not mentions_touch(filled("self-compassion-break", {"touch": False}).practice)


# --- with real speech -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("name", "values"), [(n, VARIANTS[n][-1]) for n in TEMPLATES], ids=case_id)
def test_a_made_practice_renders_with_real_speech_at_its_shortest_length(session_clips: Any, tmp_path: Path,
                                                                         name: str, values: dict[str, Any]) -> None:
    from kindaudio.audio.files.render import RenderRequest, render
    from kindaudio.audio.format import MIX_RATE

    made = filled(name, values)
    result = render(RenderRequest(made.practice, PlayChoices(), output=tmp_path), session_clips)
    assert result.seconds == made.practice.lengths[0] * 60
    assert soundfile_frames(result.audio) == made.practice.lengths[0] * 60 * MIX_RATE
    assert result.synthesized + result.cached == len(made.practice.unique_sentences())
    assert result.reachable.shortest == pytest.approx(made.reachable.shortest, rel=0.05)
    assert result.reachable.longest == pytest.approx(made.reachable.longest, rel=0.05)


def soundfile_frames(path: Path) -> int:
    import soundfile

    return int(soundfile.info(str(path)).frames)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "values"), CASES, ids=case_id)
def test_a_made_practice_read_aloud_is_paced_gently_at_every_length(session_clips: Any, name: str,
                                                                     values: dict[str, Any]) -> None:
    from kindaudio.audio.files.render import gather
    from kindaudio.audio.format import MIX_RATE
    from kindaudio.audio.mixing.timeline import ClipKind, fit_timeline
    from kindaudio.script.timing import _WORD

    practice = filled(name, values).practice
    speech = gather(session_clips.prepare(practice, session_clips.settings_for(practice)))
    lengths = {key: clip.n_samples for key, clip in speech.items()}
    spoken = sum(speech[s.id].seconds for s in practice.sentences)
    words_spoken = sum(len(_WORD.findall(s.text)) for s in practice.sentences)
    assert 115 <= words_spoken / spoken * 60 <= 145  # about 140 words a minute or slower
    for minutes in practice.lengths:
        timeline = fit_timeline(practice, lengths, minutes * 60)
        assert timeline.length == minutes * 60 * MIX_RATE
        cues = [(c.start, c.end) for c in timeline.clips if c.kind is ClipKind.SPEECH]
        wordless = [(b[0] - a[1]) / MIX_RATE for a, b in zip(cues, cues[1:], strict=False)]
        assert max(wordless) <= 150  # never more than two and a half minutes without a word
        assert min(wordless) >= 1.0  # a breath between every two sentences
        assert spoken / timeline.seconds <= 0.6  # at least 40 % of any length is quiet
