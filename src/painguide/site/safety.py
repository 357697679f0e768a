"""The safety net a typed question passes through on the web: the CLI's own, laid out for the page.

The alerts are `painguide.safety_net`'s: the built-in minimum with the
catalog's `safety_net` text and phrases over it, in the page's language.
The search page carries them with each phrase compiled into runs of words
(`compiled`), and its script matches a typed question by the same rules as
`painguide.safety_net.matches` (folded words, `word*` endings, one slip in a
long word, `a + b` parts): tests run both over the same phrases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from painguide.catalog.model import Alert


class SafetyNet(NamedTuple):
    """The alerts in force on a page, crisis first: the CLI's own records."""

    alerts: tuple[Alert, ...]


def safety_phrases(catalog_alerts: Iterable[Alert] | None, lang: str) -> SafetyNet:
    """The alerts in force for questions typed on a page in `lang`, crisis first."""
    from painguide import safety_net

    return SafetyNet(safety_net.alerts(catalog_alerts or (), lang))


def compiled(alert: Alert) -> list[list[list[str]]]:
    """Each phrase of an alert as the page's script matches it: its `+` parts, each a run of words."""
    from painguide.safety_net import pattern

    return [[list(group) for group in pattern(phrase)] for phrase in alert.phrases]
