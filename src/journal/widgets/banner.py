"""The read-only banner: shown on every screen while the file may not be changed
(damaged, or a read-only file, folder or disk), with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ReadOnlyBanner(Static):
    DEFAULT_CSS = """
    ReadOnlyBanner {
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
        display: none;
    }
    ReadOnlyBanner.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.app.read_only_signal.subscribe(self, self._show)  # type: ignore[attr-defined]
        self._show(self.app.read_only_reason)  # type: ignore[attr-defined]

    def _show(self, reason: str | None) -> None:
        if reason:
            # The reason names a path: text, never markup.
            self.update(Text(f"READ-ONLY: {reason} Nothing you type is saved to this file; "
                             "'journal doctor' says more."))
        self.set_class(bool(reason), "-shown")
