"""The command palette (ctrl+p): every action, by name, for the current screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class JournalCommands(Provider):
    """Commands of the screen the palette was opened from, then the app's."""

    def _commands(self):
        screen_commands = getattr(self.screen, "palette_commands", None)
        commands = list(screen_commands()) if screen_commands else []
        commands += self.app.palette_commands()  # type: ignore[attr-defined]
        seen: set[str] = set()
        for name, help_text, callback in commands:
            if name not in seen:
                seen.add(name)
                yield name, help_text, callback

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, partial(self.app.call_later, callback), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.call_later, callback), help=help_text)
