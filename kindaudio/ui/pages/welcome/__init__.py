"""The first run: a short welcome, shown once on a new profile, that can be skipped.

page.py lays it out and records that it was seen; text.py holds its words;
voice_choice.py is the voice box with Hear a sample (the same list and the
same sample as Settings' voice panel).
"""
