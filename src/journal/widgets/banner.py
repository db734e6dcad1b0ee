"""The read-only banner: shown on every screen once the file is found damaged."""

from __future__ import annotations

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
            self.update("READ-ONLY: this journal file is damaged, so nothing you type is saved to it. "
                        "Run 'journal doctor' to see what to do.")
        self.set_class(bool(reason), "-shown")
