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
            "change_areas": str,  # JSON list from attitude, behavior, skills, focus
            "role": str,  # caused | participated
            "result": str,
            "tags": str,  # JSON list
            "talking_point": int,  # 0 | 1
            "reflection_day": str,  # YYYY-MM-DD of the reflection it came from, or NULL
            "created_at": str,
            "updated_at": str,
            "version": int,
            "deleted_at": str,  # in the trash since, or NULL
        },
        pk="id",
        not_null={"happened_on", "title", "situation", "breakthrough", "change_areas", "role",
                  "result", "tags", "talking_point", "created_at", "updated_at"},
        defaults={"situation": "", "breakthrough": "", "change_areas": "[]", "role": "caused",
                  "result": "", "tags": "[]", "talking_point": 0, "version": 1},
    )
    table = db["breakthroughs"]
    table.create_index(["deleted_at", "happened_on"])
    table.create_index(["reflection_day"])
    table.enable_fts(
        ["title", "situation", "breakthrough", "result", "tags"], create_triggers=True, tokenize=FTS_TOKENIZE
    )
