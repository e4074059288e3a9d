"""The Journal page: guided self-compassion writing, saved as it is typed, private unless marked to share.

page.py puts it together (`JournalPage`); data.py reads and writes the journal
off the GUI thread, without Qt; entry_list.py is the list of entries with its
search; writing_view.py the calm writing form; text.py its words.
"""
