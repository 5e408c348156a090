"""Precision and recall of the proposed links of hearing responses on the test set
(bench/hearing_cases.py) against the reference catalog; and how often a "not objecting" mention
is read as an objection (it must not be).

    PYTHONPATH=src .venv/bin/python bench/hearing_links.py
"""

from __future__ import annotations

from importlib import resources

from hearing_cases import CASES
from omprio.hearing.linking import PROPOSED, build_index, propose_links
from omprio.read import load_bytes


def measure(minimum: float = PROPOSED) -> tuple[int, int, int, int, int]:
    """(true links, false links, missed links, stances right, stances read)."""
    data = resources.files("omprio.data").joinpath("aarhus-msb-2024-2027.txt").read_bytes()
    index = build_index(load_bytes(data, "aarhus-msb-2024-2027.txt").catalog)
    right = wrong = missed = stance_right = stance_seen = 0
    for text, expected, stances in CASES:
        links = propose_links(text, index, minimum)
        got = {link.code for link in links}
        right += len(got & expected)
        wrong += len(got - expected)
        missed += len(expected - got)
        for link in links:
            if link.code in stances:
                stance_seen += 1
                stance_right += link.stance == stances[link.code]
    return right, wrong, missed, stance_right, stance_seen


def main() -> None:
    for minimum in (PROPOSED, 0.35):
        right, wrong, missed, stance_right, stance_seen = measure(minimum)
        precision = right / (right + wrong) if right + wrong else 1.0
        recall = right / (right + missed) if right + missed else 1.0
        print(f"minimum confidence {minimum:.2f}: {len(CASES)} responses, "
              f"{right + missed} links a person makes; proposed {right + wrong}: "
              f"precision {precision:.3f}, recall {recall:.3f} "
              f"({wrong} false, {missed} missed); stance right {stance_right}/{stance_seen}")


if __name__ == "__main__":
    main()
