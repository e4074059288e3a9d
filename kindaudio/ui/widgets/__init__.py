"""Small widgets of our own that more than one page could use."""
