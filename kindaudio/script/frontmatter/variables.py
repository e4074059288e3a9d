"""The `variables:` of a template's front matter: each declaration checked into a Variable.

A declaration names what a person fills in (its label, type, default, help,
choices, bounds); a default is checked as any given value is
(kindaudio.script.values), so a template cannot ship a default it would refuse.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from typing import Any

import yaml

from kindaudio.script.errors import DiagnosticSink
from kindaudio.script.frontmatter.nodes import Items, NodePositions, mapping_items, suggestion
from kindaudio.script.model import Variable, VariableType, VariableValue
from kindaudio.script.values import ValueProblem, coerce_value

VARIABLE_KEYS = ("label", "type", "default", "help", "choices", "min", "max")
VARIABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# Names Jinja2 gives a meaning of its own inside templates.
RESERVED_NAMES = frozenset({"true", "false", "none", "loop", "range", "self", "super", "caller", "varargs", "kwargs"})


def variables_field(data: dict[str, Any], items: Items, where: NodePositions,
                    sink: DiagnosticSink) -> tuple[Variable, ...]:
    if "variables" not in data:
        return ()
    node = items["variables"][1]
    if not isinstance(data["variables"], dict):
        pos = where.of(node)
        sink.error(pos.line, pos.column, "'variables' must be a mapping of names to declarations")
        return ()
    variables = []
    for name, (key_node, spec_node) in mapping_items(node).items():
        variable = _variable(name, data["variables"][name], key_node, spec_node, where, sink)
        if variable is not None:
            variables.append(variable)
    return tuple(variables)


def _variable(name: str, spec: Any, key_node: yaml.Node, spec_node: yaml.Node,
              where: NodePositions, sink: DiagnosticSink) -> Variable | None:
    pos = where.of(key_node)
    if not VARIABLE_NAME.fullmatch(name) or keyword.iskeyword(name) or name in RESERVED_NAMES:
        sink.error(pos.line, pos.column, f"'{name}' cannot be a variable name; use lowercase letters, "
                                         "digits and _, starting with a letter")
        return None
    if not isinstance(spec, dict):
        sink.error(pos.line, pos.column, f"variable '{name}' needs a mapping, e.g. "
                                         "{label: \"Your phrase\", type: text, default: \"...\"}")
        return None
    ok = True
    for key, (k_node, _v) in mapping_items(spec_node).items():
        if key not in VARIABLE_KEYS:
            kpos = where.of(k_node)
            sink.error(kpos.line, kpos.column, f"unknown key '{key}' for variable '{name}'"
                                               f"{suggestion(key, VARIABLE_KEYS, sink)}")
            ok = False
    type_name = spec.get("type", "text")
    try:
        vtype = VariableType(type_name)
    except ValueError:
        sink.error(pos.line, pos.column, f"variable '{name}' has unknown type {type_name!r}; types are "
                                         + ", ".join(t.value for t in VariableType))
        return None
    label = spec.get("label", name)
    help_text = spec.get("help", "")
    if not isinstance(label, str) or not isinstance(help_text, str):
        sink.error(pos.line, pos.column, f"variable '{name}': 'label' and 'help' must be text")
        ok = False
    choices_raw = spec.get("choices", [])
    choices: tuple[str, ...] = ()
    if vtype in (VariableType.CHOICE, VariableType.MULTICHOICE):
        if not isinstance(choices_raw, list) or not choices_raw or not all(isinstance(c, str) for c in choices_raw):
            sink.error(pos.line, pos.column, f"variable '{name}' of type {vtype.value} needs 'choices': a list of text")
            ok = False
        else:
            choices = tuple(choices_raw)
    elif "choices" in spec:
        sink.error(pos.line, pos.column, f"variable '{name}': only choice and multichoice variables have choices")
        ok = False
    minimum, maximum = spec.get("min"), spec.get("max")
    for bound in (minimum, maximum):
        if bound is not None and (vtype is not VariableType.NUMBER or isinstance(bound, bool)
                                  or not isinstance(bound, int | float)):
            sink.error(pos.line, pos.column, f"variable '{name}': 'min' and 'max' are numbers, for number variables")
            ok = False
    if ok and minimum is not None and maximum is not None and minimum > maximum:
        sink.error(pos.line, pos.column, f"variable '{name}': min {minimum} is greater than max {maximum}")
        ok = False
    if not ok:
        return None
    variable = Variable(name, str(label), vtype, None, str(help_text), choices,
                        None if minimum is None else float(minimum),
                        None if maximum is None else float(maximum), pos)
    if "default" in spec and spec["default"] is not None:
        try:
            default: VariableValue = coerce_value(variable, spec["default"])
        except ValueProblem as exc:
            sink.error(pos.line, pos.column, f"default of variable '{name}': {exc}")
            return None
        variable = dataclasses.replace(variable, default=default)
    return variable
