"""Where the front matter ends and the body begins, with the file lines of each.

python-frontmatter finds the boundaries; the lines and columns are kept so
that later mistakes in either part are reported at their place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import frontmatter

from kindaudio.script.errors import DiagnosticSink

_HANDLER = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class SplitSource:
    front_matter: str
    fm_line: int  # file line of the front matter text's first character
    fm_column: int
    body: str
    body_line: int  # file line of the body's first character
    closing_line: int  # file line of the front matter's closing ---

    @property
    def after_front_matter(self) -> int:
        """The first line after the closing ---: where file-level body problems are reported."""
        return self.closing_line + 1


def split_source(text: str, sink: DiagnosticSink) -> SplitSource | None:
    """Separate front matter from body; None (with a diagnostic) when impossible."""
    if not _HANDLER.detect(text):
        sink.error(1, 1, "expected front matter first: a line with ---, then at least "
                         "'title: ...', then another line with ---")
        return None
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        sink.error(1, 1, "the front matter opened here is never closed; add a line with --- after it")
        return None
    fm_start = text.index(fm_text) if fm_text else text.index("\n")
    fm_line = text.count("\n", 0, fm_start) + 1
    fm_column = fm_start - (text.rfind("\n", 0, fm_start) + 1) + 1
    body_start = len(text) - len(body)
    body_line = text.count("\n", 0, body_start) + 1
    closing = text.rfind("---", 0, body_start)
    return SplitSource(fm_text, fm_line, fm_column, body, body_line, text.count("\n", 0, closing) + 1)
