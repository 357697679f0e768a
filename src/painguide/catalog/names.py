"""How names are compared: "Tai-Chi", "tai chi", "TAI_CHI" and "taichí" are one name."""

from __future__ import annotations

import unicodedata


def normalize(name: str) -> str:
    """Case-fold, drop accents ("taichí" is "taichi") and everything but letters and digits."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))
