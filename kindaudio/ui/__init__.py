"""The window (PySide6). The only package that imports Qt; it reaches the core
through small APIs and keeps long work off the GUI thread."""
