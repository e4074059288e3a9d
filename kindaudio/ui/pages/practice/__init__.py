"""The Practice page: one practice before it plays, and how it will sound.

page.py shows a practice, keeps the choices consistent and acts on them
(Start, Read script, Export); choices_card.py is the form of choices it is
made of (length, voice, speaking rate, background, bells); data.py reads the
practice and its recordings on a worker (no Qt); text.py holds its words.
"""
