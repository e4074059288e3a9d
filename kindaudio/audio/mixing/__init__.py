"""Laying a practice out in time and mixing it.

timeline.py fits the elastic pauses so the practice lasts the chosen length
and places every clip (speech, silence, bell) with its start and section: the
one structure the player, the files, the captions and the preview all read.
mixer.py streams a Timeline into audio block by block, never the whole
practice in memory, fading every spoken clip in and out over a few
milliseconds; normalise.py finds the one gain that brings the programme to
-18 LUFS from the clips' stored measurements, and peaks.py the limiter's
envelope that keeps its true peak at most -1 dBTP at that gain.
"""
