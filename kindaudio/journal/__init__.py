"""The private practice journal: sessions, check-ins, progress, backups (no Qt).

Kept light on purpose: importing this package loads neither SQLAlchemy nor
Alembic, so the window starts fast. Open the journal with
`kindaudio.journal.store.open_journal`; plain records live in
`kindaudio.journal.records`.
"""
