"""A small practice text that the script editor's and the highlighter's tests both read."""

PRACTICE = """\
---
title: Evening rest
lengths: [1]
---
<!--
A note for the therapist,
over three lines.
-->
## Arriving
[bell]
You might let yourself settle. [pause 3s] There is nothing to do.

[pause 10s..1m]
## Resting
Rest here for a while, if that feels right.
"""
MISTAKE_LINE = 11  # "You might let yourself settle. [pause 3s] ..." (1-based)
