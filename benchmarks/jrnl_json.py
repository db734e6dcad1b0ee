"""A jrnl JSON export of N × the entries of a smaller one, for import at 1,000,000 entries.

    python benchmarks/jrnl_json.py SOURCE_JSON COPIES > big.json

Copy k is the source with its dates moved back 28 × (COPIES - 1 - k) years (the
calendar repeats every 28 years, but for 1800 and 1900: their 29 February becomes
the 28th), so the output stays sorted by date like jrnl's own export, and every
entry is distinct.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    source, copies = sys.argv[1], int(sys.argv[2])
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    out = sys.stdout
    out.write('{\n  "tags": ' + json.dumps({k: v * copies for k, v in data["tags"].items()}) + ',\n  "entries": [')
    first = True
    for k in range(copies):
        back = 28 * (copies - 1 - k)
        for entry in data["entries"]:
            year = int(entry["date"][:4]) - back
            rest = entry["date"][4:]
            if rest == "-02-29" and year % 100 == 0 and year % 400:
                rest = "-02-28"
            moved = {**entry, "date": f"{year:04d}{rest}"}
            out.write(("\n    " if first else ",\n    ") + json.dumps(moved, ensure_ascii=False))
            first = False
    out.write("\n  ]\n}\n")


if __name__ == "__main__":
    main()
