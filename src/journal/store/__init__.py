"""The SQLite side of the journal. Nothing here imports textual."""

from journal.store.db import (
    DamagedJournalError,
    JournalError,
    NewerJournalError,
    NotAJournalError,
    open_journal,
    verify_journal,
    write_transaction,
)

__all__ = [
    "DamagedJournalError",
    "JournalError",
    "NewerJournalError",
    "NotAJournalError",
    "open_journal",
    "verify_journal",
    "write_transaction",
]
