"""Every user-facing string of omprio, in Danish (the default) and English.

:func:`t` looks a key up for a language and fills ``{name}`` placeholders; templates call it as
``t("key")`` (the page's language is implied); :func:`tn` picks singular or plural. This module is
at the bottom of the layers (beside money and display) so that every layer can use it; the web's
choice of a request's language is :func:`omprio.web.i18n.lang_of`.
Numbers are never formatted here: :mod:`omprio.display` does that.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from omprio import display
from omprio.display import LANGS, Lang
from omprio.money import REFUSALS, NumberRefused

DEFAULT_LANG: Final[Lang] = "da"

# key: (Danish, English)
STRINGS: Final[dict[str, tuple[str, str]]] = {
    # --- frame ----------------------------------------------------------------------------
    "app.tagline": ("Omprioriteringskataloger", "Reprioritization catalogs"),
    "nav.skip": ("Gå til indholdet", "Skip to content"),
    "nav.catalogs": ("Kataloger", "Catalogs"),
    "nav.import": ("Importér", "Import"),
    "nav.api": ("API", "API"),
    "nav.main": ("Hovedmenu", "Main menu"),
    "nav.breadcrumb": ("Brødkrummesti", "Breadcrumb"),
    "nav.switch_lang": ("English", "Dansk"),
    "nav.switch_lang_label": ("Switch to English", "Skift til dansk"),
    "nav.login": ("Log ind", "Log in"),
    "nav.logout": ("Log ud", "Log out"),
    "nav.signed_in": ("{name} ({role})", "{name} ({role})"),
    "footer.text": (
        "omprio – åbne, kontrollerede data om kommunale omprioriteringskataloger.",
        "omprio – open, checked data on municipal reprioritization catalogs.",
    ),
    "footer.api": ("REST API og dokumentation", "REST API and documentation"),
    "role.viewer": ("læser", "viewer"),
    "role.editor": ("redaktør", "editor"),
    "role.admin": ("administrator", "administrator"),
    "severity.error": ("Fejl", "Error"),
    "severity.warning": ("Advarsel", "Warning"),
    "severity.info": ("Note", "Note"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "public": ("Offentlig", "Public"),
    "count.error.one": ("{n} fejl", "{n} error"),
    "count.error.other": ("{n} fejl", "{n} errors"),
    "count.warning.one": ("{n} advarsel", "{n} warning"),
    "count.warning.other": ("{n} advarsler", "{n} warnings"),
    "not_public": ("Intern", "Internal"),
    # --- catalog list ---------------------------------------------------------------------
    "list.title": ("Omprioriteringskataloger", "Reprioritization catalogs"),
    "list.intro": (
        "Kataloger med forslag til besparelser og omprioriteringer, kontrolleret tal for tal.",
        "Catalogs of proposed savings and reprioritizations, checked figure by figure.",
    ),
    "list.empty": ("Der er endnu ingen kataloger.", "There are no catalogs yet."),
    "list.empty_public": (
        "Der er ingen offentlige kataloger. Log ind for at se interne kataloger.",
        "There are no public catalogs. Log in to see internal catalogs.",
    ),
    "list.caption": ("Alle kataloger", "All catalogs"),
    "list.col.title": ("Katalog", "Catalog"),
    "list.col.stage": ("Stadie", "Stage"),
    "list.col.version": ("Version", "Version"),
    "list.col.measures": ("Tiltag", "Measures"),
    "list.col.errors": ("Fejl", "Errors"),
    "list.col.warnings": ("Advarsler", "Warnings"),
    "list.col.public": ("Adgang", "Access"),
    "list.col.changed": ("Senest ændret", "Last changed"),
    "list.import": ("Importér et katalog", "Import a catalog"),
    # --- import ---------------------------------------------------------------------------
    "import.title": ("Importér et katalog", "Import a catalog"),
    "import.intro": (
        "Vælg kataloget som PDF, som tekst udtrukket af PDF'en eller som omprio-JSON "
        "(omprio.catalog/1). Kataloget kontrolleres ved importen; intet gemmes, hvis filen "
        "ikke kan læses.",
        "Choose the catalog as a PDF, as text extracted from the PDF or as omprio JSON "
        "(omprio.catalog/1). The catalog is checked on import; nothing is stored if the file "
        "cannot be read.",
    ),
    "import.file": ("Fil", "File"),
    "import.file_hint": (
        "PDF, tekst eller JSON, højst {size}.",
        "PDF, text or JSON, at most {size}.",
    ),
    "import.message": ("Bemærkning (valgfri)", "Note (optional)"),
    "import.message_hint": (
        "Fx 'Katalog fra magistratsafdelingen 22. november'.",
        "E.g. 'Catalog from the department, 22 November'.",
    ),
    "import.target": ("Importér som", "Import as"),
    "import.target_new": ("Nyt katalog", "New catalog"),
    "import.target_version": ("Ny version af: {title}", "New version of: {title}"),
    "import.public": (
        "Offentligt tilgængeligt (borgere og presse kan læse det)",
        "Publicly available (citizens and press can read it)",
    ),
    "import.submit": ("Importér og kontrollér", "Import and check"),
    "import.progress": ("Overførsel", "Upload"),
    "import.no_file": ("Vælg en fil at importere.", "Choose a file to import."),
    "import.too_large": (
        "Filen er for stor. Den største fil, der kan importeres, er {size}.",
        "The file is too large. The largest file that can be imported is {size}.",
    ),
    "import.failed": (
        "Filen kunne ikke læses som et omprioriteringskatalog. Intet er gemt.",
        "The file could not be read as a reprioritization catalog. Nothing was stored.",
    ),
    "import.only_admin_public": (
        "Kun administratorer kan gøre et katalog offentligt.",
        "Only administrators can make a catalog public.",
    ),
    "import.done": (
        "Kataloget er importeret som version {version}.",
        "The catalog was imported as version {version}.",
    ),
    # --- catalog overview -----------------------------------------------------------------
    "catalog.period": ("Budgetperiode", "Budget period"),
    "catalog.date": ("Dato", "Date"),
    "catalog.version_of": ("Version {number} af {latest}", "Version {number} of {latest}"),
    "catalog.old_version": (
        "Du ser version {number}. Den nyeste er version {latest}.",
        "You are looking at version {number}. The latest is version {latest}.",
    ),
    "catalog.to_latest": ("Vis den nyeste version", "Show the latest version"),
    "catalog.pick_version": ("Version", "Version"),
    "catalog.show": ("Vis", "Show"),
    "catalog.history": ("Versionshistorik", "Version history"),
    "catalog.findings_link": ("Se alle fund", "See all findings"),
    "catalog.download": ("Hent data", "Download data"),
    "catalog.download_json": ("JSON (omprio.catalog/1)", "JSON (omprio.catalog/1)"),
    "catalog.download_csv": ("CSV (regneark)", "CSV (spreadsheet)"),
    "catalog.download_pdf": ("PDF (katalog)", "PDF (catalog)"),
    "catalog.download_docx": ("Word", "Word"),
    "catalog.download_xlsx": ("Excel (med formler)", "Excel (with formulas)"),
    "catalog.download_fdp": ("Åbne data (Fiscal Data Package)", "Open data (Fiscal Data Package)"),
    "catalog.overview": ("Overblik", "Overview"),
    "catalog.overview_caption": (
        "Overblik over tiltagene pr. år ({unit})",
        "Overview of the measures per year ({unit})",
    ),
    "catalog.col.code": ("Kode", "Code"),
    "catalog.col.measure": ("Tiltag", "Measure"),
    "catalog.col.fte": ("Stillinger", "FTE"),
    "catalog.col.findings": ("Fund", "Findings"),
    "catalog.theme": ("Tema {code}: {title}", "Theme {code}: {title}"),
    "catalog.not_in_overview": ("Ikke i overblikket", "Not in the overview"),
    "catalog.no_page": ("ingen side med tiltaget", "no measure page"),
    "catalog.totals": ("Totaler", "Totals"),
    "catalog.all_net": ("Alle tiltag, netto i alt", "All measures, net total"),
    "catalog.target": ("Måltal: {label}", "Target: {label}"),
    "catalog.achieved": ("Tiltagene under måltallet, i alt", "Measures under the target, total"),
    "catalog.gap": ("Afvigelse fra måltal", "Gap to target"),
    "catalog.gap_hint": (
        "Negativ: mere end måltallet. Positiv: mangler til måltallet.",
        "Negative: more than the target. Positive: short of the target.",
    ),
    "catalog.fte_total": (
        "Personaleændringer i alt (fuldtidsstillinger)",
        "Staff changes, total (full-time positions)",
    ),
    "catalog.no_target": (
        "Kataloget har ingen total i overblikket, så der er intet måltal at sammenligne med.",
        "The catalog's overview has no total, so there is no target to compare with.",
    ),
    "catalog.check": ("Kontrol", "Check"),
    "catalog.check_summary": (
        "Fejl: {errors} · Advarsler: {warnings} · Noter: {info} ({measures} tiltag kontrolleret)",
        "Errors: {errors} · Warnings: {warnings} · Notes: {info} ({measures} measures checked)",
    ),
    "catalog.check_clean": (
        "Ingen fund: alle tal i kataloget hænger sammen.",
        "No findings: every figure in the catalog adds up.",
    ),
    "catalog.charts": ("Figurer", "Charts"),
    "catalog.manage": ("Stadie og adgang", "Stage and access"),
    "catalog.stage_label": ("Nyt stadie", "New stage"),
    "catalog.stage_message": ("Begrundelse (valgfri)", "Reason (optional)"),
    "catalog.stage_submit": ("Skift stadie", "Change stage"),
    "catalog.public_on": ("Gør kataloget offentligt", "Make the catalog public"),
    "catalog.public_off": ("Gør kataloget internt", "Make the catalog internal"),
    "catalog.public_state_on": (
        "Kataloget er offentligt: alle kan læse det uden at logge ind.",
        "The catalog is public: anyone can read it without logging in.",
    ),
    "catalog.public_state_off": (
        "Kataloget er internt: kun brugere, der er logget ind, kan læse det.",
        "The catalog is internal: only logged-in users can read it.",
    ),
    # --- charts ---------------------------------------------------------------------------
    "chart.savings": ("Nettoændring pr. tema og år", "Net change by theme and year"),
    "chart.savings_desc": (
        "Søjler pr. år for hvert tema; den stiplede linje er måltallet.",
        "Bars per year for each theme; the dashed line is the target.",
    ),
    "chart.total": ("I alt under måltallet", "Total under the target"),
    "chart.target": ("Måltal", "Target"),
    "chart.fte": ("Personaleændringer pr. år", "Staff changes by year"),
    "chart.fte_desc": (
        "Ændring i fuldtidsstillinger for alle tiltag pr. år.",
        "Change in full-time positions for all measures per year.",
    ),
    "chart.theme": ("Tema {code}", "Theme {code}"),
    "chart.unit": ("1.000 kr.", "DKK 1,000"),
    "chart.fte_unit": ("fuldtidsstillinger", "full-time positions"),
    # --- measure --------------------------------------------------------------------------
    "measure.theme": ("Tema", "Theme"),
    "measure.code": ("Kode", "Code"),
    "measure.title": ("Titel", "Title"),
    "measure.description": ("Beskrivelse", "Description"),
    "measure.economics": ("Økonomiske konsekvenser", "Financial consequences"),
    "measure.economics_caption": (
        "Økonomiske konsekvenser og personaleændringer ({unit})",
        "Financial consequences and staff changes ({unit})",
    ),
    "measure.col.row": ("Post", "Item"),
    "measure.kind.adjustment": ("Korrektion", "Adjustment"),
    "measure.net": ("Nettoændringer i driftsudgifter i alt", "Net change in operating costs"),
    "measure.fte": (
        "Personaleændringer (fuldtidsstillinger)",
        "Staff changes (full-time positions)",
    ),
    "measure.fte_not_stated": (
        "Tabellen angiver ingen personaleændringer.",
        "The table states no staff changes.",
    ),
    "measure.facts": ("Oplysninger", "Details"),
    "measure.sector": ("Sektor", "Sector"),
    "measure.area_budget": ("Budget for området", "Area budget"),
    "measure.area_budget_amounts": ("Beløb i teksten", "Amounts in the text"),
    "measure.stated_pct": ("Besparelse i %", "Stated saving in %"),
    "measure.notes": ("Anmærkninger", "Notes"),
    "measure.source": ("Kilde", "Source"),
    "measure.source_page": ("side {page}", "page {page}"),
    "measure.findings": ("Fund", "Findings"),
    "measure.no_findings": ("Ingen fund for dette tiltag.", "No findings for this measure."),
    "measure.edit": ("Ret tiltaget", "Edit the measure"),
    "measure.download_pdf": ("Tiltaget som PDF", "The measure as PDF"),
    "measure.none": ("–", "–"),
    "measure.saved": (
        "Rettelsen er gemt som version {version}.",
        "The change was saved as version {version}.",
    ),
    "measure.unchanged": ("Der var ingen ændringer at gemme.", "There were no changes to save."),
    "measure.back": ("Tilbage til overblikket", "Back to the overview"),
    # --- edit -----------------------------------------------------------------------------
    "edit.title": ("Ret {code}", "Edit {code}"),
    "edit.intro": (
        "Beløb skrives på dansk: -1.000 er minus et tusind, 10,5 er ti en halv, "
        "og - betyder 0. Virkningen på kataloget vises, mens du skriver.",
        "Amounts are typed the Danish way: -1.000 is minus one thousand, 10,5 is ten and a "
        "half, and - means 0. The effect on the catalog is shown as you type.",
    ),
    "edit.base": (
        "Du retter ud fra version {version}.",
        "You are editing from version {version}.",
    ),
    "edit.texts": ("Tekster", "Texts"),
    "edit.table": ("Tabel", "Table"),
    "edit.lines": ("Linjer", "Lines"),
    "edit.adjustments": ("Korrektioner (fx internt råderum)", "Adjustments (e.g. internal scope)"),
    "edit.label": ("Tekst", "Label"),
    "edit.new_row": ("Ny række: udfyld tekst og beløb", "New row: fill in label and amounts"),
    "edit.row_hint": (
        "En række uden tekst og beløb slettes.",
        "A row with neither label nor amounts is removed.",
    ),
    "edit.notes_hint": (
        "Adskil anmærkninger med en tom linje.",
        "Separate notes with an empty line.",
    ),
    "edit.area_budget_hint": (
        "Beløbene i teksten (fx '78 mio.') bruges til at kontrollere besparelsen i %.",
        "The amounts in the text (e.g. '78 mio.') are used to check the stated saving in %.",
    ),
    "edit.message": ("Begrundelse for rettelsen", "Reason for the change"),
    "edit.message_hint": (
        "Vises i versionshistorikken.",
        "Shown in the version history.",
    ),
    "edit.save": ("Gem rettelsen", "Save the change"),
    "edit.cancel": ("Annullér", "Cancel"),
    "edit.preview": ("Virkning af rettelsen", "Effect of the change"),
    "edit.preview_none": (
        "Ingen ændringer endnu. Ret et felt for at se virkningen på kataloget.",
        "No changes yet. Change a field to see the effect on the catalog.",
    ),
    "edit.preview_invalid": (
        "Ret de markerede felter for at se virkningen.",
        "Correct the marked fields to see the effect.",
    ),
    "edit.preview_caption": ("Virkning pr. år ({unit})", "Effect per year ({unit})"),
    "edit.row.net_before": ("Tiltagets netto, nu", "The measure's net, now"),
    "edit.row.net_after": (
        "Tiltagets netto, efter rettelsen",
        "The measure's net, after the change",
    ),
    "edit.row.achieved": ("Tiltagene under måltallet, i alt", "Measures under the target, total"),
    "edit.row.gap": ("Afvigelse fra måltal", "Gap to target"),
    "edit.row.all_net": ("Alle tiltag, netto i alt", "All measures, net total"),
    "edit.row.fte": ("Personaleændringer i alt", "Staff changes, total"),
    "edit.findings_after": (
        "Efter rettelsen – fejl: {errors} · advarsler: {warnings} · noter: {info}",
        "After the change – errors: {errors} · warnings: {warnings} · notes: {info}",
    ),
    "edit.findings_new": ("Nye fund", "New findings"),
    "edit.findings_gone": ("Fund, der forsvinder", "Findings that disappear"),
    "edit.findings_same": ("Fundene er uændrede.", "The findings are unchanged."),
    "edit.not_number": ("'{value}' er ikke et tal", "'{value}' is not a number"),
    "edit.too_many_digits": (
        "'{value}' har for mange cifre",
        "'{value}' has too many digits",
    ),
    # --- numbers out of bounds (omprio.money.bounded): the same words as the CLI and import ---
    **{f"number.{code}": texts for code, texts in REFUSALS.items()},
    "number.field": ("{field}: {reason}", "{field}: {reason}"),
    "edit.required": ("Skal udfyldes (skriv 0 eller -)", "Required (write 0 or -)"),
    "edit.label_required": (
        "Rækken har beløb, men ingen tekst",
        "The row has amounts but no label",
    ),
    "edit.title_required": ("Titlen må ikke være tom", "The title must not be empty"),
    "edit.invalid": (
        "Rettelsen kan ikke bruges: {reason}",
        "The change cannot be used: {reason}",
    ),
    "edit.has_errors": (
        "Nogle felter er ikke udfyldt rigtigt. Ret de markerede felter.",
        "Some fields are not filled in correctly. Correct the marked fields.",
    ),
    "edit.conflict": (
        "Tiltaget er blevet ændret af en anden, efter du åbnede det (version {base}). "
        "Din rettelse er ikke gemt. Se den nyeste version og ret igen.",
        "Someone else changed the measure after you opened it (version {base}). "
        "Your change was not saved. Open the latest version and edit again.",
    ),
    "edit.conflict_changes": ("Det er ændret siden:", "What changed since:"),
    "edit.reload": ("Åbn den nyeste version", "Open the latest version"),
    # --- findings -------------------------------------------------------------------------
    "findings.title": ("Fund i kataloget", "Findings in the catalog"),
    "findings.catalog": ("Kataloget som helhed", "The catalog as a whole"),
    "findings.none": ("Ingen fund: alle tal hænger sammen.", "No findings: every figure adds up."),
    "findings.col.severity": ("Alvor", "Severity"),
    "findings.col.rule": ("Regel", "Rule"),
    "findings.col.message": ("Besked", "Message"),
    "findings.col.location": ("Sted", "Location"),
    "findings.col.year": ("År", "Year"),
    # --- versions and diff ----------------------------------------------------------------
    "versions.title": ("Versionshistorik", "Version history"),
    "versions.caption": ("Versioner, nyeste først", "Versions, newest first"),
    "versions.pages": ("Sider i historikken", "Pages of the history"),
    "versions.older": ("Ældre versioner →", "Older versions →"),
    "versions.newest": ("← Nyeste versioner", "← Newest versions"),
    "versions.col.number": ("Version", "Version"),
    "versions.col.when": ("Tidspunkt", "When"),
    "versions.col.who": ("Hvem", "Who"),
    "versions.col.why": ("Hvorfor", "Why"),
    "versions.col.stage": ("Stadie", "Stage"),
    "versions.col.errors": ("Fejl", "Errors"),
    "versions.col.warnings": ("Advarsler", "Warnings"),
    "versions.col.from": ("Fra", "From"),
    "versions.col.to": ("Til", "To"),
    "versions.compare": ("Sammenlign valgte versioner", "Compare the chosen versions"),
    "versions.changes": ("ændringer", "changes"),
    "versions.show": ("vis", "show"),
    "diff.title": (
        "Ændringer fra version {old} til version {new}",
        "Changes from version {old} to version {new}",
    ),
    "diff.empty": ("Versionerne er ens.", "The versions are the same."),
    "diff.added": ("Nye tiltag", "Added measures"),
    "diff.removed": ("Fjernede tiltag", "Removed measures"),
    "diff.changed": ("Ændrede tiltag", "Changed measures"),
    "diff.catalog": ("Ændringer i kataloget og overblikket", "Changes in the catalog and overview"),
    "diff.col.field": ("Felt", "Field"),
    "diff.col.before": ("Før", "Before"),
    "diff.col.after": ("Efter", "After"),
    "diff.pick": ("Sammenlign", "Compare"),
    "diff.empty_value": ("(intet)", "(nothing)"),
    "field.title": ("Titel", "Title"),
    "field.description": ("Beskrivelse", "Description"),
    "field.theme": ("Tema", "Theme"),
    "field.net": ("Netto", "Net"),
    "field.fte": ("Stillinger", "FTE"),
    "field.lines": ("Linje", "Line"),
    "field.adjustments": ("Korrektion", "Adjustment"),
    "field.sector": ("Sektor", "Sector"),
    "field.area_budget": ("Budget for området", "Area budget"),
    "field.stated_savings_pct": ("Besparelse i %", "Stated saving in %"),
    "field.notes": ("Anmærkning", "Note"),
    "field.overview": ("Overblik", "Overview"),
    "field.amounts_dkk": ("beløb i kr.", "amounts in DKK"),
    "field.label": ("tekst", "label"),
    "field.overview_totals": ("Total i overblikket", "Overview total"),
    # --- scenarios (views/scenarios.py) -------------------------------------------------
    "catalog.scenarios": ("Scenarier", "Scenarios"),
    "scenario.list": ("Scenarier", "Scenarios"),
    "scenario.list_title": ("Scenarier", "Scenarios"),
    "scenario.list_intro": (
        "Et scenarie er et navngivet udvalg af katalogets tiltag med et måltal pr. år. "
        "Scenarierne gemmes sammen med kataloget og kan kun ses af brugere, der er logget ind.",
        "A scenario is a named selection of the catalog's measures with a target per year. "
        "Scenarios are stored with the catalog and only logged-in users can see them.",
    ),
    "scenario.list_caption": ("Katalogets scenarier", "The catalog's scenarios"),
    "scenario.list_empty": (
        "Der er endnu ingen scenarier for dette katalog.",
        "There are no scenarios for this catalog yet.",
    ),
    "scenario.list_gap_hint": (
        "Pr. år: ✓ når måltallet, ✗ når det ikke; tallet er afvigelsen fra måltallet (+ "
        "mangler, − overopfylder), regnet på katalogets nyeste version.",
        "Per year: ✓ reaches the target, ✗ does not; the figure is the gap to the target (+ "
        "short, − over), computed on the catalog's latest version.",
    ),
    "scenario.new_button": ("Nyt scenarie", "New scenario"),
    "scenario.optimize_link": ("Find den bedste pakke", "Find the best package"),
    "scenario.compare_button": ("Sammenlign valgte", "Compare selected"),
    "scenario.compare_label": ("Sammenlign {name}", "Compare {name}"),
    "scenario.col.compare": ("Sammenlign", "Compare"),
    "scenario.col.author": ("Gemt af", "Saved by"),
    "scenario.col.version": ("Lavet på version", "Made on version"),
    "scenario.col.updated": ("Senest gemt", "Last saved"),
    "scenario.col.count": ("Antal tiltag", "Measures"),
    "scenario.col.in": ("Med", "In"),
    "scenario.col.divisible": ("Delelig", "Divisible"),
    "scenario.col.share": ("Andel", "Share"),
    "scenario.newer_badge": ("nyere: {latest}", "newer: {latest}"),
    "scenario.newer_version": (
        "Kataloget har fået en nyere version ({latest}) siden scenariet blev gemt.",
        "The catalog has a newer version ({latest}) since the scenario was saved.",
    ),
    "scenario.deleted": ("Scenariet er slettet.", "The scenario was deleted."),
    "scenario.eyebrow": ("Scenarie", "Scenario"),
    "scenario.new": ("Nyt scenarie", "New scenario"),
    "scenario.unnamed": ("Unavngivet scenarie", "Unnamed scenario"),
    "scenario.meta": (
        "{author}s scenarie · gemt af {saved_by} {when} · lavet på katalogets version {version} "
        "· gemt {revision} gang(e)",
        "{author}'s scenario · saved by {saved_by} {when} · made on the catalog's version "
        "{version} · saved {revision} time(s)",
    ),
    "scenario.intro": (
        "Sæt flueben ved de tiltag, der skal med. Et tiltag, der er markeret som deleligt, kan "
        "tages med en andel (0–100 %). Tallene til højre følger med, så snart du ændrer noget "
        "(katalogets version {version}).",
        "Tick the measures to include. A measure marked divisible can be included at a share "
        "(0–100 %). The figures on the right follow as soon as you change something (the "
        "catalog's version {version}).",
    ),
    "scenario.saved": (
        "Scenariet '{name}' er gemt (gang {revision}).",
        "The scenario '{name}' was saved (time {revision}).",
    ),
    "scenario.outdated": (
        "Scenariet blev lavet på katalogets version {version}; tallene her er regnet på den "
        "nyeste version {latest}.",
        "The scenario was made on the catalog's version {version}; the figures here are "
        "computed on the latest version {latest}.",
    ),
    "scenario.missing": (
        "Disse tiltag findes ikke længere i kataloget og er taget ud: {codes}.",
        "These measures are no longer in the catalog and were left out: {codes}.",
    ),
    "scenario.reload": ("Åbn det gemte scenarie", "Open the saved scenario"),
    "scenario.download": (
        "Hent kataloget som scenariet vælger det",
        "Download the catalog as the scenario selects it",
    ),
    "scenario.download_json": ("Scenariet (JSON)", "The scenario (JSON)"),
    "scenario.delete": ("Slet scenariet", "Delete the scenario"),
    "scenario.measures": ("Tiltag", "Measures"),
    "scenario.measures_hint": (
        "Netto pr. år; negative beløb er besparelser. Andelen bruges kun for delelige tiltag.",
        "Net per year; negative amounts are savings. The share is used for divisible measures "
        "only.",
    ),
    "scenario.include_label": ("Tag {code} med", "Include {code}"),
    "scenario.divisible_label": ("{code} er deleligt", "{code} is divisible"),
    "scenario.share_label": ("Andel af {code} i procent", "Share of {code} in percent"),
    "scenario.targets": ("Måltal pr. år", "Target per year"),
    "scenario.targets_hint": (
        "Skrevet på dansk, fx -19.730. Et tomt felt betyder, at året ikke har et måltal; "
        "forudfyldt med katalogets eget.",
        "Written the Danish way, e.g. -19.730. An empty field means the year has no target; "
        "filled in with the catalog's own.",
    ),
    "scenario.max_fte_cut": ("Højst tabte stillinger pr. år", "Most positions lost a year"),
    "scenario.max_fte_cut_hint": (
        "Valgfrit loft, fx 5 eller 10,5.",
        "An optional cap, e.g. 5 or 10,5.",
    ),
    "scenario.fte_cut_negative": (
        "Loftet over tabte stillinger kan ikke være negativt",
        "The cap on positions lost cannot be negative",
    ),
    "scenario.pct_range": (
        "Andelen skal være mellem 0 og 100",
        "The share must be between 0 and 100",
    ),
    "scenario.save_legend": ("Gem scenariet", "Save the scenario"),
    "scenario.name": ("Navn", "Name"),
    "scenario.description": ("Beskrivelse (valgfri)", "Description (optional)"),
    "scenario.gone": (
        "Kataloget har fået en ny version uden {codes}, som du har valgt. Genindlæs siden for "
        "at regne på den nyeste version.",
        "The catalog has a new version without {codes}, which you selected. Reload the page "
        "to work on the latest version.",
    ),
    "scenario.description_too_long": (
        "Beskrivelsen er for lang: højst {most} tegn.",
        "The description is too long: at most {most} characters.",
    ),
    "scenario.name_missing": ("Giv scenariet et navn", "Give the scenario a name"),
    "scenario.calculate": ("Beregn", "Calculate"),
    "scenario.save": ("Gem", "Save"),
    "scenario.save_new": ("Gem som nyt scenarie", "Save as a new scenario"),
    "scenario.save_first": ("Gem scenariet", "Save the scenario"),
    "scenario.result": ("Resultat", "Result"),
    "scenario.has_errors": (
        "Nogle felter kan ikke bruges; se markeringerne i formularen.",
        "Some fields cannot be used; see the marks in the form.",
    ),
    "scenario.invalid": (
        "Scenariet kan ikke bruges: {reason}",
        "The scenario cannot be used: {reason}",
    ),
    "scenario.conflict": (
        "Scenariet er gemt af {author} {when}, efter du åbnede det. Dine ændringer er ikke "
        "gemt. Åbn det gemte scenarie og ret det igen, eller gem dit som et nyt scenarie.",
        "The scenario was saved by {author} {when}, after you opened it. Your changes were not "
        "saved. Open the saved scenario and change it again, or save yours as a new scenario.",
    ),
    "scenario.conflict_gone": (
        "Scenariet er slettet, efter du åbnede det. Gem dit som et nyt scenarie.",
        "The scenario was deleted after you opened it. Save yours as a new scenario.",
    ),
    "scenario.name_taken": (
        "Kataloget har allerede et scenarie med navnet '{name}'. Vælg et andet navn.",
        "The catalog already has a scenario named '{name}'. Choose another name.",
    ),
    "scenario.reached": ("når måltallet", "reaches the target"),
    "scenario.missed": ("når ikke måltallet", "misses the target"),
    "scenario.reached_all": (
        "Scenariet når måltallet i alle år.",
        "The scenario reaches the target in every year.",
    ),
    "scenario.missed_years": (
        "Scenariet når ikke måltallet i {years}.",
        "The scenario misses the target in {years}.",
    ),
    "scenario.count.one": ("{n} tiltag valgt", "{n} measure selected"),
    "scenario.count.other": ("{n} tiltag valgt", "{n} measures selected"),
    "scenario.summary_caption": ("Scenariet pr. år", "The scenario per year"),
    "scenario.total": ("Valgte tiltag i alt", "Selected measures, total"),
    "scenario.target": ("Måltal", "Target"),
    "scenario.gap": ("Afvigelse fra måltal", "Gap to target"),
    "scenario.gap_hint": ("+ mangler, − overopfylder", "+ short, − over"),
    "scenario.fte": ("Personaleændring (netto)", "Staff change (net)"),
    "scenario.lost": ("Tabte stillinger", "Positions lost"),
    "scenario.harm": ("Skadesscore", "Harm score"),
    "scenario.over": ("Overopfyldelse i alt", "Over-delivery, total"),
    "scenario.overall": ("Samlet", "Overall"),
    "scenario.broken": (
        "Scenariet bryder disse betingelser:",
        "The scenario breaks these constraints:",
    ),
    "scenario.groups": ("Pr. tema og driftsområde", "By theme and operating area"),
    "scenario.by_theme": ("Pr. tema", "By theme"),
    "scenario.by_area": ("Pr. driftsområde", "By operating area"),
    "scenario.chart.target": ("Besparelse mod måltal", "Savings against the target"),
    "scenario.chart.target_desc": (
        "Pr. år de valgte tiltags besparelse (søjlen) mod måltallet (den grå bane og stregen).",
        "Per year the selected measures' saving (the bar) against the target (the grey track "
        "and the mark).",
    ),
    "scenario.chart.themes": (
        "Valgte tiltag pr. tema og år",
        "Selected measures by theme and year",
    ),
    "scenario.chart.themes_desc": (
        "Nettoændringen af de valgte tiltag pr. tema og år.",
        "The net change of the selected measures by theme and year.",
    ),
    "scenario.chart.areas": (
        "Valgte tiltag pr. driftsområde og år",
        "Selected measures by operating area and year",
    ),
    "scenario.chart.areas_desc": (
        "Nettoændringen af de valgte tiltag pr. driftsområde (kodens forstavelse) og år.",
        "The net change of the selected measures by operating area (the code's prefix) and year.",
    ),
    "scenario.consequences": ("Konsekvenser for borgerne", "Consequences for citizens"),
    "scenario.consequences_intro": (
        "Beskrivelserne af de valgte tiltag, som kataloget skriver dem.",
        "The descriptions of the selected measures, as the catalog states them.",
    ),
    "scenario.net_years": ("netto {values}", "net {values}"),
    "scenario.no_description": (
        "Kataloget beskriver ikke tiltaget.",
        "The catalog does not describe the measure.",
    ),
    "scenario.none_selected": ("Ingen tiltag er valgt endnu.", "No measures are selected yet."),
    "scenario.compare_title": ("Sammenligning af scenarier", "Comparison of scenarios"),
    "scenario.compare_intro": (
        "Scenarierne side om side, regnet på katalogets version {version}.",
        "The scenarios side by side, computed on the catalog's version {version}.",
    ),
    "scenario.compare_caption": ("Pr. år og samlet ({unit})", "Per year and overall ({unit})"),
    "scenario.compare_measures": ("Tiltagene i hvert scenarie", "The measures in each scenario"),
    "scenario.compare_two": (
        "Vælg mindst to scenarier at sammenligne.",
        "Choose two or more scenarios to compare.",
    ),
    "scenario.on_version": ("version {version}", "version {version}"),
    "scenario.reaches": ("Når måltallet i alle år", "Reaches the target in every year"),
    "scenario.in": ("med", "in"),
    "scenario.out": ("ikke med", "not in"),
    "scenario.print": ("Udskriv", "Print"),
    "scenario.back_to_list": ("Tilbage til scenarierne", "Back to the scenarios"),
    "scenario.delete_title": ("Slet scenariet '{name}'", "Delete the scenario '{name}'"),
    "scenario.delete_question": (
        "Vil du slette {author}s scenarie '{name}'? Det kan ikke fortrydes.",
        "Do you want to delete {author}'s scenario '{name}'? This cannot be undone.",
    ),
    "scenario.delete_confirm": ("Ja, slet scenariet", "Yes, delete the scenario"),
    "scenario.delete_cancel": ("Fortryd", "Cancel"),
    "scenario.delete_not_yours": (
        "Scenariet er {author}s; kun forfatteren, en redaktør eller en administrator kan slette "
        "det.",
        "The scenario is {author}'s; only its author, an editor or an administrator can delete it.",
    ),
    # --- login ----------------------------------------------------------------------------
    "login.title": ("Log ind", "Log in"),
    "login.intro": (
        "Log ind for at se interne kataloger og for at rette og importere.",
        "Log in to see internal catalogs and to edit and import.",
    ),
    "login.name": ("Brugernavn", "User name"),
    "login.password": ("Adgangskode", "Password"),
    "login.submit": ("Log ind", "Log in"),
    "login.failed": (
        "Brugernavnet eller adgangskoden er forkert.",
        "The user name or password is wrong.",
    ),
    # --- login throttling (store/throttle.py) ---------------------------------------------
    "login.throttled": (
        "For mange forkerte forsøg. Vent {seconds} sekunder, og prøv igen.",
        "Too many wrong attempts. Wait {seconds} seconds and try again.",
    ),
    # --- own account and users (views/people.py) -------------------------------------------
    "nav.account": ("Min konto", "My account"),
    "nav.users": ("Brugere", "Users"),
    "account.title": ("Min konto", "My account"),
    "account.who": (
        "Du er logget ind som {name} ({role}).", "You are logged in as {name} ({role})."),
    "account.areas": ("Driftsområder: {areas}.", "Operating areas: {areas}."),
    "account.password_title": ("Skift adgangskode", "Change password"),
    "account.policy": (
        "12 til 128 tegn; ikke en almindelig adgangskode og ikke dit brugernavn. "
        "En sætning er god.",
        "12 to 128 characters; not a common password and not your user name. "
        "A sentence is good.",
    ),
    "account.current": ("Nuværende adgangskode", "Current password"),
    "account.new": ("Ny adgangskode", "New password"),
    "account.again": ("Ny adgangskode igen", "New password again"),
    "account.submit": ("Skift adgangskode", "Change password"),
    "account.changed": (
        "Adgangskoden er skiftet. Dine andre sessioner er logget ud.",
        "The password is changed. Your other sessions are logged out.",
    ),
    "account.mismatch": (
        "De to nye adgangskoder er ikke ens.", "The two new passwords differ."),
    "account.wrong_current": (
        "Den nuværende adgangskode er forkert.", "The current password is wrong."),
    "users.title": ("Brugere og API-nøgler", "Users and API tokens"),
    "users.intro": (
        "En deaktiveret bruger er logget ud med det samme, og brugerens API-nøgler virker ikke.",
        "A deactivated user is logged out at once, and the user's API tokens stop working.",
    ),
    "users.caption": ("Brugere", "Users"),
    "users.col.name": ("Bruger", "User"),
    "users.col.role": ("Rolle", "Role"),
    "users.col.areas": ("Driftsområder", "Operating areas"),
    "users.col.status": ("Status", "Status"),
    "users.col.actions": ("Handlinger", "Actions"),
    "users.active": ("Aktiv", "Active"),
    "users.inactive": ("Deaktiveret", "Deactivated"),
    "users.deactivate": ("Deaktivér", "Deactivate"),
    "users.activate": ("Aktivér", "Activate"),
    "users.new_password": ("Ny adgangskode til {name}", "New password for {name}"),
    "users.new_password_short": ("Ny adgangskode", "New password"),
    "users.set_password": ("Sæt adgangskode", "Set password"),
    "users.done.active": ("Brugeren er aktiveret.", "The user is activated."),
    "users.done.inactive": (
        "Brugeren er deaktiveret og logget ud.", "The user is deactivated and logged out."),
    "users.done.password": (
        "Den nye adgangskode er sat; brugerens sessioner er logget ud.",
        "The new password is set; the user's sessions are logged out.",
    ),
    "users.done.revoked": ("API-nøglen er tilbagekaldt.", "The API token is revoked."),
    "tokens.title": ("API-nøgler", "API tokens"),
    "tokens.caption": ("API-nøgler til scripts", "API tokens for scripts"),
    "tokens.col.id": ("Id", "Id"),
    "tokens.col.name": ("Navn", "Name"),
    "tokens.col.created": ("Oprettet", "Created"),
    "tokens.col.expires": ("Udløber", "Expires"),
    "tokens.col.used": ("Sidst brugt", "Last used"),
    "tokens.never": ("Aldrig", "Never"),
    "tokens.valid": ("Gyldig", "Valid"),
    "tokens.expired": ("Udløbet", "Expired"),
    "tokens.revoked": ("Tilbagekaldt", "Revoked"),
    "tokens.revoke": ("Tilbagekald", "Revoke"),
    "tokens.cli": (
        "Nye API-nøgler oprettes med omprio token add BRUGER --expires 90d.",
        "New API tokens are made with omprio token add USER --expires 90d.",
    ),
    "login.already": ("Du er logget ind som {name}.", "You are logged in as {name}."),
    # --- errors ---------------------------------------------------------------------------
    "error.title": ("Der skete en fejl", "Something went wrong"),
    "error.back": ("Til forsiden", "To the front page"),
    "error.login": ("Log ind", "Log in"),
    "error.detail": ("Detaljer", "Details"),
    "error.not-found": (
        "Siden findes ikke, eller du har ikke adgang til den.",
        "The page does not exist, or you do not have access to it.",
    ),
    "error.unauthorized": (
        "Du skal logge ind for at gøre dette.",
        "You must log in to do this.",
    ),
    "error.forbidden": (
        "Du har ikke rettigheder til at gøre dette.",
        "You are not allowed to do this.",
    ),
    "error.csrf": (
        "Formularen er udløbet eller kom ikke fra denne side. Genindlæs siden og prøv igen.",
        "The form has expired or did not come from this site. Reload the page and try again.",
    ),
    "error.conflict": (
        "En anden har ændret det samme i mellemtiden. Genindlæs siden og prøv igen.",
        "Someone else changed the same thing meanwhile. Reload the page and try again.",
    ),
    "error.invalid-input": ("Oplysningerne kan ikke bruges.", "The input cannot be used."),
    "error.database-unavailable": (
        "Databasen kan ikke nås lige nu. Prøv igen om lidt; dine data er ikke påvirket.",
        "The database cannot be reached right now. Try again shortly; your data is not affected.",
    ),
    "error.too-large": (
        "Filen er for stor. Den største fil, der kan sendes, er {size}.",
        "The file is too large. The largest file that can be sent is {size}.",
    ),
    "error.bad-request": ("Forespørgslen kan ikke bruges.", "The request cannot be used."),
    "error.method-not-allowed": (
        "Siden kan ikke bruges på denne måde.",
        "The page cannot be used this way.",
    ),
    "error.internal": (
        "Der skete en uventet fejl. Den er skrevet i loggen; prøv igen senere.",
        "An unexpected error happened. It has been logged; try again later.",
    ),
    # --- expensive jobs: busy server, time limits, login to optimize (web/jobs.py) ----------
    "error.busy": (
        "Serveren er optaget af andre beregninger lige nu. Prøv igen om lidt.",
        "The server is busy with other calculations right now. Try again in a moment.",
    ),
    "opt.out_of_time": (
        "Tidsgrænsen på {seconds} sekunder løb ud, før sandsynligheden blev nået.",
        "The time limit of {seconds} seconds ran out before the probability was reached.",
    ),
    # --- errors: publishing and reading ----------------------------------------------------
    "error.cannot-publish": (
        "Kataloget kan ikke udgives i dette format.",
        "The catalog cannot be published in this format.",
    ),
    "error.unreadable": (
        "Dokumentet kan ikke læses som et katalog.",
        "The document cannot be read as a catalog.",
    ),
    # --- optimize (views/optimize.py) -------------------------------------------------------
    "opt.title": ("Find den bedste pakke", "Find the best package"),
    "opt.intro": (
        "Optimeringen vælger de tiltag, der når sparemålet i hvert år og giver mindst af det, "
        "du vælger nedenfor. Svaret siger, om pakken er bevist den bedste.",
        "The optimizer chooses the measures that reach the savings target in every year with "
        "the least of what you choose below. The answer says whether the package is proven best.",
    ),
    "opt.version": ("Version {version} af kataloget", "Version {version} of the catalog"),
    "opt.time_limit": (
        "Højst {seconds} sekunder pr. beregning",
        "At most {seconds} seconds per run",
    ),
    "opt.objective": ("Hvad skal være mindst?", "What should be least?"),
    "opt.objective.fte": ("Tabte stillinger", "Positions lost"),
    "opt.objective.fte.help": (
        "Færrest fuldtidsstillinger nedlagt, lagt sammen over årene. Et tiltag, der opretter "
        "stillinger, opvejer ikke stillinger nedlagt andre steder.",
        "The fewest full-time positions cut, summed over the years. A measure that adds "
        "positions does not offset positions cut elsewhere.",
    ),
    "opt.objective.count": ("Antal tiltag", "Number of measures"),
    "opt.objective.count.help": ("Så få tiltag som muligt.", "As few measures as possible."),
    "opt.objective.harm": ("Skade", "Harm"),
    "opt.objective.harm.help": (
        "Mindst samlet skadesscore: giv hvert tiltag en score (fx 1–5) i tabellen nedenfor; "
        "et tiltag uden score tæller 1.",
        "The least total harm score: give each measure a score (e.g. 1–5) in the table below; "
        "a measure without a score counts 1.",
    ),
    "opt.objective.amount": ("Overopfyldelse", "Over-delivery"),
    "opt.objective.amount.help": (
        "Spar så lidt ud over målet som muligt.",
        "Save as little beyond the target as possible.",
    ),
    "opt.targets": ("Sparemål pr. år", "Savings target per year"),
    "opt.targets.help": (
        "Beløb i 1.000 kr. skrevet på dansk (fx -19.730 eller -10,5); besparelser er negative. "
        "Et tomt år er ikke et mål. 'Alle år' gælder for hvert år og går forud for de enkelte år.",
        "Amounts in DKK 1,000 written the Danish way (e.g. -19.730 or -10,5); savings are "
        "negative. An empty year is not a target. 'Every year' applies to each year and "
        "overrides the single years.",
    ),
    "opt.target_all": ("Alle år", "Every year"),
    "opt.target_year": ("Målet for {year}", "The target for {year}"),
    "opt.measures": ("Tiltag", "Measures"),
    "opt.measures.help": (
        "Bestem for hvert tiltag, om det skal med, ikke må med eller er frit valg; dets "
        "skadesscore; om det kan tages delvist (1–100 %); og hvor sandsynligt det er, at "
        "besparelsen realiseres (i %, tomt: sikker).",
        "For each measure decide whether it must be in, must stay out or is a free choice; its "
        "harm score; whether it may be taken in part (1–100 %); and how likely its saving is "
        "to be realized (in %, empty: certain).",
    ),
    "opt.choice": ("Valg", "Choice"),
    "opt.choice.free": ("Frit valg", "Free choice"),
    "opt.choice.include": ("Skal med", "Must be in"),
    "opt.choice.exclude": ("Må ikke med", "Must stay out"),
    "opt.harm": ("Skade", "Harm"),
    "opt.harm_of": ("Skadesscore for {code}", "Harm score of {code}"),
    "opt.divisible": ("Delvist", "In part"),
    "opt.divisible_of": ("{code} kan tages delvist", "{code} may be taken in part"),
    "opt.prob": ("Sikkerhed (%)", "Certainty (%)"),
    "opt.prob_of": ("Sandsynligheden for {code}", "The probability of {code}"),
    "opt.not_candidate": ("(uden for målets afsnit)", "(outside the target's section)"),
    "opt.all_measures": (
        "Vælg blandt alle katalogets tiltag, ikke kun målets afsnit",
        "Choose among all the catalog's measures, not only the target's section",
    ),
    "opt.caps": ("Lofter", "Caps"),
    "opt.caps.help": (
        "Højst så meget må et tema eller driftsområde spare hvert år (et negativt beløb, fx "
        "-8.000), og højst så mange af dets tiltag må med.",
        "The most a theme or operating area may save each year (a negative amount, e.g. "
        "-8.000), and the most of its measures in the package.",
    ),
    "opt.group": ("Gruppe", "Group"),
    "opt.theme": ("Tema {group}", "Theme {group}"),
    "opt.area": ("Driftsområde {group}", "Operating area {group}"),
    "opt.cap_savings": ("Højst sparet pr. år", "Most saved a year"),
    "opt.cap_count": ("Højst antal tiltag", "Most measures"),
    "opt.max_fte_cut": ("Højst tabte stillinger pr. år", "Most positions lost a year"),
    "opt.max_fte_cut.help": ("(fuldtidsstillinger)", "(full-time positions)"),
    "opt.margin": ("Sikkerhedsmargin (%)", "Safety margin (%)"),
    "opt.margin.help": (
        "(fx 5: spar 5 % mere end målet)",
        "(e.g. 5: save 5 % more than the target)",
    ),
    "opt.probability": ("Krævet sandsynlighed (%)", "Required probability (%)"),
    "opt.probability.help": (
        "(for at nå målet hvert år; kræver sikkerhed pr. tiltag)",
        "(of reaching the target each year; needs a certainty per measure)",
    ),
    "opt.alternatives": ("Næstbedste pakker", "Next-best packages"),
    "opt.alternatives.help": ("(0–{most})", "(0–{most})"),
    "opt.submit": ("Find den bedste pakke", "Find the best package"),
    "opt.result": ("Resultat", "Result"),
    "opt.status.optimal": (
        "Bevist optimal: ingen anden pakke er bedre.",
        "Proven optimal: no other package is better.",
    ),
    "opt.status.feasible": (
        "Pakken når målet, men er ikke bevist den bedste inden for tidsgrænsen.",
        "The package reaches the target, but is not proven best within the time limit.",
    ),
    "opt.status.infeasible": (
        "Umuligt: ingen pakke når målet i hvert år under disse betingelser.",
        "Impossible: no package reaches the target in every year under these conditions.",
    ),
    "opt.status.unknown": (
        "Ingen pakke fundet inden for tidsgrænsen. Prøv færre betingelser.",
        "No package found within the time limit. Try fewer conditions.",
    ),
    "opt.gap": ("højst {gap} fra det bedst mulige", "at most {gap} from the best possible"),
    "opt.candidates": (
        "Valgt blandt {n} tiltag på {seconds} sekunder.",
        "Chosen among {n} measures in {seconds} seconds.",
    ),
    "opt.best": ("Den bedste pakke", "The best package"),
    "opt.alternative": ("Næstbedste pakke nr. {n}", "Next-best package no. {n}"),
    "opt.not_proven": ("(ikke bevist)", "(not proven)"),
    "opt.count": ("{n} tiltag", "{n} measures"),
    "opt.selected": ("Valgte tiltag", "Selected measures"),
    "opt.share": ("Andel", "Share"),
    "opt.row.total": ("I alt", "Total"),
    "opt.row.target": ("Mål", "Target"),
    "opt.row.required": ("Krævet (med margin)", "Required (with margin)"),
    "opt.row.over": ("Overopfyldelse (+) / mangel (-)", "Over-delivery (+) / shortfall (-)"),
    "opt.row.fte": ("Personaleændringer", "Staff change"),
    "opt.row.lost": ("Tabte stillinger", "Positions lost"),
    "opt.shortfall": (
        "Så meget mangler den bedste pakke pr. år",
        "How much the best package falls short per year",
    ),
    "opt.why": ("Hvorfor", "Why"),
    "opt.best_attempt": ("Bedste forsøg (når ikke målet)", "Best attempt (misses the target)"),
    "opt.chance": (
        "Krav: mindst {probability} sandsynlighed for at nå målet hvert år ({steps} trin).",
        "Required: at least {probability} probability of reaching the target each year "
        "({steps} steps).",
    ),
    "opt.chance.met": ("Kravet er opfyldt.", "The requirement is met."),
    "opt.chance.not_met": ("Kravet kan ikke opfyldes.", "The requirement cannot be met."),
    "opt.risk": ("Risiko", "Risk"),
    # --- a scenario's risk (Monte Carlo) ----------------------------------------------------
    "risk.link": ("Risiko", "Risk"),
    "risk.crumb": ("Risiko", "Risk"),
    "risk.title": (
        "Hvor sikre er besparelserne i '{name}'?",
        "How sure are the savings of '{name}'?",
    ),
    "risk.intro": (
        "Angiv for hvert valgt tiltag sandsynligheden for, at det gennemføres, og hvor stor en "
        "del af nettobeløbet det så giver (lav / sandsynlig / høj). En simulering viser, hvor "
        "sandsynligt det er at nå målet hvert år, og hvor meget der kan mangle.",
        "For each selected measure, give the probability that it is carried out and how much of "
        "its net it then delivers (low / likely / high). A simulation shows how likely the "
        "target is reached each year and how much may be missing.",
    ),
    "risk.result": ("Simulering", "Simulation"),
    "risk.all_years": (
        "Sandsynlighed for at nå målet i alle år: {p} ({draws} simulerede forløb).",
        "Probability of reaching the target in every year: {p} ({draws} simulated outcomes).",
    ),
    "risk.caption": (
        "Pr. år ({unit}): mål, gennemsnitlig besparelse, sandsynlighed for at nå målet og "
        "manglen i P10/P50/P90",
        "Per year ({unit}): target, mean saving, probability of reaching the target and the "
        "shortfall at P10/P50/P90",
    ),
    "risk.target": ("Mål", "Target"),
    "risk.mean": ("Gennemsnit", "Mean"),
    "risk.probability": ("Sandsynlighed", "Probability"),
    "risk.p10": ("Mangel P10", "Shortfall P10"),
    "risk.p50": ("Mangel P50", "Shortfall P50"),
    "risk.p90": ("Mangel P90", "Shortfall P90"),
    "risk.explain": (
        "Mangel er hvor meget summen ligger over målet (0: målet nås). P90: i 9 af 10 forløb "
        "mangler der højst så meget.",
        "Shortfall is how far the total stays above the target (0: reached). P90: in 9 of 10 "
        "outcomes no more than that is missing.",
    ),
    "risk.none": (
        "Scenariet regner alle besparelser for sikre. Angiv usikkerheder herunder og simulér.",
        "The scenario takes every saving as certain. Give uncertainties below and simulate.",
    ),
    "risk.form_caption": ("Usikkerhed pr. valgt tiltag", "Uncertainty per selected measure"),
    "risk.col.share": ("Andel", "Share"),
    "risk.col.prob": ("Sandsynlighed", "Probability"),
    "risk.col.low": ("Lav", "Low"),
    "risk.col.likely": ("Sandsynlig", "Likely"),
    "risk.col.high": ("Høj", "High"),
    "risk.empty": ("Scenariet har ingen valgte tiltag.", "The scenario selects no measures."),
    "risk.draws": ("Antal forløb", "Draws"),
    "risk.seed": ("Startværdi", "Seed"),
    "risk.simulate": ("Simulér", "Simulate"),
    "risk.save": ("Gem usikkerhederne i scenariet", "Save the uncertainties in the scenario"),
    "risk.back": ("Tilbage til scenariet", "Back to the scenario"),
    "risk.saved": ("Usikkerhederne er gemt i scenariet.", "The uncertainties are saved."),
    "risk.invalid": ("Formularen har fejl; intet er simuleret eller gemt.",
                     "The form has errors; nothing was simulated or saved."),
    "risk.err.percent": (
        "{code}: {field} skal være et tal fra 0 til {most} %.",
        "{code}: {field} must be a number from 0 to {most} %.",
    ),
    "risk.err.order": (
        "{code}: lav ≤ sandsynlig ≤ høj.",
        "{code}: low ≤ likely ≤ high.",
    ),
    "risk.err.draws": (
        "Antal forløb skal være et helt tal fra 100 til {most}.",
        "Draws must be a whole number from 100 to {most}.",
    ),
    "risk.err.seed": (
        "Startværdien skal være et helt tal fra 0 til {most}.",
        "The seed must be a whole number from 0 to {most}.",
    ),
    "opt.risk.all_years": (
        "Sandsynlighed for at nå målet i alle år: {p}. P10–P90: mangel i 1.000 kr.",
        "Probability of reaching the target in every year: {p}. P10–P90: shortfall in DKK 1,000.",
    ),
    "opt.risk.probability": ("Sandsynlighed", "Probability"),
    "opt.year": ("År", "Year"),
    "opt.save_name": ("Navn", "Name"),
    "opt.save": ("Gem som scenarie", "Save as scenario"),
    "opt.save_login": (
        "Log ind for at gemme pakken som scenarie.",
        "Log in to save the package as a scenario.",
    ),
    "opt.default_name": ("Mindst {objective}", "Least {objective}"),
    "opt.save_conflict": (
        "Der findes allerede et scenarie med navnet »{name}«; vælg et andet navn.",
        "There is a scenario named “{name}” already; choose another name.",
    ),
    "opt.err.fields": (
        "Formularen kan ikke bruges endnu; ret felterne nedenfor.",
        "The form cannot be used yet; correct the fields below.",
    ),
    "opt.err.number": (
        "{field}: »{value}« er ikke et tal (skriv fx -19.730 eller -10,5).",
        "{field}: “{value}” is not a number (write e.g. -19.730 or -10,5).",
    ),
    "opt.err.percent": (
        "{field}: »{value}« er ikke en procent mellem 0 og 100.",
        "{field}: “{value}” is not a percentage between 0 and 100.",
    ),
    "opt.err.percent_open": (
        "{field}: »{value}« skal være en procent over 0 og under 100 (fx 90).",
        "{field}: “{value}” must be a percentage above 0 and below 100 (e.g. 90).",
    ),
    "opt.err.count": (
        "{field}: »{value}« er ikke et helt tal i det tilladte interval.",
        "{field}: “{value}” is not a whole number in the allowed range.",
    ),
    "opt.err.objective": ("Vælg hvad der skal være mindst.", "Choose what should be least."),
    "opt.err.no_target": (
        "Angiv et sparemål for mindst ét år.",
        "Give a savings target for at least one year.",
    ),
    "opt.err.choice": ("{code}: ukendt valg.", "{code}: unknown choice."),
    "opt.err.harm": (
        "Skadesscoren for {code} skal være et tal fra 0 til 1.000.",
        "The harm score of {code} must be a number from 0 to 1,000.",
    ),
    "opt.err.cap_positive": (
        "{group}: et loft over besparelser er et negativt beløb (fx {value}).",
        "{group}: a cap on savings is a negative amount (e.g. {value}).",
    ),
    "opt.err.fte_cut": (
        "Loftet over tabte stillinger kan ikke være negativt.",
        "The cap on positions lost cannot be negative.",
    ),
    "opt.err.no_risk": (
        "En krævet sandsynlighed kræver, at mindst ét tiltag har en sikkerhed under 100 %.",
        "A required probability needs at least one measure with a certainty below 100 %.",
    ),
    "opt.err.selection": (
        "Pakken passer ikke længere til formularen; find den bedste pakke igen.",
        "The package no longer fits the form; find the best package again.",
    ),
    # --- decide (svc) ------------------------------------------------------------------
    # omprio.decide.errors.Reason: "decide.<code>" (docs/decide.md lists the codes)
    "decide.group.theme": ("tema {key}", "theme {key}"),
    "decide.group.area": ("driftsområde {key}", "area {key}"),
    "decide.kind.theme": ("tema", "theme"),
    "decide.kind.area": ("driftsområde", "operating area"),
    "decide.hint.close": (" (mente du {close}?)", " (did you mean {close}?)"),
    "decide.field.include": ("skal med", "must include"),
    "decide.field.exclude": ("må ikke med", "must exclude"),
    "decide.field.harm": ("skadesscore", "harm score"),
    "decide.field.divisible": ("delelig", "divisible"),
    "decide.field.risk": ("usikkerhed", "risk"),
    "decide.field.amount": ("beløb", "amount"),
    "decide.field.target": ("mål", "target"),
    "decide.field.margin": ("margin", "margin"),
    "decide.field.fraction": ("andel", "fraction"),
    "decide.field.fte-cut": ("loft over tabte stillinger", "cap on positions lost"),
    "decide.field.cap-theme": ("loft over et tema", "cap on a theme"),
    "decide.field.cap-area": ("loft over et driftsområde", "cap on an operating area"),
    "decide.misses": (
        "{year}: i alt {total} når ikke {required}",
        "{year}: total {total} does not reach {required}",
    ),
    "decide.broken.candidate": (
        "{code} er ikke blandt de tiltag, der vælges imellem",
        "{code} is not among the measures to choose from",
    ),
    "decide.broken.fraction": (
        "Andelen af {code} ({fraction}) er ikke mellem 0 og 1",
        "The share of {code} ({fraction}) is not between 0 and 1",
    ),
    "decide.broken.divisible": (
        "{code} er ikke deleligt, men er kun taget delvist med",
        "{code} is not divisible but is taken in part",
    ),
    "decide.broken.include": ("{code} skal med", "{code} must be in"),
    "decide.broken.exclude": ("{code} må ikke med", "{code} must stay out"),
    "decide.broken.savings": (
        "{group} sparer {saved} i {year}, mere end loftet på {cap}",
        "{group} saves {saved} in {year}, more than its cap of {cap}",
    ),
    "decide.broken.count": (
        "{group} har {used} tiltag med, flere end loftet på {cap}",
        "{group} has {used} measures in, more than its cap of {cap}",
    ),
    "decide.broken.fte": (
        "{year}: {lost} tabte stillinger, flere end loftet på {cap}",
        "{year}: {lost} positions lost, more than the cap of {cap}",
    ),
    "decide.no-measures": (
        "Kataloget har ingen tiltag at vælge imellem.",
        "the catalog has no measures to choose among",
    ),
    "decide.margin-negative": (
        "En sikkerhedsmargin kan ikke være negativ.",
        "a safety margin cannot be negative",
    ),
    "decide.margin-too-large": (
        "En sikkerhedsmargin er højst {most} % af målet.",
        "a safety margin is at most {most} % of the target",
    ),
    "decide.margin-decimals": (
        "En sikkerhedsmargin har højst 6 decimaler (en andel som 0,05, 5 %).",
        "a safety margin has at most 6 decimals (a share such as 0.05, 5 %)",
    ),
    "decide.include-and-exclude": (
        "{codes} kan ikke både skulle med og ikke må med.",
        "{codes} cannot be both included and excluded",
    ),
    "decide.harm-negative": (
        "Skadesscoren for {code} kan ikke være negativ.",
        "the harm score of {code} is {score}; scores cannot be negative",
    ),
    "decide.fte-cut-negative": (
        "Loftet over tabte stillinger kan ikke være negativt.",
        "the cap on positions lost cannot be negative",
    ),
    "decide.empty-group": (
        "Intet tiltag at vælge imellem hører til {group} (der er: {present}).",
        "no candidate measure is in {what} {key} (there are: {present})",
    ),
    "decide.unknown-measure": (
        "{field}: Tiltaget {code} findes ikke i kataloget.{hint}",
        "{field}: no measure {code} in the catalog{hint}",
    ),
    "decide.not-candidate": (
        "{code} hører ikke til målets afsnit; sæt kryds ved 'Vælg blandt alle katalogets "
        "tiltag' (--all-measures) for at tage det med.",
        "{field}: {code} is not a candidate (it is outside the target's section); "
        "use --all-measures to choose among all measures",
    ),
    "decide.forced-count": (
        "Modstridende betingelser: de tiltag, der skal med, er {used} i {group}, men loftet er "
        "{cap}.",
        "the measures that must be included put {used} measures in {group}, "
        "more than its cap of {cap}",
    ),
    "decide.forced-savings": (
        "Modstridende betingelser: de tiltag, der skal med, sparer allerede {saved} i {group} i "
        "{year}, mere end loftet på {cap}.",
        "the measures that must be included already save {saved} in {group} in {year}, "
        "more than its cap of {cap}",
    ),
    "decide.forced-fte": (
        "Modstridende betingelser: de tiltag, der skal med ({codes}), koster {lost} stillinger "
        "i {year}, mere end loftet på {cap}.",
        "the measures that must be included ({codes}) lose {lost} positions in {year}, "
        "more than the cap of {cap}",
    ),
    "decide.too-large": (
        "Beløbene er for store eller har for mange decimaler til at regne nøjagtigt med.",
        "the amounts are too large or have too many decimals to solve exactly",
    ),
    "decide.cap-count-whole": (
        "Højst antal tiltag i {group} skal være et helt tal, ikke »{text}«.",
        "the most measures of {group} must be a whole number, not '{text}'",
    ),
    "decide.cap-positive": (
        "{group}: et loft over besparelser er et negativt beløb (fx {example}).",
        "the cap on {group} is {cap}; a cap on savings is a negative amount (e.g. {key}=-{cap})",
    ),
    "decide.cap-count-negative": (
        "Højst antal tiltag i {group} kan ikke være negativt.",
        "the most measures of {group} cannot be negative",
    ),
    "decide.cap-syntax": (
        "Et loft skrives NØGLE=VÆRDI (fx 3=-8000), ikke »{text}«.",
        "a cap is written KEY=VALUE (e.g. 3=-8000), not '{text}'",
    ),
    "decide.target-empty": (
        "Et tomt mål; skriv fx -19730 eller 2024=-15000,2025=-16000.",
        "an empty target; write e.g. -19730 or 2024=-15000,2025=-16000",
    ),
    "decide.target-syntax": (
        "Målet »{text}« er ikke ÅR=BELØB.",
        "target '{text}' is not YEAR=AMOUNT",
    ),
    "decide.no-target-year": (
        "Intet målår; kataloget angiver ingen år at nå.",
        "no target year; the catalog states no years to reach",
    ),
    "decide.target-year": (
        "Måltalsåret {year} er ikke et af katalogets år ({years}).",
        "target year {year} is not a year of the catalog ({years})",
    ),
    "decide.not-a-year": ("»{text}« er ikke et år.", "'{text}' is not a year"),
    "decide.scenario-unknown-measure": (
        "Scenariet »{scenario}«: Tiltaget {code} findes ikke i kataloget.",
        "scenario '{scenario}': no measure {code} in the catalog",
    ),
    "decide.scenario-fraction": (
        "Scenariet »{scenario}«: Andelen af {code} skal være mellem 0 og 100 %.",
        "scenario '{scenario}': {code} has fraction {fraction}, not between 0 and 1",
    ),
    "decide.scenario-not-divisible": (
        "Scenariet »{scenario}«: {code} er taget med en andel, men er ikke markeret som "
        "deleligt.",
        "scenario '{scenario}': {code} is scaled to {fraction} but not marked divisible",
    ),
    "decide.compare-two": (
        "Vælg to eller flere scenarier at sammenligne.",
        "compare needs two or more scenarios",
    ),
    "decide.too-many-decimals": (
        "En værdi har {found} decimaler; højst {most} kan bruges.",
        "a value has {found} decimals; at most {most} are supported",
    ),
    "decide.not-finite": ("{value} er ikke et endeligt tal.", "{value} is not a finite number"),
    "decide.too-large-value": (
        "{value} er for stort at regne med.",
        "{value} is too large to decide with",
    ),
    "decide.decimals": (
        "{value} har mere end {places} decimaler.",
        "{value} has more than {places} decimals",
    ),
    "decide.number-refused": ("{field}: {refused}", "{field}: {refused}"),
    "decide.not-an-amount": (
        "{field}: »{text}« er ikke et tal (skriv fx -19730, -19.730 eller -10,5).",
        "{field} '{text}' is not a number (write e.g. -19730, -19.730 or -10,5)",
    ),
    "decide.not-a-number": (
        "{field}: »{text}« er ikke et tal.",
        "{field} '{text}' is not a number",
    ),
    "decide.share-range": (
        "{field}: »{text}« er ikke mellem 0 og {most}.",
        "{field} '{text}' is not between 0 and {most}",
    ),
    "decide.share-negative": (
        "{field}: »{text}« er ikke mindst 0.",
        "{field} '{text}' is not at least 0",
    ),
    "decide.csv-twice": ("{where}: {code} står der to gange.", "{where}: {code} is listed twice"),
    "decide.csv-harm-negative": (
        "{where}: skadesscoren for {code} kan ikke være negativ.",
        "{where}: the harm score of {code} cannot be negative",
    ),
    "decide.risk-span": (
        "{where}: angiv alle af lav, sandsynlig og høj, eller ingen.",
        "{where}: give all of low, likely and high, or none",
    ),
    "decide.risk-order": (
        "{where}: lav <= sandsynlig <= høj gælder ikke.",
        "{where}: low <= likely <= high does not hold",
    ),
    "decide.no-file": ("{path}: filen findes ikke.", "{path}: no such file"),
    "decide.not-utf8": ("{path}: ikke UTF-8-tekst.", "{path}: not UTF-8 text"),
    "decide.unreadable": (
        "{path}: kan ikke læses ({cause}).",
        "{path}: cannot be read ({cause})",
    ),
    "decide.csv-empty": (
        "{path}: tom; første linje navngiver kolonnerne (code,...).",
        "{path}: empty; the first line names the columns (code,...)",
    ),
    "decide.csv-no-code-column": (
        "{where}: første linje skal navngive en 'code'-kolonne.",
        "{where}: the first line must name a 'code' column",
    ),
    "decide.csv-no-column": ("{where}: ingen '{column}'-kolonne.", "{where}: no '{column}' column"),
    "decide.csv-risk-columns": (
        "{where}: navngiv kolonnerne code,probability eller code,low,likely,high.",
        "{where}: name the columns code,probability or code,low,likely,high",
    ),
    "decide.csv-fields": (
        "{where}: {expected} felter ventet, {found} fundet.",
        "{where}: expected {expected} fields, found {found}",
    ),
    "decide.csv-fields-comma": (
        "{where}: {expected} felter ventet, {found} fundet (et decimalkomma kræver ';' mellem "
        "felterne).",
        "{where}: expected {expected} fields, found {found} (a decimal comma needs ';' between "
        "fields)",
    ),
    "decide.csv-no-code": ("{where}: ingen kode.", "{where}: no code"),
    "decide.json-not-object": (
        "{where}: et scenarie er et JSON-objekt.",
        "{where}: a scenario is a JSON object",
    ),
    "decide.json-format": (
        "{where}: ikke et omprio.scenario/1-dokument (format: {format}).",
        "{where}: not an omprio.scenario/1 document (format: {format})",
    ),
    "decide.json-objective": (
        "{where}: målet {objective} er ikke et af {known}.",
        "{where}: objective {objective} is not one of {known}",
    ),
    "decide.json-scope": (
        "{where}: scope er 'section' eller 'all', ikke {scope}.",
        "{where}: scope is 'section' or 'all', not {scope}",
    ),
    "decide.json-invalid": (
        "{path}: ugyldig JSON i linje {line}, kolonne {column}: {cause}",
        "{path}: invalid JSON at line {line}, column {column}: {cause}",
    ),
    "decide.json-object": ("{where} skal være et JSON-objekt.", "{where} must be a JSON object"),
    "decide.json-codes": (
        "{where} skal være en liste af koder.",
        "{where} must be a list of codes",
    ),
    "decide.json-number": ("{where} skal være et tal.", "{where} must be a number"),
    "decide.json-year": ("{where}: {text} er ikke et år.", "{where}: {text} is not a year"),
    "decide.json-measures": (
        "{where}: antal tiltag skal være et helt tal.",
        "{where}: measures must be a whole number",
    ),
    "decide.risk-unknown-measure": (
        "Usikkerhed: Tiltaget {code} findes ikke i kataloget.",
        "risk: no measure {code} in the catalog",
    ),
    "decide.probability-needs-risk": (
        "En krævet sandsynlighed kræver usikkerheder (--risk FIL.csv): hvor sikker hver "
        "besparelse er.",
        "--probability needs --risk FILE.csv (how sure each saving is)",
    ),
    "decide.margin-factor": (
        "Margin »{text}«: skriv en faktor som 1,05 eller en procent som 5%.",
        "margin '{text}': write a factor such as 1.05, or a percentage such as 5%",
    ),
    "decide.fits-neither": (
        "Scenariet »{name}« passer hverken til den nyeste version eller sin egen.",
        "the scenario '{name}' fits neither the latest version nor its own",
    ),
    "decide.why.short": (
        "Den bedste pakke mangler {parts}",
        "The best package falls short by {parts}",
    ),
    "decide.why.binding": (
        "Det er {binding}, der binder: uden den kan målet nås.",
        "It is {binding} that binds: without it the target can be reached.",
    ),
    "decide.why.chance": (
        "Det er kravet om {probability} sandsynlighed, der binder: den sikkerhedsmargin, det "
        "kræver, kan ingen pakke dække.",
        "It is the required {probability} probability that binds: no package covers the "
        "safety margin it takes.",
    ),
    "decide.why.catalog-short": (
        "Kataloget rummer ikke besparelser nok: selv uden betingelser mangler {parts}.",
        "The catalog simply does not hold enough savings: even without constraints it falls "
        "short by {parts}.",
    ),
    "decide.why.all-measures": (
        "Med alle katalogets tiltag (ikke kun målets afsnit, --all-measures) kan målet nås.",
        "With all the catalog's measures (not only the target's section, --all-measures) the "
        "target can be reached.",
    ),
    "decide.why.together": (
        "Ingen enkelt betingelse binder alene; det gør de tilsammen.",
        "No single condition binds alone; together they do.",
    ),
    "decide.cli.default_name": ("Minimér {objective}", "Minimize {objective}"),
    "decide.cli.list_title": ("Scenarier i katalog {id}", "Scenarios of catalog {id}"),
    "decide.cli.col.id": ("Id", "Id"),
    "decide.cli.col.name": ("Navn", "Name"),
    "decide.cli.col.version": ("Version", "Version"),
    "decide.cli.col.author": ("Forfatter", "Author"),
    "decide.cli.col.saved": ("Gemt", "Saved"),
    "decide.cli.col.revision": ("Revision", "Revision"),
    # decide: the CLI's tables (cli/decide_output.py)
    "decide.out.amounts_in": ("Beløb i ", "Amounts in "),
    "decide.out.best_attempt_misses_the_target": (
        "Bedste forsøg (når ikke målet)",
        "Best attempt (misses the target)",
    ),
    "decide.out.broken": ("Brudt", "Broken"),
    "decide.out.by_theme_and_operating_area": (
        "Pr. tema og driftsområde",
        "By theme and operating area",
    ),
    "decide.out.code": ("Kode", "Code"),
    "decide.out.consequences_for_citizens": (
        "Konsekvenser for borgerne",
        "Consequences for citizens",
    ),
    "decide.out.does_not_reach_the_target": ("når ikke målet", "does not reach the target"),
    "decide.out.draws": ("træk", "draws"),
    "decide.out.expected_total": ("Forventet i alt", "Expected total"),
    "decide.out.extra_year": ("Ekstra {year}", "Extra {year}"),
    "decide.out.figure": ("Nøgletal", "Figure"),
    "decide.out.group": ("Gruppe", "Group"),
    "decide.out.measure": ("Tiltag", "Measure"),
    "decide.out.measures": ("Tiltag", "Measures"),
    "decide.out.measures_in_each_scenario": (
        "Tiltag i hvert scenarie",
        "Measures in each scenario",
    ),
    "decide.out.met": ("opfyldt", "met"),
    "decide.out.metric.count": ("Antal tiltag", "Measures"),
    "decide.out.metric.fte": ("Personaleændringer", "Staff change"),
    "decide.out.metric.gap": ("Mangel (+) / over (-)", "Shortfall (+) / over (-)"),
    "decide.out.metric.harm": ("Skadesscore", "Harm score"),
    "decide.out.metric.lost": ("Tabte stillinger", "Positions lost"),
    "decide.out.metric.over": ("Overopfyldelse i alt", "Over-delivery, total"),
    "decide.out.metric.target": ("Mål", "Target"),
    "decide.out.metric.theme": ("Tema", "Theme"),
    "decide.out.metric.total": ("I alt", "Total"),
    "decide.out.minimize": ("Minimér", "Minimize"),
    "decide.out.next_best_packages": ("Næstbedste pakker", "Next-best packages"),
    "decide.out.no": ("nej", "no"),
    "decide.out.not_met": ("ikke opfyldt", "not met"),
    "decide.out.objective.amount": ("overopfyldelse i alt", "over-delivery, in total"),
    "decide.out.objective.count": ("antal tiltag", "number of measures"),
    "decide.out.status.feasible": (
        "når målet, ikke bevist optimal",
        "reaches the target, not proven optimal",
    ),
    "decide.out.objective.fte": ("tabte stillinger i alt", "positions lost, in total"),
    "decide.out.objective.harm": ("samlet skadesscore", "total harm score"),
    "decide.out.status.infeasible": (
        "umuligt: ingen pakke når målet",
        "infeasible: no package reaches the target",
    ),
    "decide.out.status.optimal": ("bevist optimal", "proven optimal"),
    "decide.out.status.unknown": (
        "ukendt: ingen pakke fundet i tide",
        "unknown: no package found in time",
    ),
    "decide.out.over_delivery_shortfall": (
        "Overopfyldelse (+) / mangel (-)",
        "Over-delivery (+) / shortfall (-)",
    ),
    "decide.out.positions_lost": ("Tabte stillinger", "Positions lost"),
    "decide.out.probability": ("Sandsynlighed", "Probability"),
    "decide.out.probability_of_reaching_the_target_in_ev": (
        "Sandsynlighed for at nå målet i alle år: ",
        "Probability of reaching the target in every year: ",
    ),
    "decide.out.proven": ("Bevist", "Proven"),
    "decide.out.reaches_target": ("Når målet", "Reaches target"),
    "decide.out.reaches_the_target": ("når målet", "reaches the target"),
    "decide.out.required_probability": (
        "Krav: mindst {target} sandsynlighed hvert år — {verdict}",
        "Required: at least {target} probability each year — {verdict}",
    ),
    "decide.out.required_with_margin": ("Krævet (med margin)", "Required (with margin)"),
    "decide.out.risk": ("Risiko", "Risk"),
    "decide.out.scenario": ("Scenarie", "Scenario"),
    "decide.out.scenarios_side_by_side": ("Scenarier side om side", "Scenarios side by side"),
    "decide.out.selected_measures": ("Valgte tiltag", "Selected measures"),
    "decide.out.share": ("Andel", "Share"),
    "decide.out.shortfall_over_delivery": (
        "Mangel (+) / overopfyldelse (-)",
        "Shortfall (+) / over-delivery (-)",
    ),
    "decide.out.shortfall_q": ("Mangel {q}", "Shortfall {q}"),
    "decide.out.staff_change": ("Personaleændringer", "Staff change"),
    "decide.out.status": ("status", "status"),
    "decide.out.step": ("Trin", "Step"),
    "decide.out.target": ("Mål", "Target"),
    "decide.out.theme_key": ("Tema {key}", "Theme {key}"),
    "decide.out.total": ("I alt", "Total"),
    "decide.out.value": ("Værdi", "Value"),
    "decide.out.year": ("År", "Year"),
    "decide.out.yes": ("ja", "yes"),
    "decide.binding.theme": ("loftet over tema {key}", "the cap on theme {key}"),
    "decide.binding.area": ("loftet over driftsområde {key}", "the cap on operating area {key}"),
    "decide.binding.include": ("de tiltag, der skal med", "the measures that must be included"),
    "decide.binding.exclude": (
        "de tiltag, der ikke må med",
        "the measures that must be excluded",
    ),
    "decide.binding.fte": ("loftet over tabte stillinger", "the cap on positions lost"),
    "decide.binding.margin": ("sikkerhedsmarginen", "the safety margin"),
}


def t(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The string for ``key`` in ``lang`` with ``{name}`` placeholders filled; an unknown key is
    returned as it is, so a missing string shows up instead of failing the page."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "da" else pair[1]
    return text.format(**params) if params else text


def number_text(refused: NumberRefused, lang: Lang = DEFAULT_LANG) -> str:
    """Why a number was refused (:class:`omprio.money.NumberRefused`), in ``lang``."""
    return t(f"number.{refused.code}", lang, **refused.params)


def tn(key: str, n: int, lang: Lang = DEFAULT_LANG, /) -> str:
    """``{n} …`` with the singular (``key.one``) or plural (``key.other``) form."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=display.number(Decimal(n), lang))


def valid_lang(value: str | None) -> Lang | None:
    """``value`` if it is a language of the interface, else None."""
    for lang in LANGS:
        if value == lang:
            return lang
    return None
