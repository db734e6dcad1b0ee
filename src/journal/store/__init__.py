"""The SQLite side of the journal. Nothing here imports textual."""

from journal.store.db import (
    JournalError,
    NewerJournalError,
    NotAJournalError,
    open_journal,
    write_transaction,
)

__all__ = [
    "JournalError",
    "NewerJournalError",
    "NotAJournalError",
    "open_journal",
    "write_transaction",
]
