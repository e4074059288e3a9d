"""The YAML reader for front matter: safe, and refusing what could not be meant in a practice file.

Front matter may come from someone else's pack, so before anything walks the
tree, what a hostile file could use to make much from little, or to crash the
reader, is refused with its position: aliases (`*name`, the "billion laughs"
and self-referencing trees), nesting deeper than any front matter needs,
numbers longer than Python will convert, text holding half a UTF-16 pair
(`"\\ud800"`, which cannot be written out again), and keys that are not plain
words (so every key is read as the text it shows: `1:` is the key "1").
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

MAX_DEPTH = 20  # the deepest real front matter (variables -> name -> choices) is 4
MAX_NUMBER_CHARS = 50  # about the longest number that means anything here
# Characters YAML itself refuses (PyYAML's Reader.NON_PRINTABLE): controls other than tab and line breaks.
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HALF_PAIR = ("this text holds half of a character pair (an escape such as \\ud800), which cannot be "
              "saved as UTF-8; remove that escape")


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML this reader will not take; `problem` says why, `problem_mark` where."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Checks(Composer, SafeConstructor, Resolver):
    """PyYAML's composing and safe construction, with the refusals above.

    The Composer comes first in line, before libyaml's parser (which would
    otherwise compose in C), so that every node passes compose_node below.
    """

    def _start(self) -> None:
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        events: Any = self  # the parser's half of the loader: PyYAML's or libyaml's
        if events.check_event(yaml.AliasEvent):
            raise RefusedYAML("aliases (*name) are not used in practice files; write the value out "
                              "where it is needed", events.peek_event().start_mark)
        if self._depth >= MAX_DEPTH:
            raise RefusedYAML(f"the front matter nests more than {MAX_DEPTH} levels deep here; "
                              "practice files need at most a few", events.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RefusedYAML("a key must be a plain word, not a list or mapping", key_node.start_mark)
            if _SURROGATE.search(str(key_node.value)):
                raise RefusedYAML(_HALF_PAIR, key_node.start_mark)
            mapping[str(key_node.value)] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: Any) -> int:
        _check_number(node)
        return int(super().construct_yaml_int(node))

    def construct_yaml_float(self, node: Any) -> float:
        _check_number(node)
        return float(super().construct_yaml_float(node))

    def construct_yaml_str(self, node: Any) -> str:
        text = str(super().construct_yaml_str(node))
        if _SURROGATE.search(text):
            raise RefusedYAML(_HALF_PAIR, node.start_mark)
        return text


_Checks.add_constructor("tag:yaml.org,2002:int", _Checks.construct_yaml_int)  # type: ignore[type-var]
_Checks.add_constructor("tag:yaml.org,2002:float", _Checks.construct_yaml_float)  # type: ignore[type-var]
_Checks.add_constructor("tag:yaml.org,2002:str", _Checks.construct_yaml_str)  # type: ignore[type-var]


class _PureLoader(_Checks, Reader, Scanner, Parser):
    """PyYAML's own parser: its error messages are the ones people are shown."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._start()


def _fast_loader() -> type | None:
    """_Checks on libyaml's parser, which reads about four times faster; None without libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None

    class _FastLoader(_Checks, CParser):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._start()

    return _FastLoader


_FAST_LOADER = _fast_loader()


def load(text: str) -> tuple[yaml.Node | None, Any]:
    """The root node and the data of one YAML document; raises RefusedYAML or another yaml.YAMLError.

    Read with libyaml's parser when there is one; a file it finds wrong is read
    again by PyYAML's, whose messages (and tests) are the project's.
    """
    if _FAST_LOADER is None:
        return _read(_PureLoader(text))
    try:
        return _read(_FAST_LOADER(text))
    except RefusedYAML:
        raise
    except yaml.YAMLError as fast_error:
        _read(_PureLoader(text))  # raises PyYAML's own words for the same mistake
        raise fast_error from None


def _read(loader: Any) -> tuple[yaml.Node | None, Any]:
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _check_number(node: Any) -> None:
    if len(str(node.value)) > MAX_NUMBER_CHARS:
        raise RefusedYAML(f"this number has {len(str(node.value)):,} characters; "
                          f"numbers here are at most {MAX_NUMBER_CHARS}", node.start_mark)


def unprintable(text: str) -> tuple[int, str] | None:
    """The index and character of the first control character YAML would refuse, if any."""
    found = NOT_PRINTABLE.search(text)
    return (found.start(), found.group()) if found else None
