"""The codes and profiles the FHIR export uses, in one place so the writer and its tests agree.

Most come from the HL7 Personal Health Record implementation guide (PHR IG,
trial use, http://hl7.org/fhir/uv/phr): its observation codes
(`mindfulSession`, `stateOfMind`), the State of Mind profile's component codes,
its valence classification, kinds, label list and association list, and the
profiles' canonical URLs. The displays are the code systems' own (some read
oddly, such as "Slightly Neutral" for `neutral`; a validator compares them, and
each CodeableConcept's `text` carries KindAudio's words).

What the guide has no code for (the practice, its chosen length, how it ended,
the difficult-feelings flag, before/after) is coded under KindAudio's own code
system. It is named by a fixed `urn:uuid:` (RFC 4122 URNs are globally unique
without anyone having to register them, unlike a made-up `urn:kindaudio:`
namespace, and the project controls no web address to put there). These
identifiers never change: a receiving system may have stored them.
"""

from __future__ import annotations

PHR = "http://hl7.org/fhir/uv/phr"
PGHD_CODES = f"{PHR}/CodeSystem/observation-pghd-codes"
STATE_OF_MIND_CODES = f"{PHR}/CodeSystem/state-of-mind-codes"
VALENCE_CODES = f"{PHR}/CodeSystem/state-of-mind-valence-codes"
KIND_CODES = f"{PHR}/CodeSystem/state-of-mind-kind-codes"
LABEL_CODES = f"{PHR}/CodeSystem/state-of-mind-label-codes"
ASSOCIATION_CODES = f"{PHR}/CodeSystem/state-of-mind-association-codes"

STATE_OF_MIND_PROFILE = f"{PHR}/StructureDefinition/pghd-observation-state-of-mind"
MINDFULNESS_PROFILE = f"{PHR}/StructureDefinition/pghd-mindfulness"
PATIENT_PROFILE = f"{PHR}/StructureDefinition/pghd-patient"

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
UCUM = "http://unitsofmeasure.org"

# KindAudio's own: codes, and the identifiers of journal rows (fixed for good; see the module's docstring).
KINDAUDIO_CODES = "urn:uuid:e7bdb7cf-32c8-4f58-832f-919da91083eb"
SESSION_IDS = "urn:uuid:f390ab72-cd29-48c1-a03a-3c17fa1f68a8"
CHECK_IN_IDS = "urn:uuid:bf464dab-a61b-44d7-be2c-74049064ed5b"
ENTRY_IDS = "urn:uuid:9dd890c4-31e6-4b7b-9c84-a4fd804301e9"  # written entries (entries_fhir.py)

# Our seven steps (-3..3) in the guide's valence classification, with the code system's displays.
VALENCE_CLASSIFICATION: dict[int, tuple[str, str]] = {
    -3: ("veryUnpleasant", "Very Unpleasant"),
    -2: ("unpleasant", "Unpleasant"),
    -1: ("slightlyUnpleasant", "Unpleasant"),
    0: ("neutral", "Slightly Neutral"),
    1: ("slightlyPleasant", "Slightly Pleasant"),
    2: ("pleasant", "Pleasant"),
    3: ("veryPleasant", "Very Pleasant"),
}
KIND_DISPLAYS = {"momentaryEmotion": "MOMENTARY EMOTIONS", "dailyMood": "DAILY MOOD"}
STATE_OF_MIND_PARTS = {"kind": "Kind", "valence": "Valence", "valenceClassification": "Valence Classification",
                       "labels": "Labels", "associations": "Associations"}

# The guide's label list (code -> display). Ten of the sixteen feelings KindAudio suggests are on it;
# "irritable" is not "irritated", and tender, tired, warm, restless and numb have no code.
LABELS: dict[str, str] = {code: code.capitalize() for code in (
    "amazed", "amused", "angry", "annoyed", "anxious", "ashamed", "brave", "calm", "confident", "content",
    "disappointed", "discouraged", "disgusted", "drained", "embarrassed", "excited", "frustrated", "grateful",
    "guilty", "happy", "hopeful", "hopeless", "indifferent", "irritated", "jealous", "joyful", "lonely",
    "overwhelmed", "passionate", "peaceful", "proud", "relieved", "sad", "satisfied", "scared", "stressed",
    "surprised", "worried",
)}

# KindAudio's own codes, with their displays.
LOCAL_DISPLAYS: dict[str, str] = {
    "practice": "Practice",
    "chosen-length": "Chosen length",
    "session-status": "How the session ended",
    "session-kind": "Where it was practised",
    "difficult-feelings": "Difficult feelings came up",
    "check-in-moment": "When the check-in was taken",
    "mood-step": "Mood on KindAudio's seven-step scale (-3 to +3)",
    "completed": "Completed",
    "stopped_early": "Stopped early",
    "interrupted": "Interrupted",
    "in_progress": "In progress",
    "app": "In KindAudio",
    "logged": "Away from the app, logged by hand",
    "before": "Before practice",
    "after": "After practice",
    "standalone": "On its own",
}


def label_code(feeling: str) -> str | None:
    """The guide's label code for one of the person's feelings, or None when the guide has no such label."""
    word = feeling.strip().casefold()
    return word if word in LABELS else None
