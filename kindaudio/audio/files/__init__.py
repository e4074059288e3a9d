"""Writing a practice to files: the audio, its captions and its chapters.

render.py is the whole pipeline at once (clips, Timeline at the chosen
length, programme gain, mixed blocks); export.py writes WAV, MP3 or Ogg block
by block; tags.py gives each its tags and embedded chapters in the format's
own convention; captions.py writes the WebVTT captions and chapters beside it.
"""
