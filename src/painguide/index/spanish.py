"""How search reads Spanish: accents and case folded, Snowball stemming, common words.

SQLite's FTS5 has no Spanish stemmer, and Python's sqlite3 cannot add a
tokenizer, so a Spanish index holds words already stemmed here: each word is
lower-cased, stemmed by the Snowball Spanish stemmer (which needs the
accents: "relajación" and "relajaciones" both become "relaj"), then stripped
of its accents, so that "acupuntúra", "ACUPUNTURA" and "acupuntura" are one
word. The question is read the same way (`Store` rewrites its phrases), so
both sides always agree. `snowballstemmer` (pure Python) is imported only
when Spanish is searched or indexed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from painguide.index import elsewhere
from painguide.index.search import Rules

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: "Acupuntúra" -> "acupuntura" (ñ becomes n too)."""
    if text.isascii():
        # Nothing to decompose (a search folds some four thousand words, most of them plain ASCII).
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    import sys

    # snowballstemmer's __init__ imports the stemmers of all its thirty languages (about 18 ms, as
    # long as the rest of a search); Spanish needs one. Its module is imported under the package
    # without running that __init__, which a later `import snowballstemmer` still runs in full.
    if "snowballstemmer" not in sys.modules:
        import importlib.util

        spec = importlib.util.find_spec("snowballstemmer")
        if spec is None:
            raise ModuleNotFoundError("No module named 'snowballstemmer'", name="snowballstemmer")
        sys.modules["snowballstemmer"] = importlib.util.module_from_spec(spec)
        try:
            from snowballstemmer.spanish_stemmer import SpanishStemmer
        finally:
            del sys.modules["snowballstemmer"]
    else:
        from snowballstemmer.spanish_stemmer import SpanishStemmer
    stem: Callable[[str], str] = SpanishStemmer().stemWord
    return stem


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one word, folded: "anticoagulantes" -> "anticoagul"."""
    return fold(_stemmer()(word.casefold()))


def stems(words: Iterable[str]) -> dict[str, str]:
    return {word: stem(word) for word in words}


def stem_text(text: str) -> str:
    """A text as the index holds it: its words stemmed and folded, in order."""
    return " ".join(stem(word) for word in _WORD.findall(text.casefold()))


_PHRASE = re.compile(r'"([^"]*)"')


def stem_query(query: str) -> str:
    """An FTS5 query built by painguide.index.search with its quoted phrases stemmed like the index."""
    return _PHRASE.sub(lambda match: '"' + stem_text(match.group(1)) + '"', query)


def _folded(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


# Words that carry no subject on their own, folded: the usual function words
# and the filler of spoken questions ("puedo", "sirve", "tomo").
STOP_WORDS = _folded(
    """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bien bueno buena cada casi como con
    contra cual cuales cuando cuanto cuanta cuantos cuantas de del desde donde dos durante e el ella ellas
    ellos en entre era eres es esa esas ese eso esos esta estas este esto estos estoy estar esta estan fue
    fueron ha han has hay hace hacen hacer hago haya he hola yo la las le les lo los mas me mi mis mucho
    mucha muchos muchas muy nada ni nos nosotros o os otra otras otro otros para pero poco por porque puede
    pueden puedo pues que quien quienes se sea ser si sin sobre soy su sus tal tambien tan tanto te tener
    tengo tiene tienen toda todas todo todos tomo toma tomar tu tus u un una unas uno unos usted ustedes va
    vamos van y ya debo debe deberia quiero quiere necesito gracias favor ayuda ayudar ayudan ayude sirve
    sirven servir mejor cosa cosas algo siento sentir haciendo hecho hizo
    """
)

# Words that ask for a kind of answer (is it safe, does it work): they choose
# the snippet's section rather than the topics, as in English.
_ASKS = {
    "safety": "seguro segura seguros seguras seguridad riesgo riesgos peligro peligroso peligrosa peligrosos "
    "dano danos danino cuidado evitar efectos secundarios interaccion interacciones",
    "evidence": "pruebas prueba estudio estudios investigacion evidencia funciona funcionan eficaz efectivo "
    "efectiva cientifico ciencia demostrado",
    "what_to_expect": "esperar espera pasa sucede cita citas sesion sesiones visita visitas consulta",
    "questions": "preguntar preguntas pregunta",
}
ASK_WORDS = {word: kind for kind, words in _ASKS.items() for word in _folded(words)}

# Words of distress: searched for, and they make urgent and safety guidance the snippet.
DISTRESS_WORDS = _folded(
    "desesperado desesperada desesperanza suicidio suicida suicidarme matarme morir morirme muerte crisis "
    "emergencia urgente urgencia sobredosis inutil"
)

# What languages.py names as Spanish's search rules.
RULES = Rules(
    STOP_WORDS,
    ASK_WORDS,
    DISTRESS_WORDS,
    {},
    fold,
    stem_text,
    stems,
    stem_query,
    frozenset(" ".join(_WORD.findall(fold(phrase))) for phrase in elsewhere.phrases(elsewhere.SPANISH)),
)
