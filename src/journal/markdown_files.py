"""Our --split file format: YAML frontmatter, then Markdown whose record fields
sit between fences, so `export --split` then `import` gives back every field
exactly (a trailing newline, a '## Heading' inside a field, YAML-looking text).

    ---
    date: 2026-03-02
    kind: breakthrough
    title: Outcome pricing
    journal_format: 2
    ---
    ## Situation

    <!-- journal:situation -->
    The text, as stored, byte for byte.
    <!-- journal:end -->

Obsidian hides the comments and shows the headings and text. Short fields
(titles, dates, options) are in the frontmatter, which YAML carries exactly.
A field's text never holds its file's fence: when a text contains
'<!-- journal:', the file's fences carry a number no text contains
(`<!-- journal:end 2 -->`), and the frontmatter says which (`fence: 2`).
Text outside fences (headings, the options table) is for reading only and is
one line per user value, so it cannot pass for a fence. Reading refuses YAML
aliases (a 400-byte "billion laughs" grew to 1.4 GB) and caps the frontmatter.
No textual here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

FORMAT = 2  # journal_format: files without it are read the way version 1 wrote them
MAX_FRONTMATTER = 1 << 20  # characters; ours are a few hundred
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


class FrontmatterError(ValueError):
    """The frontmatter cannot be read; str() says why, in a phrase."""


def one_line(text: str) -> str:
    """A user value shown outside a fence (a heading): on one line, so never a fence."""
    return " ".join(text.split())


# -- writing ---------------------------------------------------------------------


def frontmatter(fields: Mapping) -> str:
    import yaml  # only split files need it

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(dict(fields), Dumper=dumper, allow_unicode=True, sort_keys=False, width=1 << 30)
    return "---\n" + text + "---\n"


def fence_tag(texts: Iterable[str]) -> str:
    """'' when no text holds '<!-- journal:', else ' N' for the first N no text holds as ' N -->'."""
    joined = "\n".join(texts)
    if "<!-- journal:" not in joined:
        return ""
    n = 2
    while f" {n} -->" in joined:
        n += 1
    return f" {n}"


def fenced(field: str, text: str, tag: str) -> str:
    return f"<!-- journal:{field}{tag} -->\n{text}\n<!-- journal:end{tag} -->"


# -- reading ---------------------------------------------------------------------


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader without anchors and aliases, and with dates left as text
        (the record checks say which date is wrong; YAML would just fail)."""

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise FrontmatterError("it uses YAML anchors or aliases (&name, *name), which journal does not read")
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


_LOADER = None


def read_frontmatter(text: str) -> tuple[dict, str]:
    """(the frontmatter's fields, the text after it); ({}, text) when there is none.
    Raises FrontmatterError."""
    global _LOADER
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    source = match[1]
    if len(source) > MAX_FRONTMATTER:
        raise FrontmatterError(f"the frontmatter is over {MAX_FRONTMATTER // 1024} KB; journal reads it "
                               "only up to that size")
    import yaml

    _LOADER = _LOADER or _loader()
    try:
        front = yaml.load(source, Loader=_LOADER)  # noqa: S506 (a SafeLoader)
    except RecursionError as error:
        raise FrontmatterError("the frontmatter is nested too deeply") from error
    except yaml.YAMLError as error:
        raise FrontmatterError(f"the frontmatter is not YAML ({str(error).splitlines()[0]})") from error
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise FrontmatterError("the frontmatter is not a set of key: value pairs")
    return {str(k): _plain(v) for k, v in front.items()}, text[match.end():]


def _plain(value: object) -> object:
    """An explicit !!timestamp as its text, like every other date."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def read_fenced(body: str, fields: Iterable[str], tag: str) -> dict[str, str]:
    """{field: exact text} for each field whose fence is in `body` (in the order written).
    Raises FrontmatterError when a fence is opened and never closed."""
    found: dict[str, str] = {}
    end = f"\n<!-- journal:end{tag} -->"
    position = 0
    for field in fields:
        opening = f"<!-- journal:{field}{tag} -->\n"
        at = body.find(opening, position)
        while at > 0 and body[at - 1] != "\n":  # a fence is a whole line
            at = body.find(opening, at + 1)
        if at < 0:
            continue
        start = at + len(opening)
        stop = body.find(end, start - 1)
        if stop < 0:
            raise FrontmatterError(f"the {field} is not closed with '{end.strip()}'")
        found[field] = body[start:stop] if stop >= start else ""
        position = stop + len(end)
    return found
