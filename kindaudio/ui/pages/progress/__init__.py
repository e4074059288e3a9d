"""The Progress page: what was practised and how it felt, read from the journal.

page.py lays the page out and wires it; data.py reads and changes the journal
(no Qt: it runs on workers); text.py holds the page's words; entries_table.py,
filters.py and panels.py are the widgets it is made of.
"""
