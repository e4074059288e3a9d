"""The sounds under the voice: the bell (bell.py) and the soft ambience (ambience.py).

Both are synthesised here from nothing, so there is no recording to license,
and levelled like the clips they sound with.
"""
