"""Attack: a new user bringing a journal over from jrnl or Day One.

- jrnl keeps its journal as a plain text file ([2026-01-01 09:00:00 AM] Title …).
  Importing it is the first thing a jrnl user tries; the answer was "is not valid
  JSON (line 1, column 6 …). Is the file complete?", which sends them looking for
  damage that is not there, instead of telling them what to run.
- Day One exports photo-only entries without text. Importing them added empty
  "**09:30**" headings to the user's existing reflection and said "Added text".
"""

from __future__ import annotations

import json
from datetime import date

from adv_journal import run

from journal.store import open_journal, reflections


def test_a_jrnl_text_journal_is_named_as_such_not_called_incomplete_json(db_path, tmp_path):
    open_journal(db_path).close()
    source = tmp_path / "journal.txt"
    source.write_text("[2026-01-01 09:00:00 AM] Board day\nIt went well. @board\n\n"
                      "[2026-01-02 08:15:00 PM] Hiring\nTwo offers out.\n", encoding="utf-8")
    result = run(db_path, "import", source)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Is the file complete?" not in result.output, result.output
    assert "jrnl" in result.output, result.output  # what it is, and how to bring it over (jrnl --export json)


def test_day_one_entries_without_text_leave_the_existing_reflection_as_it_was(db_path, tmp_path):
    db = open_journal(db_path)
    reflections.append(db, date(2026, 1, 1), "Mine.")
    source = tmp_path / "dayone.json"
    source.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "A1", "creationDate": "2026-01-01T09:30:00Z"},  # a photo-only entry
        {"uuid": "A2", "creationDate": "2026-01-01T10:30:00Z", "text": "  \n "},
    ]}), encoding="utf-8")
    result = run(db_path, "import", source)
    assert "Traceback" not in result.output
    assert reflections.get(db, date(2026, 1, 1)).body == "Mine.", reflections.get(db, date(2026, 1, 1)).body
    assert "Added text" not in result.output, result.output
