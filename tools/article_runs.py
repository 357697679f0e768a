"""Fingerprint the clinic's source article for the copy test.

The article belongs to the clinic and is not part of this repository. The
test that no 10-word run of it is copied into the catalog needs only a
fingerprint of each run, so that is what the repository keeps:

    python tools/article_runs.py PATH/TO/integrative-pain-relief-article.txt > tests/data/article-runs.txt

The article's prose ends at its "Resources" list, which quotes the titles of
the papers it cites; our references must quote the same titles exactly, so
only the prose is fingerprinted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from copycheck import fingerprints, words  # noqa: E402


def main() -> int:
    prose = Path(sys.argv[1]).read_text(encoding="utf-8").split("\nResources\n", 1)[0]
    print("# 10-word runs of the clinic article's prose, as blake2b-64 fingerprints (tools/article_runs.py)")
    for fingerprint in sorted(fingerprints(words(prose))):
        print(fingerprint)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
