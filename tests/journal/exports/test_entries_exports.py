"""Written entries in exports: shared only by choice. A private entry's unique word never leaves in the PDF
(read back with a real extractor, pypdf), nor in the CSV unless all entries are asked for, nor in FHIR
unless entries are asked for at all."""

from __future__ import annotations

import base64
import csv
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindaudio.journal.entry_records import Answer, EntryDraft
from kindaudio.journal.exports import EntryChoice, ExportFormat, export_journal
from kindaudio.journal.store import Journal
from tests.journal.exports.conftest import SINCE, UNTIL, Sample
from tests.support.command import EXIT_OK, kindaudio

PRIVATE_WORD = "quillwortprivate"
SHARED_WORD = "larkspurshared"
LATE_WORD = "outsiderangeword"


@pytest.fixture
def written(journal: Journal, sample: Sample) -> dict[str, int]:
    shared = journal.add_entry(EntryDraft(
        "three-parts", "Three parts",
        (Answer("moment", "The moment", f"I snapped at my sister about the {SHARED_WORD}."),
         Answer("felt", "What I felt", "Hot face.\nShame, then sadness."),
         Answer("friend", "What I would say to a friend", "You were exhausted — and you care about her.")),
        day=date(2024, 5, 13), session_id=sample.breathing, valence_before=-2, valence_after=0, shared=True))
    private = journal.add_entry(EntryDraft("free", "Free page", (Answer("page", "Your page",
                                                                        f"Only for me: {PRIVATE_WORD}."),),
                                           day=date(2024, 5, 14)))
    late = journal.add_entry(EntryDraft("free", "Free page", (Answer("page", "Your page", LATE_WORD),),
                                        day=date(2024, 5, 20), shared=True))
    return {"shared": shared, "private": private, "late": late}


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("choice", [None, EntryChoice.SHARED, EntryChoice.ALL])
def test_the_report_shows_marked_entries_in_their_own_section_and_never_a_private_one(
        journal: Journal, written: dict[str, int], tmp_path: Path, choice: EntryChoice | None) -> None:
    target = export_journal(journal, ExportFormat.PDF, tmp_path / "report.pdf", since=SINCE, until=UNTIL,
                            entries=choice)
    text = pdf_text(target)
    assert "Journal entries shared with you" in text
    assert SHARED_WORD in text and "What I would say to a friend" in text and "Hot face." in text
    assert "after Affectionate Breathing" in text
    assert PRIVATE_WORD not in text and "Only for me" not in text
    assert LATE_WORD not in text  # outside the dates asked for
    assert PRIVATE_WORD.encode() not in target.read_bytes()


def test_a_report_without_marked_entries_says_so(journal: Journal, sample: Sample, tmp_path: Path) -> None:
    journal.add_entry(EntryDraft("free", "Free page", (Answer("page", "Your page", PRIVATE_WORD),),
                                 day=date(2024, 5, 14)))
    text = pdf_text(export_journal(journal, ExportFormat.PDF, tmp_path / "r.pdf", since=SINCE, until=UNTIL))
    assert "No journal entries were marked to share in this period." in text and PRIVATE_WORD not in text


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def csv_text(target: Path) -> str:
    """Every file a CSV export to `target` wrote, as one text."""
    return "".join(path.read_text(encoding="utf-8-sig") for path in sorted(target.parent.glob(f"{target.stem}*.csv")))


@pytest.mark.parametrize(("choice", "words"), [
    (None, {SHARED_WORD}), (EntryChoice.SHARED, {SHARED_WORD}),
    (EntryChoice.ALL, {SHARED_WORD, PRIVATE_WORD}), (EntryChoice.NONE, set()),
])
def test_the_csv_has_an_entries_table_as_chosen(journal: Journal, written: dict[str, int], sample: Sample,
                                                tmp_path: Path, choice: EntryChoice | None, words: set[str]) -> None:
    target = export_journal(journal, ExportFormat.CSV, tmp_path / "j.csv", since=SINCE, until=UNTIL, entries=choice)
    raw = csv_text(target)
    assert {word for word in (SHARED_WORD, PRIVATE_WORD, LATE_WORD) if word in raw} == words
    table = tmp_path / "j-entries.csv"
    if choice is EntryChoice.NONE:
        assert not table.exists()  # none chosen: no file for them at all
        return
    entries = csv_rows(table)
    assert len(entries) == len(words)
    [shared] = [row for row in entries if row["entry_id"] == str(written["shared"])]
    assert (shared["day"], shared["session_id"], shared["kind"], shared["shared"]) == (
        "2024-05-13", str(sample.breathing), "Three parts", "yes")
    assert (shared["mood_before"], shared["mood_after"]) == ("-2", "0")
    assert shared["text"].startswith("The moment:\nI snapped at my sister")
    assert "What I felt:\nHot face.\nShame, then sadness." in shared["text"]


def test_fhir_leaves_entries_out_unless_asked_and_then_carries_them_as_documents(
        journal: Journal, written: dict[str, int], sample: Sample, tmp_path: Path) -> None:
    plain = export_journal(journal, ExportFormat.FHIR, tmp_path / "a.json", since=SINCE, until=UNTIL)
    assert "DocumentReference" not in plain.read_text(encoding="utf-8")
    assert SHARED_WORD not in plain.read_text(encoding="utf-8")
    asked = export_journal(journal, ExportFormat.FHIR, tmp_path / "b.json", since=SINCE, until=UNTIL,
                           entries=EntryChoice.SHARED)
    bundle = json.loads(asked.read_text(encoding="utf-8"))
    documents = [item for item in bundle["entry"] if item["resource"]["resourceType"] == "DocumentReference"]
    [document] = documents
    resource = document["resource"]
    assert resource["type"]["coding"][0]["code"] == "51855-5" and resource["status"] == "current"
    words = base64.b64decode(resource["content"][0]["attachment"]["data"]).decode("utf-8")
    assert SHARED_WORD in words and PRIVATE_WORD not in words
    [session_url] = [item["fullUrl"] for item in bundle["entry"] if item["resource"].get("identifier", [{}])[0].get(
        "value") == str(sample.breathing) and item["resource"]["code"]["text"] == "Mindful session"]
    assert resource["context"]["related"] == [{"reference": session_url}]
    assert PRIVATE_WORD not in asked.read_text(encoding="utf-8")


def test_the_command_takes_entries_all_for_a_csv(journal: Journal, written: dict[str, int], tmp_path: Path) -> None:
    journal.close()  # the command opens the journal itself
    result = kindaudio("export", "--format", "csv", "--from", "2024-05-10", "--to", "2024-05-15", "--entries", "all",
                       "-o", str(tmp_path / "all.csv"))
    assert result.returncode == EXIT_OK, result.stderr
    assert PRIVATE_WORD in csv_text(tmp_path / "all.csv")
    default = kindaudio("export", "--format", "csv", "--from", "2024-05-10", "--to", "2024-05-15",
                        "-o", str(tmp_path / "shared.csv"))
    assert default.returncode == EXIT_OK, default.stderr
    text = csv_text(tmp_path / "shared.csv")
    assert SHARED_WORD in text and PRIVATE_WORD not in text
