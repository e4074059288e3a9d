"""The Player page: what is playing, how long is left, and a way to pause and ground.

page.py listens to the player (through the bridge) and decides what is shown;
player_view.py is the clock, caption and controls it shows; text.py holds its
words. The grounding panel and the completion view stay beside the other pages
(pages/grounding.py, pages/completion.py): the check-in shares the grounding words.
"""
