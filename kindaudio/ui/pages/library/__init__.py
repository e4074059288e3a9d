"""The Library page: every practice as a card, the Silent Timer, and the person's own files.

page.py lays the page out, loads it and deletes one's own practices; data.py
turns the core's practice listing into cards (no Qt: it runs on a worker);
text.py holds the cards' words; practice_card.py and card_grid.py are the
widgets it is made of.
"""
