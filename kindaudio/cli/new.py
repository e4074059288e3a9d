"""`kindaudio new`: a new practice from a template.

  kindaudio new                                   the templates and what each asks for
  kindaudio new --template ID --set NAME=VALUE ... [--title T] [--for NAME] [--notes TEXT]
                [--author NAME] [-o FILE]         a practice made from one
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kindaudio.cli.exit_codes import EXIT_OK

if TYPE_CHECKING:
    from kindaudio.script.builder.templates import TemplateInfo
    from kindaudio.script.model import Variable



def add_parser(commands: Any) -> None:
    """Add `new` and its options to the `kindaudio` command's subparsers."""
    new = commands.add_parser(
        "new", help="a new practice from a template",
        description="Make a practice from a template, with the client's own words. "
                    "Without --template, lists the templates and the values each asks for.")
    new.add_argument("--template", metavar="ID", help="the template to fill in (`kindaudio new` lists them)")
    new.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="a value for one of the template's variables; repeat for each "
                          "(several choices are separated by commas, in the order wanted)")
    new.add_argument("--title", default="", help="the practice's title (default: the template's)")
    new.add_argument("--for", dest="for_whom", default="", metavar="NAME", help="who the practice is made for")
    new.add_argument("--notes", default="", help="your notes about the practice; never spoken")
    new.add_argument("--author", default="", metavar="NAME", help="who made it, shown as 'By NAME'")
    new.add_argument("-o", "--output", metavar="FILE",
                     help="write the practice to this .md file (default: into your practices folder)")


def run(args: argparse.Namespace) -> int:
    if not args.template:
        for option, given in (("--set", args.set), ("--title", args.title), ("--for", args.for_whom),
                              ("--notes", args.notes), ("--author", args.author), ("-o", args.output)):
            if given:
                from kindaudio.common.errors import UserInputError

                raise UserInputError(f"kindaudio new: {option} needs --template ID; "
                                     "`kindaudio new` alone lists the templates")
        return _list()
    return _make(args)


def _list() -> int:
    from kindaudio.script.builder.templates import list_templates

    templates = list_templates()
    print("Templates: make a practice with "
          "`kindaudio new --template ID --set NAME=VALUE ... [--title T] [--for NAME]`\n")
    for info in templates:
        _print_template(info)
    return EXIT_OK


def _print_template(info: TemplateInfo) -> None:
    import textwrap

    from kindaudio.script.values import variable_kind

    print(f"{info.id}  ({info.title})")
    for line in textwrap.wrap(info.summary, 88):
        print(f"  {line}")
    for variable in info.variables:
        print(f"  --set {variable.name}=...")
        described = f"{variable.label}: {variable_kind(variable)}; default: {_default(variable)}"
        for line in [*textwrap.wrap(described, 84), *textwrap.wrap(variable.help, 84)]:
            print(f"      {line}")
    print()


def _default(variable: Variable) -> str:
    value = variable.default
    if value is None:
        return "none, a value is needed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none chosen"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}"


def _values(pairs: list[str]) -> dict[str, str]:
    from kindaudio.common.errors import UserInputError

    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserInputError(f"--set takes NAME=VALUE, e.g. --set phrase_1=\"May I rest\", not {pair!r}")
        if name in values:
            raise UserInputError(f"--set {name}=... is given twice; give each value once")
        values[name] = value
    return values


def _is_utf8(text: str) -> bool:
    """False for arguments holding bytes that are not UTF-8 (Python gives them as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _make(args: argparse.Namespace) -> int:

    from kindaudio.common.errors import UserInputError
    from kindaudio.common.paths import app_paths
    from kindaudio.script.builder.fill import Draft, fill_template
    from kindaudio.script.builder.save import save_practice, write_practice_file
    from kindaudio.script.builder.templates import load_template
    from kindaudio.script.durations import format_clock
    from kindaudio.script.library import given_path

    for option, given in (("--title", args.title), ("--for", args.for_whom), ("--notes", args.notes),
                          ("--author", args.author), *(("--set", pair) for pair in args.set)):
        if given and not _is_utf8(given):
            raise UserInputError(f"kindaudio new: {option} holds bytes that are not UTF-8 text; check the "
                                 "character encoding of your terminal")
    info = load_template(args.template)
    draft = Draft(info.id, _values(args.set), args.title, for_whom=args.for_whom, notes=args.notes,
                  author=args.author)
    filled = fill_template(draft)
    if args.output:
        target = given_path(args.output)
        if target.suffix.lower() != ".md":
            raise UserInputError(f"{target}: a practice file's name ends in .md")
        if not target.parent.is_dir():
            raise UserInputError(f"{target.parent}: no such folder")
        write_practice_file(filled, target)
        path = target
    else:
        path = save_practice(filled, app_paths())
    practice = filled.practice
    reach = filled.reachable
    lengths = ", ".join(str(minutes) for minutes in practice.lengths) or "none"
    print(f"Made '{practice.title}' from {info.title}: {path}")
    print(f"It can last about {format_clock(reach.shortest)} to {format_clock(reach.longest)} (estimated); "
          f"it offers {lengths} min.")
    if not args.output:
        print(f"Listen with `kindaudio play {path.stem}`, or find it in the Library.")
    return EXIT_OK
