"""Audio: speech, recordings, the clip cache, timelines, mixing and export.

No Qt here. Kept light to import: modules load numpy and scipy themselves,
and speech worker processes import only what they need.
"""
