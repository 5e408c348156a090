"""The budget game as a service: the board of a catalog, a package checked and submitted, the
results for staff and the harm scores they give the optimizer.

The rules are :mod:`omprio.hearing.game`; the storage :mod:`omprio.store.game`. The results
count the hearing's other responses that object to a measure (links confirmed, added or
proposed, not removed, from responses that are not game packages) for the harm score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal

from omprio.display import Lang
from omprio.hearing.game import (
    MAX_COMMENT,
    Board,
    Problem,
    Results,
    board_of,
    clean_comment,
    full_selection,
    harm_scores,
    package_text,
    problems,
    results,
)
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.game import GameHarm
from omprio.store.workspace import Workspace

MAX_SENDER_TYPE = 100


def game_board(ws: Workspace, catalog_id: int, version: int | None = None) -> Board:
    """The board of the catalog's version (the latest by default) as anyone sees it."""
    return board_of(ws.version(catalog_id, None, version).catalog)


def submit(ws: Workspace, catalog_id: int, version: int, board: Board,
           selection: Mapping[str, Decimal], comment: str, sender_type: str, token: str,
           lang: Lang) -> int:
    """Check the package against ``board`` (of ``version``) and keep it with its hearing
    response; the package's id. A refused package is counted and raised as InvalidInput
    (``err.game.refused`` with the problems in ``lang``)."""
    found = problems(board, selection)
    said = clean_comment(comment)
    if len(said) > MAX_COMMENT:
        found.append(Problem("err.game.comment", {"most": MAX_COMMENT}))
    if found:
        ws.count_game_refusal(catalog_id)
        raise InvalidInput("err.game.refused",
                           problems="; ".join(problem.text(lang) for problem in found))
    full = full_selection(board, selection)
    text = package_text(board, full, said, "da")
    return ws.submit_game(catalog_id, version, full, text,
                          clean_comment(sender_type, MAX_SENDER_TYPE), token)


def objections(ws: Workspace, catalog_id: int, actor: Actor | None) -> Counter[str]:
    """Per measure, the hearing's responses (not game packages) that are linked to it."""
    counted: Counter[str] = Counter()
    for response in ws.hearing_responses(catalog_id, actor):
        if response.kind == "game":
            continue
        for link in response.links:
            if link.state != "removed":
                counted[link.code] += 1
    return counted


def game_results(ws: Workspace, catalog_id: int, actor: Actor | None) -> tuple[Board, Results]:
    """The board and the results over the stored packages (staff only)."""
    packages, refused = ws.game_packages(catalog_id, actor)
    board = board_of(ws.version(catalog_id, actor).catalog)
    return board, results(board, packages, refused)


def use_as_harm(ws: Workspace, catalog_id: int, actor: Actor | None) -> GameHarm:
    """Set the optimizer's harm scores from the game and the hearing (editors and admins)."""
    board, result = game_results(ws, catalog_id, actor)
    scores = harm_scores(board, result, objections(ws, catalog_id, actor))
    return ws.set_game_harm(catalog_id, scores, actor)
