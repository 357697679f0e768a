"""The safety net: crisis and emergency alerts shown before anything else.

A person who types "i want to die" or "no puede despertar" into a search
box needs a phone number first, not a list of topics. Every search (and a
`show` whose name is not a topic) runs what was typed through the alerts
here. Each alert has a kind (crisis: the 988 Lifeline; emergency: 911), a
title, the lines to show and the phrases that set it off.

The alerts come from two places. A catalog's `safety_net` section (and its
translation) gives its own text and adds phrases; the built-in minimum
below stays whatever a catalog says, so a clinic catalog that leaves the
section out, or an entry's phrases, can never switch the net off. A
catalog entry with a built-in id replaces its title and text (validation
makes sure it still names 988 or 911) and adds to its phrases.

Phrases are matched leniently, because people in distress do not spell
carefully: case, accents and apostrophes are ignored, letters Spanish says
alike count as one (b and v, s and z, s and c before e or i: "quitarme la
bida"), a word of six letters or more may be one typing slip away ("sucide"), `word*` matches any
ending ("suicid*": suicide, suicidal, suicidarme), and `a + b` needs both
parts anywhere in what was typed ("numb* + bladder"). Ordinary idioms
("this pain is killing me") may set an alert off; that is the safe side.

Domain code: no printing, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from painguide.catalog.model import Alert
from painguide.catalog.schema import ALERT_KINDS as KINDS
from painguide.catalog.schema import BUILTIN_ALERT_KINDS
from painguide.i18n import N_, _, using


def _alert(id: str, title: str, message: Sequence[str], phrases: str) -> Alert:
    # The kind is the schema's, which validation also reads: one table, not two kept in step.
    kind = BUILTIN_ALERT_KINDS[id]
    return Alert(id, kind, title, tuple(message), _split(phrases))


def _split(phrases: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in phrases.split(";") if p.strip())


# The built-in minimum. Catalog text replaces the titles and lines; the
# phrases only ever grow. Facts: 988 Suicide and Crisis Lifeline
# (call or text; Spanish option 2), 911, Poison Help 1-800-222-1222 (HRSA).
_CRISIS_EN = (
    "suicid*; kill myself; killing myself; kil myself; want to die; wanna die; wish i was dead; wish i were dead; "
    "better off dead; better off without me; end my life; ending my life; end it all; ending it all; "
    "take my life; take my own life; want to hurt myself; going to hurt myself; thoughts of hurting myself; "
    "thinking of hurting myself; want to harm myself; self harm; want to cut myself; cutting myself; "
    "dont want to live; do not want to live; dont want to be alive; dont want to be here anymore; "
    "no reason to live; nothing to live for; not worth living; cant go on like this; cant go on anymore; "
    "cant take it anymore; cant do this anymore; hopeless; point of living; never wake up; to not wake up; "
    "all to be over; it to be over; going to end it; end it tonight; end my pain for good; "
    "better off without me; better off if i was gone; want to disappear; cut myself; cutting; kms; kys; "
    "to end it; saving up + pills; stockpil* + pills; not wake up + pills; not wake up; about hurting myself; "
    "of hurting myself; thoughts + hurting myself; urge* + hurt*; hurting myself on purpose; "
    "sleep for good; sleep forever; all my pills; take all + pills; reason to keep going; point in living; "
    "whats the point; have a plan; plan to end; plan to kill; jump* + bridge; jump off; hang myself; "
    "shoot myself; gun + myself; tired of living; tired of being alive; done with life; give up on life; "
    "want* to die; want* to kill himself; want* to kill herself; hurting himself; hurting herself; "
    "hurt* + himself + purpose; hurt* + herself + purpose; better off + dead; better off + gone; "
    "miss me if; if i was gone; if i were gone; want to wake up; doesnt want to live; doesnt want to be here; "
    "dont want to be here"
    "; wish i could die; ready to die; rather be dead; rather die; let me die; hope i die; pray* to die; "
    "pray* + not wake up; should be dead; deserve to die; be dead; end myself; off myself; unalive*; "
    "sewerslide; self injur*; selfharm; starve myself; im a burden; cant live like this; "
    "cant live with this; cannot live like this; no way out; nobody would care; no one would care; "
    "nobody would miss; no one would miss; goodbye letter; suicide note; not be here anymore; "
    "wish + never born; wish i wasnt born; no point + living; no point + going on; life + pointless; "
    "life + not worth; die + want*; die + wish*; dead + wish*; end + my life; end + it all; burden to"
    "; take to die; pills + to die; pills + kill me; enough + to die; shoot* myself; hang* myself; "
    "drown* myself; poison* myself; overdos* + on purpose; thinking about + myself + kill*; no hope; "
    "gave up on life"
    "; saving + pills; take them all; all at once + pills; shoot* + himself; shoot* + herself; "
    "gonna shoot; wrote letters; letters + kids; goodbye + kids; gave + away + ready; a rope; noose; "
    "die + accident; looks like an accident; burning my; burn* + myself; lighter + arms; drive off; "
    "off the bridge; off a bridge; rat poison; drink + poison; take + poison"
    "; better off if i; if i wasnt around; wasnt around anymore; stash* + pills; stash* + hydrocodone; "
    "stash* + oxy*; whole bunch at once; point of waking up; whats even the point; steering into; "
    "drive into + on purpose; overpass; gonna end it; end it + gun; ending things; end things; "
    "texted + goodbye; would be relieved; such a burden; bought rope; bought a rope; "
    "checking out permanently; check out permanently; checking out for good"
    "; thinking of ending; thinking about ending; ending it; better off without him; better off without her"
    "; better off without us; better off without them; all be better off; point of going on; point in going on"
    "; see the point + going on; see the point + living; go be with + in heaven; ready to go be with"
    "; go be with; join + in heaven; ready to go + stopped eating; stopped eating + ready; bought a gun"
    "; got a gun + pain; gun + point"
    "; dont wake up; do not wake up; hope + dont wake; hope + not wake; wish + dont wake"
    "; hope + never wake; saving up + norco*; saving up + oxy*; saving + in a jar; in case + cant take it"
    "; pistol out; gun out; sitting with + pistol; sitting with + gun; holding + gun; holding + pistol"
)
_CRISIS_ES = (
    "suicid*; matarme; me quiero matar; me voy a matar; me quiero morir; quiero morirme; quiero morir; "
    "ganas de morir*; quitarme la vida; quitar + la vida; no quiero vivir; ya no quiero vivir; "
    "no quiero seguir viviendo; acabar con mi vida; quiero hacerme dano; pienso en hacerme dano; "
    "quiero lastimarme; sin esperanza; ya no aguanto; mejor muert*; mejor me muero; mejor sin mi; "
    "ya no despertar; no volver a despertar; me estoy cortando; cortando + brazos; cortarme + brazos; "
    "sentido a la vida; sentido de la vida; sentido a mi vida; acabar con todo; todas las pastillas; "
    "no quiero estar aqui; desaparecer para siempre; corto + brazos; corto + piel; me lastimo a proposito; "
    "hacerme dano; lastimarme a proposito; aventar* + puente; tirarme + puente; aventarme; tirarme al; "
    "colgarme; ahorcarme; pegarme un tiro; darme un tiro; no despertar; dormir para siempre; "
    "no vale la pena vivir; para que vivir; sentido vivir; cansad* de vivir; todas mis pastillas; "
    "tomarme todas + pastillas; quitarme + vida; kiero morir*; kiero matarme; no kiero vivir; mejor se muere; "
    "se quiere morir; se quiere matar; me corto para; irme con dios*; ir con diosito; quiere irse con dios*"
    "; quisiera morir*; ojala + muer*; ojala + morir*; ojala no despert*; ojala no amanec*; me mato; "
    "matar* + yo; me voy a morir de una vez; ya no puedo mas; no puedo mas; no aguanto mas; "
    "no tiene caso vivir; no tiene caso seguir; para que sigo; soy una carga; ser una carga; "
    "acabar con esto; terminar con todo; terminar con mi vida; acabar con mi; quitarme de en medio; "
    "harto de vivir; harta de vivir; fastidiad* de vivir; sin ganas de vivir; que dios me recoja; "
    "que dios me lleve; que diosito me lleve; dios + llev* + ya; me quiero ir de este mundo; "
    "irme de este mundo; dejar de existir; ya no existir; no quiero existir; ya no quiero estar; "
    "mejor no estar; nadie me extra*; morir* + quiero; morir* + quisiera; morir* + ganas; "
    "muert* + mejor; suisid*; matarm*; quiero desaparecer; quisiera desaparecer; cortarme + brazo*; "
    "cortarme + venas; cortarme las venas; no tengo ganas de vivir"
    "; no hay esperanza; ya me rendi; me rendi; para que seguir; me doy por vencid*; ya no estar; "
    "ganas de ya no; no estar aqui; tomar + pastillas + morir*; cuantas pastillas + morir*; "
    "pegarme un balazo; darme un balazo; ahogarme; envenenarme"
    "; guardando + pastillas; tomarmelas todas; todas juntas + pastillas; se va a colgar; lazo + colgar; "
    "soga; me despedi; despedi + hijos; esta noche lo hago; lo voy a hacer esta noche; me recoja; "
    "dios + recoja; pistola + en mi; usarla en mi; veneno de ratas; tomarme el veneno; veneno + tomar*; "
    "raticida; quemarme; me quemo + brazos"
    "; carta de despedida; me recogiera; echo todo el frasco; todo el frasco; se acaba todo; ya se acaba"
    "; pienso en quitarme; quitarme la; ya me quiero ir con; irme con mi; estar con + en el cielo; reunirme con"
    "; ya no come + irse; dejo de comer + irse; estarian mejor sin; estarian mejor sin mi; mejor sin el"
    "; mejor sin ella; compre una pistola; compro una pistola; ya no le veo sentido"
    "; no despertar mas; ojala + no despierte; ojala ya no despierte; guardando + norco*"
    "; juntando pastillas; juntando + pastillas; saque la pistola; con la pistola en; agarre la pistola"
)
_OVERDOSE_EN = (
    "overdose*; too many pills; took too much; too much tylenol; too much acetaminophen; cant wake him; "
    "cant wake her; cant wake them; cant wake my; cannot wake him; cannot wake her; cannot wake my; "
    "wont wake up; will not wake up; cant be woken; cannot be woken; unresponsive; not responding; "
    "not breathing; stopped breathing; blue lips; lips + blue; whole bottle; cant stay awake; cannot stay awake; "
    "barely breathing; hardly breathing; breathing very slow*; tylenol + nyquil; tylenol + extra + took; "
    "took + bottle; took + all + pills; odd + meds; odd + pills; od + meds; od + pills; purple lips; "
    "lips + purple; turning blue; turned blue; not responding; wont respond; cant get air"
    "; took too many; too many + pills; too many + tablets; too many + oxy*; too many + percocet*; "
    "accidentally took; swallowed + pills; swallowed + bottle; double + dose + took; unconscious; "
    "not waking; pinpoint pupils; cant wake; wont wake; cannot wake; not waking up; wont respond; "
    "ate + pills"
    "; breathing real slow; breathing really slow; breathing so slow; breathing + very slow*; "
    "took + twice + pills; pills twice; took + double + pills; confused + breathing; "
    "overdo* + breathing"
    "; more by mistake; cant keep my eyes open; only breathing; snoring + weird; snoring + breathing; "
    "fading out; methadone + xanax; xanax + oxy*; xanax + percocet; double dosed; "
    "double dose* + breathing; breathing + really slow"
    "; took like + pills; took about + pills; took + pills + at once; took + whole; took + handful"
    "; handful of + pills; took all of; took + extra + pills"
    "; wont answer me when i shake; doesnt answer when i shake; wont answer + shake; gave + twice + wont"
    "; gave him + twice; gave her + twice; cant wake + shake; shake him + wont; shake her + wont"
)
_OVERDOSE_ES = (
    "sobredosis; demasiadas pastillas; demasiado tylenol; demasiado paracetamol; no despierta; no se despierta; "
    "no puedo despertarlo; no puedo despertarla; no lo puedo despertar; no la puedo despertar; no respira; "
    "dejo de respirar; labios morados; muchas pastillas; pastillas de mas; todo el frasco; el frasco de; "
    "despertar a mi; apenas respira; casi no respira; frasco entero; frasco + pastillas; tomo + todas + pastillas; "
    "no responde; esta morado; esta morada; labios azules; se puso morad*; se puso azul; "
    "paso la mano + pastillas; se me paso la mano"
    "; tomo de mas; tome de mas; pastillas de mas; muchas pastillas; se tomo todas; me tome todas; "
    "se trago + pastillas; me trague + pastillas; inconscient*; no reacciona; no despierta"
    "; respira muy despacio; respira bien despacio; respira + bien lento; tomo + dos veces + pastillas; "
    "pastillas + dos veces + respira*; confundid* + respira*"
    "; se comio las pastillas; se comio + pastillas; se trago las pastillas; cipote + pastillas; nino + pastillas"
    "; me tome como + pastillas; se tomo como + pastillas; me tome unas + pastillas; tome como + pastillas"
    "; me tome + pastillas + de un jalon; me tome + pastillas + juntas; un punado de pastillas"
    "; me tome un punado; se tomo un punado; me tome + todo; se tomo + todo el"
    "; le di + dos veces + no; no contesta + muevo; no responde + muevo; lo muevo y no; la muevo y no"
)
_BREATHING_EN = (
    "chest pain; chest hurts; pain in my chest; cant breathe; cannot breathe; can not breathe; trouble breathing; "
    "hard to breathe; short of breath; shortness of breath; chest pressure; pressure in my chest; chest + left arm; "
    "chest + jaw; catch my breath; gasping"
    "; cant breath; cant get my breath; chest feels tight; chest is tight; chest tight; tight chest; "
    "chest + tightness; heart attack; crushing + chest; collapsed lung; "
    "lung + collapse*; breath* + after acupuncture; breath* + after needl*; im choking; is choking; "
    "choking on; cant catch; "
    "hard to breath; breathless; wheez* + cant"
)
_BREATHING_ES = (
    "dolor de pecho; dolor en el pecho; me duele el pecho; no puedo respirar; no puede respirar; me falta el aire; "
    "le falta el aire; falta de aire; "
    "me cuesta respirar; aprieta el pecho; presion en el pecho; pecho + brazo izquierdo; opresion en el pecho"
    "; me ahogo; se ahoga; ahogando; infarto; ataque al corazon; pecho apretado; aprieta + pecho; "
    "pulmon + colaps*; respirar + despues + acupuntura; respirar + agujas; no agarro aire; "
    "no me entra el aire; no le entra el aire; me falta la respiracion; le cuesta respirar; "
    "dificultad para respirar"
)
_SPINE_EN = (
    "numb* + bladder; numb* + bowel*; weak* + bladder; weak* + bowel*; leg* + bladder; "
    "cant control my bladder; lost control of my bladder; cant pee; cannot pee; numb groin; "
    "numb between my legs; legs went numb; legs are numb; numb legs; leg numbness; legs gave out; "
    "sudden* + numb*; sudden* + weak*; control + bowel*; control + bladder; lost control; wet myself; "
    "peed myself; pooped myself; cant move my legs; cannot move my legs; legs + cant move"
)
_SPINE_ES = (
    "se me duermen las piernas; piernas dormidas; pierna* + dormid*; pierna* + entumid*; pierna* + hormigueo; "
    "no siento las piernas; no puedo orinar; no controlo la orina; control + vejiga; adormecimiento + pierna*; "
    "debilidad + pierna*; fuerza en las piernas; no controlo el bano; no controlo + bano; durm* + pierna*; "
    "no puedo mover + pierna*; no las puedo mover; sale la orina; orina sola; orina + sin sentir; "
    "hice del bano; me hice + encima; me hice + bano; hice pipi; pipi + sin sentir; aguantar + popo; "
    "aguantar + pipi; aguantar la orina"
)

_SIGNS_EN = (
    "having a stroke; think + stroke; signs of a stroke; face droop*; face + droop*; droopy face; slurr*; "
    "one side + numb*; one side + weak*; cant talk right; cant speak; worst headache; bleeding + wont stop; "
    "wont stop bleeding; cant stop + bleeding; bleeding a lot; lots of blood; vomit* + blood; "
    "throw* up blood; cough* + blood; black stool*; black poop; throat + swell*; throat + closing; "
    "tongue + swell*; lips + swell*; swollen + throat; anaphyla*; severe allergic; allergic + throat; "
    "allergic + breath*; hives + breath*; seizure*; convuls*; unconscious; passed out + wont"
    "; cant swallow; cannot swallow; hives all over; hives + swallow*; side of my body; "
    "one side of my body; half my body; sudden* + one side; one side + face"
    "; gushing; blood + wont stop; bleeding through"
    "; foaming at the mouth; cant move my arm; cant move his arm; cant move her arm; sudden* + headache"
    "; cant lift + arm; cannot lift + arm; cant raise + arm; cant get + words out; cant get her words"
    "; cant get his words; cant get my words; words + wont come out; arm + went weak; arm + went numb"
    "; mouth + droop*; mouth + crooked; face + crooked"
)
_SIGNS_ES = (
    "derrame cerebral; embolia; cara chueca; cara torcida; boca chueca; boca torcida; no puede hablar; "
    "habla raro; arrastra las palabras; un lado + dormid*; un lado + paraliz*; peor dolor de cabeza; "
    "no para de sangrar; sangra + no para; sangrado + no para; mucha sangre; vomit* + sangre; tose sangre; "
    "tosiendo sangre; popo negra; heces negras; garganta + cerr*; garganta + hinch*; lengua + hinch*; "
    "labios + hinch*; anafila*; reaccion alergica + hinch*; reaccion alergica + respirar; "
    "ronchas + respirar; convulsi*; ataque + epilep*; le dio un ataque; inconscient*; no reacciona"
    "; no puedo tragar; no puede tragar; ronchas + tragar; ronchas por todo el cuerpo; "
    "un lado del cuerpo; todo un lado; mitad del cuerpo; de repente + entumi*; lado + cara + dormid*"
    "; se me cierra la garganta; cierra + garganta"
    "; espuma por la boca; dando un ataque; tiembla + ataque; no puedo mover el brazo; no puede mover el brazo; "
    "de repente + brazo; dolor de cabeza + de repente; no se detiene; sangrado + fuerte"
    "; no puede levantar el brazo; no puedo levantar el brazo; no le salen las palabras"
    "; no me salen las palabras; se le chueco; se le torcio; boca + chueca; boca + torcida"
)

# The built-in alerts' titles and lines are interface text: English here, every other language's in
# its locale folder (`.po`), so a new language brings them with its translation. tests/test_i18n.py
# fails while one is untranslated; tests/test_safety_net.py while a language's crisis text does not
# name 988, or an emergency's 911.
TEXTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "crisis",
        N_("If you are thinking about suicide or hurting yourself"),
        (
            N_("Call or text 988, the Suicide and Crisis Lifeline. It is free and open day and night."),
            N_("Para español, oprima el 2."),
            N_("If you are in danger right now, call 911."),
        ),
    ),
    (
        "overdose",
        N_("Possible overdose: call 911 now"),
        (N_("Call 911 if someone cannot be woken up or breathes very slowly or not at all."),),
    ),
    (
        "chest-or-breathing",
        N_("Chest pain or trouble breathing: call 911 now"),
        (N_("Call 911 if you have chest pain or trouble breathing."),),
    ),
    (
        "nerve-emergency",
        N_("New weakness or numbness: call 911 or go to the emergency room"),
        (
            N_(
                "Call 911 or go to the emergency room if you have new weakness or numbness in your legs, "
                "or you cannot control your bladder or bowels."
            ),
        ),
    ),
    (
        "emergency-signs",
        N_("Signs of a stroke, heavy bleeding or a severe allergic reaction: call 911 now"),
        (
            N_(
                "Call 911 right away if a face droops, an arm or leg goes weak or numb on one side, or speech is "
                "slurred."
            ),
            N_("Call 911, too, for bleeding that will not stop, swelling of the lips, tongue or throat, or a seizure."),
        ),
    ),
)
# The phrases that set each alert off, per language. Every language's count in every language (a
# person reading Spanish pages may type English), so a language without its own is still guarded.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "crisis": _CRISIS_EN,
        "overdose": _OVERDOSE_EN,
        "chest-or-breathing": _BREATHING_EN,
        "nerve-emergency": _SPINE_EN,
        "emergency-signs": _SIGNS_EN,
    },
    "es": {
        "crisis": _CRISIS_ES,
        "overdose": _OVERDOSE_ES,
        "chest-or-breathing": _BREATHING_ES,
        "nerve-emergency": _SPINE_ES,
        "emergency-signs": _SIGNS_ES,
    },
}


def builtin(language: str) -> tuple[Alert, ...]:
    """The built-in minimum in `language`: its translation of the text, and its own phrases (if it has any)."""
    own = PHRASES.get(language, {})
    with using(language):
        return tuple(_alert(id, _(title), [_(line) for line in lines], own.get(id, "")) for id, title, lines in TEXTS)


def alerts(catalog_alerts: Iterable[Alert], language: str) -> tuple[Alert, ...]:
    """The alerts in force: the built-in minimum with the catalog's text and phrases laid over it.

    Phrases of every language count in every language: a person reading
    Spanish pages may still type English.
    """
    # Every language has its built-in text (tests/test_i18n.py, tests/test_safety_net.py): never another's.
    out = {a.id: a for a in builtin(language)}
    for alert in catalog_alerts:
        base = out.get(alert.id)
        if base is None:
            out[alert.id] = alert
        elif alert.translation == "untranslated":
            # The built-in text of this language reads better than marked English.
            out[alert.id] = base._replace(phrases=base.phrases + alert.phrases, topics=alert.topics)
        else:
            # The kind of a built-in alert stays: a catalog cannot turn a crisis into something milder.
            out[alert.id] = alert._replace(kind=base.kind, phrases=base.phrases + alert.phrases)
    floor: dict[str, tuple[str, ...]] = {}
    for table in PHRASES.values():
        for id, phrases in table.items():
            floor[id] = floor.get(id, ()) + _split(phrases)
    merged = [a._replace(phrases=tuple(dict.fromkeys((*a.phrases, *floor.get(a.id, ()))))) for a in out.values()]
    # Crisis first: 988 before 911, then the catalog's order.
    return tuple(sorted(merged, key=lambda a: KINDS.index(a.kind)))


# --- matching ----------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[\W_]+")
# Spellings that split one word: "my self", "can not".
_JOINED = {("my", "self"): "myself", ("your", "self"): "yourself", ("mi", "self"): "myself"}


# Letters Spanish says alike, so people in distress spell them either way ("quitarme la bida",
# "suisidio", "desesperasion"): b and v, s and z, and s and c before e or i are one letter here.
_SOUNDS = re.compile(r"v|z|c(?=[ei])")


def _sound(word: str) -> str:
    return _SOUNDS.sub(lambda found: "b" if found.group() == "v" else "s", word)


def words(text: str) -> tuple[str, ...]:
    """Lower-case words without accents or apostrophes, letters said alike as one ("Don't" -> "dont",
    "daño" -> "dano", "vida" -> "bida")."""
    # Every search reads each of a thousand phrases with this, most of them one plain word:
    # ASCII has no accents to fold, and one plain word splits into itself.
    if text.isascii():
        if text.isalnum():
            return (_sound(text.lower()),)
        plain = _APOSTROPHES.sub("", text.lower())
    else:
        folded = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text.casefold()))
        plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    raw = [_sound(w) for w in _NOT_WORD.split(plain) if w]
    out: list[str] = []
    for word in raw:
        if out and (out[-1], word) in _JOINED:
            out[-1] = _JOINED[(out[-1], word)]
        else:
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=8192)
def pattern(phrase: str) -> tuple[tuple[str, ...], ...]:
    """A phrase as its `+` parts, each a run of folded words (a word ending in `*` matches any ending)."""
    return tuple(words_of for part in phrase.split("+") if (words_of := _pattern_words(part)))


def _pattern_words(part: str) -> tuple[str, ...]:
    # Keep the `*` of a word's ending; everything else is folded like typed text.
    return tuple(w + "*" if token.endswith("*") else w for token in part.split() for w in words(token)[:1])


# A word this long may have one typing slip ("sucide"); a shorter one is often another word ("corte", "corto").
SLIP = 6
# No word of any language is longer; beyond it only an exact match counts, so that a hostile
# catalog or question cannot make each comparison cost the square of a very long word.
LONGEST_WORD = 40
# What was typed is read this far: the length a search allows, and a bound for `show`.
MAX_TYPED_WORDS = 100


def _close(typed: str, wanted: str) -> bool:
    """Whether a typed word is the wanted one, allowing one slip in a word of SLIP letters or more."""
    if wanted.endswith("*"):
        stem = wanted[:-1]
        if typed.startswith(stem):
            return True
        if len(stem) < SLIP or len(stem) > LONGEST_WORD:
            return False
        return any(_distance(typed[:k], stem) <= 1 for k in (len(stem) - 1, len(stem), len(stem) + 1))
    if typed == wanted:
        return True
    if len(wanted) > LONGEST_WORD or len(typed) > LONGEST_WORD:
        return False
    return len(wanted) >= SLIP and abs(len(typed) - len(wanted)) <= 1 and _distance(typed, wanted) <= 1


def _distance(a: str, b: str) -> int:
    """Edit distance with swaps, cut off above 1 (all the matcher needs): search's own measure."""
    from painguide.catalog.names import edit_distance

    return edit_distance(a, b, 1)


def _has_run(typed: tuple[str, ...], group: tuple[str, ...]) -> bool:
    size = len(group)
    return any(all(_close(typed[start + k], group[k]) for k in range(size)) for start in range(len(typed) - size + 1))


def matches(phrase: str, typed: tuple[str, ...]) -> bool:
    """Whether the words typed hold the phrase (every `+` part of it, each as a run of words)."""
    groups = pattern(phrase)
    return bool(groups) and all(_has_run(typed, group) for group in groups)


@lru_cache(maxsize=64)
def _typed(text: str) -> tuple[str, ...]:
    # Read once per search: the alerts and the reminder both look at what was typed.
    return words(text)[:MAX_TYPED_WORDS]


def triggered(text: str, in_force: Iterable[Alert]) -> tuple[Alert, ...]:
    """The alerts whose phrases what was typed holds, crisis first, each once."""
    typed = _typed(text)
    if not typed:
        return ()
    return tuple(alert for alert in in_force if any(matches(phrase, typed) for phrase in alert.phrases))


# The reminder: a one-line pointer to 988 and 911 for words that come near
# danger without being a phrase above ("i feel so hopeless", "pills",
# "can't breathe right"). People in crisis say it in ways no phrase list
# foresees (a fifth blind set caught 88% on its first run); the reminder is
# the net under the net. It is quieter than an alert, so a wide word list
# costs an ordinary question one line, never a banner.
_REMINDER_EN = (
    "die; dying; dead; death; kill*; suicid*; unalive*; harm myself; hurt myself on; hurting myself; hurt himself; "
    "hurt herself; cut myself; cutting myself; bleeding; lot of blood; blood + wont; blood + cough*; blood + vomit*; "
    "overdos*; too many; cant breath*; cannot breath*; hard to breath*; trouble breath*; not breathing; "
    "stop* breathing; breathing + slow*; short* of breath; out of breath; chest + pain; chest + hurt*; "
    "chest + tight*; chest + heavy; heart; numb*; faint*; passed out; wont wake; cant wake; not waking; "
    "unconscious; hopeless*; no hope; depress*; alone; give up; gave up; giving up; burden; pointless; worthless; "
    "gun; shoot*; hang*; jump*; bridge; swallow*; swell*; swollen; hives; seizure*; stroke; droop*; slur*; "
    "confused; choke; choking; collapse*; emergency; poison*; bladder; bowel*; end it; end my; goodbye; "
    "disappear*; nothing left; cant go on; cant take; tired of; no point; whats the point; better off; miss me; "
    "wish i; cant do this; ending it; kms; kys; not wake; wake up tomorrow; whole bottle; extra strength; "
    "took + tylenol; lips; blue; purple; not responding; wont respond; weak*; crushing; pressure + chest; fentanyl; "
    "pills + tonight; all my pills; for good; forever; on purpose; reason to; be here anymore; "
    "live anymore; alive anymore; want to live; want to be here; od; odd; hurt myself; kil; barely breathing; "
    "catch my breath; cant move; worst headache; sudden*; rope; noose; lighter; letters; gave away; saving + pills; "
    "all at once; stash*; overpass; texted; relieved; checking out; eyes open; fading; gushing; snoring + weird; "
    "xanax; methadone"
    "; ending; go be with; be with + heaven; heaven; stopped eating; without him; without her; going on"
    "; handful; took like; took about; lift + arm; words out"
    "; dont wake; do not wake; in a jar; pistol; twice + wont; shake him; shake her"
)
_REMINDER_ES = (
    "morir*; muer*; muert*; matar*; mato; suicid*; hacerme dano; hacerse dano; lastimarme; cortarme; cortando; "
    "sangrando; mucha sangre; sangr* + no para; sangr* + mucho; sangre + vomit*; sangre + tos*; sobredosis; "
    "de mas; no puedo respirar; no puede respirar; cuesta respirar; no respira; dificultad para respirar; "
    "respira* + lento; respira* + despacio + pastillas; me falta; le falta; sin aire; ahog*; pecho + dolor; "
    "pecho + duele; pecho + aprieta; corazon; entum*; pierna* + dormid*; lado + dormid*; cara + dormid*; debil*; "
    "desmay*; no despierta; no se despierta; no puedo despertar*; inconscient*; esperanza; trist*; deprim*; "
    "aguitad*; solo; sola; rendi*; carga; arma; pistola; balazo; colg*; ahorc*; puente; tragar; ronchas + todo; "
    "hinch*; convuls*; derrame; embolia; confundid*; veneno; envenen*; orina + control*; no puedo orinar; vejiga; "
    "acabar; terminar; adios; desaparec*; aguant*; harto; harta; no puedo mas; para que seguir; vivir; dios; "
    "vida; despertar*; sin mi; sentido; muchas pastillas; pastillas + todas; frasco; demasiad*; labios; morad*; "
    "azul*; no responde; no contesta; reacciona; fuerza + piernas; no siento; sin sentir; sin darme cuenta; "
    "a proposito; para no sentir; se me paso la mano; diosito; torcio; no puede hablar; fentanil*; entrepierna; "
    "nunca; me corto; durm* + pierna*; no las puedo mover; no puedo mover; estar aqui; de repente; lazo; soga; "
    "despedi*; recoja; veneno; pistola; guardando + pastillas; todas juntas; quemarme; me quemo + brazo*; "
    "recogiera; garganta; se comio + pastillas; se acaba"
    "; irme con; irse con; cielo; dejo de comer; ya no come; sin el; sin ella; me tome como; se tomo como"
    "; punado; levantar el brazo; salen las palabras"
    "; pistola; no despierte; juntando + pastillas; lo muevo; la muevo"
)
REMINDER = tuple(p.strip() for p in (_REMINDER_EN + ";" + _REMINDER_ES).split(";") if p.strip())


def reminded(text: str) -> bool:
    """Whether what was typed comes near danger: then 988 and 911 are named in one line, alerts or not."""
    typed = _typed(text)
    return any(matches(phrase, typed) for phrase in REMINDER)


# A sentence, not a lookup of a word or two ("masagge"): a person may be telling us something.
SENTENCE_WORDS = 3


def reminds(text: str, alerts: Sequence[Alert]) -> bool:
    """Whether the one-line 988/911 reminder comes first: for a sentence, or words near danger, that set
    off no crisis alert.

    People in crisis say it in ways no phrase list foresees: on two fresh
    blind sets the alerts and the word list missed 1 and 2 phrases in 40-60
    ("some nights i hope i just dont wake up"), and those found a topic. A
    missed crisis costs far more than one quiet line, so every sentence
    carries it, as every page carries the disclaimer; a lookup of a word or
    two (a topic's name) does not. An emergency alert names 911 only, and a
    sentence that set it off may still be a crisis ("took all my pills").
    """
    if any(alert.kind == "crisis" for alert in alerts):
        return False
    return len(text.split()) >= SENTENCE_WORDS or reminded(text)


def reminder_text() -> str:
    """The one line that names 988 and 911 for a sentence, or words near danger, that set off no crisis alert."""
    return _(
        "If you are thinking about suicide or hurting yourself, call or text 988 (para español, oprima el 2). "
        "In an emergency, call 911."
    )
