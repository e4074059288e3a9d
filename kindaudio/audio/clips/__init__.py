"""Each sentence's prepared clip: recorded, cached, or synthesised; levelled and measured once.

Start at provider.py: `ClipProvider` hands out a practice's clips as Futures,
in practice order, taking each from a recording (recordings.py), else the clip
cache (cache.py), else synthesis in tts/'s worker processes. clip.py is the
value they all make: samples plus the loudness and true peak of every 20 ms
cell (loudness.py), so mixing never measures the audio again. levelling.py
makes any speech clip ready to mix (trimmed, level-matched, true-peak limited
by limiter.py); finepeaks.py measures true peaks more finely where a
programme or a file comes near its limit. takes.py keeps the person's takes as recordings; memory.py
keeps freed memory for reuse while clips are made.
"""
