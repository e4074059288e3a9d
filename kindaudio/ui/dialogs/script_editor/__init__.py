"""The script editor: a practice's text, highlighted and checked as it is typed.

dialog.py is the window (what is shown when, checking, saving, copying, closing);
script_text_edit.py the text box with its underlines and their tooltips;
problem_list.py the problems listed below it; text.py its words. The file work
(reading, checking, saving, copying a shipped practice) is the core's:
kindaudio.script.editing.
"""
