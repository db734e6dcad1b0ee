#!/usr/bin/env bash
# Every benchmark behind the README's tables, in one go (about 30 minutes on 2 cores;
# run it on a quiet machine: timings on a shared one vary by a third).
#
#   benchmarks/all.sh CORPUS_100K FULL_DB [CORPUS_1M]
#
# CORPUS_100K: a folder from `python benchmarks/corpus.py 100000 DIR` (journal.db and jrnl/);
# FULL_DB: that journal plus 100,000 breakthroughs and 5,000 strategy notes (see the README);
# CORPUS_1M: `python benchmarks/corpus.py 1000000 DIR`, for search and write at 1,000,000.
# Writes benchmarks/{results,commands,search,tui}.md, then copies them into the README.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
corpus=$1 full=$2 million=${3:-}
jrnl_json="$corpus/jrnl.json"
if [ ! -s "$jrnl_json" ]; then  # import reads jrnl's own JSON export of the same corpus
    XDG_CONFIG_HOME="$corpus/jrnl/config" "$(dirname "$py")/jrnl" --export json > "$jrnl_json"
fi
"$py" benchmarks/run.py
{
    echo "# Each command against its floor"
    echo
    echo "A bare python + sqlite3 script doing the same work and writing the same bytes"
    echo "(benchmarks/floors.py); whole-process wall time, median of 5 after a warm-up, alternating."
    echo
    echo "#### 100,000 entries"
    echo
    "$py" benchmarks/commands.py "$corpus" --runs 5
    if [ -n "$million" ]; then
        [ -s "$million/jrnl.json" ] || cp "$jrnl_json" "$million/jrnl.json"
        echo
        echo "#### 1,000,000 entries"
        echo
        "$py" benchmarks/commands.py "$million" --runs 3 --only write search tag date
    fi
} > benchmarks/commands.md
{
    echo "# journal search against its floor"
    echo
    echo "#### The full corpus (100,000 entries + 100,000 breakthroughs + 5,000 notes)"
    echo
    "$py" benchmarks/search.py "$full" --runs 5
    if [ -n "$million" ]; then
        echo
        echo "#### 1,000,000 entries"
        echo
        "$py" benchmarks/search.py "$million/journal.db" --runs 3
    fi
} > benchmarks/search.md
"$py" benchmarks/tui.py --journals empty "100k=$corpus/journal.db" "full=$full" \
    ${million:+"1m=$million/journal.db"} --runs 2 > benchmarks/tui.md
"$py" scripts/readme_benchmarks.py
