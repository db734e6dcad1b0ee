"""The app's stylesheet: each CSS source is parsed once, not once per screen opened.

Textual re-parses its whole stylesheet whenever a screen is first shown
(App._load_screen_css, and refresh_css twice more while the new screen is not
mounted yet), each time in a fresh Stylesheet whose parse cache is empty, and
set_variables empties the cache even when the variables did not change: F3
parsed every source seven times, 100-300 ms of its opening. Here the rules of a
source stay cached until the variables (the theme) really change.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

SOURCES_KEPT = 1024  # Textual keeps 64: more sources than that (each widget class's CSS is one) re-parse all


class ParsedOnceStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = LRUCache(SOURCES_KEPT)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:  # a new theme: every source's rules change
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse the sources again, the unchanged ones from the cache. (Textual parses into
        a new Stylesheet so that an error leaves this one intact: parse() does too, as it
        replaces the rules only when every source parsed.)"""
        self.parse()
