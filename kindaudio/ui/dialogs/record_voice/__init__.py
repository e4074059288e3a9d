"""Recording one's own voice for a practice, sentence by sentence.

dialog.py is the window: its layout, buttons and keys, and what it says
about loading and the microphones; sentence_list.py the sentences with
their recordings' state; takes.py one take, from the microphone opening to
the take kept; microphones.py the microphone box and its listing;
playback.py hearing one sentence; deletion.py deleting a recording; data.py
the work done off the GUI thread (no Qt); text.py the words.
"""
