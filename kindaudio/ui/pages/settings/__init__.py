"""The Settings page: one panel per section, every change saved at once.

page.py lays the panels out and saves what they change; each section is a
widget of its own (voice_panel.py, sound_panel.py, appearance_panel.py,
journal_panel.py, data_panel.py), built on the form shape they share (form.py);
text.py holds the backups' words.
"""
