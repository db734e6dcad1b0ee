"""The shared interruptible read behind the list screens and the search screen."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from journal.screens.reading import Readers, Superseded, interrupted
from journal.store.db import open_reader


def test_a_connection_registered_after_a_newer_generation_runs_nothing(db_path, db):
    readers = Readers()
    generation = readers.supersede()
    conn = open_reader(db_path).conn
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    readers.supersede()  # typed on while the worker was opening: nothing to interrupt yet
    with pytest.raises(Superseded):
        with readers.connection(conn, generation) as reader:
            reader.execute("SELECT 1")
    assert ran == [] and readers.running() == 0
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        conn.execute("SELECT 1")


def test_supersede_interrupts_the_running_read(db_path, db):
    readers = Readers()
    generation = readers.supersede()
    started, outcome = threading.Event(), {}
    deadline = time.monotonic() + 8  # a failing test still ends

    def work():
        with readers.reader(db, generation) as reader:
            reader.conn.create_function("going", 0, lambda: started.set() or time.monotonic() < deadline)
            try:
                reader.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE going()) "
                               "SELECT count(*) FROM c").fetchone()
            except sqlite3.OperationalError as error:
                outcome["interrupted"] = interrupted(error)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    assert started.wait(5)
    readers.supersede()
    thread.join(5)
    assert outcome == {"interrupted": True} and readers.running() == 0
