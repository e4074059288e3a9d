"""A front matter written out again, as a person would write it by hand.

Practices made from a template are saved as ordinary files a person may open
in any editor, so their front matter reads like the shipped practices':
lists and the pace on one line, notes as an indented block, keys in the
order given. What goes in it is the builder's (kindaudio.script.builder.fill).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from kindaudio.script.model import Pace


class _OneLine(dict[str, Any]):
    """A mapping written on one line in the front matter, as `pace` is in the shipped practices."""


def written_pace(pace: Pace) -> dict[str, Any]:
    """The `pace:` entry for a Pace: every field, gaps in seconds, on one line."""
    gaps = {name: f"{getattr(pace, name):g}s" for name in ("sentence_gap", "paragraph_gap", "section_gap")}
    return _OneLine({"rate": pace.rate, **gaps})


class _FrontMatterDumper(yaml.SafeDumper):
    """YAML that reads well: lists and pace on one line, notes as an indented block."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_one_line(dumper: yaml.SafeDumper, mapping: _OneLine) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_FrontMatterDumper.add_representer(str, _represent_text)
_FrontMatterDumper.add_representer(_OneLine, _represent_one_line)
_FrontMatterDumper.add_representer(list, _represent_list)


def front_matter_text(fields: Mapping[str, Any]) -> str:
    """The front matter with its --- lines, keys in the order of `fields`."""
    text = yaml.dump(dict(fields), Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1_000_000)
    return f"---\n{text}---\n"
