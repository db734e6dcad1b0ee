"""Tags as the user types them: "team, 1:1 #hiring" -> ["team", "1:1", "hiring"]."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPLIT = re.compile(r"[,\s]+")


def parse_tags(text: str) -> list[str]:
    """Split on commas and spaces, drop leading '#', keep first spelling, no repeats."""
    seen: set[str] = set()
    tags: list[str] = []
    for raw in _SPLIT.split(text):
        tag = raw.strip().lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def format_tags(tags: Iterable[str]) -> str:
    return ", ".join(tags)
