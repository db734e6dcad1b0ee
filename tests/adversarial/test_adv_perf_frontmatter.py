"""Hostile tester, issue 13: export --split writes simple frontmatter itself. It must
be byte for byte what CSafeDumper writes, for any title or tag a user can type."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.markdown_files import frontmatter, yaml_dump

hostile = st.one_of(
    st.text(max_size=30),
    st.text(st.sampled_from(list("aZ09 _-:#'\"!&*?|>%@`,[]{}.~=<+/\\\t") + ["\u00a0", "\u0085", "\u2028", "\ufeff",
                                                                         "é", "\u0301", "\u202e", "🙂", "\ud7ff",
                                                                         "\ue000", "\ufffe", "\x7f", "\x00"]),
            max_size=12),
    st.sampled_from(["yes", "No", "on", "OFF", "y", "n", "null", "~", "Null", "true", "1_000", "0x1F", "0o17",
                     "1e5", "1.5e3", ".inf", "-.NaN", "2025-01-01", "2025-01-01 10:00", "12:30", "1:20:30", "<<",
                     "=", "- a", "a #b", "a: b", "a:b", "!tag", "&a", "*a", "%x", "@x", "`x", "...", "---",
                     "a  b", " a", "a ", "'a'", '"a"', "a'b", "Ü", "_x", "x_", "1", "-1", "+1", "0", "00", "1.",
                     ".5", "1,000", "a,b", "[a]", "{a}"]),
)
scalar = st.one_of(hostile, st.integers(-10**20, 10**20), st.booleans(), st.none(), st.dates())
value = st.one_of(scalar, st.lists(hostile, max_size=3),
                  st.lists(st.dictionaries(st.sampled_from(["title", "kind", "notes", "2", "yes"]), scalar,
                                           max_size=3), max_size=2))
fields = st.dictionaries(st.one_of(st.sampled_from(["title", "tags", "day", "kind", "id", "options"]), hostile),
                         value, max_size=5)


@settings(max_examples=1000, deadline=None)
@given(fields)
def test_frontmatter_is_what_yaml_writes(fields):
    assert frontmatter(fields) == "---\n" + yaml_dump(fields) + "---\n"
