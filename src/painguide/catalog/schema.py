"""The catalog schema: every record, every field, declared once.

Validation (`validate.py`), the index encoding (`index/codec.py`), the JSON
output (`export/json_data.py`) and the field tables in
docs/catalog-format.md all follow from these declarations; tests check that
the typed records in `model.py` and the JSON Schema in `schema/` agree with
them. Each field also declares its roles: where a topic page shows it, how
search reads it, whether plain-language scores read it, and whether a
translation gives it (or why not); the translation records, the index's
full-text columns, search's sections and weights and the scored text are
made from those, and a plain section (a `heading`) is placed on the topic
page from its row. Adding a field means adding it here (and to its record in
`model.py`); see docs/architecture.md for the recipe.

This module only declares: it imports nothing heavier than `typing` (and the
instrument items a person may rate, `quality/instruments.py`, declarations
too), because the index key (`SCHEMA_FINGERPRINT`) is read on every start-up.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

from painguide.quality import instruments

# Field types. Each maps to one converter in validate.py, one decoder in
# index/codec.py and one wording in the documentation tables.
TEXT = "text"
TEXTS = "texts"  # a list of text
ID = "id"
IDS = "ids"  # a list of ids
DATE = "date"
YEAR = "year"
FLAG = "flag"
CHOICE = "choice"  # one word from `choices`
RECORD = "record"  # a mapping described by another record
RECORDS = "records"  # a list of such mappings
WEB = "web"  # a web address: http or https, a host, nothing hidden
PLACES = "places"  # a list whose items are a place name or a `location` mapping
WORD_MAP = "word-map"  # a mapping of text to a list of text
FINGERPRINTS = "fingerprints"  # field name -> 12 hex digits: the English a translation was made from
RATINGS = "ratings"  # instrument item id -> agree, disagree or na
SIGNED = "signed"  # field name -> the fingerprints of its items a reviewer signed (catalog/signoff.py)

TYPE_NAMES = {
    TEXT: "text",
    TEXTS: "list of text",
    ID: "id",
    IDS: "list of ids",
    DATE: "date (YYYY-MM-DD)",
    YEAR: "year",
    FLAG: "true/false",
    CHOICE: "one word",
    RECORD: "mapping",
    RECORDS: "list of mappings",
    WEB: "web address (http or https)",
    PLACES: "list of text or mappings",
    WORD_MAP: "mapping of text to list of text",
    FINGERPRINTS: "mapping of field name to fingerprint",
    RATINGS: "mapping of item to `agree`, `disagree` or `na`",
    SIGNED: "mapping of field name to item fingerprints",
}


# What a person records for one instrument item (a `RATINGS` value).
RATING_VALUES = instruments.RATINGS


class Searched(NamedTuple):
    """How search reads a topic field (index/search.py, index/store.py, site/search_index.py)."""

    # bm25 weight of a match in its full-text column: the title counts most.
    weight: float
    # The section label a hit shows when its snippet comes from this field (marked
    # for translation); "" for a field that names the topic and is never a snippet.
    label: str = ""
    # The full-text column, when fields share one (a topic's other names and keywords).
    column: str = ""
    # The field says what the topic is about: a concept found in no such field is incidental.
    about: bool = False


class Translated(NamedTuple):
    """How a translation file gives a topic field (catalog/translation.py)."""

    # What the translation file's field holds, for its documentation table.
    meaning: str
    # Its type there when it is not the catalog's: an evidence item's text, a link's label.
    type: str = ""
    # False for words that are not a translation of the English (other names, keywords,
    # phrases): shown and searched, never fingerprinted, so never stale.
    stamped: bool = True


class Field(NamedTuple):
    name: str
    type: str
    required: bool
    meaning: str
    # For RECORD and RECORDS: the record that describes each mapping.
    record: str = ""
    # For CHOICE: the allowed words, in order from strongest to weakest.
    choices: tuple[str, ...] = ()
    # For lists: at least one item (a required list may still be empty if False).
    nonempty: bool = True
    # A topic field a clinician must see: a review sign-off covers it, and an
    # edit to it after the sign-off makes the topic unreviewed (catalog/signoff.py).
    clinical: bool = False
    # Its place on a topic page (render/pages.py), in reading order; 0: not shown.
    # Scored text is read in this order, so findings come in the order of the page.
    shown: int = 0
    # A plain section's heading (marked for translation): the topic page shows the
    # field at `shown` under it, a text as a paragraph and a list as bullets, with no
    # code of its own in render/pages.py. "" for a field the page lays out itself.
    heading: str = ""
    # Search indexes it: its weight and the label of its section.
    searched: Searched | None = None
    # Plain-language scores read it: reading grade (quality/readability.py) and
    # PEMAT-P and CDC CCI (quality/plain_language.py). In a nested record, the
    # parts of each item that are scored.
    scored: bool = False
    # A translation file gives it. A text field that is not translated says why in
    # `untranslatable` (a test holds every text field to one or the other).
    translated: Translated | None = None
    untranslatable: str = ""


def _req(name: str, type_: str, meaning: str, **more: object) -> Field:
    return Field(name, type_, True, meaning, **more)  # type: ignore[arg-type]


def _opt(name: str, type_: str, meaning: str, **more: object) -> Field:
    return Field(name, type_, False, meaning, **more)  # type: ignore[arg-type]


# GRADE certainty levels (high to low), and "not-graded" for a commentary or
# narrative review, which states a view rather than pooling trials. The words
# are what every format shows; catalog text never carries its own label.
def N_(message: str) -> str:
    # Marks interface text for extraction (tools/messages.py) without importing
    # painguide.i18n here; pages translate the label where they show it.
    return message


CERTAINTY_LABELS = {
    "high": N_("Strong evidence"),
    "moderate": N_("Moderate evidence"),
    "low": N_("Limited evidence"),
    "very-low": N_("Very limited evidence"),
    "not-graded": N_("Not graded (expert view)"),
}
CERTAINTY = tuple(CERTAINTY_LABELS)
# The kinds of safety-net alert, and the number each must name (988 for a
# crisis, 911 for an emergency); see painguide/safety_net.py.
ALERT_NUMBERS = {"crisis": "988", "emergency": "911"}
ALERT_KINDS = tuple(ALERT_NUMBERS)
# The built-in alerts' kinds (painguide.safety_net holds their text; a test keeps the two the same). A catalog
# entry with one of these ids keeps this kind: declaring the crisis alert an emergency must not let its text
# drop 988.
BUILTIN_ALERT_KINDS = {
    "crisis": "crisis",
    "overdose": "emergency",
    "chest-or-breathing": "emergency",
    "nerve-emergency": "emergency",
    "emergency-signs": "emergency",
}
# The code systems a topic's `codes` may use; catalog/codes.py describes each (OIDs, shapes, matching).
CODE_SYSTEMS = ("icd10cm", "snomed", "rxnorm")
# Shown for an item whose catalog does not say (`check` reports it as an error).
NO_CERTAINTY_LABEL = N_("Certainty not stated")

# Why a text field stays as written in every language (`untranslatable`).
AS_WRITTEN = "a name, number, code or address: the same in every language"
AS_PUBLISHED = "a citation stays as published"
OWN_WORDS = "who signed or rated, in their own words"
OWN_LABEL = "the catalog's own label, not shown to patients as text to read"

# Records in the order the documentation presents them. A record keyed by id
# (categories, references, topics) takes its `id` from the mapping key.
SCHEMA: dict[str, tuple[Field, ...]] = {
    "catalog": (
        _req(
            "title", TEXT, "Name shown in the welcome and on handouts.", translated=Translated("The catalog's title.")
        ),
        _req("version", TEXT, 'Your own version label, e.g. `"2026.11"`.', untranslatable=OWN_LABEL),
        _req("disclaimer", TEXT, "One line printed on every page.", translated=Translated("The disclaimer.")),
        _opt("clinic", RECORD, "Who gives this care: see `clinic` below.", record="clinic"),
    ),
    "clinic": (
        _req("name", TEXT, "The clinic's name.", untranslatable=AS_WRITTEN),
        _opt(
            "locations",
            PLACES,
            'Where it sees patients: each a place name (quote `"City, State"`) or a `location` mapping.',
            record="location",
            untranslatable=AS_WRITTEN,
        ),
        _opt(
            "phone",
            TEXT,
            "Main phone number, as patients should dial it. Shown on handouts and pages.",
            untranslatable=AS_WRITTEN,
        ),
        _opt("website", WEB, "Web site; printed with a QR code on handouts."),
        _opt(
            "hours",
            TEXT,
            'Opening hours, e.g. "Monday to Friday, 8 am to 5 pm".',
            translated=Translated("Opening hours."),
        ),
    ),
    "location": (
        _req("name", TEXT, "Place name, e.g. `St. Peters, Missouri`.", untranslatable=AS_WRITTEN),
        _opt("address", TEXT, "Street address.", untranslatable=AS_WRITTEN),
        _opt("phone", TEXT, "Phone number of this location.", untranslatable=AS_WRITTEN),
    ),
    "core": (
        _req("title", TEXT, "Heading.", translated=Translated("Heading.")),
        _req("summary", TEXT, "A short paragraph.", translated=Translated("The short paragraph.")),
        _req(
            "elements",
            RECORDS,
            "The parts of integrative care, in order.",
            record="core-element",
            translated=Translated("The text of each core element, in the English order (their topics stay).", TEXTS),
        ),
    ),
    "core-element": (
        _req("text", TEXT, "One part, in one sentence."),
        _opt("topics", IDS, "Topics that explain it."),
    ),
    "category": (
        _req("title", TEXT, "Heading in `painguide list`.", translated=Translated("Heading.")),
        _opt("description", TEXT, "One line under the heading.", translated=Translated("The line under the heading.")),
    ),
    "reference": (
        _req("authors", TEXTS, "`Family AB` form, in order.", untranslatable=AS_PUBLISHED),
        _opt("et_al", FLAG, 'The author list is cut short; print "et al."'),
        _req("year", YEAR, "Year of publication."),
        _req("title", TEXT, "Article or report title, exactly as published.", untranslatable=AS_PUBLISHED),
        _req("journal", TEXT, "Journal, or the series or publisher of a report.", untranslatable=AS_PUBLISHED),
        _opt("volume", TEXT, "Volume.", untranslatable=AS_PUBLISHED),
        _opt("issue", TEXT, "Issue.", untranslatable=AS_PUBLISHED),
        _opt(
            "pages",
            TEXT,
            'Pages, e.g. `"1240-1249"`, or an article number such as `"k851"`.',
            untranslatable=AS_PUBLISHED,
        ),
        _opt(
            "doi",
            TEXT,
            'Bare DOI (`10.1001/jama.2016.2323`), never a guess. Printable ASCII without spaces, `"`, `\\`, '
            "braces, `^`, `` ` `` or `\\|`.",
            untranslatable=AS_PUBLISHED,
        ),
        _opt("pmid", TEXT, "PubMed id, digits only, never a guess.", untranslatable=AS_PUBLISHED),
        _opt(
            "url",
            TEXT,
            "Web address, http or https only, and only characters a web address holds (letters and digits of "
            "any script, and ``-._~:/?#@!$&'()*+,;=%``); percent-encode anything else.",
            untranslatable=AS_WRITTEN,
        ),
        _opt(
            "note",
            TEXT,
            'e.g. "Commentary" or "Pain after surgery, not chronic pain".',
            translated=Translated("The note (the title stays as published)."),
        ),
    ),
    "topic": (
        _req(
            "title",
            TEXT,
            "Page title.",
            shown=10,
            searched=Searched(10.0, about=True),
            scored=True,
            translated=Translated("Page title."),
        ),
        _opt(
            "aliases",
            TEXTS,
            'Other names for the topic, shown as "Also called".',
            shown=20,
            searched=Searched(8.0, column="names", about=True),
            translated=Translated("Other names in this language: shown and searched.", stamped=False),
        ),
        _opt(
            "keywords",
            TEXTS,
            "Other words that should find the topic but are not names for it (e.g. `omega-3` for nutrition). "
            "Not shown.",
            searched=Searched(8.0, column="names", about=True),
            translated=Translated("Other words in this language that should find the topic. Not shown.", stamped=False),
        ),
        _req("category", ID, "Where `list` shows it."),
        _opt(
            "main_message",
            TEXT,
            "The one thing to remember, in one or two sentences: the main benefit and the main caution. "
            "Shown first and set apart. `check` requires it.",
            clinical=True,
            shown=30,
            searched=Searched(3.0, N_("Main message"), about=True),
            scored=True,
            translated=Translated("The main message."),
        ),
        _req(
            "summary",
            TEXT,
            "A short paragraph: what it is.",
            shown=40,
            searched=Searched(3.0, N_("Summary"), about=True),
            scored=True,
            translated=Translated("The summary."),
        ),
        _req(
            "key_points",
            TEXTS,
            "One idea per bullet.",
            clinical=True,
            shown=50,
            searched=Searched(2.0, N_("Key points"), about=True),
            heading=N_("Key points"),
            scored=True,
            translated=Translated("The key points, as many as the English has, in its order."),
        ),
        _opt(
            "steps",
            TEXTS,
            "Concrete steps the reader can take, in order; shown numbered. Needed for self-care topics.",
            clinical=True,
            shown=60,
            searched=Searched(2.0, N_("Steps")),
            scored=True,
            translated=Translated("The steps, as many as the English has."),
        ),
        _opt(
            "log",
            RECORD,
            "A log the reader can keep (sleep diary, activity log): see `log` below.",
            record="log",
            shown=70,
            translated=Translated("The log's title and columns."),
        ),
        _req(
            "evidence",
            RECORDS,
            "What research shows: see `evidence` below.",
            record="evidence",
            clinical=True,
            shown=80,
            searched=Searched(1.0, N_("Research")),
            scored=True,
            translated=Translated(
                "The text of each evidence item, in the English order (certainty and refs stay).", TEXTS
            ),
        ),
        _req(
            "what_to_expect",
            TEXTS,
            "What a visit or a practice session is like.",
            clinical=True,
            shown=90,
            searched=Searched(1.0, N_("What to expect")),
            heading=N_("What to expect"),
            scored=True,
            translated=Translated("What to expect."),
        ),
        _req(
            "safety",
            RECORD,
            "Who should be careful and what to tell: see `safety` below.",
            record="safety",
            clinical=True,
            shown=110,
            searched=Searched(2.0, N_("Safety")),
            scored=True,
            translated=Translated("Who should be careful and what to tell."),
        ),
        _opt(
            "urgent",
            TEXTS,
            "When to get help right away (call 911, the Suicide and Crisis Lifeline: call or text 988). "
            "Shown set apart from other lists.",
            clinical=True,
            shown=120,
            searched=Searched(2.0, N_("Get help right away")),
            scored=True,
            translated=Translated("When to get help right away."),
        ),
        _req(
            "questions",
            TEXTS,
            "Questions to ask your care team (3 to 5 is best).",
            shown=130,
            searched=Searched(1.0, N_("Questions to ask")),
            heading=N_("Questions to ask your care team"),
            scored=True,
            translated=Translated("Questions to ask."),
        ),
        _opt(
            "faq",
            RECORDS,
            "Questions patients ask, each with a short answer: does it hurt, how many visits, cost and insurance, "
            "the first visit, safety with medicines. Search shows the answer when a question matches. "
            "See `faq` below.",
            record="faq",
            clinical=True,
            # On the page after what to expect; in search, the last section a tie falls to.
            shown=100,
            searched=Searched(2.0, N_("Common question")),
            scored=True,
            translated=Translated(
                "Each question and answer (`q`, `a`), as many as the English has, in its order (references stay)."
            ),
        ),
        _opt("related", IDS, 'Topic ids shown as "See also".', shown=140),
        _opt(
            "links",
            RECORDS,
            "Web pages for patients (a clinic video, a class list): see `link` below.",
            record="link",
            shown=150,
            translated=Translated("The label of each link, in the English order (the addresses stay).", TEXTS),
        ),
        _opt(
            "codes",
            RECORDS,
            "The problems and medicines the topic is for, as clinical codes (ICD-10-CM, SNOMED CT, RxNorm): "
            "`painguide lookup`, the Infobutton and CDS Hooks find the topic by them. See `code` below.",
            record="code",
            untranslatable=AS_WRITTEN,
        ),
        _req("last_reviewed", DATE, "When a person last checked the page against its sources.", shown=160),
        _opt(
            "reviews",
            RECORDS,
            "Clinical sign-offs, oldest first: who reviewed the page, when, and a fingerprint of each field they "
            "covered. Written by `painguide review`: see `review` below.",
            record="review",
            shown=170,
            # A translation carries sign-offs of its own text (`translation-topic`), never a translation of these.
            untranslatable=OWN_WORDS,
        ),
        _opt(
            "ratings",
            RECORDS,
            "A person's PEMAT-P and CDC Clear Communication Index ratings of the page, item by item: see "
            "`rating` below. `check` reports full scores from them.",
            record="rating",
            untranslatable=OWN_WORDS,
        ),
    ),
    "rating": (
        _req("by", TEXT, "Who rated the page, as they want to be named (a name, or a role)."),
        _req("role", TEXT, "Their role, e.g. `clinical reviewer (pain medicine / health literacy)`."),
        _req("date", DATE, "When they rated it."),
        _req(
            "items",
            RATINGS,
            "Each item they rated, `pemat-1` to `pemat-26` (PEMAT-P; 13 and 14 are for audiovisual material) "
            "and `cci-1` to `cci-20` (CDC CCI), mapped to `agree` (CCI: 1), `disagree` (CCI: 0) or `na`. "
            "Items left out are scored by `check` where a program can, or stay unscored.",
            choices=instruments.QUESTION_IDS,
        ),
    ),
    "evidence": (
        _req("text", TEXT, "What research shows, in plain words, with no strength label of its own.", scored=True),
        _opt(
            "certainty",
            CHOICE,
            "How sure the research is (GRADE); shown as a label before the text. `check` requires it.",
            choices=CERTAINTY,
        ),
        _req("refs", IDS, "Reference ids that support it (at least one for a claim of benefit).", nonempty=False),
    ),
    "faq": (
        _req("q", TEXT, "The question, as a patient would ask it.", scored=True),
        _req("a", TEXT, "The answer, main point first, in one to four short sentences.", scored=True),
        _opt("refs", IDS, "Reference ids behind an answer about how well something works."),
    ),
    "log": (
        _req("title", TEXT, 'Name of the log, e.g. "Sleep diary".'),
        _req("columns", TEXTS, "Column headings, 3 to 7 short words."),
    ),
    "link": (
        _req("label", TEXT, "What the page is, in a few words."),
        _req("url", WEB, "Its address; printed in full beside a QR code, never with tracking added."),
    ),
    "code": (
        _req(
            "system",
            CHOICE,
            "`icd10cm` (a condition; a topic for M54.5 is found by M54.50 too), `snomed` (a condition, "
            "SNOMED CT concept id) or `rxnorm` (a medicine, RxNorm ingredient RxCUI).",
            choices=CODE_SYSTEMS,
        ),
        _req(
            "code",
            TEXT,
            'The code as its system writes it (`"M54.5"`, `"203082005"`, `"11289"`; quote digits), checked from a '
            "public record, never a guess.",
        ),
        _req("display", TEXT, "Its name in that system, e.g. `Low back pain`, `warfarin`."),
    ),
    "safety": (
        _req("careful", TEXTS, "Who should be careful, and why.", scored=True),
        _req("tell", TEXTS, "What to tell the practitioner or care team.", scored=True),
    ),
    "alert": (
        _req(
            "kind",
            CHOICE,
            "`crisis` (suicidal thoughts, self-harm: its message must name 988) or `emergency` (911: its message "
            "must name 911).",
            choices=ALERT_KINDS,
        ),
        _req("title", TEXT, "The heading shown above the message.", translated=Translated("The heading.")),
        _req(
            "message",
            TEXTS,
            "What to do now, one line each: the catalog's own urgent text.",
            translated=Translated("The message lines, as many as the English has."),
        ),
        _req(
            "phrases",
            TEXTS,
            "What a person may type that sets it off. Case, accents and apostrophes are ignored, and b and v, "
            "s and z, s and c before e or i count as one letter; a word of six letters or more may have one slip; "
            "`word*` matches any ending; `a + b` needs both anywhere.",
            translated=Translated(
                "What a person may type in this language; added to the English phrases, never a translation of them.",
                stamped=False,
            ),
        ),
        _opt("topics", IDS, "Topics to read next."),
    ),
}

# The topic fields a review sign-off covers: those a clinician must see.
CLINICAL = tuple(spec.name for spec in SCHEMA["topic"] if spec.clinical)

SCHEMA["review"] = (
    _req("reviewer", TEXT, "The reviewer's name, as they sign."),
    _req("role", TEXT, "Their role or licence, e.g. `physician, pain medicine` or `bilingual nurse educator`."),
    _req("date", DATE, "When they signed off."),
    _req(
        "fingerprints",
        SIGNED,
        "For each covered field, the fingerprints of its items as they read it (8 hex digits each, separated by "
        "spaces; empty for an empty field). Keys: " + ", ".join(f"`{name}`" for name in CLINICAL) + ".",
        choices=CLINICAL,
    ),
    _opt("note", TEXT, "What the review was, when it was not a full sign-off (e.g. `review of the English only`)."),
)

# Records whose entries are keyed by id in a top-level mapping.
KEYED = {"categories": "category", "references": "reference", "topics": "topic"}
# The same, for top-level sections a catalog may leave out.
OPTIONAL_KEYED = {"safety_net": "alert"}

# The top-level keys of a catalog file and the record each holds.
TOP = {"catalog": "catalog", "core": "core", **KEYED}

# Top-level keys a catalog may leave out, each described as a field.
OPTIONAL_TOP = {
    "synonyms": _opt(
        "synonyms",
        WORD_MAP,
        "For search: a word or phrase a patient may type, mapped to the catalog's own words for it "
        "(`blood thinner: [anticoagulant, warfarin]`). See `synonyms` below.",
    ),
    "safety_net": _opt(
        "safety_net",
        RECORD,
        "Crisis and emergency alerts that search shows before any result, keyed by id: see `alert` below. "
        "A built-in minimum applies even without it.",
        record="alert",
    ),
}


# --- translation files -------------------------------------------------------
#
# A translation file (`topics.es.yaml` beside `topics.yaml`) mirrors the
# catalog's records by id and gives the text of each in another language. Its
# records are declared here like the catalog's, and read by the same reader.

# The fields of each catalog record a translation gives, in order, from their
# `translated` role. Each is fingerprinted: a translation records a fingerprint
# of the English it was made from, so that a later change to that English shows
# the translation is stale. Words that are not a translation of the English
# (`stamped=False`: other names, keywords, alert phrases) are not.
TRANSLATED: dict[str, tuple[str, ...]] = {
    record: names
    for record, specs in SCHEMA.items()
    for names in [tuple(spec.name for spec in specs if spec.translated and spec.translated.stamped)]
    if names
}

TRANSLATION_STATUS = ("draft", "reviewed")


def _fingerprints(record: str) -> Field:
    return _opt(
        "fingerprints",
        FINGERPRINTS,
        "For each translated field, the fingerprint of the English it was made from (written by "
        "`painguide check --stamp-translations LANG`). Keys: " + ", ".join(f"`{name}`" for name in TRANSLATED[record]),
        choices=TRANSLATED[record],
    )


_REVIEW = (
    _opt("reviewer", TEXT, "Who reviewed the translation, by role (e.g. `bilingual nurse educator`)."),
    _opt("reviewed", DATE, "When they reviewed it."),
)


def _translations(record: str) -> tuple[Field, ...]:
    """The fields of `record` a translation gives, as its translation record declares them (all optional)."""
    return tuple(
        _opt(
            spec.name,
            spec.translated.type or spec.type,
            spec.translated.meaning,
            record="" if spec.translated.type else spec.record,
        )
        for spec in SCHEMA[record]
        if spec.translated
    )


TRANSLATION_SCHEMA: dict[str, tuple[Field, ...]] = {
    "translation-catalog": (
        *_translations("catalog"),
        _opt(
            "status",
            CHOICE,
            "`reviewed` once a qualified person has checked the catalog title, disclaimer, categories and core "
            "against the English; left out, it is `draft`.",
            choices=TRANSLATION_STATUS,
        ),
        *_REVIEW,
        _opt("clinic", RECORD, "The clinic's text (its hours); see `clinic` below.", record="translation-clinic"),
        _fingerprints("catalog"),
    ),
    "translation-clinic": (*_translations("clinic"), _fingerprints("clinic")),
    "translation-core": (*_translations("core"), _fingerprints("core")),
    "translation-category": (*_translations("category"), _fingerprints("category")),
    "translation-reference": (*_translations("reference"), _fingerprints("reference")),
    "translation-alert": (*_translations("alert"), _fingerprints("alert")),
    "translation-topic": (
        _opt(
            "status",
            CHOICE,
            "`draft` or `reviewed`: the translator's own note, listed by `check`. Pages follow `reviews`: until a "
            "sign-off covers the translated text as it is, they show that no bilingual health professional has "
            "reviewed it.",
            choices=TRANSLATION_STATUS,
        ),
        *_REVIEW,
        _opt(
            "reviews",
            RECORDS,
            "Sign-offs of this translation by a bilingual health professional, written by "
            "`painguide --lang es review TOPIC`: see `review`.",
            record="review",
        ),
        *_translations("topic"),
        _fingerprints("topic"),
    ),
}

# Records of a translation file keyed by id, and its top-level keys.
TRANSLATION_KEYED = {
    "categories": "translation-category",
    "references": "translation-reference",
    "topics": "translation-topic",
    "safety_net": "translation-alert",
}
TRANSLATION_TOP = {"catalog": "translation-catalog", "core": "translation-core", **TRANSLATION_KEYED}


# --- clinic layers -------------------------------------------------------------
#
# A layer (catalog/layers.py) is a catalog file that begins `extends:` and
# gives only what it adds or replaces: categories, references and topics
# (an id the catalog has replaces that entry whole), synonyms, and in its
# `catalog` record its own version and the clinic.

LAYER_SCHEMA: dict[str, tuple[Field, ...]] = {
    "layer-catalog": (
        _opt("version", TEXT, "The layer's own version label, shown by `painguide info`."),
        _opt("clinic", RECORD, "The clinic; replaces the clinic of the catalog it extends.", record="clinic"),
    ),
}

# The top-level keys of a layer, all optional but `extends`.
LAYER_TOP = ("extends", "catalog", *KEYED, *OPTIONAL_TOP)


def fields(record: str) -> tuple[Field, ...]:
    if record in SCHEMA:
        return SCHEMA[record]
    return TRANSLATION_SCHEMA[record] if record in TRANSLATION_SCHEMA else LAYER_SCHEMA[record]


def field(record: str, name: str) -> Field:
    return next(f for f in fields(record) if f.name == name)


def searched(record: str = "topic") -> list[tuple[Field, Searched]]:
    """The fields search reads, each with how, in schema order (the order a tie between sections falls)."""
    return [(spec, spec.searched) for spec in fields(record) if spec.searched]


def search_weights(record: str = "topic") -> dict[str, float]:
    """The index's full-text columns, in order, each with its bm25 weight."""
    return {(how.column or spec.name): how.weight for spec, how in searched(record)}


def shown(record: str = "topic") -> list[Field]:
    """The fields a page shows, in page order (schema order between equals)."""
    order = {spec.name: place for place, spec in enumerate(fields(record))}
    return sorted((spec for spec in fields(record) if spec.shown), key=lambda spec: (spec.shown, order[spec.name]))


def scored(record: str = "topic") -> list[Field]:
    """The fields plain-language scores read: in page order for a topic, in schema order inside a record."""
    order = {spec.name: place for place, spec in enumerate(fields(record))}
    return sorted((spec for spec in fields(record) if spec.scored), key=lambda spec: (spec.shown, order[spec.name]))


# The index stores records encoded by this schema, so any change to it makes
# old indexes unreadable: the fingerprint goes into every index key, and no
# one has to remember to bump a version by hand. LAYOUT covers the tables.
LAYOUT = 7
SCHEMA_FINGERPRINT = (
    f"{LAYOUT}.{zlib.crc32(repr((SCHEMA, OPTIONAL_TOP, TRANSLATION_SCHEMA, LAYER_SCHEMA)).encode()):08x}"
)
