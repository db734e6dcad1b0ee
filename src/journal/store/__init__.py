"""The SQLite side of the journal. Nothing here imports textual."""

from journal.store.db import (
    BusyJournalError,
    DamagedJournalError,
    DiskFullError,
    JournalError,
    NewerJournalError,
    NoAccessError,
    NotAJournalError,
    ReadOnlyJournalError,
    describe_failure,
    open_journal,
    verify_journal,
    write_transaction,
)

__all__ = [
    "BusyJournalError",
    "DamagedJournalError",
    "DiskFullError",
    "JournalError",
    "NewerJournalError",
    "NoAccessError",
    "NotAJournalError",
    "ReadOnlyJournalError",
    "describe_failure",
    "open_journal",
    "verify_journal",
    "write_transaction",
]
