"""The schema, created and evolved by sqlite-utils' Migrations.

Rules for future migrations: append, never edit an applied one; a migration
that calls table.transform() must re-create that table's FTS triggers
(transform drops them).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# PRAGMA application_id marks the file as ours: "JRNL".
APPLICATION_ID = 0x4A524E4C

# Porter stemming so "decide" finds "decided"; remove_diacritics so "cafe" finds "café".
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

migrations = Migrations("journal")


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
    db.execute("""
        CREATE TABLE breakthrough_tags (
            tag TEXT NOT NULL COLLATE NOCASE,
            breakthrough_id INTEGER NOT NULL REFERENCES breakthroughs(id) ON DELETE CASCADE,
            PRIMARY KEY (tag, breakthrough_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX idx_breakthrough_tags_id ON breakthrough_tags (breakthrough_id)")
    # Triggers keep the tag table equal to the JSON column, whoever writes it.
    db.execute("""
        CREATE TRIGGER breakthrough_tags_ai AFTER INSERT ON breakthroughs BEGIN
            INSERT OR IGNORE INTO breakthrough_tags (tag, breakthrough_id)
            SELECT value, new.id FROM json_each(new.tags);
        END""")
    db.execute("""
        CREATE TRIGGER breakthrough_tags_au AFTER UPDATE OF tags ON breakthroughs BEGIN
            DELETE FROM breakthrough_tags WHERE breakthrough_id = old.id;
            INSERT OR IGNORE INTO breakthrough_tags (tag, breakthrough_id)
            SELECT value, new.id FROM json_each(new.tags);
        END""")
    db.execute("""
        CREATE TRIGGER breakthrough_tags_ad AFTER DELETE ON breakthroughs BEGIN
            DELETE FROM breakthrough_tags WHERE breakthrough_id = old.id;
        END""")
