"""Plain-language scores of a topic: the automatable items of PEMAT-P and the CDC CCI.

PEMAT-P (AHRQ's Patient Education Materials Assessment Tool for printable
materials) scores understandability and actionability as the share of
applicable items met; the CDC Clear Communication Index adds items on the
main message, the state of the science and numbers. Only some items can be
judged by a program; `TO_JUDGE` names the rest, and docs/plain-language.md
gives every rule and threshold with its source.

Pure functions of a topic: no I/O and no positions. Each finding names the
field it is about (`where`) and the words to point at (`needle`), so the
caller can turn it into a file position.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import NamedTuple

from painguide.catalog.model import Rating, Topic
from painguide.quality import instruments

UNDERSTANDABILITY = "understandability"
ACTIONABILITY = "actionability"

# A field path inside a topic: ("summary",), ("key_points", 0), ("evidence", 1, "text").
Where = tuple[str | int, ...]


class Item(NamedTuple):
    id: str
    scale: str
    name: str
    # The instrument items (quality/instruments.py) this rule scores, or none
    # for a rule of plain-language guides that neither instrument has.
    covers: tuple[str, ...]
    # Where the rule comes from when it is no instrument's item.
    other: str = ""

    @property
    def source(self) -> str:
        """ "PEMAT-P 1, 11; CDC CCI 1, 2, 3, 10", from `covers`."""
        parts = []
        for prefix, name in (("pemat-", "PEMAT-P"), ("cci-", "CDC CCI")):
            numbers = [c[len(prefix) :] for c in self.covers if c.startswith(prefix)]
            if numbers:
                parts.append(f"{name} {', '.join(numbers)}")
        return "; ".join(parts) or self.other


def _covers(pemat: tuple[int, ...] = (), cci: tuple[int, ...] = ()) -> tuple[str, ...]:
    return (*(f"pemat-{n}" for n in pemat), *(f"cci-{n}" for n in cci))


ITEMS = (
    Item("main-message", UNDERSTANDABILITY, "main message first", _covers((1, 11), (1, 2, 3, 10))),
    Item("sections", UNDERSTANDABILITY, "sections complete", _covers((8, 9), (9,))),
    Item("everyday-words", UNDERSTANDABILITY, "everyday words", _covers((3, 4), (7,))),
    Item("numbers", UNDERSTANDABILITY, "numbers explained", _covers((6,), (15, 16))),
    Item("short-sentences", UNDERSTANDABILITY, "short sentences", (), "plain-language guides"),
    Item("active-voice", UNDERSTANDABILITY, "active voice", _covers((5,), (6,))),
    Item("reading-grade", UNDERSTANDABILITY, "reading grade", _covers((3,))),
    Item("certainty", UNDERSTANDABILITY, "certainty stated", _covers((), (11,))),
    Item("action", ACTIONABILITY, "an action named", _covers((20,), (5,))),
    Item("steps", ACTIONABILITY, "steps for self-care", _covers((22,), (12, 14))),
    Item("direct", ACTIONABILITY, "actions speak to the reader", _covers((21,))),
    Item("tool", ACTIONABILITY, "a tool to act with", _covers((23,))),
    Item("log-explained", ACTIONABILITY, "log explained", _covers((25,))),
    Item("active-calls", ACTIONABILITY, "calls to action in active voice", _covers((), (6,))),
)
ITEM = {item.id: item for item in ITEMS}

# What no program can score; `check` names these so no one mistakes a
# passing score for a full review.
TO_JUDGE = (
    "nothing distracts from the purpose (PEMAT-P 2)",
    "a logical order (PEMAT-P 10)",
    "no sums left to the reader, or steps for any (PEMAT-P 7, 24)",
    "visual aids where they would help, clear and captioned (PEMAT-P 15-19, 26; CDC CCI 4)",
    "risks and benefits explained and balanced (CDC CCI 18-20)",
    "tone: respectful, without blame",
    "cultural fit for your patients",
)

# Topics in these categories are self-care: the reader does them alone, so
# they need steps. A topic with steps in any other category is scored on
# them too; one without is not asked for them.
SELF_CARE_CATEGORIES = ("lifestyle", "movement", "self-care")

MAX_MAIN_MESSAGE_SENTENCES = 2
MAX_AVERAGE_WORDS = 15.0
# PEMAT's reliability study suggests agreeing with "uses the active voice"
# when at least 80% of the text is active.
MAX_PASSIVE_SHARE = 0.2
# How far back (in characters) the rules that read the few words before a
# match look; a bound keeps a field with thousands of matches linear.
_LOOK_BACK = 80
# Certainty levels too weak for wording that promises a result; an expert
# view (not-graded) states an opinion, so it proves nothing either.
WEAK_CERTAINTY = ("low", "very-low", "not-graded")

# Medical terms a reader needs explained, each with the forms that count as
# the same term (explaining one explains all). A plain explanation keeps the
# term: PEMAT-P 4 allows medical terms that are defined.
MEDICAL_TERMS: tuple[tuple[str, ...], ...] = (
    ("acetaminophen",),
    ("acute",),
    ("aerobic",),
    ("analgesic",),
    ("anticoagulant",),
    ("antidepressant",),
    ("antihistamine",),
    ("apnea",),
    ("benzodiazepine",),
    ("biofeedback",),
    ("biopsychosocial",),
    ("cardiovascular",),
    ("catastrophizing",),
    ("CBT",),
    ("chronic",),
    ("cognitive",),
    ("comorbid", "comorbidity"),
    ("contraindicated",),
    ("defibrillator",),
    ("dietitian",),
    ("efficacy",),
    ("electroacupuncture",),
    ("EMG",),
    ("epilepsy",),
    ("fibromyalgia",),
    ("gastrointestinal",),
    ("glaucoma",),
    ("hernia",),
    ("inflammation", "inflammatory", "anti-inflammatory"),
    ("interventional",),
    ("MBSR",),
    ("meta-analysis",),
    ("multidisciplinary",),
    ("musculoskeletal",),
    ("naloxone",),
    ("neuropathy", "neuropathic"),
    ("NSAID",),
    ("opioid",),
    ("osteoarthritis",),
    ("osteoporosis",),
    ("placebo",),
    ("platelet",),
    ("randomized",),
    ("rheumatoid",),
    ("sciatica",),
    ("sedative",),
    ("sham",),
    ("sterile",),
)

# Hard everyday words with the plain word to use instead (PEMAT-P 3's own
# examples, and a few more of the same kind).
HARD_WORDS = {
    "administer": "give",
    "approximately": "about",
    "beneficial": "helpful",
    "commence": "start",
    "exacerbate": "make worse",
    "facilitate": "make easier",
    "febrile": "feverish",
    "optimal": "best",
    "perforation": "hole",
    "physician": "doctor",
    "prior to": "before",
    "recur": "come back",
    "referral": "a visit to another doctor",
    "subsequently": "later",
    "sufficient": "enough",
    "utilize": "use",
}

# Wording that promises a result. An item graded low says the research may
# well change; "may help" is as far as it can go.
STRONG_WORDS = re.compile(
    r"\b(?:prov(?:en|es|ed|e)"
    r"|cur(?:es|ed|ing|e)"
    r"|will\s+(?:\w+ly\s+)?(?:help|ease|relieve|fix|heal|stop|end|cure|work|reduce|lower|improve|prevent|remove"
    r"|eliminate|treat)s?"
    r"|guarantee[sd]?"
    r"|definite(?:ly)?"
    r"|certainly"
    r"|always\s+(?:works?|helps?|eases?|relieves?)"
    r"|(?:without|no)\s+(?:a\s+)?doubt"
    r"|works?\s+for\s+(?:everyone|everybody|all)"
    r"|miracle)\b",
    re.IGNORECASE,
)
# "This is not proven" or "we do not know if it will help" is a caveat, not a claim.
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|cannot|can't|don't|doesn't|didn't|isn't|aren't|won't|if|whether|unclear|unknown)\b",
    re.IGNORECASE,
)


class Finding(NamedTuple):
    """Why an item was missed, or an overstated claim: a message and its place."""

    item: str
    message: str
    where: Where = ()
    needle: str = ""


class Score(NamedTuple):
    understandability: int
    actionability: int
    # Item id -> met (True), missed (False) or not applicable (None).
    items: dict[str, bool | None]
    findings: tuple[Finding, ...]
    average_words: float
    passive_share: float


class Piece(NamedTuple):
    where: Where
    text: str


def pieces(topic: Topic) -> list[Piece]:
    """The text a patient reads in a topic, field by field, in page order (title first)."""
    out = [Piece(("title",), topic.title)]
    if topic.main_message:
        out.append(Piece(("main_message",), topic.main_message))
    out.append(Piece(("summary",), topic.summary))
    out += [Piece(("key_points", i), text) for i, text in enumerate(topic.key_points)]
    out += [Piece(("steps", i), text) for i, text in enumerate(topic.steps)]
    out += [Piece(("evidence", i, "text"), item.text) for i, item in enumerate(topic.evidence)]
    out += [Piece(("what_to_expect", i), text) for i, text in enumerate(topic.what_to_expect)]
    for i, item in enumerate(topic.faq):
        out += [Piece(("faq", i, "q"), item.q), Piece(("faq", i, "a"), item.a)]
    out += [Piece(("safety", "careful", i), text) for i, text in enumerate(topic.safety.careful)]
    out += [Piece(("safety", "tell", i), text) for i, text in enumerate(topic.safety.tell)]
    out += [Piece(("urgent", i), text) for i, text in enumerate(topic.urgent)]
    out += [Piece(("questions", i), text) for i, text in enumerate(topic.questions)]
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.,-][^\W_]+)*")


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


# --- passive voice ----------------------------------------------------------

_IRREGULAR = (
    "born bought brought built caught chosen cut done drawn driven eaten fed felt found given grown held hidden hit "
    "hurt kept known laid led left lost made meant met paid put read run said seen sent set shown shut sold spent "
    "split spread stuck taught thought thrown told torn understood woken worn written"
)
# -ed and -en words that follow "is" or "are" without being participles.
_NOT_PARTICIPLES = (
    "red bed shed need seed feed speed even often open seven ten then when been green sudden golden wooden children "
    "women men"
)
_PASSIVE = re.compile(
    r"(?:\b(?:can|could|may|might|must|should|will|would|has|have|had)\s+)?"
    r"\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)"
    r"(?:\s+(?:not|also|often|usually|only|still|rarely|always|never|sometimes|just|already|\w+ly))*"
    r"\s+(?!(?:" + _NOT_PARTICIPLES.replace(" ", "|") + r")\b)"
    r"((?:[a-z]+(?:ed|en))|(?:" + _IRREGULAR.replace(" ", "|") + r"))\b",
    re.IGNORECASE,
)


def passive(sentence: str) -> str:
    """The passive phrase in a sentence ("can be treated"), or "" (a heuristic: be-verb + participle)."""
    match = _PASSIVE.search(sentence)
    return match.group(0) if match else ""


# A passive after one of these is in a clause that describes something
# ("a therapist who is licensed"), not in the instruction itself.
_SUBORDINATE = re.compile(
    r"\b(?:who|that|which|if|whether|when|where|because|unless|until|after|before|while)\b", re.IGNORECASE
)


def main_clause_passive(text: str) -> str:
    """The first passive phrase outside a describing clause, sentence by sentence, or ""."""
    for sentence in sentences(text):
        clause = _SUBORDINATE.search(sentence)
        match = _PASSIVE.search(sentence, 0, clause.start() if clause else len(sentence))
        if match:
            return match.group(0)
    return ""


# --- medical terms and hard words ------------------------------------------


def _alternatives(forms: tuple[str, ...]) -> str:
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


def _word_pattern(body: str) -> re.Pattern[str]:
    """A whole word or hyphenated part ("inflammatory" in "anti-inflammatory"), plural or not."""
    return re.compile(rf"(?<![\w-])(?:{body})(?:e?s)?(?![\w])", re.IGNORECASE)


_TERMS = [_word_pattern(_alternatives(forms)) for forms in MEDICAL_TERMS]
# One pass finds which terms a topic uses at all: most topics use few.
_ANY_TERM = _word_pattern("|".join(f"(?P<t{i}>{_alternatives(forms)})" for i, forms in enumerate(MEDICAL_TERMS)))
_HARD_LIST = list(HARD_WORDS.items())
_ANY_HARD = _word_pattern("|".join(f"(?P<h{i}>{_alternatives((word,))})" for i, (word, _) in enumerate(_HARD_LIST)))


# The rest of the term's noun phrase ("chronic pain", "interventional procedure").
_PHRASE = r"(?:[ -][A-Za-z][\w'-]*){0,2}?"
_DEFINED_AFTER = re.compile(
    _PHRASE
    + r"(?:\s*\("
    + r"|,\s+(?:which|that|when|where)\b"
    + r"|\s+(?:is|are)\s+(?:a|an|the|one|when|where|how|what)\b"
    + r"|\s+(?:means?|stands?\s+for|refers?\s+to|is\s+called|are\s+called)\b)",
    re.IGNORECASE,
)
# As the subject of its sentence, "X uses ..." or "X are strong pain medicines, like ..." explains X.
_DEFINED_AS_SUBJECT = re.compile(
    _PHRASE + r"\s+(?:uses?\b|(?:is|are)(?:\s+[\w'-]+){1,3}?(?:,|\s+(?:like|such\s+as|that|which|who|where|when)\b))",
    re.IGNORECASE,
)
# "CBT, a kind of talk therapy": an appositive, unless it is the next item of a list
# ("heart disease, epilepsy, a lung problem or ...").
_APPOSITIVE = re.compile(_PHRASE + r",\s+(?:a|an|the|one)\s+([^,.;:!?]*)", re.IGNORECASE)
_LIST_WORD = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)
_SUBJECT_START = re.compile(r"^\s*(?:(?:a|an|the)\s+)?$", re.IGNORECASE)
_DEFINED_BEFORE = re.compile(r"(?:\w\s*\(|\b(?:called|known\s+as)\s+|,\s+or\s+)$", re.IGNORECASE)


def _defines(sentence: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    if _DEFINED_BEFORE.search(sentence, max(0, start - _LOOK_BACK), start) or _DEFINED_AFTER.match(sentence, end):
        return True
    appositive = _APPOSITIVE.match(sentence, end)
    if appositive and not _LIST_WORD.search(appositive.group(1)):
        return True
    return bool(_SUBJECT_START.match(sentence, 0, start) and _DEFINED_AS_SUBJECT.match(sentence, end))


def _word_findings(topic: Topic, texts: list[Piece]) -> list[Finding]:
    names = " | ".join((topic.title, *topic.aliases))
    everything = "\n".join(piece.text for piece in texts)
    used = sorted({int(str(m.lastgroup)[1:]) for m in _ANY_TERM.finditer(everything)})
    split = [(piece, s) for piece in texts for s in sentences(piece.text)]
    findings: list[Finding] = []
    for pattern in (_TERMS[index] for index in used):
        if pattern.search(names):
            continue
        uses = [(piece, s, m) for piece, s in split for m in pattern.finditer(s)]
        if uses and not any(_defines(s, m) for _, s, m in uses):
            piece, _, first = uses[0]
            found = first.group(0)
            findings.append(
                Finding(
                    "everyday-words",
                    f'"{found}" is not explained in this topic; say what it means where it first appears, '
                    f'e.g. "{found} (plain words)" or "{found}, which is ..."',
                    piece.where,
                    found,
                )
            )
    first_use: dict[int, tuple[Piece, str]] = {}
    for piece in texts:
        for match in _ANY_HARD.finditer(piece.text):
            first_use.setdefault(int(str(match.lastgroup)[1:]), (piece, match.group(0)))
    for index in sorted(first_use):
        piece, found = first_use[index]
        plain = _HARD_LIST[index][1]
        findings.append(Finding("everyday-words", f'"{found}" is a hard word; say "{plain}"', piece.where, found))
    return findings


# --- numbers -----------------------------------------------------------------

_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_DECIMAL = re.compile(r"(?<![\d.,])\d*\.\d+(?![\d.])")
_FRACTION = re.compile(r"(?<![\d/])\d+\s*/\s*\d+(?![\d/])|[\u00bc-\u00be\u2150-\u215e]")
_SERVICE = re.compile(r"(?<![\d-])(?:[2-9]11|988)(?![\d-])")
_CALL_BEFORE = re.compile(r"\b(?:call|calls|calling|dial|text)\b(?:\W+\w+){0,2}\W*$", re.IGNORECASE)
_LIFELINE = re.compile(r"\blifeline\b", re.IGNORECASE)


def _number_findings(texts: list[Piece]) -> list[Finding]:
    findings: dict[Finding, None] = {}  # a number repeated in one field is reported once

    def add(piece: Piece, found: str, advice: str) -> None:
        findings.setdefault(Finding("numbers", f'"{found}" {advice}', piece.where, found))

    for piece in texts:
        for sentence in sentences(piece.text):
            lifeline = bool(_LIFELINE.search(sentence))
            for match in _PERCENT.finditer(sentence):
                count = re.match(r"[\d.]*", match.group(0))
                add(piece, match.group(0), f'is a percentage; say "{count.group(0) if count else "N"} in 100"')
            for match in _DECIMAL.finditer(_PERCENT.sub("", sentence)):
                add(piece, match.group(0), "is a decimal; use a whole number or words")
            for match in _FRACTION.finditer(sentence):
                add(piece, match.group(0), 'is a fraction; say "1 in 3" or "a third"')
            for match in _SERVICE.finditer(sentence):
                number = match.group(0)
                if not _CALL_BEFORE.search(sentence, max(0, match.start() - _LOOK_BACK), match.start()):
                    add(piece, number, f'needs what to do, e.g. "call {number}"')
                elif number == "988" and not lifeline:
                    add(piece, number, 'needs its name: "the Suicide and Crisis Lifeline: call or text 988"')
    return list(findings)


# --- actions -----------------------------------------------------------------

_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# First words that show a line is not an instruction to the reader.
_NOT_IMPERATIVE = re.compile(
    r"a|an|the|this|that|these|those|it|its|they|their|there|he|she|we|our|my|i|patients|people|users|clients"
    r"|adults|someone|anyone|everyone|most|many|some|research|studies|doctors",
    re.IGNORECASE,
)
_LOG_WORDS = re.compile(r"\b(?:diary|diaries|log|logs|tracker|trackers|journal|journals)\b", re.IGNORECASE)


def _speaks_to_reader(line: str) -> bool:
    first = words(line)[:1]
    return bool(_YOU.search(line)) or bool(first and not _NOT_IMPERATIVE.fullmatch(first[0]))


def is_self_care(topic: Topic) -> bool:
    return topic.category in SELF_CARE_CATEGORIES or bool(topic.steps)


# --- the score ---------------------------------------------------------------


def score(topic: Topic, *, grade: float, max_grade: float, log_titles: Collection[str] = ()) -> Score:
    """Every automatable item for one topic; `grade` is its reading grade, `log_titles` every log in the catalog."""
    texts = pieces(topic)
    body = texts[1:]  # the title is a heading, not a sentence
    met: dict[str, bool | None] = {}
    findings: list[Finding] = []

    def judge(item: str, missed: list[Finding], applies: bool = True) -> None:
        met[item] = None if not applies else not missed
        if applies:
            findings.extend(missed)

    judge("main-message", _main_message(topic))
    judge("sections", _sections(topic))
    judge("everyday-words", _word_findings(topic, texts))
    judge("numbers", _number_findings(body))

    all_sentences = [(piece, s) for piece in body for s in sentences(piece.text)]
    counts = [len(words(s)) for _, s in all_sentences]
    average = round(sum(counts) / len(counts), 1) if counts else 0.0
    judge("short-sentences", _lengths(average))

    passives = [(piece, s, passive(s)) for piece, s in all_sentences]
    passives = [p for p in passives if p[2]]
    share = round(len(passives) / len(all_sentences), 2) if all_sentences else 0.0
    judge("active-voice", _voice(passives, len(all_sentences), share))

    judge(
        "reading-grade",
        [Finding("reading-grade", f"reading grade {grade} is above {max_grade}")] if grade > max_grade else [],
    )
    judge(
        "certainty",
        [
            Finding("certainty", "no certainty", ("evidence", i))
            for i, item in enumerate(topic.evidence)
            if not item.certainty
        ],
    )

    actions = bool(topic.steps or topic.urgent or topic.questions)
    judge("action", [] if actions else [Finding("action", "no steps, urgent signs or questions to ask")])
    judge("steps", _steps(topic), applies=is_self_care(topic))
    calls = [Piece(("steps", i), s) for i, s in enumerate(topic.steps)] + [
        Piece(("urgent", i), s) for i, s in enumerate(topic.urgent)
    ]
    judge(
        "direct",
        [
            Finding("direct", f'"{_clip(piece.text)}" does not speak to the reader; start with a verb', piece.where)
            for piece in calls
            if not _speaks_to_reader(piece.text)
        ],
        applies=bool(calls),
    )
    judge("tool", _tool(topic, body, log_titles))
    judge("log-explained", _log_explained(topic), applies=topic.log is not None)
    orders = ([Piece(("main_message",), topic.main_message)] if topic.main_message else []) + [
        Piece(("steps", i), s) for i, s in enumerate(topic.steps)
    ]
    judge(
        "active-calls",
        [
            Finding("active-calls", f'passive voice ("{phrase}"); say who does what', piece.where, phrase)
            for piece in orders
            for phrase in [main_clause_passive(piece.text)]
            if phrase
        ],
        applies=bool(orders),
    )
    return Score(
        _percent(met, UNDERSTANDABILITY),
        _percent(met, ACTIONABILITY),
        met,
        tuple(findings),
        average,
        share,
    )


class ScaleScore(NamedTuple):
    """One scale of PEMAT-P or the CCI for a topic: what a program scored, what a person rated, what is left."""

    scale: str
    # Question id -> agree, disagree or na; a question no one has scored is left out.
    values: dict[str, str]
    # Question id -> "automated" or "person": who gave the value used.
    by: dict[str, str]
    # The questions a program can score, and its percentage over them (None if none applies).
    automatable: tuple[str, ...]
    automated: int | None
    # The questions only a person can score, and those of them still unscored.
    needs_person: tuple[str, ...]
    unscored: tuple[str, ...]
    # Automatable questions a person rated (their rating is used), and those where the two differ.
    overridden: tuple[str, ...]
    differs: tuple[str, ...]
    # The score over every question, once none is unscored.
    full: int | None


def instrument_scores(met: dict[str, bool | None], ratings: Collection[Rating] = ()) -> tuple[ScaleScore, ...]:
    """PEMAT-P understandability and actionability and the CDC CCI, from the rules' results and a person's ratings.

    A question is scored by the program when a rule covers it (disagree if
    any covering rule is missed, agree if any is met, else not applicable).
    A person's rating replaces the program's; of several ratings, the latest
    by date wins for each item.
    """
    rated: dict[str, str] = {}
    for rating in sorted(ratings, key=lambda r: r.date):
        rated.update(rating.items)
    out = []
    for scale in instruments.SCALES:
        questions = [q.id for q in instruments.QUESTIONS if q.scale == scale]
        program = {q: _automated(met, q) for q in questions if any(q in item.covers for item in ITEMS)}
        values = {q: rated.get(q) or program[q] for q in questions if q in rated or q in program}
        by = {q: "person" if q in rated else "automated" for q in values}
        automatable = tuple(q for q in questions if q in program)
        needs_person = tuple(q for q in questions if q not in program)
        unscored = tuple(q for q in questions if q not in values)
        out.append(
            ScaleScore(
                scale,
                values,
                by,
                automatable,
                _share(program.values()),
                needs_person,
                unscored,
                tuple(q for q in automatable if q in rated),
                tuple(q for q in automatable if q in rated and rated[q] != program[q]),
                None if unscored else _share(values.values()),
            )
        )
    return tuple(out)


def _automated(met: dict[str, bool | None], question: str) -> str:
    found = [met.get(item.id) for item in ITEMS if question in item.covers]
    if any(value is False for value in found):
        return instruments.DISAGREE
    return instruments.AGREE if any(value for value in found) else instruments.NOT_APPLICABLE


def _share(values: Iterable[str]) -> int | None:
    applicable = [value for value in values if value != instruments.NOT_APPLICABLE]
    if not applicable:
        return None
    return int(100 * applicable.count(instruments.AGREE) / len(applicable) + 0.5)


def _percent(met: dict[str, bool | None], scale: str) -> int:
    applicable = [value for key, value in met.items() if ITEM[key].scale == scale and value is not None]
    if not applicable:
        return 100
    # Half up, as a person rounding a PEMAT score would (Python rounds half to even).
    return int(100 * sum(applicable) / len(applicable) + 0.5)


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 3].rstrip() + "..."


def _main_message(topic: Topic) -> list[Finding]:
    if not topic.main_message:
        return [Finding("main-message", "no main_message")]
    count = len(sentences(topic.main_message))
    if count > MAX_MAIN_MESSAGE_SENTENCES:
        return [
            Finding(
                "main-message",
                f"main_message has {count} sentences; keep it to one or two",
                ("main_message",),
            )
        ]
    return []


def _sections(topic: Topic) -> list[Finding]:
    sections: list[tuple[Where, bool]] = [
        (("summary",), bool(topic.summary.strip())),
        (("key_points",), any(t.strip() for t in topic.key_points)),
        (("evidence",), bool(topic.evidence)),
        (("what_to_expect",), any(t.strip() for t in topic.what_to_expect)),
        (("safety", "careful"), any(t.strip() for t in topic.safety.careful)),
        (("safety", "tell"), any(t.strip() for t in topic.safety.tell)),
        (("questions",), any(t.strip() for t in topic.questions)),
    ]
    return [Finding("sections", f"{'.'.join(map(str, where))} is empty", where) for where, ok in sections if not ok]


def _lengths(average: float) -> list[Finding]:
    if average <= MAX_AVERAGE_WORDS:
        return []
    return [Finding("short-sentences", f"sentences average {average} words; aim for {MAX_AVERAGE_WORDS:g} or fewer")]


def _voice(passives: list[tuple[Piece, str, str]], total: int, share: float) -> list[Finding]:
    if share <= MAX_PASSIVE_SHARE:
        return []
    piece, _, phrase = passives[0]
    return [
        Finding(
            "active-voice",
            f'{len(passives)} of {total} sentences are passive ({share:.0%}, e.g. "{phrase}"); '
            f"at most {MAX_PASSIVE_SHARE:.0%} may be",
            piece.where,
            phrase,
        )
    ]


def _steps(topic: Topic) -> list[Finding]:
    if not topic.steps:
        return [Finding("steps", f"a self-care topic ({topic.category}) with no steps; add numbered steps to follow")]
    if len(topic.steps) < 2:
        return [Finding("steps", "only one step; break the action into steps", ("steps", 0))]
    return []


def _tool(topic: Topic, body: list[Piece], log_titles: Collection[str]) -> list[Finding]:
    """A log when the text asks for one; otherwise the list of questions to ask is the tool."""
    if topic.log is not None:
        return []
    titles = [title.lower() for title in log_titles]
    for piece in body:
        match = _LOG_WORDS.search(piece.text)
        if match and not any(title in piece.text.lower() for title in titles):
            return [
                Finding(
                    "tool",
                    f"asks for a {match.group(0).lower()} but the topic has no log and names no other topic's log",
                    piece.where,
                    match.group(0),
                )
            ]
    return [] if topic.questions else [Finding("tool", "no log and no questions to ask")]


def _log_explained(topic: Topic) -> list[Finding]:
    if topic.log is None:
        return []
    title = topic.log.title.lower()
    if any(title in step.lower() or _LOG_WORDS.search(step) for step in topic.steps):
        return []
    return [Finding("log-explained", f'no step says when to fill in the "{topic.log.title}"', ("log", "title"))]


def overstatements(topic: Topic) -> Iterator[Finding]:
    """Wording that promises more than a low, very low or ungraded evidence item can support."""
    for index, item in enumerate(topic.evidence):
        if item.certainty not in WEAK_CERTAINTY:
            continue
        for match in STRONG_WORDS.finditer(item.text):
            before = item.text[max(0, match.start() - _LOOK_BACK * 2) : match.start()]
            if _NEGATION.search(re.split(r"[,;:.!?]", before)[-1]):
                continue
            yield Finding("overstated", match.group(0), ("evidence", index, "text"), match.group(0))


# --- what evidence wording claims ---------------------------------------------
#
# A sentence that says there is no evidence is a caveat, not a finding: a
# certainty label in front of it ("Very limited evidence: it does not show that
# omega-3 helps") reads as "there is a little evidence it helps". Only
# `not-graded` fits it. The wordings are those of the catalog's caveats in each
# language; a rule sees only these words, so a person still reads the rest.
# A language has all three tables or none (check then warns that its evidence
# wording is unchecked); tests/test_languages.py holds them to that.
NO_EVIDENCE = {
    "en": re.compile(
        r"\b(?:no\s+(?:good\s+|strong\s+|clear\s+|real\s+)?evidence"
        r"|(?:does|do|did)\s+not\s+(?:yet\s+)?show"
        r"|(?:doesn't|don't|didn't)\s+(?:yet\s+)?show"
        r"|(?:we|they|researchers|experts|scientists)\s+(?:do\s+not|don't)\s+(?:yet\s+)?know"
        r"|(?:is|are)\s+not\s+(?:yet\s+)?known)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!\w)(?:no\s+hay\s+(?:buenas\s+|suficientes\s+)?(?:pruebas|evidencia)"
        r"|no\s+(?:lo\s+)?(?:muestra|muestran|mostró|mostraron|demuestra|demuestran|demostró|demostraron)"
        r"|(?:todavía|aún)\s+no\s+(?:lo\s+)?(?:sabemos|se\s+sabe|saben)"
        r"|no\s+(?:lo\s+)?(?:sabemos|se\s+sabe)(?:\s+(?:todavía|aún))?)(?!\w)",
        re.IGNORECASE,
    ),
}
# An effect stated as a change in the reader's own pain ("pain went down about
# 15 points") where the item compares groups: the number is a difference
# between the groups, not how much anyone's pain fell.
EFFECT_AS_CHANGE = {
    "en": re.compile(
        r"\b(?:pain|scores?|function|disability)\s+"
        r"(?:went\s+down|goes\s+down|go\s+down|came\s+down|fell|falls|dropped|drops|decreased|decreases"
        r"|improved|improves|went\s+up|rose)"
        r"(?:\s+(?:by|about|around|roughly|nearly|almost|some|an\s+average\s+of|on\s+average))*"
        r"\s+\d+(?:[.,]\d+)?\s*(?:points?|%|percent)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!\w)(?:el\s+dolor|la\s+puntuación|la\s+función|la\s+discapacidad)\s+"
        r"(?:bajó|baja|bajaron|disminuyó|disminuye|se\s+redujo|se\s+reduce|mejoró|mejora|cayó|subió)"
        r"(?:\s+(?:en|unos|unas|cerca\s+de|casi|alrededor\s+de|aproximadamente|de\s+media))*"
        r"\s+\d+(?:[.,]\d+)?\s*(?:puntos?|%|por\s+ciento)",
        re.IGNORECASE,
    ),
}
COMPARES_GROUPS = {
    "en": re.compile(
        r"\b(?:compared?|comparing|than|versus|vs|sham|placebo|usual\s+care|control\s+group|no\s+treatment"
        r"|comparison\s+groups?|other\s+groups?)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<!\w)(?:compar\w*|frente\s+a|placebo|simulad[ao]s?|falsa|falso|atención\s+de\s+siempre"
        r"|grupo\s+de\s+control|sin\s+tratamiento|no\s+recibir\s+tratamiento|otros\s+grupos)"
        r"(?!\w)",
        re.IGNORECASE,
    ),
}
NOT_GRADED = "not-graded"


def evidence_wording(topic: Topic, language: str = "en") -> Iterator[Finding]:
    """A "no evidence" sentence under a graded label, and a between-group difference stated as a change.

    Findings point at the evidence item's text (`("evidence", i, "text")`)
    and the words that show the problem, in file order within each item.
    """
    for index, item in enumerate(topic.evidence):
        where: Where = ("evidence", index, "text")
        found: list[tuple[int, Finding]] = []
        if item.certainty and item.certainty != NOT_GRADED:
            for match in NO_EVIDENCE[language].finditer(item.text):
                found.append((match.start(), Finding("no-evidence-graded", match.group(0), where, match.group(0))))
        if COMPARES_GROUPS[language].search(item.text):
            for match in EFFECT_AS_CHANGE[language].finditer(item.text):
                found.append((match.start(), Finding("effect-as-change", match.group(0), where, match.group(0))))
        yield from (finding for _, finding in sorted(found, key=lambda pair: pair[0]))
