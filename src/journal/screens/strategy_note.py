"""One strategy note: the question, its options, the nudge, decision and review.

The question, context and tags save by themselves once there is a question;
options, decision and review are saved when their dialog closes.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static, TextArea

from journal.widgets.footer import KeyFooter
from journal.widgets.text_area import SafeTextArea
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainStatic
from journal.widgets.plain_table import PlainTable
from journal.store import strategies as st
from journal.store.strategies import NUDGES, InvalidStrategy, Option, StrategyNote
from journal.screens.editing import EditorScreen
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


_new_notes = itertools.count(1)


class NoteEditor(EditorScreen[None]):
    STATUS_ID = "sn-status"
    WHAT = "This note"
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
        self._created: list[int | None] = [note.id]  # the id, once a save of this editor gave it one
        self._key = f"note:{note.id}" if note.id is not None else f"note:new-{next(_new_notes)}"
        self._nudge_index = (note.id or 0) % len(NUDGES)

    def content_of(self, note: StrategyNote) -> tuple:
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
            yield SafeTextArea(n.context, id="sn-context", soft_wrap=True, classes="field")
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
        self.set_status("new · saves once it has a question" if self.note.id is None else "✓ saved", "status-new")
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)
        (self.query_one("#sn-question") if not self.note.question else self.query_one(OptionsTable)).focus()
        self.set_interval(NUDGE_ROTATE_S, self.action_next_nudge)
        self.loaded(self.note)
        super().on_mount()


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
    async def action_dismiss_nudge(self) -> None:
        if await self._ensure_saved() and await self.app.change(st.dismiss_nudge, self.note.id):  # type: ignore[attr-defined]
            self._reload()


    # -- saving ------------------------------------------------------------

    def _collect(self) -> StrategyNote:
        return replace(self.note, question=self.query_one("#sn-question", Input).value,
                       context=self.query_one("#sn-context", TextArea).text,
                       tags=tuple(parse_tags(self.query_one("#sn-tags", Input).value)))

    # -- EditorScreen hooks ------------------------------------------------

    def save_key(self) -> str:
        return self._key

    def save_label(self) -> str:
        question = self.query_one("#sn-question", Input).value.strip() or "untitled"
        return f"the strategy note '{question[:60]}'"

    def current(self, final: bool) -> tuple[StrategyNote, str | None]:
        note = self._collect()
        if note.question.strip():
            return note, None
        if final:
            return replace(note, question="Untitled strategy note"), None
        return note, "write the decision or question first."

    def has_anything(self, note: StrategyNote) -> bool:
        return self.note.id is not None or self._created[0] is not None or \
            bool(note.question.strip() or note.context.strip())

    def saving(self, note: StrategyNote, base: Base[StrategyNote], final: bool):
        from journal.store import recovery

        label, created = self.save_label(), self._created

        def run(db):
            record = note
            if record.id is None and created[0] is not None:  # an earlier save (still unseen here) created it
                record, base.value = replace(record, id=created[0]), replace(base.value, id=created[0])
            outcome = st.save_note_merging(db, record, base)
            created[0] = outcome.note.id
            return outcome

        return run, lambda: recovery.record_item("strategy_note", label, note, base.value)

    def saved(self, handed: StrategyNote, outcome: st.Saved) -> None:
        from journal.store.merge import merge_text

        saved = outcome.note
        self.query_one("#sn-question-error", Static).update("")
        self.note = saved
        if self.content_of(saved) != self.content_of(handed):  # merged with changes made elsewhere
            question = self.query_one("#sn-question", Input)
            if question.value == handed.question:
                question.value = saved.question
            context = self.query_one("#sn-context", TextArea)
            self.set_text(context, merge_text(handed.context, context.text, saved.context, "meanwhile")[0])
            self.query_one("#sn-tags", Input).value = format_tags(saved.tags)
        self.tell_merged(outcome.report)
        self.title = f"Strategy note · {saved.status}"

    def stored_of(self, handed: StrategyNote, outcome: st.Saved) -> StrategyNote:
        return outcome.note

    async def _ensure_saved(self) -> bool:
        """Options and decisions need the note in the journal first."""
        _, problem = self.current(final=False)
        if problem is not None or not await self.save_and_wait() or self.note.id is None:
            if problem is not None:
                self.query_one("#sn-question-error", Static).update("Write the decision or question first.")
                self.query_one("#sn-question").focus()
            return False
        return True

    def _reload(self) -> None:
        """Re-read options, decision and review after a change (handing typed text over first)."""
        self.hand_over()
        fresh = st.get(self.app.db, self.note.id)  # type: ignore[attr-defined, arg-type]
        if fresh is not None:
            self.note = replace(fresh, question=self.note.question, context=self.note.context, tags=self.note.tags) \
                if self.dirty else fresh
        self._refresh_view()
        self.app.refresh_due_count()  # type: ignore[attr-defined]

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _on_edit(self) -> None:
        self.edited()

    async def action_save_and_close(self) -> None:
        _, problem = self.current(final=False)
        if problem is None and await self.save_and_wait():
            self.dismiss(None)
        else:
            if problem:
                self.set_status(f"● not saved: {problem}", "status-dirty")
            self.app.bell()

    async def action_close(self) -> None:
        note, problem = self.current(final=False)
        if problem is None or not self.has_anything(note):
            await self.save_and_wait()  # a failure stays in the queue: kept, retried, recovered
            self.dismiss(None)
            return
        from journal.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.loaded(self._collect())
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

        async def done(result: Option | None) -> None:
            from journal.store import recovery

            if result is None:
                return
            label = f"the option '{result.title[:60]}'"
            outcome = await self._write_typed(
                lambda db: st.save_option_merging(db, result, option), f"option:{option.id or id(result)}", label,
                lambda: recovery.record_item("option", label, result, option))
            if outcome is None:
                return
            _, merged = outcome
            self.tell_merged(merged, "This option")
            self._reload()
            if result.kind == "breakthrough" and not any(o.kind == "breakthrough" for o in self.note.options[:-1]):
                self.notify("A breakthrough option is on the table.", title="Good")

        self.app.push_screen(OptionDialog(option), done)

    async def _write_typed(self, run, key: str, label: str, recovery):
        """Text typed in a dialog, through the save queue (kept and retried if the journal
        cannot take it now). The outcome, or None after telling the user why not."""
        try:
            return await self.app.write(run, key=key, label=label, recovery=recovery)  # type: ignore[attr-defined]
        except InvalidStrategy as error:
            self.notify(str(error), severity="error")
        except Exception as error:
            self.notify(f"Not saved yet: {self.app.failure_sentence(error)} What you typed is kept and tried again.",  # type: ignore[attr-defined]
                        title="Not saved", severity="error")
        return None

    async def action_add_option(self) -> None:
        if await self._ensure_saved():
            self._edit_option(Option(note_id=self.note.id, title=""))  # type: ignore[arg-type]

    def action_edit_option(self) -> None:
        option = self._current_option()
        if option is not None:
            self._edit_option(option)

    async def action_move_option(self, step: int) -> None:
        option = self._current_option()
        if option is None or option.id is None:
            return
        if not await self.app.change(st.move_option, option.id, step):  # type: ignore[attr-defined]
            return
        table = self.query_one(OptionsTable)
        target = table.cursor_row + step
        self._reload()
        table.move_cursor(row=max(0, min(target, len(self.note.options) - 1)))

    def action_delete_option(self) -> None:
        from journal.screens.dialogs import ConfirmDialog

        option = self._current_option()
        if option is None or option.id is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes and await self.app.change(st.delete_option, option.id):  # type: ignore[attr-defined]
                self._reload()

        extra = " It is the option decided on: the note goes back to open." \
            if option.id == self.note.decided_option_id else ""
        self.app.push_screen(ConfirmDialog("Remove this option?", f"“{option.title}” will be removed.{extra}",
                                           yes="Remove"), answered)

    @on(DataTable.RowSelected, "#sn-options")
    def _option_selected(self) -> None:
        self.action_edit_option()

    # -- decision and review ----------------------------------------------

    async def action_decide(self) -> None:
        from journal.screens.strategy_dialogs import Decision, DecisionDialog

        if not await self._ensure_saved():
            return
        if not self.note.options:
            self.notify("Add the options first (ctrl+n); then decide between them.")
            return
        if self.note.reviewed_on is not None:
            self.notify("This note is reviewed; its decision stays as it was.")
            return

        async def done(result: Decision | None) -> None:
            from journal.store import recovery

            if result is None:
                return
            note_id, label = self.note.id, f"the decision on '{self.note.question[:60]}'"
            args = (note_id, result.option_id, result.why, result.decided_on, result.review_on)
            if await self._write_typed(lambda db: st.decide(db, *args), f"decision:{note_id}", label,
                                       lambda: recovery.call_item("decide", label, *args)) is None:
                return
            self._reload()
            self.notify(f"Decision recorded; review on {result.review_on:%-d %B %Y}.", title="Decided")

        self.app.push_screen(DecisionDialog(self.note, self.app.today()), done)  # type: ignore[attr-defined]

    def action_review(self) -> None:
        from journal.screens.strategy_dialogs import Review, ReviewDialog

        if self.note.decided_option_id is None:
            self.notify("Record the decision first (ctrl+o); review it when its date comes.")
            return

        async def done(result: Review | None) -> None:
            from journal.store import recovery

            if result is None:
                return
            note_id, label = self.note.id, f"the review of '{self.note.question[:60]}'"
            args = (note_id, result.realized_benefit, result.met_prediction, result.lesson, result.reviewed_on)
            if await self._write_typed(lambda db: st.review(db, *args), f"review:{note_id}", label,
                                       lambda: recovery.call_item("review", label, *args)) is None:
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
