"""The window's pages: one screen each, built on the shared Services.

A page small enough to read in one go is one module (timer_page.py,
checkin_page.py). A larger page is a package named after it (library/,
practice/, progress/, builder/, player/, settings/): page.py holds the page
class (its layout and wiring), data.py the work done off the GUI thread
(no Qt), text.py its words, and each widget it is made of has a module of its
own. Its package docstring says which is which.
"""
