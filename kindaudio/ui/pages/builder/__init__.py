"""The builder page: a practice made from a template, with a live preview.

page.py decides what is shown when and runs the work; data.py is that work
(reading, filling in and saving templates, reopening a practice: no Qt, on
workers); text.py holds the preview's words; template_chooser.py and
form_view.py are its two main views.
"""
