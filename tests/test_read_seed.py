"""The reference catalog read field by field.

Every expected value below was written by reading ``tests/data/aarhus-msb-2024-2027.txt``, not by
asking the reader: amounts are written as the document writes them (``-1.000``, ``-10,5``,
``+2``) and converted by the small, independent :func:`_amounts` below.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from omprio.check import check_catalog
from omprio.model import Measure
from omprio.read import Loaded

YEARS = (2024, 2025, 2026, 2027)


def _amounts(text: str) -> dict[int, Decimal]:
    """'-1.000 -10,5 +2 0' (Danish number format, one per year) as amounts keyed by year."""
    cells = text.split()
    assert len(cells) == len(YEARS), text
    return {
        year: Decimal(cell.replace(".", "").replace(",", "."))
        for year, cell in zip(YEARS, cells, strict=True)
    }


# One dict per measure, in document order. "line" is the 1-based physical line of the header.
MEASURES: list[dict[str, Any]] = [
    {
        "code": "MSB-1",
        "theme": "0A",
        "line": 190,
        "title": "Administrative besparelser i Sociale Forhold og Beskæftigelse",
        "lines": [("Administrative besparelser i MSB – ’residual’", "-9.094 -6.680 -6.310 -6.026")],
        "adjustments": [],
        # No 'Nettoændringer … i alt' row: a frame cut's net is its one line.
        "net": "-9.094 -6.680 -6.310 -6.026",
        "fte": "-15 -11 -10,5 -10",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "De administrative besparelser er fordelt efter den administrative "
                       "nøgle, som giver MSB 28,4 pct. af den samlede kommunale besparelse.",
        "budget_dkk": [],
        "pct": None,
        "notes": [],
        "description": ("I økonomiaftalen for 2024 er kommunerne blevet pålagt",
                        "efter den administrative fordelingsnøgle, jf. tabel nedenfor."),
    },
    {
        "code": "BFF-1",
        "theme": "1A",
        "line": 238,
        "title": "Omlægning af Brobyg-fraværsindsats",
        "lines": [("Omlægning af Brobyg-fraværsindsats", "-1.000 -1.000 -1.000 -1.000")],
        "adjustments": [],
        "net": "-1.000 -1.000 -1.000 -1.000",
        "fte": "-2 -2 -2 -2",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Brobyg-fraværsindsats har et samlet driftsbudget på 4,365 mio. kr.",
        "budget_dkk": ["4365000"],
        "pct": "22,9%",
        "notes": [],
        "description": ("Med det formål fremover at sikre én indgang for børn og unge",
                        "hvis de oplever udfordringer relateret til skolefravær."),
    },
    {
        "code": "BFF-2",
        "theme": "1A",
        "line": 304,
        "title": "Omlægning af Tryghedsagenterne",
        "lines": [("Omlægning af tilbuddet Tryghedsagenterne", "-1.000 -1.000 -1.000 -1.000")],
        "adjustments": [],
        "net": "-1.000 -1.000 -1.000 -1.000",
        "fte": "-2 -2 -2 -2",
        "sector": "1.20 Drift",  # written '1.20 Drift.': the full stop ends the sentence
        "budget_label": "Budget for området",
        "budget_text": "Driftsbudgettet for Tryghedsagenterne er 1,9 mio. kr.",
        "budget_dkk": ["1900000"],
        "pct": "52,6 %",
        "notes": [],
        "description": ("Tryghedsagenterne er en ikke-terapeutisk praktisk akutindsats",
                        "økonomiske nettoeffekter fra 2024 og frem."),
    },
    {
        "code": "BFF-3A",
        "theme": "1A",
        "line": 378,
        "title": "Færre eksterne anbringelser",
        "lines": [("Færre eksterne anbringelser", "-3.500 -3.500 -4.000 -4.000")],
        "adjustments": [("Internt MSB-råderum", "-385 -285 -1.335 -1.635")],
        "net": "-3.115 -3.215 -2.665 -2.365",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Forbruget på opholdssteder og døgninstitutioner var i 2022 på brutto "
                       "78 mio., og netto på 45 mio.",
        "budget_dkk": ["78000000", "45000000"],
        "pct": "7,78 %",
        "notes": [
            "*Anm.: Som led i tiltaget realiseres der reduktioner for 3,5 mio. kr. i 2024, "
            "3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og 4,0 mio. kr. i 2027. Af tabellen "
            "fremgår, at indvirkningen på driftsudgifterne er mindre. Dette er udelukkende gjort "
            "for at få det samlede omprioriteringskatalog til at stemme med sparekravet på "
            "19,73 mio. kr. i 2024-2027. Der gennemføres således stadig reduktioner for 3,5 "
            "stigende til 4,0 mio. kr., hvoraf ca. 0,3 mio. kr. stigende til 1,6 mio. kr. "
            "afsættes til internt MSB-råderum.",
        ],
        "description": ("Eksterne anbringelser er generelt dyrere end interne anbringelser",
                        "selvforsyningsstrategi på døgnområdet for børn."),
    },
    {
        "code": "BFF-4",
        "theme": "1A",
        "line": 458,
        "title": "Ændring af samarbejdsaftale med Barnets Ven",
        "lines": [("Reduktion af aftale med Barnets Ven", "-300 -300 -300 -300")],
        "adjustments": [],
        "net": "-300 -300 -300 -300",
        "fte": "0 0 0 0",
        "sector": "1.20 Decentraliserede område",
        "budget_label": "Budget for området",
        "budget_text": "Barnets Ven modtager 525.802 kr. kr. om året. Det samlede budget til "
                       "tilskudsmidler i Børn, Familier og Fællesskaber er på godt 3,0 mio.",
        "budget_dkk": ["525802", "3000000"],
        "pct": "10 %",
        "notes": [],
        "description": ("Barnets Ven, som Børn, Familier og Fællesskaber samarbejder med",
                        "at Barnets Ven kan løfte fagligt ift. målgruppen."),
    },
    {
        "code": "JUS-1",
        "theme": "2A",
        "line": 530,
        "title": "Prioritering af Housing First gennem tilpasning af nattilbud til hjemløse",
        "lines": [
            ("Ophør af kommunalt tilskud til Natcafeen", "-1.000 -1.000 -1.000 -1.000"),
            ("Housing First opgaver i regi af Kirkens Korshær", "450 650 450 350"),
        ],
        "adjustments": [],
        "net": "-550 -350 -550 -650",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "23,8 mio. kr. (Beløbet afspejler nettoudgifter for §110-tilbud samt "
                       "dertilhørende aktivitetstilbud samt Natcafeen (§104). Beløbet indeholder "
                       "nettoudgifter til kommunale tilbud og tilbud under driftsoverenskomst).",
        "budget_dkk": ["23800000"],  # '§110' and '§104' are paragraphs of law, not amounts
        "pct": "2,1 %",
        "notes": [],
        "description": ("I regi af Kirkens Korshær drives Natcafeen",
                        "aftales i dialog mellem Kirkens Korshær og MSB."),
    },
    {
        "code": "JSY-3",
        "theme": "3A",
        "line": 604,
        "title": "Flere indsatser under samme tag på Sumatravej",
        "lines": [
            ("Fraflytning af Toldbodgade (husleje)", "-300 -300 -300 -300"),
            ("Bedre udnyttelse af personaleressourcer", "-550 -550 -550 -550"),
        ],
        "adjustments": [],
        "net": "-850 -850 -850 -850",
        "fte": "-1 -1 -1 -1",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "De samlede lønbudget for Rusmiddelcentret er 63,7 mio.",
        "budget_dkk": ["63700000"],
        "pct": "1,3%",
        "notes": [],
        "description": ("Indsatsen for borgere med rusmiddelproblemer",
                        "Disse midler indgår i stedet i besparelsen her."),
    },
    {
        "code": "JUS-2",
        "theme": "3A",
        "line": 668,
        "title": "Investering i mestringsvejledning og forebyggende indsatser til borgere med "
                 "psykisk sårbarhed og autisme",
        "lines": [
            ("Salg af bygning Marselisborg Allé (Provenu fordelt på fire år)",
             "-3.300 -3.300 -3.300 -3.300"),
            ("Driftsbudget Bofællesskab Marselisborg Allé", "-2.800 -2.800 -2.800 -2.800"),
            ("Forebyggende indsatser til borgere med psykisk sårbarhed og autisme, Åben "
             "Fleksibel Rådgivning, Center for Forebyggelse og Rehabilitering", "500 500 500 500"),
            ("Investering i mestringsvejledning til borgere med psykisk sårbarhed, Center for "
             "Mestring", "2.100 2.100 2.100 2.000"),
            ("Investering i mestringsvejledning til borgere med autisme, SORAS",
             "1.800 1.800 1.800 1.700"),
        ],
        "adjustments": [],
        "net": "-1.700 -1.700 -1.700 -1.900",
        "fte": "+2 +2 +2 +2",
        "sector": "1.05 Anlæg og 1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "235,3 mio. kr. (Driftsbudget for Center for Mestring, Center for "
                       "Forebyggelse og Rehabilitering samt SORAS Bostøtte)",
        "budget_dkk": ["235300000"],
        "pct": "0,7 %",
        "notes": [
            "I år 2028 vil provenuet for salg af bygningen være opbrugt, hvorfor det herfra kun "
            "er det sparede driftsbudget, der er til rådighed. Fra 2028 og frem vil der dermed "
            "være 1,1 mio. kr., der kan anvendes til investeringer i bostøtte og forebyggende "
            "indsatser. Det er imidlertid forventningen, at investeringen over de fire år vil "
            "kunne bidrage til et bedre flow og kortere forløb således, at der kan nedtrappes på "
            "investeringerne.",
        ],
        "description": ("Alle med handicap og psykiske udfordringer skal leve selvstændige",
                        "Dette i regi af hhv. Center for Mestring og SORAS."),
    },
    {
        "code": "UJU-1",
        "theme": "3A",
        "line": 846,
        "title": "Styrket visitation på ungeområdet",
        "lines": [("Styrket visitation", "-3.015 -3.015 -3.015 -3.015")],
        "adjustments": [],
        "net": "-3.015 -3.015 -3.015 -3.015",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Bestillerbudget på Ungecentret Værkmestergade (inkl. indtægter fra "
                       "særligt dyre enkeltsager): 603 mio. kr.",
        "budget_dkk": ["603000000"],
        "pct": "0,5 pct. af bestillerbudgettet",
        "notes": ["1 Nettobesparelsen kan påvirkes af modsvarende reduktion i statslig refusion."],
        "description": ("Når Ungecentret Værksmestergade (UCV)",
                        "for at kunne indfri nedenstående potentiale."),
    },
    {
        "code": "VJH-1",
        "theme": "3A",
        "line": 950,
        "title": "Fagligt kvalitetsløft omkring udadreagerende borgere",
        "lines": [
            ("Besparelse tryghedsskabende personale", "-1.150 -1.150 -2.300 -2.300"),
            ("Opkvalificering af medarbejdere", "250 150 150 150"),
            ("Ansættelse af faguddannede medarbejdere", "0 0 1.000 1.000"),
        ],
        "adjustments": [],
        "net": "-900 -1.000 -1.150 -1.150",
        "fte": "0 0 2 2",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "2,3 mio. kr. (Budget til tryghedsskabende personale på Havkærparken)",
        "budget_dkk": ["2300000"],
        "pct": "39 % i 2024 stigende til 50 % i 2027.",
        "notes": [],
        "description": ("Der forventes i 2023 udgifter på 2,3 mio. kr. til vagter på Havkærparken.",
                        "afsættes til opkvalificering af nye medarbejdere."),
    },
    {
        "code": "VJH-2",
        "theme": "3A",
        "line": 1016,
        "title": "Praktisk hjælp integreret i den pædagogiske indsats",
        "lines": [("Omlægning af fritvalgsordning", "-500 -500 -500 -500")],
        "adjustments": [],
        "net": "-500 -500 -500 -500",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "30,5 mio. kr. er budgettet til §83 på socialområdet",
        "budget_dkk": ["30500000"],
        "pct": "2 %",
        "notes": [],
        "description": ("I Voksne, Job og Handicap arbejdes der fokuseret",
                        "Dette fortsætter uændret fra hjemmeplejen."),
    },
    {
        "code": "VJH-3",
        "theme": "3A",
        "line": 1076,
        "title": "Øget velfærdsteknologi – Omlægning af nattevagtsfunktionen på bofællesskaber",
        "lines": [
            ("Omlægning af nattevagt", "-1.600 -1.600 -1.600 -1.600"),
            ("Investering i udstyr og forbindelser", "100 100 100 100"),
            ("Reduktion af takstindtægter fra eksternt salg", "100 100 100 100"),
        ],
        "adjustments": [],
        "net": "-1.400 -1.400 -1.400 -1.400",
        "fte": "-2 -2 -2 -2",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "1,6 mio. Kr. (budget for to nattevagter)",
        "budget_dkk": ["1600000"],
        "pct": "88 %",
        "notes": [],
        "description": ("Det forslås, at nattevagtsfunktionen omlægges",
                        "Besparelsen vil betyde takstreduktion på de omfattede tilbud."),
    },
    {
        "code": "VJH-4",
        "theme": "3A",
        "line": 1138,
        "title": "Styrket fokus på sammentænkning af bostøtte og hjemmepleje",
        "lines": [("Styrket fokus på § 83", "-375 -375 -375 -375")],
        "adjustments": [],
        "net": "-375 -375 -375 -375",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "30,5 mio. kr.",
        "budget_dkk": ["30500000"],
        "pct": "1 %",
        "notes": [],
        "description": ("Borgere med behov for praktisk hjælp i dagligdagen",
                        "svarende til en udgiftsreduktion på 375 t.kr. fra 2024."),
    },
    {
        "code": "VJH-5",
        "theme": "3A",
        "line": 1188,
        "title": "Tilpasning af feriepuljen",
        "lines": [
            ("Tilpasning af feriepulje", "-1.275 -1.275 -1.275 -1.275"),
            ("Reduktion af takstindtægter", "250 250 250 250"),
        ],
        "adjustments": [],
        "net": "-1.025 -1.025 -1.025 -1.025",
        "fte": "-0,5 -0,5 -0,5 -0,5",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Nettobudgettet udgør 4,1 mio. kr.",
        "budget_dkk": ["4100000"],
        "pct": "25%",
        "notes": [],
        "description": ("Ved budgetforliget for 2016-19 blev der afsat midler",
                        "og for andre borgere vil dette ikke gøre sig gældende."),
    },
    {
        "code": "JSY-1",
        "theme": "4A",
        "line": 1256,
        "title": "Mere digital selvbetjening og reduktion af åbningstid i Ydelsescentret.",
        "lines": [
            ("Reduceret åbningstid", "-600 -600 -600 -600"),
            ("Én samlet borgerbetjening", "0 0 -200 -200"),
        ],
        "adjustments": [],
        "net": "-600 -600 -800 -800",
        "fte": "-1,3 -1,3 -1,7 -1,7",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Det samlede budget for ydelsescentret i 2023 er 67,1 mio. kr.",
        "budget_dkk": ["67100000"],
        "pct": "1,2 %",
        "notes": [],
        "description": ("En lang periode med covid-19 har gjort flere borgere digitalt",
                        "som går på tværs af ydelsestyper."),
    },
    {
        "code": "JSY-2",
        "theme": "4A",
        "line": 1318,
        "title": "Styrket sammenhængskraft i Ydelsescentrets borgerbetjening",
        "lines": [("Opsigelse af lejemålet Jægergårdsgade 97", "-900 -900 -900 -900")],
        "adjustments": [],
        "net": "-900 -900 -900 -900",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Huslejen til Jægergårdsgade 97 betales fra den centrale konto tværgående "
                       "i MSB",
        "budget_dkk": [],  # '97' is a house number
        "pct": "Udgiften til husleje for Jægergårdsgade 97 indgår ikke i budgettet for "
               "Ydelsescentret",
        "notes": [],
        "description": ("En lang periode med covid-19 har gjort flere borgere digitalt",
                        "samle alle centrets medarbejdere på den samme lokalitet."),
    },
    {
        "code": "JVS-1",
        "theme": "4A",
        "line": 1376,
        "title": "Ændret åbningstid for borgere i Center for Fleksjob og Særlige "
                 "virksomhedsindsatser",
        "lines": [("Ændring af åbningstid for borgere", "-120 -120 -120 -120")],
        "adjustments": [],
        "net": "-120 -120 -120 -120",
        "fte": "0 0 0 0",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området",
        "budget_text": "Kontrakten med Securitas A/S vedrørende fast servicevagt på Silkeborgvej "
                       "622 udgør 54.500 kr. pr. måned, svarende til godt 650.000 kr. om året.",
        "budget_dkk": ["54500", "650000"],
        "pct": "18%",
        "notes": [],
        "description": ("Center for Fleksjob og Særlige Virksomhedsindsatser ændrer åbningstider",
                        "behov for en servicevagt ved indgangen om fredagen."),
    },
    {
        "code": "JVS-2",
        "theme": "4A",
        "line": 1452,
        "title": "Ændret åbningstid i vagtteamet for personlige og telefoniske henvendelser for "
                 "dagpengemodtagere",
        "lines": [("Ændring af åbningstid", "-600 -600 -600 -600")],
        "adjustments": [],
        "net": "-600 -600 -600 -600",
        "fte": "-1 -1 -1 -1",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området i 2023",
        "budget_text": "140 mio. kr. (Budget til drift af de tre centre: Center for AC og "
                       "Professionsbachelorer, Center for Virksomhedsservice og Jobindsatser & "
                       "Center for Fleksjob og Særlige Virksomhedsindsatser)",
        "budget_dkk": ["140000000"],
        "pct": "0,4%",
        "notes": [],
        "description": ("Job og Virksomhedsservice har et vagtteam",
                        "Borgere vil også fortsat kunne sende mails uden for åbningstiden."),
    },
    {
        "code": "JVS-3",
        "theme": "4A",
        "line": 1522,
        "title": "Effektivisering af arbejdsgange som følge af digitalisering og omlægning til ny "
                 "teknologi",
        "lines": [("Personaleudgifter", "-1.780 -1.780 -1.780 -1.780")],
        "adjustments": [],
        "net": "-1.780 -1.780 -1.780 -1.780",
        "fte": "-3,5 -3,5 -3,5 -3,5",
        "sector": "1.20 Drift",
        "budget_label": "Budget for området i 2023",
        "budget_text": "140.007.586 kr. (Budget til drift af de tre centre: Center for AC og "
                       "Professionsbachelorer, Center for Virksomhedsservice og Jobindsatser & "
                       "Center for Fleksjob og Særlige Virksomhedsindsatser.",
        "budget_dkk": ["140007586"],
        "pct": "1,3%",
        "notes": [],
        "description": ("Job og Virksomhedsservice sætter fokus på at finde potentialerne",
                        "Endvidere afsøges mulighederne for anvendelse af robotter, fx en "
                        "robotreceptionist."),
    },
]

CODES = [m["code"] for m in MEASURES]
BY_CODE = {m["code"]: m for m in MEASURES}


def _measure(seed: Loaded, code: str) -> Measure:
    found = [m for m in seed.catalog.measures if m.code == code]
    assert len(found) == 1, f"{code}: {len(found)} measures"
    return found[0]


def test_measures_in_document_order(seed: Loaded) -> None:
    assert [m.code for m in seed.catalog.measures] == [
        "MSB-1", "BFF-1", "BFF-2", "BFF-3A", "BFF-4", "JUS-1", "JSY-3", "JUS-2", "UJU-1",
        "VJH-1", "VJH-2", "VJH-3", "VJH-4", "VJH-5", "JSY-1", "JSY-2", "JVS-1", "JVS-2", "JVS-3",
    ]
    assert [m.code for m in seed.catalog.measures] == CODES


@pytest.mark.parametrize("code", CODES)
def test_measure_header(seed: Loaded, seed_path: Path, code: str) -> None:
    expected = BY_CODE[code]
    measure = _measure(seed, code)
    assert (measure.code, measure.theme, measure.title) == (
        expected["code"], expected["theme"], expected["title"])
    assert measure.source.path == str(seed_path)
    assert measure.source.line == expected["line"]
    assert measure.source.page is None  # a text file has no pages


@pytest.mark.parametrize("code", CODES)
def test_measure_header_line_is_the_physical_line(seed_text: str, code: str) -> None:
    # The expected line numbers are 1-based physical lines (blank lines count), like grep -n.
    expected = BY_CODE[code]
    physical = seed_text.split("\n")[expected["line"] - 1]
    assert physical.startswith("Omprioriteringstiltag 2024-2027")
    assert physical.rstrip().endswith(f"Tema {expected['theme']}, {code}")


@pytest.mark.parametrize("code", CODES)
def test_measure_table(seed: Loaded, code: str) -> None:
    expected = BY_CODE[code]
    measure = _measure(seed, code)
    assert [(line.label, dict(line.amounts)) for line in measure.lines] == [
        (label, _amounts(amounts)) for label, amounts in expected["lines"]]
    assert [(line.label, dict(line.amounts)) for line in measure.adjustments] == [
        (label, _amounts(amounts)) for label, amounts in expected["adjustments"]]
    assert dict(measure.net) == _amounts(expected["net"])
    assert dict(measure.fte) == _amounts(expected["fte"])
    assert measure.fte_stated


@pytest.mark.parametrize("code", CODES)
def test_measure_amounts_are_exact_decimals(seed: Loaded, code: str) -> None:
    measure = _measure(seed, code)
    rows = [*measure.lines, *measure.adjustments]
    values = [v for row in rows for v in row.amounts.values()]
    values += [*measure.net.values(), *measure.fte.values()]
    assert values
    assert all(type(value) is Decimal for value in values)


@pytest.mark.parametrize("code", CODES)
def test_measure_fields_below_the_table(seed: Loaded, code: str) -> None:
    expected = BY_CODE[code]
    measure = _measure(seed, code)
    assert measure.sector == expected["sector"]
    assert measure.area_budget is not None
    assert measure.area_budget.label == expected["budget_label"]
    assert measure.area_budget.text == expected["budget_text"]
    assert list(measure.area_budget.amounts_dkk) == [Decimal(x) for x in expected["budget_dkk"]]
    assert measure.stated_savings_pct == expected["pct"]
    assert list(measure.notes) == expected["notes"]


@pytest.mark.parametrize("code", CODES)
def test_measure_description(seed: Loaded, code: str) -> None:
    start, end = BY_CODE[code]["description"]
    description = _measure(seed, code).description
    assert description.startswith(start)
    assert description.endswith(end)
    # Neither the heading above it nor the table caption below it belongs to the description.
    assert "Beskrivelse af tiltaget" not in description
    assert "1.000 kr." not in description


@pytest.mark.parametrize("code", CODES)
def test_measure_period_price_base_and_unit(seed: Loaded, code: str) -> None:
    measure = _measure(seed, code)
    assert measure.years == YEARS
    assert measure.price_base == "2024-PL"
    assert measure.unit == "1.000 kr."
    assert measure.periods
    assert set(measure.periods) == {"2024-2027"}


@pytest.mark.parametrize("code", CODES)
def test_table_rows_point_at_their_first_label_line(
    seed: Loaded, seed_text: str, code: str,
) -> None:
    physical = seed_text.split("\n")
    for line in [*_measure(seed, code).lines, *_measure(seed, code).adjustments]:
        assert line.source.line is not None
        first_word = line.label.split(" ")[0]
        assert physical[line.source.line - 1].startswith(first_word), (line.label, line.source)


def test_net_row_source_lines(seed: Loaded) -> None:
    # Where the 'Nettoændringer i driftsudgifter i alt' row stands (MSB-1 has none).
    assert {m.code: m.net_source.line if m.net_source else None
            for m in seed.catalog.measures} == {
        "MSB-1": None, "BFF-1": 290, "BFF-2": 360, "BFF-3A": 424, "BFF-4": 504, "JUS-1": 582,
        "JSY-3": 646, "JUS-2": 816, "UJU-1": 921, "VJH-1": 998, "VJH-2": 1060, "VJH-3": 1120,
        "VJH-4": 1172, "VJH-5": 1238, "JSY-1": 1292, "JSY-2": 1354, "JVS-1": 1402,
        "JVS-2": 1484, "JVS-3": 1550,
    }


def test_staff_row_source_lines(seed: Loaded) -> None:
    # Where the 'Personaleændringer' row starts (wrapped labels: its first line).
    assert {m.code: m.fte_source.line if m.fte_source else None
            for m in seed.catalog.measures} == {
        "MSB-1": 226, "BFF-1": 292, "BFF-2": 362, "BFF-3A": 428, "BFF-4": 506, "JUS-1": 584,
        "JSY-3": 648, "JUS-2": 818, "UJU-1": 923, "VJH-1": 1000, "VJH-2": 1062, "VJH-3": 1122,
        "VJH-4": 1174, "VJH-5": 1240, "JSY-1": 1294, "JSY-2": 1356, "JVS-1": 1404,
        "JVS-2": 1486, "JVS-3": 1552,
    }


def test_bff_3a_lines_equal_net_plus_internal_room(seed: Loaded) -> None:
    measure = _measure(seed, "BFF-3A")
    for year in YEARS:
        assert measure.lines[0].amounts[year] == (
            measure.net[year] + measure.adjustments[0].amounts[year])


def test_catalog_fields(seed: Loaded) -> None:
    catalog = seed.catalog
    assert catalog.title == "Omprioriteringskatalog 2024–2027"
    assert catalog.organisation == "Aarhus Kommune"
    assert catalog.department == "Sociale Forhold og Beskæftigelse"
    assert catalog.date == date(2023, 11, 22)
    assert catalog.years == YEARS
    assert catalog.period == "2024-2027"
    assert catalog.stated_period == "2024-2027"
    assert catalog.price_base == "2024-PL"
    assert catalog.unit == "1.000 kr."
    assert catalog.source.line == 1
    assert seed.kind == "text"


def test_introduction(seed: Loaded) -> None:
    introduction = seed.catalog.introduction
    assert introduction.startswith("BUDGETFORLIG 2024")
    assert "omprioritere 75 mio. kr. til en velfærdspulje" in introduction
    assert introduction.endswith("så færre borgere får brug for hjælp og støtte fremover.")
    assert "OVERBLIK" not in introduction
    assert "OMPRIORITERINGSKATALOG" not in introduction


def test_themes(seed: Loaded) -> None:
    themes = [(t.code, t.title, t.section) for t in seed.catalog.themes]
    assert themes[:4] == [
        ("1", "BØRN OG UNGE", "OMPRIORITERINGSTILTAG"),
        ("2", "HJEMLØSHED", "OMPRIORITERINGSTILTAG"),
        ("3", "MENNESKER MED HANDICAP OG PSYKISKE UDFORDRINGER", "OMPRIORITERINGSTILTAG"),
        ("4", "BESKÆFTIGELSE", "OMPRIORITERINGSTILTAG"),
    ]
    # MSB-1 is 'Tema 0A' on its page; the overview has no TEMA heading for it, only its section.
    assert [(code, section) for code, _title, section in themes[4:]] == [
        ("0", "ADMINISTRATIVE BESPARELSER")]


ADMIN = "ADMINISTRATIVE BESPARELSER"
TILTAG = "OMPRIORITERINGSTILTAG"

# (section, theme, label, linked measure, amounts, line of the row's first label line)
OVERVIEW = [
    (ADMIN, None, "ADMINISTRATIVE BESPARELSER I SOCIALE FORHOLD OG BESKÆFTIGELSE – ’RESIDUAL’",
     "MSB-1", "-9.094 -6.680 -6.310 -6.026", 84),
    (TILTAG, "1", "OMLÆGNING AF BROBYG-FRAVÆRSINDSATS", "BFF-1",
     "-1.000 -1.000 -1.000 -1.000", 100),
    (TILTAG, "1", "OMLÆGNING AF TRYGHEDSAGENTERNE", "BFF-2", "-1.000 -1.000 -1.000 -1.000", 102),
    (TILTAG, "1", "FÆRRE EKSTERNE ANBRINGELSER", "BFF-3A", "-3.115 -3.215 -2.665 -2.365", 104),
    (TILTAG, "1", "ÆNDRING AF SAMARBEJDSAFTALE MED BARNETS VEN", "BFF-4",
     "-300 -300 -300 -300", 106),
    (TILTAG, "2", "PRIORITERING AF HOUSING FIRST GENNEM TILPASNING AF NATTILBUD TIL HJEMLØSE",
     "JUS-1", "-550 -350 -550 -650", 112),
    (TILTAG, "3", "FLERE INDSATSER UNDER SAMME TAG PÅ SUMATRAVEJ", "JSY-3",
     "-850 -850 -850 -850", 122),
    (TILTAG, "3", "INVESTERING I MESTRINGSVEJLEDNING", "JUS-2",
     "-1.700 -1.700 -1.700 -1.900", 124),
    (TILTAG, "3", "STYRKET VISITATION PÅ UNGEOMRÅDET", "UJU-1",
     "-3.015 -3.015 -3.015 -3.015", 126),
    (TILTAG, "3", "FAGLIGT KVALITETSLØFT OMKRING UDADREAGERENDE BORGERE", "VJH-1",
     "-900 -1.000 -1.150 -1.150", 128),
    (TILTAG, "3", "PRAKTISK HJÆLP INTEGRERET I DEN PÆDAGOGISKE INDSATS", "VJH-2",
     "-500 -500 -500 -500", 130),
    (TILTAG, "3", "ØGET VELFÆRDSTEKNOLOGI – OMLÆGNING AF NATTEVAGTSFUNKTIONEN PÅ BOFÆLLESSKABER",
     "VJH-3", "-1.400 -1.400 -1.400 -1.400", 132),
    (TILTAG, "3", "STYRKET FOKUS PÅ SAMMENTÆNKNING AF BOSTØTTE OG HJEMMEPLEJE", "VJH-4",
     "-375 -375 -375 -375", 138),
    (TILTAG, "3", "TILPASNING AF FERIEPULJEN", "VJH-5", "-1.025 -1.025 -1.025 -1.025", 144),
    (TILTAG, "4", "MERE DIGITAL SELVBETJENING OG REDUKTION I ÅBNINGSTID I YDELSESCENTRET",
     "JSY-1", "-600 -600 -800 -800", 150),
    (TILTAG, "4", "STYRKET SAMMENHÆNGSKRAFT I YDELSESCENTRETS BORGERBETJENING", "JSY-2",
     "-900 -900 -900 -900", 156),
    (TILTAG, "4", "ÆNDRET ÅBNINGSTID FOR BORGERE I CENTER FOR FLEKSJOB OG SÆRLIGE "
     "VIRKSOMHEDSINDSATSER", "JVS-1", "-120 -120 -120 -120", 162),
    (TILTAG, "4", "ÆNDRET ÅBNINGSTID I VAGTTEAMET FOR PERSONLIGE OG TELEFONISKE HENVENDELSER FOR "
     "DAGPENGEMODTAGERE", "JVS-2", "-600 -600 -600 -600", 168),
    (TILTAG, "4", "EFFEKTIVISERING AF ARBEJDSGANGE SOM FØLGE AF DIGITALISERING OG OMLÆGNING TIL "
     "NY TEKNOLOGI", "JVS-3", "-1.780 -1.780 -1.780 -1.780", 174),
]


def test_overview_rows(seed: Loaded) -> None:
    rows = [(r.section, r.theme, r.label, r.measure, dict(r.amounts), r.source.line)
            for r in seed.catalog.overview]
    assert rows == [(section, theme, label, code, _amounts(amounts), line)
                    for section, theme, label, code, amounts, line in OVERVIEW]


def test_every_measure_has_exactly_one_overview_row(seed: Loaded) -> None:
    linked = [row.measure for row in seed.catalog.overview]
    assert sorted(c for c in linked if c is not None) == sorted(CODES)


def test_shortened_overview_label_links_to_jus_2(seed: Loaded) -> None:
    rows = [r for r in seed.catalog.overview if r.label == "INVESTERING I MESTRINGSVEJLEDNING"]
    assert [r.measure for r in rows] == ["JUS-2"]


def test_overview_totals(seed: Loaded) -> None:
    totals = [(t.label, t.section, t.theme, dict(t.amounts), t.source.line)
              for t in seed.catalog.overview_totals]
    assert totals == [
        ("I ALT", ADMIN, None, _amounts("-9.094 -6.680 -6.310 -6.026"), 90),
        ("OMPRIORITERINGSTILTAG, I ALT", TILTAG, None,
         _amounts("-19.730 -19.730 -19.730 -19.730"), 182),
    ]


def test_overview_rows_add_up_to_the_stated_totals(seed: Loaded) -> None:
    # Independent of the section-total rule: the document's own arithmetic holds.
    for total in seed.catalog.overview_totals:
        rows = [r for r in seed.catalog.overview if r.section == total.section]
        for year in YEARS:
            assert sum((r.amounts[year] for r in rows), Decimal(0)) == total.amounts[year]


def test_reading_the_seed_gives_no_findings(seed: Loaded) -> None:
    assert seed.findings == ()


def test_checking_the_seed_gives_its_four_findings(seed: Loaded) -> None:
    findings = check_catalog(seed.catalog)
    assert [(f.rule, f.severity.value, f.measure, f.year, f.source.line) for f in findings] == [
        ("prose-number-format", "warning", "MSB-1", None, 208),  # '13.59 mio. kr. 2027'
        ("prose-year-list", "warning", "BFF-3A", 2024, 430),  # 2024 twice, 2025 left out
        ("savings-pct", "warning", "JUS-1", None, 530),
        ("prose-approximate", "info", "VJH-5", None, 1218),  # 'ca. 200 t.kr. lavere'; 250
    ]
    # 2,1 % of 23,8 mio. kr. is about 500; the nearest saving in the table is 550 (2,31 %).
    assert findings[2].message("da") == (
        "Den angivne besparelse '2,1 %' kan ikke genskabes ud fra beløbene og budgettet for "
        "området; nærmest er 2,31 % (550 af 23.800 i 1.000 kr.)")
