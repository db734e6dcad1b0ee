"""Strategy notes: a decision faced, incremental and breakthrough options, the
decision taken, and the review that compares realized with predicted benefit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from journal.store.merge import MergeReport

from journal.store import rows
from journal.store.db import now_iso, write_transaction
from journal.store.fts import fts_query
from journal.store.revision import Base, epoch, next_stamp

KINDS = ("incremental", "breakthrough")
OUTCOMES = ("met", "partly", "missed")
STATUSES = ("open", "decided", "reviewed")
PAGE_SIZE = 200

NUDGES = [
    "What is the option 180 degrees from what everyone in your market does?",
    "How would you replace this business rather than extend it?",
    "What is the 'antimatter' option: the one everyone here would call impossible?",
    "If you had to create a new option instead of choosing between these, what would it be?",
    "What would a version customers want more than this one look like?",
    "Which option would make the current ones irrelevant?",
]


class InvalidStrategy(ValueError):
    """Field problems: {field: sentence}. Nothing was saved."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Option:
    note_id: int
    title: str
    kind: str = "incremental"
    predicted_benefit: str = ""
    cost: str = ""
    risk: str = ""
    notes: str = ""
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class StrategyNote:
    question: str
    context: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    nudge_dismissed: bool = False
    decided_option_id: int | None = None
    decision_why: str = ""
    decided_on: date | None = None
    review_on: date | None = None
    reviewed_on: date | None = None
    realized_benefit: str = ""
    met_prediction: str | None = None
    lesson: str = ""
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0
    deleted_at: str | None = None

    @property
    def status(self) -> str:
        if self.reviewed_on is not None:
            return "reviewed"
        if self.decided_option_id is not None:
            return "decided"
        return "open"

    @property
    def has_breakthrough_option(self) -> bool:
        return any(o.kind == "breakthrough" for o in self.options)

    @property
    def needs_nudge(self) -> bool:
        return not self.has_breakthrough_option and not self.nudge_dismissed and self.status == "open"

    @property
    def decided_option(self) -> Option | None:
        return next((o for o in self.options if o.id == self.decided_option_id), None)

    def review_due(self, today: date) -> bool:
        return self.status == "decided" and self.review_on is not None and self.review_on <= today


@dataclass(frozen=True)
class NoteSummary:
    id: int
    question: str
    status: str
    incremental: int
    breakthrough: int
    review_on: date | None
    decided_kind: str | None
    updated_at: str


@dataclass(frozen=True)
class Filter:
    text: str = ""
    tag: str | None = None
    status: str | None = None  # open | decided | reviewed | due
    ids: tuple[int, ...] | None = field(default=None)


def _d(value: str | None) -> date | None:
    return rows.day(value)  # an odd stored date reads as none


def _option_from_row(row: dict) -> Option:
    # Tolerant: a value another program or an older import left odd reads as a safe one (store/rows.py).
    return Option(id=row["id"], note_id=row["note_id"], title=rows.text(row["title"]),
                  kind=rows.choice(row["kind"], KINDS, "incremental"),
                  predicted_benefit=rows.text(row["predicted_benefit"]), cost=rows.text(row["cost"]),
                  risk=rows.text(row["risk"]), notes=rows.text(row["notes"]), position=rows.whole(row["position"]))


def _note_from_row(row: dict, options: tuple[Option, ...]) -> StrategyNote:
    return StrategyNote(
        id=row["id"], question=rows.text(row["question"]), context=rows.text(row["context"]),
        tags=tuple(rows.texts(row["tags"])), options=options, nudge_dismissed=rows.flag(row["nudge_dismissed"]),
        decided_option_id=rows.whole_or_none(row["decided_option_id"]), decision_why=rows.text(row["decision_why"]),
        decided_on=rows.day(row["decided_on"]), review_on=rows.day(row["review_on"]),
        reviewed_on=rows.day(row["reviewed_on"]), realized_benefit=rows.text(row["realized_benefit"]),
        met_prediction=rows.choice(row["met_prediction"], OUTCOMES, None), lesson=rows.text(row["lesson"]),
        created_at=row["created_at"], updated_at=row["updated_at"], version=rows.whole(row["version"]),
        deleted_at=row["deleted_at"],
    )


def get(db: Database, note_id: int) -> StrategyNote | None:
    rows = list(db["strategy_notes"].rows_where("id = ?", [note_id], limit=1))
    if not rows:
        return None
    options = tuple(_option_from_row(r) for r in db["strategy_options"].rows_where(
        "note_id = ?", [note_id], order_by="position, id"))
    return _note_from_row(rows[0], options)


def _touch(db: Database, note_id: int) -> None:
    """Any change to a note or its options gives the note a new version."""
    stamp = next_stamp(db)
    db.execute("UPDATE strategy_notes SET updated_at = ?, version = ? WHERE id = ?",
               [stamp.at, stamp.revision, note_id])


def save_note(db: Database, note: StrategyNote) -> StrategyNote:
    """Create or update the question, context and tags (options and decision have their own calls).

    A note with an id that is no longer stored (not in a restored backup) is stored
    again under that id."""
    question = note.question.strip()
    if not question:
        raise InvalidStrategy({"question": "Write the decision or question this note is about."})
    with write_transaction(db):
        stamp = next_stamp(db)
        row = {"question": question, "context": note.context, "tags": json.dumps(list(note.tags), ensure_ascii=False),
               "updated_at": stamp.at, "version": stamp.revision, "deleted_at": note.deleted_at}
        exists = note.id is not None and db.execute(
            "SELECT 1 FROM strategy_notes WHERE id = ?", [note.id]).fetchone() is not None
        if exists:
            note_id = note.id
            db["strategy_notes"].update(note_id, row)
        else:
            row["created_at"] = note.created_at or stamp.at
            if note.id is not None:
                row["id"] = note.id
            note_id = db["strategy_notes"].insert(row).last_pk
        saved = get(db, note_id)
    assert saved is not None
    return saved


@dataclass(frozen=True)
class Saved:
    note: StrategyNote
    report: MergeReport


def save_note_merging(db: Database, note: StrategyNote, base: Base[StrategyNote]) -> Saved:
    """save_note(), merging the question, context and tags with what was stored
    since `base` instead of overwriting another window's changes; then move `base`
    on. (Options, decisions and reviews are saved by their own calls.)"""
    if note.id is None and base.value.id is not None:
        note = replace(note, id=base.value.id)  # an earlier save of this editor created it
    from journal.store.merge import MergeReport, merge_line, merge_tags, merge_text, when_text  # difflib: only the app merges

    with write_transaction(db):
        now_epoch = epoch(db)
        report = MergeReport(restored=base.epoch is not None and base.epoch != now_epoch)
        known = base.value
        if note.id is not None:
            stored = get(db, note.id)
            if stored is None:
                report.recreated = not report.restored
            elif report.restored or stored.version != known.version:
                question, how = merge_line(known.question.strip(), note.question.strip(), stored.question)
                report.add("the question", how)
                context, how = merge_text(known.context, note.context, stored.context, when_text(stored.updated_at))
                report.add("the context", how)
                note = replace(note, question=question, context=context,
                               tags=tuple(merge_tags(known.tags, note.tags, stored.tags)))
            if stored is not None and stored.deleted_at is not None:
                report.recreated = True  # trashed elsewhere while being edited here
            note = replace(note, deleted_at=None)
        saved = save_note(db, note)
    base.value, base.epoch = saved, now_epoch
    return Saved(saved, report)


def save_option(db: Database, option: Option) -> Option:
    problems = {}
    if not option.title.strip():
        problems["title"] = "Give the option a name."
    if option.kind not in KINDS:
        problems["kind"] = f"An option is incremental or breakthrough, not '{option.kind}'."
    if problems:
        raise InvalidStrategy(problems)
    row = {"note_id": option.note_id, "title": option.title.strip(), "kind": option.kind,
           "predicted_benefit": option.predicted_benefit, "cost": option.cost, "risk": option.risk,
           "notes": option.notes, "updated_at": now_iso()}
    with write_transaction(db):
        if db.execute("SELECT 1 FROM strategy_notes WHERE id = ?", [option.note_id]).fetchone() is None:
            raise InvalidStrategy({"note": "The note this option belongs to was deleted elsewhere; "
                                           "the option could not be saved."})
        exists = option.id is not None and db.execute(
            "SELECT 1 FROM strategy_options WHERE id = ?", [option.id]).fetchone() is not None
        if exists:
            option_id, position = option.id, option.position
            db["strategy_options"].update(option_id, row)
        else:  # new, or removed elsewhere while its dialog was open: added (again) at the end
            last = db.execute("SELECT coalesce(max(position), -1) FROM strategy_options WHERE note_id = ?",
                              [option.note_id]).fetchone()[0]
            row |= {"position": last + 1, "created_at": row["updated_at"]}
            option_id = db["strategy_options"].insert(row).last_pk
            position = last + 1
        _touch(db, option.note_id)
    return replace(option, id=option_id, position=position, title=row["title"])


def save_option_merging(db: Database, option: Option, base: Option) -> tuple[Option, MergeReport]:
    """save_option(), merging with what another window saved to the option since
    `base` (the option as the dialog opened it) instead of overwriting it."""
    from journal.store.merge import MergeReport, merge_line, merge_text, merge_value, when_text

    report = MergeReport()
    with write_transaction(db):
        row = None
        if option.id is not None:
            row = db.execute("SELECT * FROM strategy_options WHERE id = ?", [option.id]).fetchone()
        if row is not None:
            names = [c[0] for c in db.execute("SELECT * FROM strategy_options LIMIT 0").description]
            stored = _option_from_row(dict(zip(names, row)))
            title, how = merge_line(base.title, option.title, stored.title)
            report.add("the option's name", how)
            texts = {}
            for name in ("predicted_benefit", "cost", "risk", "notes"):
                texts[name], how = merge_text(getattr(base, name), getattr(option, name), getattr(stored, name),
                                              "meanwhile")
                report.add(f"the option's {name.replace('_', ' ')}", how)
            option = replace(option, title=title, kind=merge_value(base.kind, option.kind, stored.kind),
                             **texts)
        elif option.id is not None:
            report.recreated = True  # removed elsewhere while its dialog was open
        return save_option(db, option), report


def delete_option(db: Database, option_id: int) -> None:
    with write_transaction(db):
        row = db.execute("SELECT note_id FROM strategy_options WHERE id = ?", [option_id]).fetchone()
        if row is None:
            return
        db.execute("UPDATE strategy_notes SET decided_option_id = NULL, decided_on = NULL, decision_why = '', "
                   "review_on = NULL WHERE id = ? AND decided_option_id = ? AND reviewed_on IS NULL",
                   [row[0], option_id])
        db["strategy_options"].delete(option_id)
        _touch(db, row[0])


def move_option(db: Database, option_id: int, step: int) -> None:
    """Swap the option with its neighbour above (step -1) or below (+1)."""
    with write_transaction(db):
        note_id = db.execute("SELECT note_id FROM strategy_options WHERE id = ?", [option_id]).fetchone()[0]
        ids = [r[0] for r in db.execute(
            "SELECT id FROM strategy_options WHERE note_id = ? ORDER BY position, id", [note_id])]
        index = ids.index(option_id)
        target = index + step
        if not 0 <= target < len(ids):
            return
        ids[index], ids[target] = ids[target], ids[index]
        for position, oid in enumerate(ids):
            db.execute("UPDATE strategy_options SET position = ? WHERE id = ?", [position, oid])
        _touch(db, note_id)


def decide(db: Database, note_id: int, option_id: int, why: str, decided_on: date, review_on: date) -> StrategyNote:
    problems = {}
    owner = db.execute("SELECT note_id FROM strategy_options WHERE id = ?", [option_id]).fetchone()
    if owner is None or owner[0] != note_id:
        problems["option"] = "Choose one of this note's options."
    if review_on < decided_on:
        problems["review_on"] = "The review date comes after the decision; pick a later one."
    if problems:
        raise InvalidStrategy(problems)
    with write_transaction(db):
        db.execute(
            "UPDATE strategy_notes SET decided_option_id = ?, decision_why = ?, decided_on = ?, review_on = ?, "
            "reviewed_on = NULL, realized_benefit = '', met_prediction = NULL, lesson = '' WHERE id = ?",
            [option_id, why, decided_on.isoformat(), review_on.isoformat(), note_id])
        _touch(db, note_id)
        note = get(db, note_id)
    assert note is not None
    return note


def review(db: Database, note_id: int, realized_benefit: str, met_prediction: str, lesson: str,
           reviewed_on: date) -> StrategyNote:
    note = get(db, note_id)
    problems = {}
    if note is None or note.decided_option_id is None:
        problems["decision"] = "Record the decision before reviewing it."
    if not realized_benefit.strip():
        problems["realized_benefit"] = "Write the benefit actually realized, even if it is 'none'."
    if met_prediction not in OUTCOMES:
        problems["met_prediction"] = "Say whether it met the prediction: met, partly or missed."
    if problems:
        raise InvalidStrategy(problems)
    with write_transaction(db):
        db.execute("UPDATE strategy_notes SET realized_benefit = ?, met_prediction = ?, lesson = ?, "
                   "reviewed_on = ? WHERE id = ?",
                   [realized_benefit, met_prediction, lesson, reviewed_on.isoformat(), note_id])
        _touch(db, note_id)
        saved = get(db, note_id)
    assert saved is not None
    return saved


def dismiss_nudge(db: Database, note_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE strategy_notes SET nudge_dismissed = 1 WHERE id = ?", [note_id])
        _touch(db, note_id)


def trash(db: Database, note_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE strategy_notes SET deleted_at = ? WHERE id = ?", [now_iso(), note_id])
        _touch(db, note_id)


def restore(db: Database, note_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE strategy_notes SET deleted_at = NULL WHERE id = ?", [note_id])
        _touch(db, note_id)


_STATUS_SQL = ("CASE WHEN n.reviewed_on IS NOT NULL THEN 'reviewed' "
               "WHEN n.decided_option_id IS NOT NULL THEN 'decided' ELSE 'open' END")


def _where(flt: Filter, today: date) -> tuple[str, list]:
    clauses, params = ["n.deleted_at IS NULL"], []
    query = fts_query(flt.text)
    if query is not None:
        clauses.append("(n.id IN (SELECT rowid FROM strategy_notes_fts WHERE strategy_notes_fts MATCH ?) OR "
                       "n.id IN (SELECT o.note_id FROM strategy_options o WHERE o.id IN "
                       "(SELECT rowid FROM strategy_options_fts WHERE strategy_options_fts MATCH ?)))")
        params += [query, query]
    if flt.tag:
        clauses.append("n.id IN (SELECT note_id FROM strategy_tags WHERE tag = ?)")
        params.append(flt.tag)
    if flt.status == "due":
        clauses.append("n.reviewed_on IS NULL AND n.decided_option_id IS NOT NULL AND n.review_on <= ?")
        params.append(today.isoformat())
    elif flt.status:
        clauses.append(f"{_STATUS_SQL} = ?")
        params.append(flt.status)
    if flt.ids is not None:
        clauses.append(f"n.id IN ({','.join('?' * len(flt.ids)) or 'NULL'})")
        params.extend(flt.ids)
    return " AND ".join(clauses), params


def list_notes(db: Database, flt: Filter, today: date, limit: int = PAGE_SIZE, offset: int = 0) -> list[NoteSummary]:
    """A page of notes, most recently changed first; reviews due sort by review date."""
    where, params = _where(flt, today)
    order = "n.review_on, n.id" if flt.status == "due" else "n.updated_at DESC, n.id DESC"
    rows = db.execute(
        f"SELECT n.id, n.question, {_STATUS_SQL}, "
        "(SELECT count(*) FROM strategy_options o WHERE o.note_id = n.id AND o.kind = 'incremental'), "
        "(SELECT count(*) FROM strategy_options o WHERE o.note_id = n.id AND o.kind = 'breakthrough'), "
        "n.review_on, (SELECT kind FROM strategy_options o WHERE o.id = n.decided_option_id), n.updated_at "
        f"FROM strategy_notes n WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    return [NoteSummary(r[0], r[1], r[2], r[3], r[4], _d(r[5]), r[6], r[7]) for r in rows]


def count(db: Database, flt: Filter, today: date, at_most: int | None = None) -> int:
    """How many match; with at_most, stops counting past it (returns at_most + 1)."""
    where, params = _where(flt, today)
    if at_most is None:
        return db.execute(f"SELECT count(*) FROM strategy_notes n WHERE {where}", params).fetchone()[0]
    return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM strategy_notes n WHERE {where} LIMIT ?)",
                      [*params, at_most + 1]).fetchone()[0]


def reviews_due(db: Database, today: date, limit: int = 50) -> list[NoteSummary]:
    return list_notes(db, Filter(status="due"), today, limit=limit)


def count_due(db: Database, today: date) -> int:
    """Uses the (deleted_at, review_on) index: grows with the notes due, not the journal."""
    return db.execute(
        "SELECT count(*) FROM strategy_notes WHERE deleted_at IS NULL AND review_on <= ? "
        "AND reviewed_on IS NULL AND decided_option_id IS NOT NULL", [today.isoformat()]).fetchone()[0]


@dataclass(frozen=True)
class Summary:
    decided: int
    breakthrough_decisions: int
    reviewed: int
    met: int
    partly: int
    missed: int

    def sentence(self) -> str:
        if not self.decided:
            return "No decisions recorded yet."
        share = round(100 * self.breakthrough_decisions / self.decided)
        text = (f"{self.decided} decisions · {self.breakthrough_decisions} took a breakthrough option ({share}%)")
        if self.reviewed:
            met_share = round(100 * self.met / self.reviewed)
            text += (f" · {self.reviewed} reviewed: the realized benefit met the prediction in {self.met} "
                     f"({met_share}%), partly in {self.partly}, missed in {self.missed}")
        else:
            text += " · none reviewed yet"
        return text


def summary(db: Database) -> Summary:
    row = db.execute(
        "SELECT count(*), "
        "coalesce(sum(o.kind = 'breakthrough'), 0), "
        "coalesce(sum(n.reviewed_on IS NOT NULL), 0), "
        "coalesce(sum(n.met_prediction = 'met'), 0), "
        "coalesce(sum(n.met_prediction = 'partly'), 0), "
        "coalesce(sum(n.met_prediction = 'missed'), 0) "
        "FROM strategy_notes n JOIN strategy_options o ON o.id = n.decided_option_id "
        "WHERE n.deleted_at IS NULL").fetchone()
    return Summary(*row)


def iter_notes(db: Database, flt: Filter, today: date, batch: int = 200):
    """Every matching note in full, for export."""
    offset = 0
    while page := list_notes(db, flt, today, limit=batch, offset=offset):
        for summary_row in page:
            note = get(db, summary_row.id)
            if note is not None:
                yield note
        offset += len(page)
