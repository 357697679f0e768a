"""Clinic contact details and topic links: how a catalog states them, how
mistakes are reported, and where `show` and `--format json` print them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from clinic import HOURS, LINK_LABEL, LINK_URL, PHONE, PLAIN_CLINIC, WEBSITE, contact_text
from conftest import CATALOG, Result, clean
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Clinic, Link, Location
from painguide.errors import CatalogError

Cli = Callable[..., Result]


def load(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) as printed, with the file name shortened to c.yaml."""
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        catalog = load_catalog(str(path))
    except CatalogError as error:
        found = [str(p).replace(str(path), "c.yaml") for p in error.problems]
        return [p for p in found if ": warning: " not in p], [p for p in found if ": warning: " in p]
    return [], [str(p).replace(str(path), "c.yaml") for p in catalog.warnings]


def with_clinic(block: str) -> str:
    return CATALOG.read_text(encoding="utf-8").replace(PLAIN_CLINIC, block)


def test_contact_details_and_links_are_read(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(contact_text(), encoding="utf-8")
    catalog = load_catalog(str(path))
    assert catalog.warnings == ()
    assert catalog.info.clinic == Clinic(
        "Test Clinic",
        (Location("North Town"), Location("South Town", "1 Main Street, South Town", "555-0111")),
        PHONE,
        WEBSITE,
        HOURS,
    )
    assert catalog.topics["tai-chi"].links == (Link(LINK_LABEL, LINK_URL),)
    assert catalog.topics["acupuncture"].links == ()


def test_the_plain_list_of_places_stays_valid(tmp_path: Path) -> None:
    assert load(tmp_path, CATALOG.read_text(encoding="utf-8")) == ([], [])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            f"website: {WEBSITE}",
            "website: javascript:alert(1)",
            "c.yaml:10:14: catalog.clinic.website must be a web address starting with http:// or https://, "
            "not 'javascript:alert(1)'",
        ),
        (
            f"website: {WEBSITE}",
            "website: clinic.example",
            "c.yaml:10:14: catalog.clinic.website must be a web address starting with http:// or https://, "
            "not 'clinic.example'",
        ),
        (
            f"website: {WEBSITE}",
            "website: https://",
            "c.yaml:10:14: catalog.clinic.website must be a web address starting with http:// or https://, "
            "not 'https://'",
        ),
        (f"phone: {PHONE}", "phone:", "c.yaml:9:11: catalog.clinic.phone is empty"),
        (f"phone: {PHONE}", 'phone: "  "', "c.yaml:9:12: catalog.clinic.phone is empty"),
        (
            f"phone: {PHONE}",
            "phone: 5550100",
            "c.yaml:9:12: catalog.clinic.phone must be text, but YAML reads '5550100' as a number; "
            'put it in quotes: "5550100"',
        ),
        (f"hours: {HOURS}", "hours: [8, 5]", "c.yaml:11:12: catalog.clinic.hours must be text, not a list"),
        (
            "        address: 1 Main Street, South Town\n",
            "        adress: 1 Main Street, South Town\n",
            "c.yaml:15:9: catalog.clinic.locations[2]: unknown key 'adress' (did you mean 'address'?)",
        ),
        (
            "      - name: South Town\n",
            "      - name:\n",
            "c.yaml:14:14: catalog.clinic.locations[2].name is empty",
        ),
        (
            "    phone: 555-0100\n",
            "    phone: 555-0100\n    fax: 555-0199\n",
            "c.yaml:10:5: catalog.clinic: unknown key 'fax'",
        ),
    ],
)
def test_contact_mistakes_are_reported_with_their_position(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = contact_text()
    assert old in text
    assert load(tmp_path, text.replace(old, new, 1)) == ([expected], [])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            f'url: "{LINK_URL}"',
            "url: data:text/html,hello",
            "c.yaml:{line}:14: topics.tai-chi.links[1].url must be a web address starting with http:// or https://, "
            "not 'data:text/html,hello'",
        ),
        (
            f"label: {LINK_LABEL}",
            "title: A video",
            "c.yaml:{line}:9: topics.tai-chi.links[1]: unknown key 'title'",
        ),
    ],
)
def test_link_mistakes_are_reported_with_their_position(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = contact_text()
    # The position is found by searching the text, so the fixture can grow.
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if old in row)
    errors, _ = load(tmp_path, text.replace(old, new, 1))
    assert expected.format(line=line) in errors


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        (
            "[Cedar Falls, Iowa, Waterloo, Iowa]",
            [
                "c.yaml:9:30: warning: catalog.clinic.locations[2]: 'Iowa' looks like a state split from its city "
                "'Cedar Falls'; in a [...] list every comma starts a new place, so put it in quotes: \"Cedar Falls, Iowa\"",
                "c.yaml:9:46: warning: catalog.clinic.locations[4]: 'Iowa' looks like a state split from its city "
                "'Waterloo'; in a [...] list every comma starts a new place, so put it in quotes: \"Waterloo, Iowa\"",
            ],
        ),
        (
            # A city named like a state is still paired with the state after it.
            "[Washington, Missouri, Des Peres, MO]",
            [
                "c.yaml:9:29: warning: catalog.clinic.locations[2]: 'Missouri' looks like a state split from its city "
                "'Washington'; in a [...] list every comma starts a new place, so put it in quotes: "
                '"Washington, Missouri"',
                "c.yaml:9:50: warning: catalog.clinic.locations[4]: 'MO' looks like a state split from its city "
                "'Des Peres'; in a [...] list every comma starts a new place, so put it in quotes: \"Des Peres, MO\"",
            ],
        ),
        ('["Cedar Falls, Iowa", "Waterloo, Iowa"]', []),
        ("[North Town, South Town]", []),
        ("[Iowa, Missouri]", []),
    ],
)
def test_a_city_and_state_split_by_a_flow_list_is_a_warning(tmp_path: Path, places: str, expected: list[str]) -> None:
    block = f"  clinic:\n    name: Test Clinic\n    locations: {places}\n"
    assert load(tmp_path, with_clinic(block)) == ([], expected)


def test_block_list_pairs_need_no_quotes(tmp_path: Path) -> None:
    block = "  clinic:\n    name: Test Clinic\n    locations:\n      - Cedar Falls, Iowa\n      - Waterloo, Iowa\n"
    path = tmp_path / "c.yaml"
    path.write_text(with_clinic(block), encoding="utf-8")
    catalog = load_catalog(str(path))
    assert catalog.warnings == ()
    assert catalog.info.clinic is not None
    assert [place.name for place in catalog.info.clinic.locations] == ["Cedar Falls, Iowa", "Waterloo, Iowa"]


def test_check_reports_the_split_as_a_warning(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(clean(with_clinic("  clinic:\n    name: Test Clinic\n    locations: [Ames, Iowa]\n")))
    result = cli("check", str(path), "--max-age", "100y", "--format", "plain", catalog=None)
    assert result.exit_code == 0
    assert (
        f"{path}:9:23: warning: catalog.clinic.locations[2]: 'Iowa' looks like a state split from its city 'Ames'; "
        'in a [...] list every comma starts a new place, so put it in quotes: "Ames, Iowa"'
    ) in result.stdout


def test_show_prints_how_to_reach_the_clinic_after_the_disclaimer(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    out = cli("show", "tai-chi", "--format", "plain", catalog=write_catalog(contact_text())).stdout
    assert out.endswith(
        "This is education, not medical advice. Talk with your care team.\n\n"
        f"Contact: Test Clinic; phone {PHONE}; {WEBSITE}; hours:\n{HOURS}\n"
    )
    assert f"Learn more\n----------\n- {LINK_LABEL}: {LINK_URL}\n" in out


def test_show_html_links_the_website_and_the_topic_link(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("show", "tai-chi", "--format", "html", catalog=write_catalog(contact_text())).stdout
    assert f'<li>{LINK_LABEL}: <a href="{LINK_URL}">{LINK_URL}</a></li>' in page
    assert (
        f"<p><strong>Contact: </strong>Test Clinic; phone {PHONE}; "
        f'<a href="{WEBSITE}">{WEBSITE}</a>; hours: {HOURS}</p>'
    ) in page


def test_without_contact_details_show_has_no_contact_line(cli: Cli) -> None:
    out = cli("show", "tai-chi", "--format", "plain").stdout
    assert out.endswith("This is education, not medical advice. Talk with your care team.\n")
    assert "Contact:" not in out


def test_json_carries_contact_details_and_links(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    data = json.loads(cli("show", "tai-chi", "--format", "json", catalog=write_catalog(contact_text())).stdout)
    assert data["catalog"]["clinic"] == {
        "name": "Test Clinic",
        "locations": ["North Town", "South Town"],
        "phone": PHONE,
        "website": WEBSITE,
        "hours": HOURS,
        "location_details": [
            {"name": "North Town", "address": None, "phone": None},
            {"name": "South Town", "address": "1 Main Street, South Town", "phone": "555-0111"},
        ],
    }
    assert data["topic"]["links"] == [{"label": LINK_LABEL, "url": LINK_URL}]
