"""YAML nodes as the checks need them: each at its file position, mappings by key.

PyYAML's node tree knows the line and column of every key and value, counted
from the front matter's first character; these helpers count them from the
top of the file instead, and share the small lookups every check makes.
"""

from __future__ import annotations

import difflib

import yaml

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.split import SplitSource
from kindaudio.script.model import SourcePos

Items = dict[str, tuple[yaml.Node, yaml.Node]]  # a mapping's key text -> (key node, value node)


class NodePositions:
    """Maps YAML nodes to file positions."""

    def __init__(self, split: SplitSource) -> None:
        self.split = split

    def of(self, node: yaml.Node | None) -> SourcePos:
        if node is None:
            return SourcePos(self.split.fm_line, 1)
        mark = node.start_mark
        column = mark.column + 1 + (self.split.fm_column - 1 if mark.line == 0 else 0)
        return SourcePos(self.split.fm_line + mark.line, column)


def mapping_items(node: yaml.Node) -> Items:
    """Key text -> (key node, value node) for a YAML mapping node."""
    return {str(key.value): (key, value) for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}


def report_duplicate_keys(node: yaml.Node, where: NodePositions, sink: DiagnosticSink) -> None:
    """YAML lets a later key silently replace an earlier one; say so instead."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if str(key.value) in seen:
                pos = where.of(key)
                sink.error(pos.line, pos.column, f"'{key.value}' is given twice; keep one")
            seen.add(str(key.value))
            report_duplicate_keys(value, where, sink)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            report_duplicate_keys(item, where, sink)


def suggestion(word: str, options: tuple[str, ...], sink: DiagnosticSink | None = None) -> str:
    """The end of an "unknown key" message: the nearest known key, else all of them.

    Nothing once `sink` lists no more problems: difflib for each of 50,000 keys would take seconds.
    """
    if sink is not None and sink.full:
        return ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; known keys are {', '.join(options)}"
