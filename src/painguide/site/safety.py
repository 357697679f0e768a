"""The safety net a typed question passes through on the web: crisis and emergency words.

TEMPORARY SOURCE, FOR THE LEAD TO REPOINT ON MERGE: the phrases and the
messages below are a small built-in list. The CLI's search is getting the
same safety net as catalog data (a `safety_net` section of the catalog);
when that lands, `safety_phrases` should read it from `catalog` and this
built-in table should go, so that the site, the server and the CLI share
one list. Everything on the web (the static site's search page and the
server) gets its phrases from this one function, so that change is made
here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog


class Alert(NamedTuple):
    """One kind of danger: the phrases that signal it and what the page shows first."""

    kind: str
    # Phrases in lower case without accents, matched as whole words in the
    # question folded the same way (index/spanish.py `fold`).
    phrases: tuple[str, ...]
    title: str
    lines: tuple[str, ...]


class SafetyNet(NamedTuple):
    alerts: tuple[Alert, ...]


# Built-in until the catalog's `safety_net` section exists (see the module docstring).
_CRISIS_EN = (
    "i want to die",
    "want to die",
    "wanna die",
    "kill myself",
    "killing myself",
    "end my life",
    "take my life",
    "suicide",
    "suicidal",
    "hurt myself",
    "harm myself",
    "self harm",
    "no reason to live",
    "better off dead",
)
_CRISIS_ES = (
    "quiero matarme",
    "matarme",
    "me quiero morir",
    "quiero morir",
    "quiero morirme",
    "suicidio",
    "suicidarme",
    "suicida",
    "quitarme la vida",
    "hacerme dano",
    "no quiero vivir",
)
_EMERGENCY_EN = (
    "overdose",
    "overdosed",
    "od",
    "chest pain",
    "trouble breathing",
    "cant breathe",
    "can t breathe",
    "cannot breathe",
    "not breathing",
    "can t be woken",
    "cant be woken",
    "cannot be woken",
    "won t wake up",
    "wont wake up",
    "unconscious",
)
_EMERGENCY_ES = (
    "sobredosis",
    "dolor de pecho",
    "dolor en el pecho",
    "no puedo respirar",
    "no puede respirar",
    "dificultad para respirar",
    "no respira",
    "no despierta",
    "no se despierta",
    "inconsciente",
)

_MESSAGES: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "en": {
        "crisis": (
            "If you are thinking about ending your life, get help now",
            (
                "Call or text 988 (Suicide and Crisis Lifeline), any time, day or night.",
                "Para español, oprima el 2.",
                "If you are in danger right now, call 911.",
            ),
        ),
        "emergency": (
            "This may be an emergency",
            (
                "Call 911 now for an overdose, chest pain, trouble breathing, or someone who can't be woken.",
                "If you are thinking about hurting yourself, call or text 988.",
            ),
        ),
    },
    "es": {
        "crisis": (
            "Si está pensando en quitarse la vida, busque ayuda ahora",
            (
                "Llame o envíe un mensaje de texto al 988 (Línea de Prevención del Suicidio y Crisis), "
                "a cualquier hora. Para español, oprima el 2.",
                "Si está en peligro ahora mismo, llame al 911.",
            ),
        ),
        "emergency": (
            "Esto puede ser una emergencia",
            (
                "Llame al 911 ahora si hay una sobredosis, dolor de pecho, dificultad para respirar "
                "o alguien que no despierta.",
                "Si piensa en hacerse daño, llame o envíe un texto al 988. Para español, oprima el 2.",
            ),
        ),
    },
}


def safety_phrases(catalog: Catalog | None, lang: str) -> SafetyNet:
    """The crisis and emergency alerts for questions typed in `lang`, crisis first.

    `catalog` is where the phrases will come from once catalogs carry a
    `safety_net` section (see the module docstring); until then it is not
    read. English phrases are also checked on a Spanish page: people mix.
    """
    del catalog  # The built-in list stands in for the catalog's own (see above).
    messages = _MESSAGES.get(lang, _MESSAGES["en"])
    crisis = _CRISIS_EN + _CRISIS_ES
    emergency = _EMERGENCY_EN + _EMERGENCY_ES
    return SafetyNet(
        (
            Alert("crisis", crisis, *messages["crisis"]),
            Alert("emergency", emergency, *messages["emergency"]),
        )
    )


def fold_question(text: str) -> str:
    """A question as alert phrases are matched: folded words joined by single spaces, with a space at each end."""
    from painguide.index.search import WORD
    from painguide.index.spanish import fold

    return " " + " ".join(WORD.findall(fold(text))) + " "


def alerts_for(net: SafetyNet, question: str) -> list[Alert]:
    """The alerts whose phrases the question contains, in the net's order (the same rule as the page's script)."""
    folded = fold_question(question)
    return [alert for alert in net.alerts if any(f" {phrase} " in folded for phrase in alert.phrases)]
