"""Small helpers shared by the template tests: a front matter declaring variables."""

from __future__ import annotations

PHRASE = 'title: T\nvariables:\n  phrase: {label: Your phrase, type: text, default: "May I be kind"}'
# With PHRASE as front matter the body starts on file line 6.


def front(*declarations: str) -> str:
    """A front matter declaring these variables, one `name: {...}` each."""
    return "title: T\nvariables:\n" + "\n".join(f"  {d}" for d in declarations)
