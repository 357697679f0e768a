"""`painguide site`: the files it writes, what they link to, that they repeat byte for byte, and that it
writes nothing through a symlink planted in the folder. (The browser tests are in test_site_browser.py.)"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CATALOG, Result
from painguide.safety_net import triggered
from painguide.site.safety import safety_phrases

Cli = Callable[..., Result]

PAGES = [
    "index.html",
    *(
        f"{lang}/{name}"
        for lang in ("en", "es")
        for name in (
            "index.html",
            "search.html",
            "core.html",
            "references.html",
            "categories/therapies.html",
            "categories/movement.html",
            "categories/empty.html",
            *(
                f"{kind}/{topic}.html"
                for topic in ("acupuncture", "tai-chi", "massage-therapy")
                for kind in ("topics", "handouts")
            ),
        )
    ),
]


class Page(HTMLParser):
    """What a browser would load and link to from one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[str] = []
        self.loads: list[str] = []
        self.alternates: dict[str, str] = {}
        self.canonical = ""
        self.csp = ""
        self.scripts: list[dict[str, str | None]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag in ("img", "script", "iframe", "source", "video", "audio", "embed") and a.get("src"):
            self.loads.append(str(a["src"]))
        if tag == "script":
            self.scripts.append(a)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[str(a.get("hreflang"))] = str(a.get("href"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = str(a.get("href"))
        if tag == "link" and a.get("rel") not in ("alternate", "canonical"):
            self.loads.append(str(a.get("href")))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = str(a.get("content"))


def write_site(cli: Cli, out: Path, *args: str, catalog: Path | None = CATALOG) -> Result:
    result = cli("site", "-o", str(out), "--no-pdf", *args, catalog=catalog)
    assert result.exit_code == 0, result.stderr
    return result


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_site_has_every_page_in_every_language(cli: Cli, tmp_path: Path) -> None:
    result = write_site(cli, tmp_path / "site")
    written = files(tmp_path / "site")
    assert sorted(written) == sorted([*PAGES, ".painguide-site"])
    assert result.stderr == f"Wrote {len(PAGES)} files to {tmp_path / 'site'}.\n"
    for path in PAGES:
        page = Page(written[path].decode("utf-8"))
        assert page.lang == ("es" if path.startswith("es/") else "en"), path


def test_every_link_leads_to_a_page_of_the_site_or_a_web_address(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root)
    for path in PAGES:
        page = Page((root / path).read_text(encoding="utf-8"))
        for link in page.links:
            if link.startswith("https://") or link == "#main":
                continue
            target = (root / path).parent / link.split("#")[0]
            assert target.resolve().is_file(), f"{path} links to {link}"
            assert root.resolve() in target.resolve().parents, f"{path} links outside the site: {link}"


def test_no_page_loads_anything(cli: Cli, tmp_path: Path) -> None:
    """No stylesheet, font, image or script file, and a policy that forbids them: nothing leaves the page."""
    root = tmp_path / "site"
    write_site(cli, root)
    for path in PAGES:
        page = Page((root / path).read_text(encoding="utf-8"))
        assert page.loads == [], path
        assert page.csp.startswith("default-src 'none';"), path
        assert "connect-src" not in page.csp and "http" not in page.csp, path
        if path.endswith("search.html"):
            # The one script is inline and allowed by its hash alone; the index is data, not code.
            assert re.search(r"script-src 'sha256-[A-Za-z0-9+/]{43}=';", page.csp), page.csp
            assert [s.get("type") for s in page.scripts] == ["application/json", "application/json", None]
        else:
            assert "script-src" not in page.csp and page.scripts == [], path


def test_pages_link_to_each_other_across_languages(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root)
    page = Page((root / "es/topics/tai-chi.html").read_text(encoding="utf-8"))
    assert page.alternates == {"en": "../../en/topics/tai-chi.html", "es": "../../es/topics/tai-chi.html"}
    assert "../../en/topics/tai-chi.html" in page.links
    assert page.canonical == ""
    assert not (root / "sitemap.xml").exists()


def test_base_url_gives_canonical_links_and_a_sitemap(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root, "--base-url", "https://clinic.example/guide")
    page = Page((root / "en/topics/acupuncture.html").read_text(encoding="utf-8"))
    assert page.canonical == "https://clinic.example/guide/en/topics/acupuncture.html"
    assert page.alternates["es"] == "https://clinic.example/guide/es/topics/acupuncture.html"
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locations == [f"https://clinic.example/guide/{p}" for p in PAGES]


def test_base_url_must_be_a_web_address(cli: Cli, tmp_path: Path) -> None:
    result = cli("site", "-o", str(tmp_path / "site"), "--base-url", "javascript:alert(1)")
    assert result.exit_code == 2
    assert result.stderr == (
        "painguide: --base-url: 'javascript:alert(1)' is not an absolute http(s) address such as "
        "https://clinic.example/guide/\n"
    )


def test_same_catalog_same_bytes(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(cli, tmp_path / "one")
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(tmp_path / "other-cache"))
    write_site(cli, tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_handouts_are_dated_by_the_catalog_unless_source_date_epoch(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(cli, tmp_path / "catalog-date")
    text = (tmp_path / "catalog-date/en/handouts/tai-chi.html").read_text(encoding="utf-8")
    # The most recent last_reviewed in tests/data/catalog.yaml.
    assert '<meta name="dcterms.created" content="2026-11-20">' in text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    write_site(cli, tmp_path / "epoch")
    text = (tmp_path / "epoch/es/handouts/tai-chi.html").read_text(encoding="utf-8")
    assert "27 de noviembre de 2026" in text


def test_a_rewrite_replaces_the_site(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root)
    (root / "en/core.html").write_text("old", encoding="utf-8")
    write_site(cli, root)
    assert (root / "en/core.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_refuses_a_folder_with_other_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("site", "-o", str(tmp_path), "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"painguide: {tmp_path} is not empty and holds no painguide site; choose an empty folder, or add --force\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    write_site(cli, tmp_path, "--force")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_planted_folder_symlink_is_not_followed(cli: Cli, tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write_site(cli, root)
    elsewhere.mkdir()
    os.rename(root / "es", tmp_path / "old-es")
    (root / "es").symlink_to(elsewhere)
    result = cli("site", "-o", str(root), "--no-pdf")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"painguide: cannot write the site: {root / 'es'} is a symbolic link; remove it and run again\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_planted_file_symlink_is_replaced_not_written_through(cli: Cli, tmp_path: Path) -> None:
    root, victim = tmp_path / "site", tmp_path / "victim.txt"
    write_site(cli, root)
    victim.write_text("precious", encoding="utf-8")
    (root / "en/core.html").unlink()
    (root / "en/core.html").symlink_to(victim)
    write_site(cli, root)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (root / "en/core.html").is_symlink()


def test_output_is_a_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("site", "-o", str(tmp_path / "file"), "--no-pdf")
    assert (result.exit_code, result.stderr) == (
        1,
        f"painguide: cannot write the site to {tmp_path / 'file'}: it is not a folder\n",
    )


def test_the_search_index_is_the_catalogs(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root, catalog=None)
    text = (root / "en/search.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="search-index">(.*?)</script>', text, re.S)
    assert raw is not None
    index = json.loads(raw.group(1))
    assert ["warfarin", [["blood", "thinner"]]] in index["synonyms"]
    # "hurting" is looked up, never stemmed in the page: the index says which stem it has.
    assert "hurt" in index["vocab"] and "hurting" in index["vocab"]["hurt"].split()
    safety = index["sections"][index["fields"].index("safety")]
    assert safety == "Safety"
    assert "<" not in raw.group(1)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("I want to die", ["crisis"]),
        ("how do I kill myself", ["crisis"]),
        ("Quiero matarme", ["crisis"]),
        ("me quiero morir", ["crisis"]),
        ("SUICIDE", ["crisis"]),
        ("my dad took an overdose", ["emergency"]),
        ("chest pain after acupuncture", ["emergency"]),
        ("she can't be woken", ["emergency"]),
        ("dolor de pecho", ["emergency"]),
        ("suicide and an overdose", ["crisis", "emergency"]),
        ("does massage help neck pain", []),
        ("diet for a painful chest wall", []),
    ],
)
def test_safety_net(question: str, kinds: list[str]) -> None:
    assert [alert.kind for alert in triggered(question, safety_phrases(None, "en").alerts)] == kinds


def test_safety_net_messages_lead_with_the_numbers() -> None:
    english, spanish = safety_phrases(None, "en"), safety_phrases(None, "es")
    assert english.alerts[0].message[0].startswith("Call or text 988")
    assert "Para español, oprima el 2." in english.alerts[0].message
    assert "988" in spanish.alerts[0].message[0] and "Para español, oprima el 2." in spanish.alerts[0].message
    assert english.alerts[1].message[0].startswith("Call 911")


def test_home_page_covers_the_topics_the_safety_net_and_the_disclaimer(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root)
    home = (root / "en/index.html").read_text(encoding="utf-8")
    main = home[home.index('<main id="main">') : home.index("</main>")]
    assert "<li>Call or text 988, the Suicide and Crisis Lifeline. It is free and open day and night.</li>" in main
    assert "<li>Call 911 if someone cannot be woken up or breathes very slowly or not at all.</li>" in main
    assert '<a href="topics/tai-chi.html">Tai chi</a>' in main
    assert '<a href="categories/movement.html">Movement</a>' in main
    assert "<p><em>This is education, not medical advice. Talk with your care team.</em></p>" in main
    # No command-line hints on the web.
    assert "painguide" not in main
    spanish = (root / "es/index.html").read_text(encoding="utf-8")
    assert "Para español, oprima el 2." in spanish and "Llame al 911 si alguien no se despierta" in spanish


def test_topic_pages_link_related_topics_handout_and_category(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(cli, root)
    page = Page((root / "es/topics/acupuncture.html").read_text(encoding="utf-8"))
    assert {"tai-chi.html", "../handouts/acupuncture.html", "../categories/therapies.html"} <= set(page.links)
    text = (root / "es/topics/acupuncture.html").read_text(encoding="utf-8")
    assert "painguide show" not in text


def test_a_translation_others_can_write_leaves_its_language_out_not_the_site(cli: Cli, tmp_path: Path) -> None:
    """A planted or world-writable translation cannot stop the English site (adversarial pass F3)."""
    import os
    import shutil

    catalog = tmp_path / "c.yaml"
    shutil.copy(CATALOG, catalog)
    spanish = tmp_path / "c.es.yaml"
    shutil.copy(CATALOG.with_name("catalog.es.yaml"), spanish)
    os.chmod(spanish, 0o666)
    root = tmp_path / "site"
    write_site(cli, root, catalog=catalog)
    assert (root / "en" / "index.html").is_file() and not (root / "es").exists()
