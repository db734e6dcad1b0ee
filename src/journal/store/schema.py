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
