"""The split files' frontmatter: the fast writer writes exactly what PyYAML writes
(CSafeDumper, our options), and leaves to PyYAML whatever it cannot prove simple."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal import markdown_files as mf

HOSTILE = ["", " ", "a ", " a", "'", "''", '"', "a'b", "it's", "a: b", "a:b", "a #b", "a#b", "#a", "-", "- a",
           "-a", "---", "...", "? a", "a?", "yes", "no", "No", "on", "OFF", "y", "n", "null", "Null", "~", "true",
           "True", "1e3", "1.5", "1_000", "0x1F", "0o17", "1:20", "-1", "+1", ".inf", ".NaN", "<<", "=",
           "2026-03-02", "2026-03-02T08:39:00+00:00", "2026-3-2", "a\tb", "a\nb", "a\rb", "a\x85b", "a\u2028b",
           "\ufeffa", "é", "Éa b", "日本語", "😀", "a😀", "\x00", "\x7f", "a\xa0b", "a  b", "a , b", "[a]", "{a}",
           "a [b]", "&a", "*a", "!a", "|", ">", "%a", "@a", "`a", "a`", "\\", "a\\b", "x" * 5000,
           "a " * 2000, "Ab" * 70 + ": x"]
scalars = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(),
    st.text(alphabet=st.sampled_from(list("aZ09 _.,;:'\"#-?!&*%@=<>[]{}()/~|`\\\t\n\xa0é日😀\x85\u2028\ufeff")),
            max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.floats(allow_nan=False),
)
keys = st.one_of(st.sampled_from(["date", "kind", "id", "tags", "title", "journal_format"]), st.text(max_size=6))
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.lists(st.dictionaries(keys, scalars, max_size=4), max_size=3),
)


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(keys, values, max_size=8))
@example({"title": "a - b", "tags": ["x y", "z"], "options": [{"id": 1, "title": "t", "chosen": False}]})
def test_frontmatter_is_byte_for_byte_what_pyyaml_writes(fields):
    assert mf.frontmatter(fields) == "---\n" + mf.yaml_dump(fields) + "---\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_string_matches_as_a_value_in_a_list_and_in_an_option(text):
    for fields in ({"title": text}, {"tags": [text, "b"]}, {"options": [{"title": text, "id": 2}]}):
        assert mf.frontmatter(fields) == "---\n" + mf.yaml_dump(fields) + "---\n"


def test_a_record_s_frontmatter_does_not_go_through_pyyaml(monkeypatch):
    """The mechanism: the simple values our records hold are written without PyYAML."""
    called = []
    real = mf.yaml_dump
    monkeypatch.setattr(mf, "yaml_dump", lambda fields: called.append(fields) or real(fields))
    fields = {"date": date(2026, 3, 2), "kind": "breakthrough", "id": 5, "tags": ["team", "pricing"],
              "title": "Outcome pricing, at last", "change_areas": ["focus"], "role": "caused",
              "talking_point": False, "reflection_day": None, "created_at": "2026-03-02T08:39:00+00:00",
              "updated_at": "2026-03-02T08:39:00+00:00", "version": 1, "journal_format": 2,
              "options": [{"id": 1, "title": "Raise prices", "kind": "bet", "chosen": True, "position": 0}]}
    text = mf.frontmatter(fields)
    assert called == []
    assert text == "---\n" + real(fields) + "---\n"


def test_what_is_not_provably_simple_goes_to_pyyaml(monkeypatch):
    called = []
    real = mf.yaml_dump
    monkeypatch.setattr(mf, "yaml_dump", lambda fields: called.append(fields) or real(fields))
    for fields in ({"title": "a\nb"}, {"title": "a:b"}, {"at": datetime(2026, 3, 2, 8, 39)}, {"x": 1.5}, {}):
        mf.frontmatter(fields)
    assert len(called) == 5
