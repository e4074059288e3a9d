"""The FHIR R4 export: a collection Bundle of Observations, checked for what R4 requires of each.

There is no FHIR validator offline, so the structure is checked here: every
Observation has resourceType, status, code (with a coding) and an effective
time; values carry their UCUM units; references point inside the Bundle.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kindaudio.journal.exports import ExportFormat, NoteChoice, export_journal
from kindaudio.journal.store import Journal
from tests.journal.conftest import start
from tests.journal.exports.conftest import SINCE, UNTIL, Sample

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                      "entered-in-error", "unknown"}
Json = dict[str, Any]


def bundle(journal: Journal, out: Path, notes: NoteChoice = NoteChoice.SHARED) -> Json:
    target = export_journal(journal, ExportFormat.FHIR, out / "journal.json", since=SINCE, until=UNTIL, notes=notes)
    loaded: Json = json.loads(target.read_text(encoding="utf-8"))
    return loaded


def observations(document: Json, code: str) -> list[Json]:
    return [e["resource"] for e in document["entry"] if e["resource"]["code"]["coding"][0]["code"] == code]


def component(observation: Json, code: str) -> list[Json]:
    return [c for c in observation["component"] if c["code"]["coding"][0]["code"] == code]


def identifier(observation: Json) -> int:
    return int(observation["identifier"][0]["value"])


def test_the_bundle_is_a_collection_of_well_formed_observations(journal: Journal, sample: Sample, out: Path) -> None:
    document = bundle(journal, out)
    assert document["resourceType"] == "Bundle" and document["type"] == "collection"
    assert INSTANT.match(document["timestamp"])
    urls = [entry["fullUrl"] for entry in document["entry"]]
    assert len(set(urls)) == len(urls) and all(re.match(r"^urn:uuid:[0-9a-f-]{36}$", url) for url in urls)
    for entry in document["entry"]:
        resource = entry["resource"]
        assert resource["resourceType"] == "Observation"
        assert resource["status"] in OBSERVATION_STATUS
        assert resource["code"]["coding"] and all({"system", "code"} <= set(c) for c in resource["code"]["coding"])
        effective = [key for key in resource if key.startswith("effective")]
        assert effective in (["effectiveDateTime"], ["effectivePeriod"])
        values = [key for key in resource if key.startswith("value")]
        assert len(values) == 1  # value[x] is one choice
        for part in resource.get("component", []):
            assert part["code"]["coding"] and len([k for k in part if k.startswith("value")]) == 1
    # 3 sessions; breathing has two check-ins, body scan one; one on its own
    assert len(observations(document, "mindfulSession")) == 3
    assert len(observations(document, "stateOfMind")) == 4


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


def test_a_session_lists_its_check_ins_as_members_inside_the_bundle(journal: Journal, sample: Sample,
                                                                   out: Path) -> None:
    document = bundle(journal, out)
    by_url = {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}
    breathing = next(o for o in observations(document, "mindfulSession") if identifier(o) == sample.breathing)
    members = [by_url[member["reference"]] for member in breathing["hasMember"]]
    assert [m["valueInteger"] for m in members] == [-1, 2]
    assert [component(m, "check-in-moment")[0]["valueCodeableConcept"]["coding"][0]["code"] for m in members] \
        == ["before", "after"]


def test_a_check_in_is_a_state_of_mind_with_valence_feelings_and_the_difficult_flag(journal: Journal,
                                                                                   sample: Sample,
                                                                                   out: Path) -> None:
    document = bundle(journal, out)
    moods = observations(document, "stateOfMind")
    before = next(o for o in moods if o["valueInteger"] == -1)
    assert before["status"] == "final" and before["effectiveDateTime"] == "2024-05-13T12:00:00Z"
    classification = component(before, "valenceClassification")[0]["valueCodeableConcept"]
    assert classification["coding"][0]["code"] == "slightlyUnpleasant"
    assert classification["text"] == "Slightly unpleasant"
    assert [c["valueCodeableConcept"]["text"] for c in component(before, "labels")] == ["anxious", "tired"]
    assert component(before, "difficult-feelings")[0]["valueBoolean"] is False
    difficult = next(o for o in moods if o["valueInteger"] == -2)
    assert component(difficult, "difficult-feelings")[0]["valueBoolean"] is True
    on_its_own = next(o for o in moods if o["valueInteger"] == 0)
    assert component(on_its_own, "check-in-moment")[0]["valueCodeableConcept"]["coding"][0]["code"] == "standalone"
    assert on_its_own["effectiveDateTime"] == "2024-05-14T16:00:00Z"


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
