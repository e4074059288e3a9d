"""The Settings page: one panel per section, every change saved at once."""
