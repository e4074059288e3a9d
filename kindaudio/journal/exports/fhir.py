"""The journal as FHIR R4 JSON: a Bundle a health record can take in, to the PHR guide's profiles.

A Bundle of type "collection" holds one Patient (the person, named only if
they chose a name or identifier at export), one Observation per session
(profile PGHD Mindfulness: code `mindfulSession`, the period, the seconds
heard as `valueQuantity` in UCUM "s") and one per check-in (profile PGHD State
of Mind: `stateOfMind` with the profile's five components). Every resource
names its profile in `meta.profile`; every coding has its `display`.

How our check-in becomes a State of Mind:
- `valence`: our seven steps (-3 very unpleasant .. +3 very pleasant) mapped
  evenly onto the guide's -1..+1 as step / 3, to two decimals (-1, -0.67,
  -0.33, 0, 0.33, 0.67, 1); the step itself is in `valenceClassification`
  (seven codes, one per step) and, plainly, in our `mood-step` component.
- `kind`: always `momentaryEmotion`: KindAudio asks how you feel now (before,
  after, or at a check-in on its own), never about a whole day.
- `labels`: one component. Each feeling on the guide's label list becomes a
  coding; `text` holds all the person's words as they wrote them. The guide
  asks for at least one coding there; when none of the words is on its list the
  concept has `text` only (the person's words matter more than the code), and
  with no feelings at all the component says `dataAbsentReason: asked-declined`.
- `associations`: KindAudio does not ask what a feeling is about, so the
  component is present (the profile requires it) with `dataAbsentReason:
  not-asked`.
- A check-in taken with a session points to that session's Observation with
  `derivedFrom` (R4 allows an Observation there; the profile leaves it open),
  and says before or after in our `check-in-moment` component. Sessions do
  not use `hasMember`: the check-ins are not parts of a panel.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, TextIO

from kindaudio.journal.exports import fhir_codes as codes
from kindaudio.journal.exports.data import ExportData, utc_iso
from kindaudio.journal.exports.entries_fhir import entry_entries
from kindaudio.journal.records import CheckIn, Mood, SessionRecord, SessionStatus

log = logging.getLogger(__name__)

Json = dict[str, Any]


def write_fhir(data: ExportData, stream: TextIO) -> None:
    json.dump(fhir_bundle(data), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def fhir_bundle(data: ExportData) -> Json:
    """The Patient, then each session with its check-ins, then the check-ins on their own."""
    patient_url = _full_url()
    subject = subject_reference(data, patient_url)
    entries: list[Json] = [{"fullUrl": patient_url, "resource": patient(data)}]
    for session in data.sessions:
        session_url = _full_url()
        entries.append({"fullUrl": session_url, "resource": session_observation(session, data, subject)})
        entries.extend({"fullUrl": _full_url(), "resource": check_in_observation(check_in, data, subject, session_url)}
                       for check_in in (session.before, session.after) if check_in is not None)
    entries.extend({"fullUrl": _full_url(), "resource": check_in_observation(check_in, data, subject)}
                   for check_in in data.standalone)
    entries += entry_entries(data.entries, entries, _full_url, utc_iso, subject)  # none unless asked (entries_fhir.py)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": _full_url()},
        "type": "collection",
        "timestamp": utc_iso(data.generated_at),
        "entry": entries,
    }


def patient(data: ExportData) -> Json:
    """The person the journal is about: their chosen name or identifier, else a placeholder with no name."""
    resource: Json = {"resourceType": "Patient", "meta": {"profile": [codes.PATIENT_PROFILE]}}
    if data.person:
        resource["name"] = [{"text": data.person}]
    return resource


def subject_reference(data: ExportData, patient_url: str) -> Json:
    reference: Json = {"reference": patient_url}
    if data.person:
        reference["display"] = data.person
    return reference


def session_observation(session: SessionRecord, data: ExportData, subject: Json) -> Json:
    period = {"start": utc_iso(session.started_at)}
    if session.ended_at is not None:
        period["end"] = utc_iso(session.ended_at)
    observation: Json = {
        "resourceType": "Observation",
        "meta": {"profile": [codes.MINDFULNESS_PROFILE]},
        "identifier": [{"system": codes.SESSION_IDS, "value": str(session.id)}],
        "status": "preliminary" if session.status is SessionStatus.IN_PROGRESS else "final",
        "category": [_concept(codes.OBSERVATION_CATEGORY, "activity", "Activity")],
        "code": {**_concept(codes.PGHD_CODES, "mindfulSession", "Mindful session"), "text": "Mindful session"},
        "subject": subject,
        "effectivePeriod": period,
        "performer": [subject],
        "valueQuantity": _seconds(round(session.listened_seconds, 1)),
        "component": [
            {"code": _local("practice"), "valueString": session.title},
            {"code": _local("chosen-length"), "valueQuantity": _seconds(session.chosen_seconds)},
            {"code": _local("session-status"), "valueCodeableConcept": _local(session.status.value)},
            {"code": _local("session-kind"), "valueCodeableConcept": _local(session.kind.value)},
        ],
    }
    note = data.session_note(session)
    if note:
        observation["note"] = [{"text": note}]
    return observation


def check_in_observation(check_in: CheckIn, data: ExportData, subject: Json, session_url: str | None = None) -> Json:
    observation: Json = {
        "resourceType": "Observation",
        "meta": {"profile": [codes.STATE_OF_MIND_PROFILE]},
        "identifier": [{"system": codes.CHECK_IN_IDS, "value": str(check_in.id)}],
        "status": "final",
        "category": [_concept(codes.OBSERVATION_CATEGORY, "survey", "Survey")],
        "code": {**_concept(codes.PGHD_CODES, "stateOfMind", "State of Mind"), "text": "State of mind"},
        "subject": subject,
        "effectiveDateTime": utc_iso(check_in.at),
        "performer": [subject],
        "component": [*state_of_mind_components(check_in.mood),
                      {"code": _local("difficult-feelings"), "valueBoolean": check_in.mood.difficult},
                      {"code": _local("check-in-moment"), "valueCodeableConcept": _local(check_in.moment.value)},
                      {"code": _local("mood-step"), "valueInteger": check_in.mood.valence}],
    }
    if session_url is not None:
        observation["derivedFrom"] = [{"reference": session_url}]
    note = data.check_in_note(check_in)
    if note:
        observation["note"] = [{"text": note}]
    return observation


def state_of_mind_components(mood: Mood) -> list[Json]:
    """The profile's five components: kind, valence, valenceClassification, labels, associations."""
    step_code, step_display = codes.VALENCE_CLASSIFICATION[mood.valence]
    return [
        {"code": _part("kind"),
         "valueCodeableConcept": _concept(codes.KIND_CODES, "momentaryEmotion",
                                          codes.KIND_DISPLAYS["momentaryEmotion"])},
        {"code": _part("valence"),
         "valueQuantity": {"value": valence(mood.valence), "unit": "1", "system": codes.UCUM, "code": "1"}},
        {"code": _part("valenceClassification"),
         "valueCodeableConcept": {**_concept(codes.VALENCE_CODES, step_code, step_display), "text": mood.label}},
        labels_component(mood.feelings),
        {"code": _part("associations"), "dataAbsentReason": _concept(codes.DATA_ABSENT_REASON, "not-asked",
                                                                     "Not Asked")},
    ]


def valence(step: int) -> float:
    """Our -3..3 on the guide's -1..+1: evenly, step / 3, to two decimals."""
    return round(step / 3, 2) + 0.0  # + 0.0: never "-0.0"


def labels_component(feelings: tuple[str, ...]) -> Json:
    if not feelings:
        return {"code": _part("labels"),
                "dataAbsentReason": _concept(codes.DATA_ABSENT_REASON, "asked-declined", "Asked But Declined")}
    coded = [(code, codes.LABELS[code]) for code in dict.fromkeys(codes.label_code(f) for f in feelings) if code]
    concept: Json = {"text": ", ".join(feelings)}
    if coded:
        concept["coding"] = [{"system": codes.LABEL_CODES, "code": code, "display": display}
                             for code, display in coded]
    return {"code": _part("labels"), "valueCodeableConcept": concept}


def _seconds(value: float) -> Json:
    return {"value": value, "unit": "s", "system": codes.UCUM, "code": "s"}


def _concept(system: str, code: str, display: str) -> Json:
    return {"coding": [{"system": system, "code": code, "display": display}]}


def _part(code: str) -> Json:
    return _concept(codes.STATE_OF_MIND_CODES, code, codes.STATE_OF_MIND_PARTS[code])


def _local(code: str) -> Json:
    display = codes.LOCAL_DISPLAYS[code]
    return {**_concept(codes.KINDAUDIO_CODES, code, display), "text": display}


def _full_url() -> str:
    return f"urn:uuid:{uuid.uuid4()}"
