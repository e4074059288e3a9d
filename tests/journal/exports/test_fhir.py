"""The FHIR export: every Bundle read back by the `fhir.resources` R4B models, and held to the PHR guide's rules.

`fhir.resources` (pydantic models generated from the FHIR specification) is a
reader nobody on the team wrote: it refuses unknown fields, wrong types,
malformed dates and two value[x] at once. It does not know the PHR guide's
profiles, so `profile_problems` below checks the rules of the State of Mind
and Mindfulness profiles that the export implements, from the guide's own
definitions (slices, fixed systems and codes, bindings, displays).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from kindaudio.common.errors import UserInputError
from kindaudio.journal.exports import ExportFormat, NoteChoice, export_journal
from kindaudio.journal.exports import fhir_codes as codes
from kindaudio.journal.exports.fhir import valence
from kindaudio.journal.records import FEELINGS, Moment, Mood
from kindaudio.journal.store import Journal
from tests.journal.conftest import Clock, start
from tests.journal.exports.conftest import SINCE, UNTIL, Sample

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                      "entered-in-error", "unknown"}
STATE_OF_MIND_SLICES = ("kind", "valence", "valenceClassification", "labels", "associations")
Json = dict[str, Any]


def bundle(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED, person: str = "") -> Json:
    """Export, then read the file back with the R4B models and the profile rules; both must pass."""
    target = export_journal(journal, ExportFormat.FHIR, out / "journal.json", since=SINCE, until=UNTIL, notes=notes,
                            person=person)
    text = target.read_text(encoding="utf-8")
    Bundle.model_validate_json(text)  # raises on anything R4B does not allow
    document: Json = json.loads(text)
    problems = [problem for entry in document["entry"] for problem in profile_problems(entry["resource"], document)]
    assert problems == []
    return document


def profile_problems(resource: Json, document: Json) -> list[str]:
    """What in one resource breaks the PHR guide's rules the export implements (empty when none)."""
    kind = resource["resourceType"]
    problems: list[str] = []
    profiles = resource.get("meta", {}).get("profile", [])
    expected = {"Patient": codes.PATIENT_PROFILE}.get(kind)
    if kind == "Observation":
        code = resource["code"]["coding"][0]["code"]
        expected = {"stateOfMind": codes.STATE_OF_MIND_PROFILE, "mindfulSession": codes.MINDFULNESS_PROFILE}[code]
    if profiles != [expected]:
        problems.append(f"meta.profile is {profiles}, not [{expected}]")
    problems += [f"coding without display: {c}" for c in _codings(resource) if not c.get("display")]
    problems += [f"a KindAudio code under urn:kindaudio: {c}" for c in _codings(resource)
                 if c["system"].startswith("urn:kindaudio")]
    if kind != "Observation":
        return problems
    urls = {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}
    subject = urls.get(resource.get("subject", {}).get("reference", ""))
    if subject is None or subject["resourceType"] != "Patient":
        problems.append("subject is not the Patient in the Bundle")
    category = [c for concept in resource["category"] for c in concept["coding"]
                if c["system"] == codes.OBSERVATION_CATEGORY]
    pghd = [c for c in resource["code"]["coding"] if c["system"] == codes.PGHD_CODES]
    if len(category) != 1 or len(pghd) != 1:
        problems.append("needs exactly one observation-category and one PGHD code")
    if "hasMember" in resource:
        problems.append("hasMember is not for check-ins")
    if pghd and pghd[0]["code"] == "mindfulSession":
        if category[0]["code"] != "activity" or "effectivePeriod" not in resource:
            problems.append("a mindful session is an activity with a period")
        return problems
    if category[0]["code"] != "survey" or "effectiveDateTime" not in resource:
        problems.append("a state of mind is a survey at a moment")
    for reference in resource.get("derivedFrom", []):
        target = urls.get(reference["reference"])
        if target is None or target["code"]["coding"][0]["code"] != "mindfulSession":
            problems.append(f"derivedFrom {reference} is not a session in the Bundle")
    slices = {name: [part for part in resource["component"] if part["code"]["coding"] ==
                     [{"system": codes.STATE_OF_MIND_CODES, "code": name, "display": codes.STATE_OF_MIND_PARTS[name]}]]
              for name in STATE_OF_MIND_SLICES}
    problems += [f"{name}: {len(parts)} components, not 1" for name, parts in slices.items() if len(parts) != 1]
    if problems:
        return problems
    kind_code = slices["kind"][0]["valueCodeableConcept"]["coding"]
    if len(kind_code) != 1 or kind_code[0]["system"] != codes.KIND_CODES or \
            kind_code[0]["code"] not in codes.KIND_DISPLAYS:
        problems.append(f"kind {kind_code}")
    quantity = slices["valence"][0].get("valueQuantity", {})
    if not -1 <= quantity.get("value", 9) <= 1:
        problems.append(f"valence {quantity} is not a quantity from -1 to 1")
    classification = slices["valenceClassification"][0]["valueCodeableConcept"]["coding"]
    if len(classification) != 1 or (classification[0]["code"], classification[0]["display"]) \
            not in codes.VALENCE_CLASSIFICATION.values() or classification[0]["system"] != codes.VALENCE_CODES:
        problems.append(f"valenceClassification {classification}")
    labels = slices["labels"][0]
    for coding in labels.get("valueCodeableConcept", {}).get("coding", []):
        if coding["system"] != codes.LABEL_CODES or codes.LABELS.get(coding["code"]) != coding["display"]:
            problems.append(f"label {coding} is not on the guide's list")
    problems += [f"{name} has neither a value nor a reason it is absent" for name, (part,) in slices.items()
                 if not any(key.startswith("value") or key == "dataAbsentReason" for key in part)]
    return problems


def _codings(node: Any) -> list[Json]:
    """Every Coding anywhere below `node`."""
    if isinstance(node, list):
        return [c for item in node for c in _codings(item)]
    if not isinstance(node, dict):
        return []
    found = [node] if "system" in node and "code" in node and "value" not in node else []
    return found + [c for value in node.values() for c in _codings(value)]


def observations(document: Json, code: str) -> list[Json]:
    return [e["resource"] for e in document["entry"]
            if e["resource"]["resourceType"] == "Observation" and e["resource"]["code"]["coding"][0]["code"] == code]


def component(observation: Json, code: str) -> list[Json]:
    return [c for c in observation["component"] if c["code"]["coding"][0]["code"] == code]


def identifier(observation: Json) -> int:
    return int(observation["identifier"][0]["value"])


def step(observation: Json) -> int:
    value: int = component(observation, "mood-step")[0]["valueInteger"]
    return value


def test_the_bundle_is_a_collection_of_a_patient_and_well_formed_observations(journal: Journal, sample: Sample,
                                                                              out: Path) -> None:
    document = bundle(journal, out)
    assert document["resourceType"] == "Bundle" and document["type"] == "collection"
    assert INSTANT.match(document["timestamp"])
    urls = [entry["fullUrl"] for entry in document["entry"]]
    assert len(set(urls)) == len(urls) and all(re.match(r"^urn:uuid:[0-9a-f-]{36}$", url) for url in urls)
    assert [e["resource"]["resourceType"] for e in document["entry"]].count("Patient") == 1
    for resource in (e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Observation"):
        assert resource["status"] in OBSERVATION_STATUS
        assert len([key for key in resource if key.startswith("value")]) <= 1
        assert resource["subject"]["reference"] == urls[0] and resource["performer"] == [resource["subject"]]
    # 3 sessions; breathing has two check-ins, body scan one; one on its own
    assert len(observations(document, "mindfulSession")) == 3
    assert len(observations(document, "stateOfMind")) == 4


def test_the_patient_carries_the_name_chosen_at_export_or_none(journal: Journal, sample: Sample, out: Path) -> None:
    named = bundle(journal, out, person="Zoë K. (client 12)")
    (patient,) = [e["resource"] for e in named["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["name"] == [{"text": "Zoë K. (client 12)"}]
    assert all(o["subject"]["display"] == "Zoë K. (client 12)" for o in observations(named, "stateOfMind"))
    anonymous = bundle(journal, out)
    (placeholder,) = [e["resource"] for e in anonymous["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert "name" not in placeholder and "display" not in observations(anonymous, "stateOfMind")[0]["subject"]


@pytest.mark.parametrize("name", ["Zoë\nK", "Zoë\x1b[2J", "Zoë\u202eK", "\ud800", "x" * 81, "Zoë\u2028K",
                                  "\U000f0000", "\u0378"])
def test_a_name_that_is_not_plain_text_is_refused_before_anything_is_written(journal: Journal, sample: Sample,
                                                                             out: Path, name: str) -> None:
    with pytest.raises(UserInputError, match="name for the export"):
        export_journal(journal, ExportFormat.FHIR, out / "journal.json", since=SINCE, until=UNTIL, person=name)
    assert list(out.iterdir()) == []


def test_a_session_is_a_mindful_session_with_its_period_and_seconds_heard(journal: Journal, sample: Sample,
                                                                          out: Path) -> None:
    document = bundle(journal, out)
    sessions = {identifier(o): o for o in observations(document, "mindfulSession")}
    breathing = sessions[sample.breathing]
    assert breathing["status"] == "final"
    assert breathing["effectivePeriod"] == {"start": "2024-05-13T12:00:00Z", "end": "2024-05-13T12:15:00Z"}
    assert breathing["valueQuantity"] == {"value": 899.6, "unit": "s", "system": "http://unitsofmeasure.org",
                                          "code": "s"}
    assert component(breathing, "practice")[0]["valueString"] == "Affectionate Breathing"
    assert component(breathing, "chosen-length")[0]["valueQuantity"]["value"] == 900
    assert component(breathing, "session-status")[0]["valueCodeableConcept"]["coding"][0]["code"] == "completed"
    body_scan = sessions[sample.body_scan]
    assert component(body_scan, "session-status")[0]["valueCodeableConcept"]["coding"][0]["code"] == "stopped_early"
    walking = sessions[sample.walking]
    assert component(walking, "session-kind")[0]["valueCodeableConcept"]["coding"][0]["code"] == "logged"
    assert all(c["system"] == codes.KINDAUDIO_CODES for c in component(walking, "session-kind")[0]["code"]["coding"])


def test_check_ins_point_to_their_session_with_derived_from_not_has_member(journal: Journal, sample: Sample,
                                                                           out: Path) -> None:
    document = bundle(journal, out)
    by_url = {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}
    assert not any("hasMember" in resource for resource in by_url.values())
    breathing_url = next(url for url, r in by_url.items() if r["resourceType"] == "Observation"
                         and r["code"]["coding"][0]["code"] == "mindfulSession" and identifier(r) == sample.breathing)
    tied = [r for r in observations(document, "stateOfMind") if r.get("derivedFrom") == [{"reference": breathing_url}]]
    assert [step(m) for m in tied] == [-1, 2]
    assert [component(m, "check-in-moment")[0]["valueCodeableConcept"]["coding"][0]["code"] for m in tied] \
        == ["before", "after"]
    on_its_own = next(o for o in observations(document, "stateOfMind") if identifier(o) == sample.standalone)
    assert "derivedFrom" not in on_its_own


def test_a_check_in_is_a_state_of_mind_to_the_profile(journal: Journal, sample: Sample, out: Path) -> None:
    document = bundle(journal, out)
    moods = observations(document, "stateOfMind")
    before = next(o for o in moods if step(o) == -1)
    assert before["status"] == "final" and before["effectiveDateTime"] == "2024-05-13T12:00:00Z"
    assert "valueInteger" not in before  # the valence lives in its component
    assert component(before, "valence")[0]["valueQuantity"] == {"value": -0.33, "unit": "1",
                                                                 "system": "http://unitsofmeasure.org", "code": "1"}
    classification = component(before, "valenceClassification")[0]["valueCodeableConcept"]
    assert classification["coding"][0]["code"] == "slightlyUnpleasant"
    assert classification["text"] == "Slightly unpleasant"
    assert component(before, "kind")[0]["valueCodeableConcept"]["coding"][0]["code"] == "momentaryEmotion"
    (labels,) = component(before, "labels")
    assert labels["valueCodeableConcept"] == {
        "text": "anxious, tired",  # every word as written; "tired" has no code in the guide
        "coding": [{"system": codes.LABEL_CODES, "code": "anxious", "display": "Anxious"}]}
    assert component(before, "associations")[0]["dataAbsentReason"]["coding"][0]["code"] == "not-asked"
    assert component(before, "difficult-feelings")[0]["valueBoolean"] is False
    difficult = next(o for o in moods if step(o) == -2)
    assert component(difficult, "difficult-feelings")[0]["valueBoolean"] is True
    assert component(difficult, "labels")[0]["dataAbsentReason"]["coding"][0]["code"] == "asked-declined"
    on_its_own = next(o for o in moods if step(o) == 0)
    assert component(on_its_own, "check-in-moment")[0]["valueCodeableConcept"]["coding"][0]["code"] == "standalone"
    assert component(on_its_own, "labels")[0]["valueCodeableConcept"] == {"text": "restless"}  # no code: text only
    assert on_its_own["effectiveDateTime"] == "2024-05-14T16:00:00Z"


def test_the_seven_steps_spread_evenly_over_minus_one_to_one() -> None:
    assert [valence(s) for s in range(-3, 4)] == [-1.0, -0.67, -0.33, 0.0, 0.33, 0.67, 1.0]
    assert all(round(valence(s) * 3) == s for s in range(-3, 4))  # the step can always be read back
    assert json.dumps(valence(0)) == "0.0"


def test_ten_of_the_sixteen_suggested_feelings_have_the_guides_codes() -> None:
    coded = [f for f in FEELINGS if codes.label_code(f)]
    assert coded == ["calm", "sad", "anxious", "grateful", "hopeful", "lonely", "content", "overwhelmed",
                     "relieved", "ashamed"]


def test_every_suggested_feeling_and_step_makes_a_valid_state_of_mind(journal: Journal, clock: Clock,
                                                                      out: Path) -> None:
    clock.set_local(2024, 5, 12, 9, 0)
    session = start(journal)
    journal.add_check_in(Mood(-3, FEELINGS[:8], difficult=True), moment=Moment.BEFORE, session_id=session)
    journal.add_check_in(Mood(3, FEELINGS[8:] + ("Calm",)), moment=Moment.AFTER, session_id=session)
    for value in range(-2, 3):
        journal.add_check_in(Mood(value, ("mixed", "CALM")), moment=Moment.STANDALONE)
    document = bundle(journal, out)  # validated inside
    moods = observations(document, "stateOfMind")
    assert sorted(step(o) for o in moods) == list(range(-3, 4))
    labelled = [c["code"] for o in moods for part in component(o, "labels")
                for c in part.get("valueCodeableConcept", {}).get("coding", [])]
    assert set(labelled) == {codes.label_code(f) for f in FEELINGS} - {None}


def test_notes_are_observation_notes_only_as_chosen(journal: Journal, sample: Sample, out: Path) -> None:
    def notes(choice: NoteChoice) -> set[str]:
        document = bundle(journal, out, choice)
        return {note["text"] for entry in document["entry"] for note in entry["resource"].get("note", [])}

    assert notes(NoteChoice.SHARED) == {"shared before note", "standalone note — für dich"}
    assert notes(NoteChoice.ALL) == {"shared before note", "private after note", "standalone note — für dich",
                                     "logged note"}
    assert notes(NoteChoice.NONE) == set()
    assert "private after note" not in (out / "journal.json").read_text(encoding="utf-8")


def test_a_session_still_playing_is_preliminary_without_an_end(journal: Journal, out: Path) -> None:
    session_id = start(journal)
    journal.save_listened(session_id, 42.0)
    document = bundle(journal, out)
    (playing,) = observations(document, "mindfulSession")
    assert playing["status"] == "preliminary"
    assert set(playing["effectivePeriod"]) == {"start"}
    assert playing["valueQuantity"]["value"] == 42.0


def test_the_rules_check_catches_what_it_should(journal: Journal, sample: Sample, out: Path) -> None:
    """The profile check is not a rubber stamp: a broken copy of a good Bundle fails it."""
    document = bundle(journal, out)
    mood = observations(document, "stateOfMind")[0]
    mood["component"] = [c for c in mood["component"] if c["code"]["coding"][0]["code"] != "kind"]
    mood["meta"]["profile"] = []
    mood["hasMember"] = [{"reference": document["entry"][1]["fullUrl"]}]
    problems = profile_problems(mood, document)
    assert any("kind" in p for p in problems) and any("meta.profile" in p for p in problems)
    assert any("hasMember" in p for p in problems)
