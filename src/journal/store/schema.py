"""The schema, created and evolved by sqlite-utils' Migrations.

Rules for future migrations: append, never edit an applied one; a migration
that calls table.transform() must re-create that table's FTS triggers
(transform drops them).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# PRAGMA application_id marks the file as ours: "JRNL".
from journal.store.db import APPLICATION_ID  # noqa: E402,F401  (re-exported)

# Porter stemming so "decide" finds "decided"; remove_diacritics so "cafe" finds "café".
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
FTS_PREFIXES = "1 2"  # m007: prefixes a person types before the results narrow

migrations = Migrations("journal")


def create_tag_mirror(db: Database, table: str, tag_table: str, id_column: str) -> None:
    """A (tag, id) table kept equal to `table`.tags (a JSON list) by triggers,
    so tag filters use an index instead of json_each over every row."""
    db.execute(f"""
        CREATE TABLE {tag_table} (
            tag TEXT NOT NULL COLLATE NOCASE,
            {id_column} INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
            PRIMARY KEY (tag, {id_column})
        ) WITHOUT ROWID""")
    db.execute(f"CREATE INDEX idx_{tag_table}_id ON {tag_table} ({id_column})")
    insert = f"INSERT OR IGNORE INTO {tag_table} (tag, {id_column}) SELECT value, new.id FROM json_each(new.tags);"
    db.execute(f"CREATE TRIGGER {tag_table}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    db.execute(f"""CREATE TRIGGER {tag_table}_au AFTER UPDATE OF tags ON {table} BEGIN
        DELETE FROM {tag_table} WHERE {id_column} = old.id; {insert} END""")
    db.execute(f"""CREATE TRIGGER {tag_table}_ad AFTER DELETE ON {table} BEGIN
        DELETE FROM {tag_table} WHERE {id_column} = old.id; END""")


@migrations()
def m001_reflections(db: Database) -> None:
    db["reflections"].create(
        {
            "id": int,
            "day": str,  # YYYY-MM-DD, the reflection's own calendar day
            "body": str,  # free Markdown
            "prompts": str,  # JSON list: the prompt set in force when the day began
            "answers": str,  # JSON list of answers, parallel to prompts
            "tags": str,  # JSON list
            "created_at": str,  # ISO 8601 with UTC offset
            "updated_at": str,
            "version": int,  # bumped by every save
        },
        pk="id",
        not_null={"day", "body", "prompts", "answers", "tags", "created_at", "updated_at"},
        defaults={"body": "", "prompts": "[]", "answers": "[]", "tags": "[]", "version": 1},
    )
    db["reflections"].create_index(["day"], unique=True)
    db["reflections"].enable_fts(
        ["body", "answers", "tags"], create_triggers=True, tokenize=FTS_TOKENIZE
    )
    db["settings"].create({"key": str, "value": str}, pk="key", not_null={"value"})


@migrations()
def m002_breakthroughs(db: Database) -> None:
    db["breakthroughs"].create(
        {
            "id": int,
            "happened_on": str,  # YYYY-MM-DD
            "title": str,
            "situation": str,
            "breakthrough": str,  # what was realized
            # what it changed: one 0/1 column per change area, so filters use an index
            "attitude": int,
            "behavior": int,
            "skills": int,
            "focus": int,
            "role": str,  # caused | participated
            "result": str,
            "tags": str,  # JSON list (breakthrough_tags mirrors it for fast filtering)
            "talking_point": int,  # 0 | 1
            "reflection_day": str,  # YYYY-MM-DD of the reflection it came from, or NULL
            "created_at": str,
            "updated_at": str,
            "version": int,
            "deleted_at": str,  # in the trash since, or NULL
        },
        pk="id",
        not_null={"happened_on", "title", "situation", "breakthrough", "attitude", "behavior", "skills",
                  "focus", "role", "result", "tags", "talking_point", "created_at", "updated_at"},
        defaults={"situation": "", "breakthrough": "", "attitude": 0, "behavior": 0, "skills": 0, "focus": 0,
                  "role": "caused", "result": "", "tags": "[]", "talking_point": 0, "version": 1},
    )
    table = db["breakthroughs"]
    # Covers every filter but text and tags, so counts never read the long text columns.
    table.create_index(["deleted_at", "happened_on", "role", "talking_point", "attitude", "behavior",
                        "skills", "focus"], index_name="idx_breakthroughs_filters")
    table.create_index(["reflection_day"])
    table.enable_fts(
        ["title", "situation", "breakthrough", "result", "tags"], create_triggers=True, tokenize=FTS_TOKENIZE
    )
    create_tag_mirror(db, "breakthroughs", "breakthrough_tags", "breakthrough_id")


@migrations()
def m003_strategy_notes(db: Database) -> None:
    db["strategy_notes"].create(
        {
            "id": int,
            "question": str,  # the decision or question faced
            "context": str,
            "tags": str,  # JSON list (strategy_tags mirrors it)
            "nudge_dismissed": int,  # 0 | 1: stop asking for a breakthrough option
            "decided_option_id": int,
            "decision_why": str,
            "decided_on": str,  # YYYY-MM-DD
            "review_on": str,  # YYYY-MM-DD: when to compare realized with predicted
            "reviewed_on": str,
            "realized_benefit": str,
            "met_prediction": str,  # met | partly | missed
            "lesson": str,
            "created_at": str,
            "updated_at": str,
            "version": int,
            "deleted_at": str,
        },
        pk="id",
        not_null={"question", "context", "tags", "nudge_dismissed", "decision_why", "realized_benefit",
                  "lesson", "created_at", "updated_at"},
        defaults={"context": "", "tags": "[]", "nudge_dismissed": 0, "decision_why": "",
                  "realized_benefit": "", "lesson": "", "version": 1},
    )
    db["strategy_options"].create(
        {
            "id": int,
            "note_id": int,
            "position": int,
            "title": str,
            "kind": str,  # incremental | breakthrough
            "predicted_benefit": str,
            "cost": str,
            "risk": str,
            "notes": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("note_id", "strategy_notes", "id")],
        not_null={"note_id", "position", "title", "kind", "predicted_benefit", "cost", "risk", "notes",
                  "created_at", "updated_at"},
        defaults={"predicted_benefit": "", "cost": "", "risk": "", "notes": ""},
    )
    db["strategy_options"].create_index(["note_id", "position"])
    db["strategy_notes"].create_index(["deleted_at", "review_on"])
    db["strategy_notes"].create_index(["deleted_at", "updated_at"])
    db["strategy_notes"].enable_fts(["question", "context", "decision_why", "realized_benefit", "lesson", "tags"],
                                    create_triggers=True, tokenize=FTS_TOKENIZE)
    db["strategy_options"].enable_fts(["title", "predicted_benefit", "cost", "risk", "notes"],
                                      create_triggers=True, tokenize=FTS_TOKENIZE)
    create_tag_mirror(db, "strategy_notes", "strategy_tags", "note_id")


@migrations()
def m004_reflection_tags(db: Database) -> None:
    """Tag filters across every kind: reflections get the same tag table."""
    create_tag_mirror(db, "reflections", "reflection_tags", "reflection_id")
    db.execute("INSERT OR IGNORE INTO reflection_tags (tag, reflection_id) "
               "SELECT j.value, r.id FROM reflections r, json_each(r.tags) j")


@migrations()
def m005_imports(db: Database) -> None:
    """What came from where: importing the same file twice adds nothing."""
    db["imports"].create(
        {"source": str, "source_key": str, "kind": str, "record_key": str, "imported_at": str},
        pk=("source", "source_key"),
        not_null={"kind", "record_key", "imported_at"},
    )


@migrations()
def m006_revisions(db: Database) -> None:
    """One counter for the whole journal. Every write takes the next number as the
    version of what it wrote, so a version never comes back (not after a clear and
    re-create either) and a save that started from an older one is always seen.
    `epoch` changes when a backup is restored into the file: an open app then
    knows that what it last saw is gone, whatever the versions say."""
    import uuid

    db.execute("CREATE TABLE journal_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "revision INTEGER NOT NULL, epoch TEXT NOT NULL)")
    start = db.execute("SELECT max(coalesce((SELECT max(version) FROM reflections), 0), "
                       "coalesce((SELECT max(version) FROM breakthroughs), 0), "
                       "coalesce((SELECT max(version) FROM strategy_notes), 0))").fetchone()[0]
    db.execute("INSERT INTO journal_state (id, revision, epoch) VALUES (1, ?, ?)", [start, uuid.uuid4().hex])


@migrations()
def m007_search_prefixes(db: Database) -> None:
    """One- and two-letter prefixes get entries of their own in every search index
    (FTS5's prefix option), so typing "a" reads one list instead of merging the
    lists of every word that starts with it (0.6 s at 100,000 entries, and more
    as the journal grows). sqlite-utils' enable_fts has no prefix option: the
    index is re-created here with it, and filled by sqlite-utils' rebuild_fts.
    The triggers sqlite-utils made stay: they name the index, which keeps its name."""
    for table in ("reflections", "breakthroughs", "strategy_notes", "strategy_options"):
        fts = db[f"{table}_fts"]
        columns = ", ".join(f"[{c.name}]" for c in fts.columns)
        fts.drop()
        db.execute(f"CREATE VIRTUAL TABLE [{table}_fts] USING FTS5 ({columns}, tokenize='{FTS_TOKENIZE}', "
                   f"prefix='{FTS_PREFIXES}', content=[{table}])")
        db[table].rebuild_fts()
