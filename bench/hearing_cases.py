"""The test set of hearing responses written against the reference catalog
(src/omprio/data/aarhus-msb-2024-2027.txt), with the links a person would make: codes, numbers
(the catalog's order of measures), titles, paraphrases, names of places and services, responses
about nothing in particular (no link: the catalog as a whole), "not objecting" mentions (linked,
never an objection) and other municipalities' words. Shared by tests/test_hearing_links.py and
bench/hearing_links.py.

Each case: (text, the codes a person links, the stance of each link that a person reads).
"""

from __future__ import annotations

CASES: tuple[tuple[str, frozenset[str], dict[str, str]], ...] = tuple(
    (text, frozenset(codes), stances) for text, codes, stances in [
    # Codes, every way of writing them.
    ("Vi protesterer mod BFF-3A, som vil ramme de mest udsatte børn.", {"BFF-3A"},
     {"BFF-3A": "object"}),
    ("Forslaget bff3a bør trækkes tilbage.", {"BFF-3A"}, {}),
    ("Angående BFF 2: tryghed i hjemmet er forebyggelse.", {"BFF-2"}, {}),
    ("Vi har ingen indvendinger mod BFF-2.", {"BFF-2"}, {"BFF-2": "support"}),
    ("Høringssvar vedr. JUS-1 og JUS-2 fra Bydelsforeningen.", {"JUS-1", "JUS-2"}, {}),
    ("VJH-3 er uforsvarligt: beboerne har brug for vågen nattevagt.", {"VJH-3"},
     {"VJH-3": "object"}),
    ("Kommentar til jsy-1, jsy-2 og jsy-3.", {"JSY-1", "JSY-2", "JSY-3"}, {}),
    ("Vi støtter JVS-3 om digitalisering, men er bekymrede for JVS-2.", {"JVS-3", "JVS-2"}, {}),
    ("MSB-1 rammer administrationen hårdt, men vi forstår behovet.", {"MSB-1"}, {}),
    ("Vedrørende UJU-1: visitationen må ikke blive en spareøvelse.", {"UJU-1"},
     {"UJU-1": "object"}),
    ("Forslag VJH 5 fratager beboerne deres eneste ferie.", {"VJH-5"}, {}),
    ("Om BFF-4 har vi ingen bemærkninger.", {"BFF-4"}, {"BFF-4": "support"}),
    ("Vi kan tilslutte os JVS-1.", {"JVS-1"}, {"JVS-1": "support"}),
    # Numbers: the catalog's order of measures.
    ("Vi er imod forslag 5 og 11.", {"BFF-4", "VJH-2"}, {}),
    ("Forslag 6 vil efterlade hjemløse på gaden.", {"JUS-1"}, {}),
    ("Tiltag nr. 12 skal droppes.", {"VJH-3"}, {}),
    ("Vi har ingen indvendinger mod forslag 15-17.", {"JSY-1", "JSY-2", "JVS-1"}, {}),
    ("Forslagene 2, 3 og 4 rammer alle børn og unge.", {"BFF-1", "BFF-2", "BFF-3A"}, {}),
    ("Punkt 14 er urimeligt over for beboerne.", {"VJH-5"}, {}),
    # Titles and paraphrases.
    ("Færre eksterne anbringelser lyder godt, men børnene skal have det rette tilbud.",
     {"BFF-3A"}, {}),
    ("Omlægningen af Tryghedsagenterne vil skade familierne.", {"BFF-2"}, {}),
    ("Tryghedsagenten har været en redning for vores familie.", {"BFF-2"}, {}),
    ("Luk ikke nattilbuddet til hjemløse!", {"JUS-1"}, {"JUS-1": "object"}),
    ("Natcafeen er det eneste sted, hvor man kan komme om natten uden at blive registreret.",
     {"JUS-1"}, {}),
    ("Kirkens Korshærs natcafé må ikke lukke.", {"JUS-1"}, {}),
    ("Housing First er den rigtige vej, men ikke på bekostning af natherberget.", {"JUS-1"}, {}),
    ("Samlingen af indsatserne på Sumatravej har været en succes for substitutionsbehandlingen.",
     {"JSY-3"}, {}),
    ("Mestringsvejledning til borgere med autisme er afgørende.", {"JUS-2"}, {}),
    ("Borgere med psykisk sårbarhed har brug for mestringsvejledningen.", {"JUS-2"}, {}),
    ("Visitationen på ungeområdet skal være faglig, ikke økonomisk.", {"UJU-1"}, {}),
    ("Vagterne på Havkærparken giver tryghed for personalet.", {"VJH-1"}, {}),
    ("Et fagligt kvalitetsløft omkring udadreagerende borgere kræver uddannede folk.",
     {"VJH-1"}, {}),
    ("Praktisk hjælp integreret i den pædagogiske indsats betyder mindre rengøring.",
     {"VJH-2"}, {}),
    ("Velfærdsteknologi kan aldrig erstatte en vågen nattevagt på bofællesskabet.",
     {"VJH-3"}, {}),
    ("Omlægningen af nattevagtsfunktionen er uforsvarlig.", {"VJH-3"}, {}),
    ("Sammentænkning af bostøtte og hjemmepleje vil forvirre borgerne.", {"VJH-4"}, {}),
    ("Feriepuljen er det eneste lyspunkt i mange beboeres år.", {"VJH-5"}, {}),
    ("Ydelsescentrets åbningstid og den digitale selvbetjening passer ikke til ældre.",
     {"JSY-1"}, {}),
    ("Reduktion af åbningstiden i Center for Fleksjob rammer de svageste.", {"JVS-1"}, {}),
    ("Vagtteamet for dagpengemodtagere skal have åbent om torsdagen.", {"JVS-2"}, {}),
    ("Barnets Ven har gjort en forskel for mange børn; bevar samarbejdsaftalen.", {"BFF-4"},
     {"BFF-4": "object"}),
    ("Brobyg-fraværsindsatsen hjælper børn med skolevægring tilbage i skole.", {"BFF-1"}, {}),
    ("Sammenhængskraften i Ydelsescentrets borgerbetjening er vigtig.", {"JSY-2"}, {}),
    ("Vi har ingen indvendinger mod omlægningen af Tryghedsagenterne.", {"BFF-2"},
     {"BFF-2": "support"}),
    ("Vi bakker op om færre eksterne anbringelser.", {"BFF-3A"}, {"BFF-3A": "support"}),
    # Several at once.
    ("Vi er imod BFF-2 og imod lukningen af Natcafeen.", {"BFF-2", "JUS-1"}, {}),
    ("Forslag 12 og feriepuljen: begge rammer beboerne på bofællesskaberne.",
     {"VJH-3", "VJH-5"}, {}),
    # About nothing in particular: the catalog as a whole.
    ("Jeg er imod hele kataloget. Der skæres altid på de svageste.", set(), {}),
    ("Som borger i Aarhus er jeg bekymret for velfærden.", set(), {}),
    ("Tak for muligheden for at afgive høringssvar.", set(), {}),
    ("Vi opfordrer byrådet til at finde pengene et andet sted.", set(), {}),
    ("Hele omprioriteringskataloget bør trækkes tilbage.", set(), {}),
    ("Det sociale område har været beskåret i årevis.", set(), {}),
    ("Vi henviser til vores høringssvar fra sidste år.", set(), {}),
    ("Handicaprådet har drøftet kataloget på sit møde den 12. september 2023.", set(), {}),
    ("Byrådet bør huske de mennesker, der står bag tallene.", set(), {}),
    ("Vi ønsker et møde med rådmanden om budgettet for 2024.", set(), {}),
    ("Forslag 2024 er ikke et forslag men et år.", set(), {}),
    # Other municipalities' words: nothing of this catalog.
    ("I Københavns Kommune har man lukket varmestuerne med dårligt resultat.", set(), {}),
    ("Odense har gode erfaringer med skolebuskørsel og madordninger.", set(), {}),
    ("Forslag K-12 om lukning af biblioteker i Horsens er en fejl.", set(), {}),
    ("Vi er imod lukningen af svømmehallen i Skanderborg.", set(), {}),
    ("Aalborg Kommune har indført gratis kollektiv trafik for pensionister.", set(), {}),
    ("Hjemmehjælpen i Vejle er blevet beskåret igen.", set(), {}),
    ("Vi foreslår, at Aarhus gør som Silkeborg med daginstitutionerne.", set(), {}),
    ]
)
