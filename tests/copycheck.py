"""Copy detection by fingerprints of 10-word runs (shared by the content test and tools/)."""

from __future__ import annotations

import hashlib
import re

RUN = 10


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def fingerprints(tokens: list[str]) -> set[str]:
    """A fingerprint of every run of RUN consecutive words."""
    runs = (" ".join(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1))
    return {hashlib.blake2b(run.encode(), digest_size=8).hexdigest() for run in runs}
