"""The YAML front matter of a practice: found, read with positions, checked, and written.

split.py separates the front matter from the body; loader.py is the YAML reader,
refusing aliases, deep nesting and the like before anything walks the tree;
header.py reads the front matter with it and checks it into a Header, with
fields.py checking each top-level key and variables.py the template
variables' declarations; nodes.py turns YAML nodes
into file positions, so every mistake is reported where it stands; writer.py
writes a front matter out again (for practices made from a template).
"""
