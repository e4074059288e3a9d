"""Capturing a real voice from the microphone, one sentence's take at a time.

inputs.py lists and chooses the sound inputs; recorder.py records a take into
a temporary file. Keeping a take as a sentence's recording is the recordings
store's job (audio/clips/takes.py), and nothing that renders or plays a
practice imports this package: an import-linter contract in pyproject.toml
says so.
"""
