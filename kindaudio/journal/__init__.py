"""The private practice journal: sessions, check-ins, progress, backups, exports (no Qt).

Kept light on purpose: importing this package loads neither SQLAlchemy nor
Alembic, so the window starts fast. Open the journal with
`kindaudio.journal.store.open_journal` (its docstring maps the modules the
`Journal` is made of); plain records live in `kindaudio.journal.records`;
files for the therapist are written by `kindaudio.journal.exports`; daily
copies are `kindaudio.journal.backup`; the schema and its migrations are
`models`, `schema` and `migrations/`.
"""
