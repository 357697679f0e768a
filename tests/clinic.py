"""The test catalog with a clinic that can be reached: phone, website, hours,
a location with an address, and a topic link. Shared by the contact, handout,
browser and PDF tests.

Numbers are in 555-0100..0199 and addresses under .example, which are kept
for fiction and documentation, so no real clinic is ever printed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CATALOG

PHONE = "555-0100"
WEBSITE = "https://clinic.example/pain-care"
HOURS = "Monday to Friday, 8 am to 5 pm"
LINK_URL = "https://clinic.example/videos/tai-chi?lang=en"
LINK_LABEL = "Our tai chi class, on video"

PLAIN_CLINIC = "  clinic:\n    name: Test Clinic\n    locations: [North Town, South Town]\n"
CONTACT_CLINIC = f"""  clinic:
    name: Test Clinic
    phone: {PHONE}
    website: {WEBSITE}
    hours: {HOURS}
    locations:
      - North Town
      - name: South Town
        address: 1 Main Street, South Town
        phone: 555-0111
"""
TAI_CHI_END = "    related: [acupuncture]\n    last_reviewed: 2026-11-20\n"
TAI_CHI_LINKS = f"""    related: [acupuncture]
    links:
      - label: {LINK_LABEL}
        url: "{LINK_URL}"
    last_reviewed: 2026-11-20
"""


def contact_text(base: str | None = None) -> str:
    text = CATALOG.read_text(encoding="utf-8") if base is None else base
    assert PLAIN_CLINIC in text and TAI_CHI_END in text
    return text.replace(PLAIN_CLINIC, CONTACT_CLINIC).replace(TAI_CHI_END, TAI_CHI_LINKS)


def write_contact(write_catalog: Callable[..., Path]) -> Path:
    return write_catalog(contact_text(), "contact.yaml")
