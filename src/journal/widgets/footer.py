"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer rebuilds every key whenever the screen's bindings may have
    changed (any focus change): three times before our first frame, ~40 ms each
    with our keys. This one skips the rebuild when the keys shown are the same."""

    _shown: tuple | None = None

    def _keys_shown(self) -> tuple:
        return tuple((binding.key, binding.description, enabled)
                     for (_, binding, enabled, _) in self.screen.active_bindings.values() if binding.show)

    async def recompose(self) -> None:
        if not self._bindings_ready or not self.is_attached:
            return  # (a recompose queued before its screen closed)
        keys = self._keys_shown()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
