"""Practices built from templates: fill a template in, save the result as a plain practice.

A therapist picks a template (kindaudio/data/practices/templates/), fills in
its values (the client's own phrases, which body areas), and gets an ordinary
practice file: the body rendered once, with no template syntax left, so it
plays, records and travels in a pack like any practice. The front matter
remembers what it was made from (`made_from`), so the builder can reopen it as
a filled form.

templates.py finds and loads the shipped templates; fill.py turns a Draft (a
template and its values) into a FilledPractice, and a made practice back into
its Draft; save.py writes a filled practice to a file. The template language
itself is kindaudio.script.templating's. The builder page and `kindaudio new`
both work through this package.
"""
