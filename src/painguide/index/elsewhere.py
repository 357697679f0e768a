"""Subjects of health care this kind of catalog does not cover, per language.

A question about strep throat, a baby's fever or a flu shot shares words
with a catalog about long-lasting pain ("throat" in a safety line, "fever"
in a caution), and ranking alone then shows pages that do not answer it.
When a question names one of these subjects and no topic of the catalog is
named by it (its title, other names or keywords), only a topic the question
names by another word it is about ("yoga" in "is yoga safe with high blood
pressure") answers it; otherwise search says plainly that nothing here
does (index/search.py). A clinic that adds a topic about one of them
("Pain in pregnancy") is named by it, and the subject no longer counts.

The lists are general: primary care, children, pregnancy, teeth, eyes,
skin, infections, heart and metabolism, digestion, the urinary tract, pets
and paperwork. Words the bundled catalog is about ("shot" for steroid shots,
"sugar" in food) are left out, and so are conditions that bring long-lasting
pain of their own (diabetes, cancer, periods): a question about their pain
may be answered here. Phrases are matched as whole words, with
accents folded as each language's search rules fold them.
"""

from __future__ import annotations

ENGLISH = """
strep | strep throat | sore throat | tonsils | tonsillitis | flu | influenza | flu shot | common cold |
a cold | head cold | chest cold | cough | coughing | runny nose | stuffy nose | sneezing | fever | ear |
earache | ear infection | sinus | sinuses | sinus infection | allergy | allergies | hay fever | antihistamine |
asthma | inhaler | bronchitis | pneumonia | covid | coronavirus | vaccine | vaccines | vaccination |
immunization | booster | measles | mumps | chickenpox | shingles vaccine | whooping cough | baby | babies |
infant | newborn | toddler | kid | kids | child | children | childs | teen | teenager | teething | colic |
diaper | diaper rash | pregnancy test | pregnant test | morning sickness | prenatal | ultrasound | due date |
menstrual | birth control | contraception | iud | menopause | hot flashes | ovulation | fertility | ivf |
miscarriage | breastfeeding | breast milk | tooth | teeth | toothache | dentist | dental | cavity | cavities |
gums | root canal | wisdom tooth | wisdom teeth | eye | eyes | eyesight | vision | contact lenses | pink eye |
cataract | cataracts | skin | rash | acne | pimples | mole | moles | eczema | psoriasis | hives | sunburn |
wart | warts | itch | itchy | itching | hair loss | dandruff | lice | bed bugs | blood pressure |
high blood pressure | hypertension | cholesterol | blood sugar | insulin | a1c | thyroid | heart attack |
heart failure | mammogram | pap smear | colonoscopy | prostate | psa | kidney stone | kidney stones | urine |
pee | peeing | urinate | urinating | urinary | uti | bladder infection | yeast infection | std | stds | sti |
hiv | herpes | diarrhea | vomiting | vomit | throwing up | puking | food poisoning | stomach flu |
stomach bug | gallbladder | gallstones | appendix | appendicitis | hemorrhoids | anemia | nosebleed | pet |
pets | puppy | kitten | veterinarian | driver's license | drivers license | license | passport | taxes |
vaccinated | lab results | blood test | x ray results | covid test | ringworm | athlete's foot |
toenail fungus | ingrown toenail | head lice | poison ivy | bee sting | tick bite | dengue | malaria | zika
"""

SPANISH = """
garganta | dolor de garganta | anginas | amígdalas | gripe | gripa | influenza | resfriado | resfrío |
catarro | tos | mocos | estornudos | fiebre | calentura | oído | oídos | dolor de oído | infección de oído |
sinusitis | alergia | alergias | antihistamínico | asma | inhalador | bronquitis | neumonía | pulmonía |
covid | coronavirus | vacuna | vacunas | vacunación | sarampión | varicela | bebé | bebés | recién nacido |
niño | niña | niños | niñas | chamaco | chamaca | chiquito | chiquita | adolescente | dentición | cólicos |
pañal | rozadura | prueba de embarazo | náuseas del embarazo | prenatal | ultrasonido | menstruación |
anticonceptivos | pastillas anticonceptivas | menopausia | bochornos | ovulación | fertilidad |
aborto espontáneo | lactancia | leche materna | muela | muelas | diente | dientes | dentista | dental |
encías | caries | empaste | endodoncia | frenos | ojo | ojos | lentes | anteojos | lentes de contacto |
conjuntivitis | catarata | cataratas | piel | sarpullido | salpullido | ronchas | acné | espinillas | lunar |
lunares | eccema | psoriasis | urticaria | quemadura de sol | verruga | verrugas | comezón | picazón |
caída del pelo | caspa | piojos | chinches | presión alta | presión arterial | presión de la sangre |
hipertensión | colesterol | azúcar en la sangre | azúcar alta | insulina | tiroides | infarto |
ataque al corazón | mamografía | papanicolaou | colonoscopía | próstata | piedras en el riñón | cálculos |
orina | orinar | infección de orina | infección urinaria | mal de orín | hongos vaginales | herpes | vih |
sida | diarrea | vómito | vómitos | vomitar | vomita | basca | intoxicación | infección del estómago |
vesícula | apéndice | apendicitis | hemorroides | almorranas | anemia | sangrado de nariz | mascota |
mascotas | perrito | gatito | veterinario | licencia | licencia de manejo | pasaporte | impuestos |
análisis de sangre | resultados de laboratorio | radiografía | prueba de covid | tiña | pie de atleta |
hongos en las uñas | uña enterrada | picadura | garrapata | dengue | paludismo | zika | chikungunya
"""


def phrases(text: str) -> tuple[str, ...]:
    """The phrases of one of the lists above, as written (each language's search rules fold them)."""
    return tuple(" ".join(part.split()) for part in text.split("|") if part.strip())
