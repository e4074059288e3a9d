"""Dialogs opened from the pages: reading a practice's script, exporting its audio."""
