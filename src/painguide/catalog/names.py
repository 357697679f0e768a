"""How names are compared: "Tai-Chi", "tai chi" and "TAI_CHI" are one name."""

from __future__ import annotations


def normalize(name: str) -> str:
    """Case-fold and drop everything but letters and digits."""
    return "".join(char for char in name.casefold() if char.isalnum())
