"""The Progress page's two small charts, painted with QPainter: minutes per week, and mood before and after.

Two plain pictures do not need a chart library (QtCharts would pull in
PySide6-Addons). The axis steps and week labels come from
kindaudio.journal.charts, so the window and the PDF report agree. Colours
come from the palette the theme sets, so light and dark both work, and
nothing depends on colour alone: before and after differ in shape, each bar
carries its number, and each chart says what it shows in words (its
accessible description), for screen readers and for anyone who prefers words.

week_bars.py is the minutes per week, mood.py the mood before and after;
painting.py holds what both draw with (margins, the small font, pens, the
empty chart), and text.py the words they say.
"""
