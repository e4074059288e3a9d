"""Audio: from a practice's sentences to sound in the ears or in a file.

No Qt here. The rooms, in the order sound flows through them:

- clips/     each sentence's prepared clip: a recording (the person's own,
             kept from a take, or one that ships), the clip cache, or speech
             synthesised by tts/; every clip levelled and measured once.
- tts/       the speech engines (Piper, eSpeak NG) behind one small interface,
             run in worker processes.
- sounds/    the bell and the ambience, made here rather than recorded.
- mixing/    the Timeline (every clip at its place, fitted to the chosen
             length) and the mixer that streams it block by block at the
             programme's loudness.
- playback/  what the player plays (a practice whose speech is still being
             made, the silent timer) and the player itself, on the sound device.
- files/     rendering a practice to an audio file with captions and chapters.
- capture/   recording a real voice from the microphone; rendering and playing
             never import it (an import-linter contract in pyproject.toml).

Shared by several rooms: choices.py (PlayChoices: how a practice is to be
played, the one value the window, the command line, exports and packs pass
along), format.py (the one sample format inside KindAudio) and portaudio.py
(PortAudio's open streams, output and input alike).

Kept light to import: modules load numpy and scipy themselves, and speech
worker processes import only what they need.
"""
