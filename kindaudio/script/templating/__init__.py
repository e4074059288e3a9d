"""Templates inside a practice: `{{ variables }}`, conditions and loops, filled in before the body is read.

A body with template syntax is rendered by Jinja2 before it is parsed, so
loops and conditions can shape whole paragraphs. render.py fills a body in
(values first, then the text) and reports its mistakes; sandbox.py is the
bounded Jinja2 sandbox it runs in, since templates may come from elsewhere;
line_map.py keeps every character's source position through the rendering.
Practices *made* from the shipped templates are kindaudio.script.builder's.
"""
