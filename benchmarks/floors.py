"""The floor of each command: bare Python + sqlite3 doing the same work and writing
the same output, with nothing of journal imported. commands.py times ours against these.

    python benchmarks/floors.py write DB TEXT
    python benchmarks/floors.py export DB                 # Markdown to stdout
    python benchmarks/floors.py split DB DIR              # one file per record, YAML frontmatter
    python benchmarks/floors.py import DB JRNL_JSON       # DB: an empty journal
    python benchmarks/floors.py backup DB DEST            # online backup API, copy checked
    python benchmarks/floors.py doctor DB                 # integrity_check, foreign keys, FTS5 checks
    python benchmarks/floors.py tag DB TAG                # every record with the tag
    python benchmarks/floors.py range DB FROM TO          # every record in the range
    python benchmarks/floors.py search DB WORD            # every match of WORD, newest first, with snippets

Each is written the plain way one would write it by hand: one query per table,
executemany in one transaction, f-strings, no validation beyond what SQLite does.
"""

from __future__ import annotations

import heapq
import json
import os
import re
import sqlite3
import sys
from datetime import date, datetime


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def write(path: str, text: str) -> None:
    """Open the file, append a paragraph to today's reflection (or create it)."""
    conn = connect(path)
    day = date.today().isoformat()
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    conn.execute("BEGIN IMMEDIATE")
    row = conn.execute("SELECT body FROM reflections WHERE day = ?", [day]).fetchone()
    if row:
        conn.execute("UPDATE reflections SET body = ?, updated_at = ? WHERE day = ?",
                     [f"{row[0]}\n\n{text}", now, day])
    else:
        conn.execute("INSERT INTO reflections (day, body, created_at, updated_at) VALUES (?, ?, ?, ?)",
                     [day, text, now, now])
    conn.execute("COMMIT")
    print(f"Added to the reflection of {day}.")


def _records(conn: sqlite3.Connection, where: str = "1", params=(), tag: str | None = None):
    """(day, order, id, kind, row) for every record not in the trash, merged by day like export."""
    def stream(table: str, day: str, order: int, kind: str, tags: str, key: str, alive: str):
        sql = f"SELECT {day} AS record_day, * FROM {table} t WHERE {alive} AND {where.replace('DAY', day)}"
        args = list(params)
        if tag is not None:
            sql += f" AND t.id IN (SELECT {key} FROM {tags} WHERE tag = ?)"
            args.append(tag)
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        for row in cursor.execute(sql + f" ORDER BY {day}, id", args):
            yield row["record_day"], order, row["id"], kind, row

    return heapq.merge(stream("reflections", "day", 0, "reflection", "reflection_tags", "reflection_id", "1"),
                       stream("breakthroughs", "happened_on", 1, "breakthrough", "breakthrough_tags",
                              "breakthrough_id", "deleted_at IS NULL"),
                       stream("strategy_notes", "substr(created_at, 1, 10)", 2, "strategy", "strategy_tags",
                              "note_id", "deleted_at IS NULL"))


_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _long(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {_MONTHS[d.month]} {d.year}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "–"


def _reflection_md(row) -> str:
    body = row["body"].strip()
    parts = [f"#### {row['day']} · Reflection\n"]
    if body:
        parts.append(body + "\n")
    for prompt, answer in zip(json.loads(row["prompts"]), json.loads(row["answers"])):
        if answer.strip():
            parts.append(f"**{prompt}**\n\n{answer.strip()}\n")
    tags = json.loads(row["tags"])
    if tags:
        parts.append("Tags: #" + " #".join(tags) + "\n")
    return "\n".join(parts)


def _breakthrough_md(row) -> str:
    d = date.fromisoformat(row["happened_on"])
    facts = [f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month]} {d.year}", row["role"]]
    areas = [a for a in ("attitude", "behavior", "skills", "focus") if row[a]]
    if areas:
        facts.append("changed " + ", ".join(areas))
    if row["talking_point"]:
        facts.append("★ talking point")
    parts = [f"#### {d} · Breakthrough: {row['title']}\n", " · ".join(facts) + "\n"]
    for label, key in (("Situation", "situation"), ("Breakthrough", "breakthrough"), ("Result", "result")):
        if row[key].strip():
            parts.append(f"##### {label}\n\n{row[key].strip()}\n")
    tags = json.loads(row["tags"])
    if tags:
        parts.append("Tags: `#" + "` `#".join(tags) + "`\n")
    if row["reflection_day"]:
        parts.append(f"*From the reflection of {_long(row['reflection_day'])}.*\n")
    return "\n".join(parts)


def _strategy_md(row, options: list) -> str:
    status = "reviewed" if row["reviewed_on"] else "decided" if row["decided_option_id"] is not None else "open"
    tags = json.loads(row["tags"])
    lines = [f"#### {row['record_day']} · Strategy note: {row['question']}", "",
             status + (" · " + " ".join(f"#{t}" for t in tags) if tags else ""), ""]
    if row["context"].strip():
        lines += [row["context"].strip(), ""]
    chosen = next((o for o in options if o["id"] == row["decided_option_id"]), None)
    if options:
        lines += ["| | Option | Kind | Predicted benefit | Cost | Risk | Realized benefit |",
                  "|---|---|---|---|---|---|---|"]
        for o in options:
            realized = _cell(row["realized_benefit"]) if o is chosen and row["reviewed_on"] else ""
            lines.append(f"| {'✓' if o is chosen else ''} | {_cell(o['title'])} | {o['kind']} | "
                         f"{_cell(o['predicted_benefit'])} | {_cell(o['cost'])} | {_cell(o['risk'])} | {realized} |")
        lines.append("")
    else:
        lines += ["*No options yet.*", ""]
    if chosen is not None and row["decided_on"]:
        lines += ["##### Decision", "", f"Chose **{chosen['title']}** ({chosen['kind']}) on {_long(row['decided_on'])}."]
        if row["decision_why"].strip():
            lines += ["", row["decision_why"].strip()]
        if row["review_on"] and not row["reviewed_on"]:
            lines += ["", f"Review on {_long(row['review_on'])}."]
        lines.append("")
    if row["reviewed_on"] and chosen is not None:
        outcome = {"met": "met the prediction", "partly": "partly met the prediction",
                   "missed": "missed the prediction"}.get(row["met_prediction"] or "", "")
        lines += [f"##### Review, {_long(row['reviewed_on'])}", "", f"- Predicted: {_cell(chosen['predicted_benefit'])}",
                  f"- Realized: {_cell(row['realized_benefit'])} ({outcome})", ""]
        if row["lesson"].strip():
            lines += [f"**Lesson.** {row['lesson'].strip()}", ""]
    return "\n".join(lines).rstrip() + "\n"


def export(path: str) -> None:
    """What `journal export` writes: a document grouped by year and month, a section per record."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    options: dict[int, list] = {}
    for o in conn.execute("SELECT * FROM strategy_options ORDER BY note_id, position, id"):
        options.setdefault(o["note_id"], []).append(o)
    out = sys.stdout
    out.write("# Journal\n")
    year = month = None
    for day, _, rid, kind, row in _records(conn):
        if day[:4] != year:
            year, month = day[:4], None
            out.write(f"\n## {int(year)}\n")
        if day[5:7] != month:
            month = day[5:7]
            out.write(f"\n### {_MONTHS[int(month)]} {int(year)}\n")
        if kind == "reflection":
            out.write("\n" + _reflection_md(row))
        elif kind == "breakthrough":
            out.write("\n" + _breakthrough_md(row))
        else:
            out.write("\n" + _strategy_md(row, options.get(rid, [])))


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def split(path: str, folder: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    used: set[str] = set()
    for day, _, rid, kind, row in _records(conn):
        name = f"{day}.md" if kind == "reflection" else f"{day}-{kind}-{rid}.md"
        if name in used:
            name = f"{day}-{kind}-{rid}.md"
        used.add(name)
        tags = json.loads(row["tags"])
        front = [f"date: {day}", f"kind: {kind}", f"id: {rid}", f"tags: [{', '.join(map(_yaml_text, tags))}]"]
        if kind == "reflection":
            front.append(f"prompts: [{', '.join(map(_yaml_text, json.loads(row['prompts'])))}]")
            text = f"<!-- journal:body -->\n{row['body']}\n<!-- journal:end -->\n"
        elif kind == "breakthrough":
            front += [f"title: {_yaml_text(row['title'])}", f"role: {row['role']}",
                      f"talking_point: {'true' if row['talking_point'] else 'false'}"]
            text = f"## Breakthrough\n\n<!-- journal:breakthrough -->\n{row['breakthrough']}\n<!-- journal:end -->\n"
        else:
            front.append(f"question: {_yaml_text(row['question'])}")
            text = f"# {row['question']}\n\n<!-- journal:context -->\n{row['context']}\n<!-- journal:end -->\n"
        front += [f"created_at: '{row['created_at']}'", f"updated_at: '{row['updated_at']}'",
                  f"version: {row['version']}", "journal_format: 2"]
        fd = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8") as handle:
            handle.write("---\n" + "\n".join(front) + "\n---\n" + text)


def import_jrnl(path: str, source: str) -> None:
    """jrnl's JSON export: entries grouped by day into reflections, one imports row each."""
    import hashlib

    with open(source, encoding="utf-8") as handle:
        entries = json.load(handle)["entries"]
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    days: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    keys = []
    for entry in entries:
        day = entry["date"]
        heading = f"{entry['time']} · {entry['title']}"
        days.setdefault(day, []).append(f"**{heading}**\n\n{entry['body']}")
        tags.setdefault(day, []).extend(t.lstrip("@") for t in entry["tags"] if t.lstrip("@") not in tags[day])
        key = hashlib.sha256("\x1f".join(("jrnl", day, entry["time"], entry["title"], entry["body"]))
                             .encode()).hexdigest()[:32]
        keys.append(("jrnl", key, "reflection", day, now))
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO reflections (day, body, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                     [(day, "\n\n".join(parts), json.dumps(tags[day]), now, now) for day, parts in days.items()])
    conn.executemany("INSERT INTO imports (source, source_key, kind, record_key, imported_at) VALUES (?, ?, ?, ?, ?)",
                     keys)
    conn.execute("COMMIT")
    print(f"Added {len(days)} reflections from {os.path.basename(source)} (jrnl).")


def backup(path: str, dest: str) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    source.backup(target)
    target.execute("PRAGMA journal_mode=DELETE")
    assert target.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    target.close()
    print(f"Backed up {path} to {dest}.")


def doctor(path: str) -> None:
    """doctor's checks: integrity_check, foreign keys, and each FTS5 index's own
    'integrity-check'. That is an INSERT command, refused read-only; before SQLite
    3.45.1 (where integrity_check runs it) it needs a writable copy, as doctor makes."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    fk = conn.execute("PRAGMA foreign_key_check").fetchone()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")]
    if sqlite3.sqlite_version_info < (3, 45, 1):
        copy = sqlite3.connect(":memory:", isolation_level=None)
        conn.backup(copy)
        for table in tables:
            try:
                copy.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
            except sqlite3.DatabaseError as error:
                problems.append(f"{table}: {error}")
    print("All good." if problems == ["ok"] and fk is None else f"Problems: {problems}")


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _visible(text: str) -> str:
    """Control characters as pictures, as every command prints stored text."""
    return _CONTROLS.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20
                         else ("\u2421" if ord(m.group()) == 0x7F else "\ufffd"), text)


def _one_line(text: str) -> str:
    """The opening text on one line, list columns' JSON punctuation read as separators."""
    text = " ".join(text.split())
    for junk, sep in (('", "', " · "), ('["', ""), ('"]', ""), ("[]", "")):
        text = text.replace(junk, sep)
    return re.sub(r"(?:\s*·\s*)+", " · ", text.replace('\\"', '"')).strip(" ·")


def _listing(conn, where: str, params, tag: str | None) -> None:
    """What `journal search --limit 0` prints with filters only: newest first, a title
    (a reflection's first line, cut at 70) and the record's opening 160 characters."""
    arms, args = [], []
    for kind, table, day, title, text, tags, key, alive in (
            ("reflection", "reflections", "day", "substr(body, 1, 200)", "body", "reflection_tags",
             "reflection_id", "1"),
            ("breakthrough", "breakthroughs", "happened_on", "title", "breakthrough", "breakthrough_tags",
             "breakthrough_id", "deleted_at IS NULL"),
            ("strategy", "strategy_notes", "substr(created_at, 1, 10)", "question", "context", "strategy_tags",
             "note_id", "deleted_at IS NULL")):
        sql = (f"SELECT '{kind}' AS kind, id, {day} AS day, {title} AS title, substr({text}, 1, 160) AS text "
               f"FROM {table} WHERE {alive} AND {where.replace('DAY', day)}")
        args += params
        if tag is not None:
            sql += f" AND id IN (SELECT {key} FROM {tags} WHERE tag = ?)"
            args.append(tag)
        arms.append(sql)
    out = sys.stdout
    lines, count = [], 0
    for kind, _, day, title, text in conn.execute(" UNION ALL ".join(arms) + " ORDER BY day DESC, kind, id DESC",
                                                  args):
        if kind == "reflection":
            title = next((line.strip().lstrip("#").strip() for line in (title or "").splitlines() if line.strip()),
                         "") or "Reflection"
            if len(title) > 70:
                title = title[:69].rsplit(" ", 1)[0] + "…"
        lines.append(f"{day}  {kind:<12}  {_visible(title or '')}")
        lines.append("            " + _visible(_one_line(text or "")))
        count += 1
        if len(lines) >= 2000:
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
    print(f"{count} matches", file=sys.stderr)


def tag(path: str, name: str) -> None:
    _listing(sqlite3.connect(f"file:{path}?mode=ro", uri=True), "1", (), name)


def date_range(path: str, start: str, end: str) -> None:
    _listing(sqlite3.connect(f"file:{path}?mode=ro", uri=True), "DAY BETWEEN ? AND ?", (start, end), None)


SNIPPET_WIDTH = 120


def _snippet(text: str, pattern) -> str:
    """The text around the first match, one line, the JSON punctuation of list columns dropped."""
    import re

    found = pattern.search(text)
    start = max(0, found.start() - SNIPPET_WIDTH // 3) if found else 0
    if start:
        start = text.find(" ", start, found.start() if found else None) + 1 or start
    window = text[start:start + SNIPPET_WIDTH]
    if start + SNIPPET_WIDTH < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    window = " ".join((("…" if start else "") + window).split())
    for junk, sep in (('", "', " · "), ('["', ""), ('"]', ""), ("[]", "")):
        window = window.replace(junk, sep)
    return re.sub(r"(?:\s*·\s*)+", " · ", window.replace('\\"', '"')).strip(" ·")


def search(path: str, word: str) -> None:
    """`journal search WORD --limit 0` when more than 10,000 match: every match newest
    first (day, then kind, then id), two lines each, merged from one query per kind."""
    import re

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    query = f'"{word}"*'
    pattern = re.compile(r"(?<![^\W_])(?:" + re.escape(word) + r")\w*", re.IGNORECASE)
    rank = {"breakthrough": 2, "reflection": 1, "strategy": 0}  # kind ascending, in a descending merge

    def rows(sql: str, kind: str, params):
        for day, rid, title, text in conn.execute(sql, params):
            yield (day, rank[kind], rid), kind, title, text

    reflections = rows("SELECT day, id, substr(body, 1, 200), body || ' ' || answers FROM reflections WHERE id IN "
                       "(SELECT rowid FROM reflections_fts WHERE reflections_fts MATCH ?) ORDER BY day DESC, id DESC",
                       "reflection", [query])
    events = rows("SELECT happened_on, id, title, title || ' ' || situation || ' ' || breakthrough || ' ' || result "
                  "FROM breakthroughs WHERE deleted_at IS NULL AND id IN (SELECT rowid FROM breakthroughs_fts "
                  "WHERE breakthroughs_fts MATCH ?) ORDER BY happened_on DESC, id DESC", "breakthrough", [query])
    # A note's snippet comes from its own text or its best-matching option's, whichever ranks better.
    notes = rows("SELECT day, nid, question, CASE WHEN oid IS NULL THEN question || ' ' || context ELSE "
                 "(SELECT title || ' ' || predicted_benefit || ' ' || notes FROM strategy_options WHERE id = oid) END "
                 "FROM (SELECT substr(n.created_at, 1, 10) AS day, n.id AS nid, n.question, n.context, oid, "
                 "min(score) FROM (SELECT rowid AS note, NULL AS oid, bm25(strategy_notes_fts) AS score "
                 "FROM strategy_notes_fts WHERE strategy_notes_fts MATCH ? UNION ALL SELECT o.note_id, o.id, "
                 "bm25(strategy_options_fts) FROM strategy_options_fts JOIN strategy_options o "
                 "ON o.id = strategy_options_fts.rowid WHERE strategy_options_fts MATCH ?) m "
                 "JOIN strategy_notes n ON n.id = m.note WHERE n.deleted_at IS NULL GROUP BY n.id) "
                 "ORDER BY day DESC, nid DESC", "strategy", [query, query])
    out, lines, count = sys.stdout, [], 0
    for (day, _, _), kind, title, text in heapq.merge(reflections, events, notes, key=lambda r: r[0], reverse=True):
        if kind == "reflection":
            title = next((l.strip().lstrip("#").strip() for l in (title or "").splitlines() if l.strip()), "")
            title = title or "Reflection"
            if len(title) > 70:
                title = title[:69].rsplit(" ", 1)[0] + "…"
        lines.append(f"{day}  {kind:<12}  {title or ''}")
        lines.append(f"            {_snippet(text or '', pattern)}")
        count += 1
        if len(lines) >= 2000:
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
    print(f"{count} matches", file=sys.stderr)


COMMANDS = {"write": write, "export": export, "split": split, "import": import_jrnl, "backup": backup,
            "doctor": doctor, "tag": tag, "range": date_range, "search": search}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
