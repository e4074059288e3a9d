"""The journal's schema history (Alembic), applied in code at every start: see kindaudio.journal.schema."""
