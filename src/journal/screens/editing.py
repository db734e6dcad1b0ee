"""What the record editors (breakthrough, strategy note) share."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Static, TextArea


class RecordEditor:
    """Mixed into a Screen: registers with the app (quit and signals save it),
    owns the status line and the autosave timer, and can turn read-only.

    The screen defines STATUS_ID and flush(final=False) -> bool.
    """

    STATUS_ID = "status"
    _autosave: Timer | None = None

    def _register_editor(self) -> None:
        self.app.editors.append(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        editors = self.app.editors  # type: ignore[attr-defined]
        if self in editors:
            editors.remove(self)

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one(f"#{self.STATUS_ID}", Static)  # type: ignore[attr-defined]
        status.update(text)
        status.set_classes(kind)

    def _cancel_autosave(self) -> None:
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None

    def _schedule_autosave(self) -> None:
        """Typing restarts the countdown: save once the user pauses."""
        self._cancel_autosave()
        self._autosave = self.set_timer(self.app.autosave_delay, self.flush)  # type: ignore[attr-defined]

    def _tell_merged(self, report, what: str) -> None:
        """A save met changes made elsewhere and merged them (store.merge): say so."""
        if report:
            self.notify(report.sentence(what), title="Changed elsewhere",  # type: ignore[attr-defined]
                        severity="warning", timeout=15)

    @staticmethod
    def _set_text(area: TextArea, text: str) -> None:
        """Show merged text: one undoable edit, the cursor kept when text was only added."""
        if text == area.text:
            return
        if text.startswith(area.text):
            area.insert(text[len(area.text):], area.document.end)
        else:
            area.replace(text, (0, 0), area.document.end)

    def set_read_only(self) -> None:
        """The file is damaged: show everything, let nothing be changed."""
        for area in self.query(TextArea):  # type: ignore[attr-defined]
            area.read_only = True
        for widget in self.query("Input, Checkbox, RadioSet"):  # type: ignore[attr-defined]
            widget.disabled = True
