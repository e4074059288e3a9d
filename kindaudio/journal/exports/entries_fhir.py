"""Written entries in the FHIR bundle, only when asked: one DocumentReference each.

DocumentReference rather than Observation: an entry is a short document the
person wrote (free text under a few headings), not a measurement or a finding.
Observation needs a code and a value and is meant to be read as data about the
person; a DocumentReference carries text as an attachment and is typed as what
it is, LOINC 51855-5 "Patient Note". The text goes in `content.attachment` as
UTF-8 plain text (base64, as FHIR requires); `context.related` points at the
session's Observation in the same bundle when the entry was written after one.
Left out by default (`entries_data.DEFAULT_CHOICE`).
"""

from __future__ import annotations

import base64
from typing import Any

from kindaudio.journal.entry_records import Entry
from kindaudio.journal.exports.entries_data import entry_text
from kindaudio.journal.exports.fhir_codes import ENTRY_IDS, SESSION_IDS

LOINC = "http://loinc.org"
Json = dict[str, Any]


def entry_document(entry: Entry, full_url: str, session_urls: dict[int, str], utc_iso: Any,
                   subject: Json | None = None) -> Json:
    """The DocumentReference for one entry; `session_urls` maps session ids to their fullUrl in the bundle."""
    words = entry_text(entry)
    document: Json = {
        "resourceType": "DocumentReference",
        "identifier": [{"system": ENTRY_IDS, "value": str(entry.id)}],
        "status": "current",
        "type": {"coding": [{"system": LOINC, "code": "51855-5", "display": "Patient Note"}],
                 "text": "Self-compassion journal entry"},
        "date": utc_iso(entry.updated_at),
        **({"subject": subject} if subject is not None else {}),
        "description": f"{entry.kind_title}, about {entry.day.isoformat()}",
        "content": [{"attachment": {
            "contentType": "text/plain; charset=utf-8",
            "data": base64.b64encode(words.encode("utf-8")).decode("ascii"),
            "title": entry.kind_title,
            "creation": utc_iso(entry.created_at),
        }}],
    }
    if entry.session_id is not None and entry.session_id in session_urls:
        document["context"] = {"related": [{"reference": session_urls[entry.session_id]}]}
    return document


def entry_entries(entries: tuple[Entry, ...], bundle: list[Json], full_url: Any, utc_iso: Any,
                  subject: Json | None = None) -> list[Json]:
    """Bundle entries for `entries` (none unless the person asked for them), linked to the sessions in `bundle`."""
    session_urls = {int(identifier["value"]): item["fullUrl"] for item in bundle
                    for identifier in item["resource"].get("identifier", [])[:1]
                    if identifier.get("system") == SESSION_IDS}
    made = []
    for entry in entries:
        url = full_url()
        made.append({"fullUrl": url, "resource": entry_document(entry, url, session_urls, utc_iso, subject)})
    return made
