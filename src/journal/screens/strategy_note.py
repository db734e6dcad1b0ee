"""One strategy note: the question, its options, the nudge, decision and review.

The question, context and tags save by themselves once there is a question;
options, decision and review are saved when their dialog closes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Header, Input, Label, Static, TextArea

from journal.widgets.footer import KeyFooter
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainStatic
from journal.widgets.plain_table import PlainTable
from journal.store import strategies as st
from journal.store.strategies import NUDGES, InvalidStrategy, Option, StrategyNote
from journal.screens.editing import RecordEditor
from journal.store.revision import Base
from journal.store.tags import format_tags, parse_tags

NUDGE_ROTATE_S = 20.0
MOVE_KEYS = Binding.Group("Move")  # the footer shows the pair as "shift+↑/↓ Move"


class OptionsTable(PlainTable):
    BINDINGS = [
        # a: the footer already shows the note's ctrl+n; the line above the table says "a add"
        Binding("a", "screen.add_option", "Add option", show=False, id="options-add"),
        Binding("e", "screen.edit_option", "Edit option", id="options-edit"),
        Binding("shift+up", "screen.move_option(-1)", "Move up", id="options-up", group=MOVE_KEYS),
        Binding("shift+down", "screen.move_option(1)", "Move down", id="options-down", group=MOVE_KEYS),
        Binding("delete,x", "screen.delete_option", "Remove option", id="options-delete"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class NoteEditor(RecordEditor, Screen[None]):
    STATUS_ID = "sn-status"
    CSS_PATH = "strategy.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save_and_close", "Save & close", id="note-save"),
        Binding("escape", "close", "Close", id="note-close"),
        Binding("ctrl+n", "add_option", "Add option", id="note-add-option"),
        Binding("ctrl+o", "decide", "Decide", id="note-decide"),
        Binding("ctrl+r", "review", "Review", id="note-review"),
        Binding("ctrl+t", "next_nudge", "Another prompt", show=False, id="note-next-nudge"),
    ]

    def __init__(self, note: StrategyNote) -> None:
        super().__init__()
        self.note = note
        self._saved_content = self._content_of(note) if note.id is not None else ("", "", ())
        self._autosave: Timer | None = None
        self._nudge_index = (note.id or 0) % len(NUDGES)

    @staticmethod
    def _content_of(note: StrategyNote) -> tuple:
        return (note.question.strip(), note.context, tuple(note.tags))

    def compose(self) -> ComposeResult:
        n = self.note
        yield Header()
        yield ReadOnlyBanner()
        with VerticalScroll(id="note-form"):
            yield Label("The decision or question")
            yield Input(n.question, id="sn-question", placeholder="How do we grow revenue 20% next year?")
            yield PlainStatic("", id="sn-question-error", classes="field-note error")
            yield Label("Context")
            yield TextArea(n.context, id="sn-context", soft_wrap=True, classes="field")
            yield Label("Tags")
            yield Input(format_tags(n.tags), id="sn-tags", placeholder="growth, pricing")
            with Horizontal(id="nudge"):
                yield Static("", id="nudge-text")
                yield Button("Another (ctrl+t)", id="nudge-next")
                yield Button("Not for this note", id="nudge-dismiss")
            yield Label("Options · a add · e edit · shift+↑↓ move · x remove", id="options-label")
            yield OptionsTable(id="sn-options", cursor_type="row", zebra_stripes=True)
            yield PlainStatic("", id="sn-decision")
            with Horizontal(id="sn-review"):
                with Vertical(classes="half"):
                    yield Label("Predicted")
                    yield PlainStatic("", id="sn-predicted", classes="predicted")
                with Vertical(classes="half"):
                    yield Label("Realized")
                    yield PlainStatic("", id="sn-realized", classes="realized")
        with Horizontal(id="sn-statusbar"):
            yield PlainStatic("", id="sn-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(OptionsTable)
        for label, key, width in (("Kind", "kind", 14), ("Option", "title", 30), ("Predicted benefit", "benefit", 24),
                                  ("Cost", "cost", 12), ("Risk", "risk", 12)):
            table.add_column(label, key=key, width=width)
        self._refresh_view()
        self._status("new · saves once it has a question" if self.note.id is None else "✓ saved", "status-new")
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)
        (self.query_one("#sn-question") if not self.note.question else self.query_one(OptionsTable)).focus()
        self.set_interval(NUDGE_ROTATE_S, self.action_next_nudge)
        self._register_editor()


    # -- showing the note --------------------------------------------------

    def _refresh_view(self) -> None:
        n = self.note
        self.title = "Strategy note" + (f" · {n.status}" if n.id else "")
        table = self.query_one(OptionsTable)
        row = table.cursor_row
        table.clear()
        for o in n.options:
            mark = "✓ " if o.id == n.decided_option_id else ""
            table.add_row(f"{mark}{o.kind}", o.title, o.predicted_benefit or "–", o.cost or "–", o.risk or "–",
                          key=str(o.id))
        if n.options:
            table.move_cursor(row=min(max(row, 0), len(n.options) - 1))
        self.query_one("#nudge").display = n.needs_nudge
        self._show_nudge()
        decision = self.query_one("#sn-decision", Static)
        chosen = n.decided_option
        if chosen is not None and n.decided_on is not None:
            text = f"Decided {n.decided_on:%-d %B %Y}: {chosen.title} ({chosen.kind})."
            if n.decision_why.strip():
                text += f"\nWhy: {n.decision_why.strip()}"
            if n.reviewed_on is None and n.review_on is not None:
                due = " · due now: ctrl+r to review" if n.review_due(self.app.today()) else ""  # type: ignore[attr-defined]
                text += f"\nReview on {n.review_on:%-d %B %Y}{due}."
            decision.update(text)
        else:
            decision.update("No decision yet · ctrl+o records one" if n.options else
                            "Add the options you see (ctrl+n), at least one of them a breakthrough.")
        review = self.query_one("#sn-review")
        review.display = n.reviewed_on is not None and chosen is not None
        if review.display and chosen is not None:
            self.query_one("#sn-predicted", Static).update(chosen.predicted_benefit or "–")
            outcome = {"met": "met the prediction", "partly": "partly met", "missed": "missed"}.get(
                n.met_prediction or "", "")
            realized = f"{n.realized_benefit}\n\n({outcome}, reviewed {n.reviewed_on:%-d %B %Y})"
            if n.lesson.strip():
                realized += f"\nLesson: {n.lesson.strip()}"
            self.query_one("#sn-realized", Static).update(realized)

    def _show_nudge(self) -> None:
        self.query_one("#nudge-text", Static).update(
            f"⚡ No breakthrough option yet. {NUDGES[self._nudge_index % len(NUDGES)]}")

    def action_next_nudge(self) -> None:
        self._nudge_index += 1
        self._show_nudge()

    @on(Button.Pressed, "#nudge-next")
    def _nudge_next(self) -> None:
        self.action_next_nudge()

    @on(Button.Pressed, "#nudge-dismiss")
    def action_dismiss_nudge(self) -> None:
        if self._ensure_saved():
            st.dismiss_nudge(self.app.db, self.note.id)  # type: ignore[attr-defined, arg-type]
            self._reload()


    # -- saving ------------------------------------------------------------

    def _collect(self) -> StrategyNote:
        return replace(self.note, question=self.query_one("#sn-question", Input).value,
                       context=self.query_one("#sn-context", TextArea).text,
                       tags=tuple(parse_tags(self.query_one("#sn-tags", Input).value)))

    def flush(self, final: bool = False) -> bool:
        self._cancel_autosave()
        try:
            current = self._collect()
        except NoMatches:
            return True
        if self._content_of(current) == self._saved_content:
            return True
        if final and not current.question.strip():
            current = replace(current, question="Untitled strategy note")
        if not self.app.can_write():  # type: ignore[attr-defined]
            self._status("read-only · not saved", "status-error")
            return False
        try:
            outcome = st.save_note_merging(self.app.db, current, Base(self.note))  # type: ignore[attr-defined]
            saved, merged = outcome.note, outcome.report
        except InvalidStrategy as error:
            self._status("● not saved: " + " ".join(error.problems.values()), "status-dirty")
            return False
        except sqlite3.Error as error:
            self._status("● not saved", "status-error")
            self.notify(f"Could not save the note ({error}). It is still on screen.", severity="error")
            return False
        self.query_one("#sn-question-error", Static).update("")
        self.note = saved
        self._saved_content = self._content_of(saved)
        if self._saved_content != self._content_of(current):  # merged with changes made elsewhere
            self.query_one("#sn-question", Input).value = saved.question
            self._set_text(self.query_one("#sn-context", TextArea), saved.context)
            self.query_one("#sn-tags", Input).value = format_tags(saved.tags)
        self._tell_merged(merged, "This note")
        self._status(f"✓ saved {saved.updated_at[11:19] if saved.updated_at else ''}", "status-saved")
        self.title = f"Strategy note · {saved.status}"
        return True

    def _ensure_saved(self) -> bool:
        """Options and decisions need the note on disk first."""
        if not self.flush() or self.note.id is None:
            self.query_one("#sn-question-error", Static).update("Write the decision or question first.")
            self.query_one("#sn-question").focus()
            return False
        return True

    def _reload(self) -> None:
        """Re-read options, decision and review after a change (saving typed text first)."""
        self.flush()
        fresh = st.get(self.app.db, self.note.id)  # type: ignore[attr-defined, arg-type]
        if fresh is not None:
            self.note = fresh
        self._refresh_view()
        self.app.refresh_due_count()  # type: ignore[attr-defined]

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _on_edit(self) -> None:
        try:
            if self._content_of(self._collect()) == self._saved_content:
                return
        except NoMatches:
            return
        self._status("● editing", "status-dirty")
        self._schedule_autosave()

    def action_save_and_close(self) -> None:
        if self.flush():
            self.dismiss(None)
        else:
            self.app.bell()

    def action_close(self) -> None:
        if self.flush():
            self.dismiss(None)
            return
        from journal.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self._saved_content = self._content_of(self._collect())
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(
            "This note is not saved", "It needs the decision or question before it can be saved.\n\n"
            "Discard what you typed?", yes="Discard", no="Keep editing"), answered)


    # -- options -----------------------------------------------------------

    def _current_option(self) -> Option | None:
        table = self.query_one(OptionsTable)
        if not self.note.options or not 0 <= table.cursor_row < len(self.note.options):
            return None
        return self.note.options[table.cursor_row]

    def _edit_option(self, option: Option) -> None:
        from journal.screens.strategy_dialogs import OptionDialog

        def done(result: Option | None) -> None:
            if result is None:
                return
            try:
                _, merged = st.save_option_merging(self.app.db, result, option)  # type: ignore[attr-defined]
            except InvalidStrategy as error:
                self.notify(str(error), severity="error")
                return
            self._tell_merged(merged, "This option")
            self._reload()
            if result.kind == "breakthrough" and not any(o.kind == "breakthrough" for o in self.note.options[:-1]):
                self.notify("A breakthrough option is on the table.", title="Good")

        self.app.push_screen(OptionDialog(option), done)

    def action_add_option(self) -> None:
        if self._ensure_saved():
            self._edit_option(Option(note_id=self.note.id, title=""))  # type: ignore[arg-type]

    def action_edit_option(self) -> None:
        option = self._current_option()
        if option is not None:
            self._edit_option(option)

    def action_move_option(self, step: int) -> None:
        option = self._current_option()
        if option is None or option.id is None:
            return
        st.move_option(self.app.db, option.id, step)  # type: ignore[attr-defined]
        table = self.query_one(OptionsTable)
        target = table.cursor_row + step
        self._reload()
        table.move_cursor(row=max(0, min(target, len(self.note.options) - 1)))

    def action_delete_option(self) -> None:
        from journal.screens.dialogs import ConfirmDialog

        option = self._current_option()
        if option is None or option.id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                st.delete_option(self.app.db, option.id)  # type: ignore[attr-defined, arg-type]
                self._reload()

        extra = " It is the option decided on: the note goes back to open." \
            if option.id == self.note.decided_option_id else ""
        self.app.push_screen(ConfirmDialog("Remove this option?", f"“{option.title}” will be removed.{extra}",
                                           yes="Remove"), answered)

    @on(DataTable.RowSelected, "#sn-options")
    def _option_selected(self) -> None:
        self.action_edit_option()

    # -- decision and review ----------------------------------------------

    def action_decide(self) -> None:
        from journal.screens.strategy_dialogs import Decision, DecisionDialog

        if not self._ensure_saved():
            return
        if not self.note.options:
            self.notify("Add the options first (ctrl+n); then decide between them.")
            return
        if self.note.reviewed_on is not None:
            self.notify("This note is reviewed; its decision stays as it was.")
            return

        def done(result: Decision | None) -> None:
            if result is None:
                return
            try:
                st.decide(self.app.db, self.note.id, result.option_id, result.why,  # type: ignore[attr-defined, arg-type]
                          result.decided_on, result.review_on)
            except InvalidStrategy as error:
                self.notify(str(error), severity="error")
                return
            self._reload()
            self.notify(f"Decision recorded; review on {result.review_on:%-d %B %Y}.", title="Decided")

        self.app.push_screen(DecisionDialog(self.note, self.app.today()), done)  # type: ignore[attr-defined]

    def action_review(self) -> None:
        from journal.screens.strategy_dialogs import Review, ReviewDialog

        if self.note.decided_option_id is None:
            self.notify("Record the decision first (ctrl+o); review it when its date comes.")
            return

        def done(result: Review | None) -> None:
            if result is None:
                return
            try:
                st.review(self.app.db, self.note.id, result.realized_benefit, result.met_prediction,  # type: ignore[attr-defined, arg-type]
                          result.lesson, result.reviewed_on)
            except InvalidStrategy as error:
                self.notify(str(error), severity="error")
                return
            self._reload()
            self.notify("Review recorded.", title="Reviewed")

        self.app.push_screen(ReviewDialog(self.note, self.app.today()), done)  # type: ignore[attr-defined]

    def palette_commands(self):
        return [
            ("Add option", "Add an incremental or breakthrough option", self.action_add_option),
            ("Edit option", "Edit the highlighted option", self.action_edit_option),
            ("Remove option", "Remove the highlighted option", self.action_delete_option),
            ("Decide", "Record the option taken, why, and the review date", self.action_decide),
            ("Review", "Write the realized benefit next to the predicted one", self.action_review),
            ("Another breakthrough prompt", "Show another question that invites a breakthrough option",
             self.action_next_nudge),
            ("Dismiss the breakthrough prompt", "Stop asking for a breakthrough option on this note",
             self.action_dismiss_nudge),
        ]
