"""``round-intro``: what a linked catalog's introduction says of the requirement, against the round.

The seed's introduction says MSB 'skal spare ca. 13,7 mio. kr. i 2024-2027' (its part of the
administrative savings, −13.750/−13.590) and that its 'del af puljen' is '19,7 mio. kr.' (the
welfare pool's −19.730): with the seed's round nothing is raised; a key that gives MSB another
share, or an introduction that states another figure of the requirement, is a warning naming
the sentence, its figure and the closest part. Sentences that do not speak of the requirement,
that name another year or amounts far from every part say nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from conftest import run_omprio
from omprio.check.rounds import ROUND_RULES, check_round
from omprio.findings import Finding, Severity
from omprio.model import Catalog
from omprio.read import load_bytes
from omprio.rounds.model import BudgetRound, Key, KeyKind, Link
from omprio.service import rounds as service
from omprio.store.workspace import Workspace
from test_round_allocate import ADMIN_SHARES, aarhus_round
from web_support import SEED_BYTES

D = Decimal
RULES_DOC = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
ROUND_DOC = (Path(__file__).resolve().parent.parent / "docs" / "round.md").read_text("utf-8")


def seed() -> Catalog:
    return load_bytes(SEED_BYTES, "seed.txt").catalog


def with_intro(text: str) -> Catalog:
    """The seed with ``text`` as its introduction (as an edited or stored one: no lines)."""
    return replace(seed(), introduction=text, introduction_source=None)


def intro(budget_round: BudgetRound, catalog: Catalog) -> list[Finding]:
    return [f for f in check_round(budget_round, {1: catalog}) if f.rule == "round-intro"]


def msb_at(share: str) -> BudgetRound:
    """The seed's round with MSB's administrative share moved to MBU."""
    moved = D(share) - ADMIN_SHARES["MSB"]
    shares = {**ADMIN_SHARES, "MSB": D(share), "MBU": ADMIN_SHARES["MBU"] - moved}
    return aarhus_round().with_key(Key("ADM", "Den administrative nøgle", KeyKind.SHARES, shares))


def test_the_rule_is_registered_and_documented() -> None:
    assert ROUND_RULES["round-intro"] is Severity.WARNING
    assert "| `round-intro` | warning |" in RULES_DOC
    assert "round-intro" in ROUND_DOC


def test_the_seed_s_introduction_states_msb_s_parts() -> None:
    assert intro(aarhus_round(), seed()) == []
    # The introduction's sentences are read (a wrong part is found, below): it is silent
    # because 'ca. 13,7' is -13.750 and '19,7' is -19.730.


def test_another_share_is_named_with_the_sentence_s_figure_and_the_part() -> None:
    found = intro(msb_at("20.0"), seed())
    assert len(found) == 1
    item = found[0]
    assert item.severity is Severity.WARNING
    assert (item.source.path, item.source.line) == ("seed.txt", 34)  # the sentence's own line
    assert item.year == 2024
    assert item.message("da") == (
        "Indledningen til »Omprioriteringskatalog 2024–2027« siger ca. 13,7 mio. kr. ('…(MSB) "
        "som led i udmøntningen af de administrative besparelser skal spare ca. 13,7 mio. kr. "
        "i 2024-2027.'), men det er ingen af MSBs dele af runden; nærmest er delen af "
        "»Administrative besparelser« på -9.683 i 2024")
    assert "ca. 13,7 mio. kr." in item.message("en")
    assert "its part of »Administrative besparelser«, -9,683 in 2024" in item.message("en")
    # 'ca.' is ± 10 %: a share that gives -13.073 (26,9 % of -48.600 …) is still 13,7.
    assert intro(msb_at("27.0"), seed()) == []


def test_a_yearly_figure_is_named_with_a_part_of_every_year() -> None:
    found = intro(aarhus_round(), with_intro("MSB's del af puljen er 21,0 mio. kr."))
    assert [(f.year, dict(f.params)["part"], dict(f.params)["stated"]) for f in found] == [
        (None, D(-19730), "21,0 mio. kr.")]
    assert found[0].message("da").endswith("»Velfærdspuljen« på -19.730 hvert år")
    assert found[0].message("en").endswith("»Velfærdspuljen«, -19,730 every year")


def test_a_figure_the_catalog_itself_gives_is_for_round_target() -> None:
    # The welfare key gives MSB -16.000, but the catalog's target and overview total still say
    # -19.730, as its introduction does: the introduction agrees with the catalog, and
    # round-target is the finding.
    budget_round = aarhus_round()
    welfare = replace(budget_round.keys[1], values={**budget_round.keys[1].values,
                                                    "MSB": D(16000), "MBU": D(17730)})
    found = check_round(budget_round.with_key(welfare), {1: seed()})
    assert {f.rule for f in found} == {"round-target"}


def test_figures_by_year_are_compared_in_their_year() -> None:
    right = with_intro("MSB's sparekrav er 13,75 mio. kr. i 2024 og 13,59 mio. kr. i 2026.")
    assert intro(aarhus_round(), right) == []
    wrong = with_intro("MSB's sparekrav er 13,59 mio. kr. i 2024.")
    found = intro(aarhus_round(), wrong)
    assert [(f.year, dict(f.params)["part"]) for f in found] == [(2024, D(-13750))]
    # A year named elsewhere in the sentence is the amount's year.
    named = with_intro("I 2026 er MSB's besparelseskrav 13,75 mio. kr.")
    assert [(f.year, dict(f.params)["part"]) for f in intro(aarhus_round(), named)] == [
        (2026, D(-13590))]


def test_totals_and_the_whole_requirement_are_right_figures() -> None:
    for text in ("Samlet skal MSB finde 33,5 mio. kr. om året.",  # 13.750 + 19.730
                 "Kommunens samlede sparekrav er 48,4 mio. kr.",  # the requirement itself
                 "Rammereduktion på 9,1 mio. kr. i 2024.",  # the overview's residual total
                 "Kravet er ca. 20 mio. kr."):  # the target, ± 10 %
        assert intro(aarhus_round(), with_intro(text)) == [], text


def test_only_sentences_that_speak_of_the_requirement_warn() -> None:
    assert intro(aarhus_round(), with_intro("MSB har brugt 12,0 mio. kr. på konsulenter.")) == []
    found = intro(aarhus_round(), with_intro("MSB har et sparekrav på 12,0 mio. kr."))
    assert [dict(f.params)["part"] for f in found] == [D(-13590)]
    for words in ("Reduktionen på 12,0 mio. kr. gælder MSB.",
                  "MSB skal finde 12,0 mio. kr.", "MSB's andel af besparelsen er 12,0 mio. kr."):
        assert len(intro(aarhus_round(), with_intro(words))) == 1, words


def test_other_years_far_amounts_rates_and_negations_say_nothing() -> None:
    for text in ("I 2030 er sparekravet 12,0 mio. kr.",  # a year outside the round
                 "Sparekravet er 12,0 mio. kr. i 2031.",
                 "Sparekravet svarer til 0,5 pct. af budgettet på 2,8 mia. kr.",
                 "Sparekravet er ikke 12,0 mio. kr.",
                 "Sparekravet er 2-3 mio. kr. pr. måned.",
                 "Sparekravet på 1,0 mio. kr. findes i ét tiltag."):  # far from every part
        assert intro(aarhus_round(), with_intro(text)) == [], text


def test_another_department_or_price_level() -> None:
    # The parts are the linked department's: 14,0 mio. kr. is MBU's part of the pool.
    budget_round = aarhus_round()
    mbu = replace(budget_round, links=(Link(1, "MBU", ("Administrative besparelser",
                                                       "Velfærdspuljen")),))
    stated = with_intro("Sparekravet er 14,0 mio. kr. om året.")
    assert intro(mbu, stated) == []
    found = intro(budget_round, stated)
    assert [(dict(f.params)["department"], dict(f.params)["part"]) for f in found] == [
        ("MSB", D(-13750))]
    # At another price level the figures are not compared (round-price-level says so).
    assert intro(msb_at("20.0"), replace(seed(), price_base="2025-PL")) == []
    # A round in another unit: the parts are read in it.
    moved = msb_at("20.0")
    in_kroner = replace(moved, unit="kr.", requirements=tuple(
        replace(r, amounts={y: v * 1000 for y, v in r.amounts.items()})
        for r in moved.requirements))
    assert [dict(f.params)["part"] for f in intro(in_kroner, seed())] == [D(-9683000)]
    assert intro(replace(in_kroner, unit="stk."), seed()) == []  # an unknown unit


def test_round_show_and_its_json_give_the_finding(workspace: Workspace, database: str) -> None:
    admin = workspace.authenticate("admin", "secret-password")
    assert admin is not None
    cid = workspace.import_document(SEED_BYTES, "seed.txt", admin).info.catalog_id
    budget_round = msb_at("20.0")
    link = replace(budget_round.links[0], catalog_id=cid)
    rid = workspace.create_round(replace(budget_round, links=(link,)), admin, message="ny").id
    view = service.view_round(workspace, rid, admin)
    found = [f for f in view.findings if f.rule == "round-intro"]
    assert len(found) == 1 and dict(found[0].params)["part"] == D(-9683)
    document = service.round_json(view, "en")
    assert [f["year"] for f in document["findings"] if f["rule"] == "round-intro"] == [2024]
    shown = run_omprio("round", "show", str(rid), "--db", database)
    assert shown.returncode == 0, shown.stderr
    assert "ca. 13,7 mio. kr." in shown.stdout and "-9.683" in shown.stdout
    as_json = json.loads(run_omprio("round", "show", str(rid), "--format", "json", "--db",
                                    database).stdout)
    assert any(f["rule"] == "round-intro" for f in as_json["findings"])
    # The seed's own round: nothing.
    service.change(workspace, rid, lambda r: r.with_key(aarhus_round().keys[0]), admin)
    assert not [f for f in service.view_round(workspace, rid, admin).findings
                if f.rule == "round-intro"]
