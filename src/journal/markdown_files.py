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
    text = _simple_yaml(fields)
    if text is None:
        text = yaml_dump(fields)
    return "---\n" + text + "---\n"


def yaml_dump(fields: Mapping) -> str:
    """What PyYAML writes for the fields: the reference _simple_yaml matches."""
    import yaml  # only split files need it

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(dict(fields), Dumper=dumper, allow_unicode=True, sort_keys=False, width=1 << 30)


# PyYAML's representer and serializer are Python (even with CSafeDumper) and were most of
# an `export --split`. Our frontmatter holds simple values; for those we write what
# yaml_dump writes (tests/test_export_frontmatter.py checks it byte for byte), and anything
# not provably simple goes to yaml_dump whole. A string is written plain or single-quoted
# only when every character is one libyaml writes as is (printable, no line break, no tab,
# nothing above U+FFFF) and the emitter's choice is certain:
_QUOTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
# plain: no indicator at the start, none of ': ', ' #', no space at either end
_PLAIN = re.compile(r"\w[\w .,;'\"()/!?&+=%$@*~<>-]*(?<! )")
_RESOLVERS = None
_KEYS: set[str] = set()  # keys already shown to be plain (ours are a few dozen)


def _implicit_tag(text: str) -> str | None:
    """The tag PyYAML's resolver gives the plain text (None: a str), as yaml_dump decides."""
    global _RESOLVERS
    if _RESOLVERS is None:
        from yaml.resolver import Resolver

        _RESOLVERS = Resolver.yaml_implicit_resolvers
    for tag, pattern in _RESOLVERS.get(text[:1], []) + _RESOLVERS.get(None, []):
        if pattern.match(text):
            return tag
    return None


def _scalar(value: object) -> str | None:
    kind = type(value)
    if kind is str:
        if not _QUOTABLE.fullmatch(value):
            return None
        if _implicit_tag(value) is None:
            if _PLAIN.fullmatch(value):
                return value
            if not (value.startswith(" ") or value.endswith(" ")):
                return None  # plain or quoted is libyaml's call: let it make it
        return "'" + value.replace("'", "''") + "'"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    if kind is date:
        return value.isoformat()
    return None


def _simple_yaml(fields: Mapping) -> str | None:
    """yaml_dump(fields) for a mapping of simple values, or None when not provably simple."""
    lines = []
    for key, value in fields.items():
        if type(key) is not str:
            return None
        if key not in _KEYS:
            if _scalar(key) != key:
                return None
            if len(_KEYS) < 256:
                _KEYS.add(key)
        if type(value) is list:
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for item in value:
                if type(item) is dict:
                    if not item:
                        return None
                    lead = "- "
                    for k, v in item.items():
                        text = _scalar(v)
                        if text is None or type(k) is not str:
                            return None
                        if k not in _KEYS:
                            if _scalar(k) != k:
                                return None
                            if len(_KEYS) < 256:
                                _KEYS.add(k)
                        lines.append(f"{lead}{k}: {text}")
                        lead = "  "
                    continue
                text = _scalar(item)
                if text is None:
                    return None
                lines.append(f"- {text}")
            continue
        text = _scalar(value)
        if text is None:
            return None
        lines.append(f"{key}: {text}")
    if not lines:
        return None
    return "\n".join(lines) + "\n"


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
