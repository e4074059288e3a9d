"""Dialogs opened over the window's pages (kindaudio.ui.window_dialogs opens them).

A dialog small enough to read in one go is one module: read_script.py,
export_dialog.py, therapist_export.py, journal_entry.py, journal_problem.py.
A larger one is a package named after it, as the pages are (script_editor/,
record_voice/, packs/): dialog.py holds the window (its layout and wiring),
data.py the work done off the GUI thread (no Qt), text.py its words, and each
widget or step it is made of has a module of its own; its package docstring
says which is which. Work that is not about a window at all lives in the core
and is called from there (the script editor's file handling is
kindaudio.script.editing; what sharing a pack would carry,
kindaudio.pack.sharing).
"""
