"""The journal as FHIR R4 JSON: a Bundle of Observations a health record can take in.

One Observation per session (a mindful session: when, seconds heard as a
`valueQuantity` in UCUM "s") and one per check-in (a state of mind: the
valence as an integer from -3 to 3, the feelings, the difficult-feelings flag,
and the note as `Observation.note` when the person's choice lets it out).

Codes: LOINC and SNOMED CT have nothing that fits well. The HL7 Personal
Health Record guide (trial use) defines `mindfulSession` and `stateOfMind`
and a seven-step valence classification that matches our scale exactly, so
those are used; the rest (practice, status, moment, the difficult flag) are
KindAudio's own codes under `urn:kindaudio:codes`. There is no patient: the
file is the person's own, handed over by them, so `subject` is left out.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, TextIO

from kindaudio.journal.exports.data import ExportData, utc_iso
from kindaudio.journal.exports.entries_fhir import entry_entries
from kindaudio.journal.records import CheckIn, SessionKind, SessionRecord, SessionStatus

log = logging.getLogger(__name__)

PHR = "http://hl7.org/fhir/uv/phr/CodeSystem"
PGHD_CODES = f"{PHR}/observation-pghd-codes"
STATE_OF_MIND_CODES = f"{PHR}/state-of-mind-codes"
VALENCE_CODES = f"{PHR}/state-of-mind-valence-codes"
KIND_CODES = f"{PHR}/state-of-mind-kind-codes"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
KINDAUDIO_CODES = "urn:kindaudio:codes"
SESSION_IDS = "urn:kindaudio:journal:session"
CHECK_IN_IDS = "urn:kindaudio:journal:check-in"

# Our -3..3 scale, in the PHR guide's valence classification.
VALENCE_CLASSIFICATION = {
    -3: "veryUnpleasant", -2: "unpleasant", -1: "slightlyUnpleasant", 0: "neutral",
    1: "slightlyPleasant", 2: "pleasant", 3: "veryPleasant",
}
_STATUS_TEXT = {
    SessionStatus.COMPLETED: "Completed",
    SessionStatus.STOPPED_EARLY: "Stopped early",
    SessionStatus.INTERRUPTED: "Interrupted",
    SessionStatus.IN_PROGRESS: "In progress",
}

Json = dict[str, Any]


def write_fhir(data: ExportData, stream: TextIO) -> None:
    json.dump(fhir_bundle(data), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def fhir_bundle(data: ExportData) -> Json:
    """A Bundle of type "collection": the sessions with their check-ins, then the check-ins on their own."""
    entries: list[Json] = []
    for session in data.sessions:
        members = [(check_in, _full_url()) for check_in in (session.before, session.after) if check_in is not None]
        entries.append({"fullUrl": _full_url(),
                        "resource": session_observation(session, data, [url for _, url in members])})
        entries.extend({"fullUrl": url, "resource": check_in_observation(check_in, data)}
                       for check_in, url in members)
    entries.extend({"fullUrl": _full_url(), "resource": check_in_observation(check_in, data)}
                   for check_in in data.standalone)
    entries += entry_entries(data.entries, entries, _full_url, utc_iso)  # none unless asked (entries_fhir.py)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": _full_url()},
        "type": "collection",
        "timestamp": utc_iso(data.generated_at),
        "entry": entries,
    }


def session_observation(session: SessionRecord, data: ExportData, members: list[str]) -> Json:
    period = {"start": utc_iso(session.started_at)}
    if session.ended_at is not None:
        period["end"] = utc_iso(session.ended_at)
    observation: Json = {
        "resourceType": "Observation",
        "identifier": [{"system": SESSION_IDS, "value": str(session.id)}],
        "status": "preliminary" if session.status is SessionStatus.IN_PROGRESS else "final",
        "category": [_category("activity", "Activity")],
        "code": {"coding": [{"system": PGHD_CODES, "code": "mindfulSession", "display": "Mindful session"}],
                 "text": "Mindful session"},
        "effectivePeriod": period,
        "valueQuantity": _seconds(round(session.listened_seconds, 1)),
        "component": [
            {"code": _local("practice", "Practice"), "valueString": session.title},
            {"code": _local("chosen-length", "Chosen length"), "valueQuantity": _seconds(session.chosen_seconds)},
            {"code": _local("session-status", "How the session ended"),
             "valueCodeableConcept": {"coding": [{"system": KINDAUDIO_CODES, "code": session.status.value}],
                                      "text": _STATUS_TEXT[session.status]}},
            {"code": _local("session-kind", "Where it was practised"),
             "valueCodeableConcept": {"coding": [{"system": KINDAUDIO_CODES, "code": session.kind.value}],
                                      "text": "In KindAudio" if session.kind is SessionKind.APP
                                      else "Away from the app, logged by hand"}},
        ],
    }
    if members:
        observation["hasMember"] = [{"reference": url} for url in members]
    note = data.session_note(session)
    if note:
        observation["note"] = [{"text": note}]
    return observation


def check_in_observation(check_in: CheckIn, data: ExportData) -> Json:
    mood = check_in.mood
    components: list[Json] = [
        {"code": _coded(STATE_OF_MIND_CODES, "valenceClassification", "Valence Classification"),
         "valueCodeableConcept": {"coding": [{"system": VALENCE_CODES,
                                              "code": VALENCE_CLASSIFICATION[mood.valence]}],
                                  "text": mood.label}},
        {"code": _coded(STATE_OF_MIND_CODES, "kind", "Kind"),
         "valueCodeableConcept": {"coding": [{"system": KIND_CODES, "code": "momentaryEmotion"}]}},
        *({"code": _coded(STATE_OF_MIND_CODES, "labels", "Labels"), "valueCodeableConcept": {"text": feeling}}
          for feeling in mood.feelings),
        {"code": _local("difficult-feelings", "Difficult feelings came up"), "valueBoolean": mood.difficult},
        {"code": _local("check-in-moment", "When the check-in was taken"),
         "valueCodeableConcept": {"coding": [{"system": KINDAUDIO_CODES, "code": check_in.moment.value}],
                                  "text": {"before": "Before practice", "after": "After practice"}.get(
                                      check_in.moment.value, "On its own")}},
    ]
    observation: Json = {
        "resourceType": "Observation",
        "identifier": [{"system": CHECK_IN_IDS, "value": str(check_in.id)}],
        "status": "final",
        "category": [_category("survey", "Survey")],
        "code": {"coding": [{"system": PGHD_CODES, "code": "stateOfMind"}], "text": "State of mind"},
        "effectiveDateTime": utc_iso(check_in.at),
        "valueInteger": mood.valence,  # -3 very unpleasant .. 3 very pleasant
        "component": components,
    }
    note = data.check_in_note(check_in)
    if note:
        observation["note"] = [{"text": note}]
    return observation


def _seconds(value: float) -> Json:
    return {"value": value, "unit": "s", "system": UCUM, "code": "s"}


def _category(code: str, display: str) -> Json:
    return {"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}


def _coded(system: str, code: str, display: str) -> Json:
    return {"coding": [{"system": system, "code": code, "display": display}]}


def _local(code: str, text: str) -> Json:
    return {"coding": [{"system": KINDAUDIO_CODES, "code": code}], "text": text}


def _full_url() -> str:
    return f"urn:uuid:{uuid.uuid4()}"
