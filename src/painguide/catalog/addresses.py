"""Web addresses: one set of rules for every address a catalog gives (a reference's `url`, the clinic's
`website`, a topic's links) and for the `--base-url` the site and the EHR services build links on."""

from __future__ import annotations

# What a web address may hold as written: RFC 3986's unreserved and reserved
# characters (less the brackets, which only an IPv6 host needs) and % for
# escapes, plus letters and digits of any script. Anything else (spaces,
# quotes, <, >, backslashes, braces, invisible characters, bidi controls) could
# end the address early in Markdown, HTML or BibTeX, or hide part of it.
URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=%")
# The most a QR code holds at the error correction render/qr.py draws with
# (version 40, level M, bytes): every web address may be printed beside one.
MAX_URL_BYTES = 2331
# A base address leaves room for the longest page path under it within the 2,048 characters a sitemap's
# <loc> may hold (sitemaps.org) and a QR code's MAX_URL_BYTES.
MAX_BASE_URL_BYTES = 1024


def is_web_address(value: str) -> bool:
    """http(s), a host, and nothing a printed address or QR code could hide."""
    scheme, _, rest = value.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return (
        scheme.lower() in ("http", "https")
        and bool(host)
        and value.isprintable()
        and not any(c.isspace() for c in value)
    )


def char_problem(value: str, allowed: frozenset[str] = URL_CHARS, what: str = "a web address") -> str:
    """Why the first character of `value` that is not `allowed` cannot be there, or ""."""
    for index, char in enumerate(value, start=1):
        if char in allowed or (what == "a web address" and not char.isascii() and char.isalnum()):
            continue
        shown = f"'{char}'" if char.isascii() and char.isprintable() else f"U+{ord(char):04X}"
        encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        return f"character {index} ({shown}) cannot be part of {what}; write it percent-encoded, as {encoded}"
    return ""


def base_url_problem(value: str) -> str:
    """What is wrong with `value` as the address a site is published at, or "": the catalog's address rules, and
    no query or fragment (every page's link is made by adding its path)."""
    from urllib.parse import urlsplit

    from painguide.textsafe import file_name

    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_BASE_URL_BYTES:
        return f"it is {size:,} bytes long; it may be at most {MAX_BASE_URL_BYTES:,}"
    shown = "'" + file_name(value if len(value) <= 80 else value[:77] + "...") + "'"
    absolute = f"{shown} is not an absolute http(s) address such as https://clinic.example/guide/"
    if not value.lower().startswith(("http://", "https://")):
        return absolute
    wrong = char_problem(value)
    if wrong:
        return wrong
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
    if not host or not is_web_address(value):
        return absolute
    if "?" in value or "#" in value:
        return f"{shown} holds a query (?) or a fragment (#); each page's address is made by adding its path to it"
    return ""
