"""The files that ship with KindAudio, inside the package so that an installed copy has them.

practices/            the shipped practices, and README.md: how to write one
practices/templates/  the templates a therapist fills in (the builder, `kindaudio new`)
recordings/           bundled recordings: <practice-id>/<sentence-id>.(flac|wav|ogg)
fonts/                DejaVu Sans, for the journal's PDF report
icons/, palettes.json, style.qss   the window's look (kindaudio/ui/theme.py)

Code finds them with kindaudio.common.paths.shipped(name), never by a path
relative to the source tree.
"""
