"""Practice packs in the window: looking at one before importing it, and sharing a practice as one.

import_dialog.py shows what a pack holds and imports it; share_dialog.py
writes one; frame.py is the layout both use; data.py is their work on workers
(no Qt); text.py their words. What a pack is, how it is checked, written and
read, and what sharing one would carry is the core's (kindaudio.pack,
kindaudio.pack.sharing).
"""
