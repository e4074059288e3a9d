"""The support place: "If you need more support".

page.py shows the person's own safety plan, their therapist's contact and a
plain pointer to local emergency services, read from the private support plan
(kindaudio/journal/support_plan.py), in the words `kindaudio support` prints too
(kindaudio/journal/support_words.py). The window shows
it as a page of its own (from the Help menu, or after a check-in that says
difficult feelings came up); the player shows the same view over its
Pause & ground panel, so sound never runs on unseen.
"""
