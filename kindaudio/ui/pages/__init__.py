"""The window's pages: one screen each, built on the shared Services."""
