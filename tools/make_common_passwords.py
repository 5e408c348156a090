"""Write ``src/omprio/data/common-passwords.txt``: passwords people choose most often.

No public list could be fetched where omprio is built, so the list is made here from the
patterns that top every published list (RockYou, the NCSC's 100,000 most common, SecLists):
runs of digits and letters, repeated characters, keyboard walks (also Danish ones), years and
dates, and common words (English and Danish: password/kodeord, names of months, seasons, football
clubs, "sommer2024" …) with the usual suffixes and capitalizations. The list is checked after
lower-casing, so only lower-case entries are written. Run it again to reproduce the file:

    python tools/make_common_passwords.py
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

MIN_LENGTH = 4  # shorter than 12 is refused by length; shorter entries are stems ("sommer")
OUT = Path(__file__).resolve().parent.parent / "src" / "omprio" / "data" / "common-passwords.txt"

WORDS = ["password", "passw0rd", "p@ssword", "p@ssw0rd", "pass", "passwort", "motdepasse", "contraseña", "wachtwoord", "salasana", "kodeord", "kode", "adgangskode", "adgang", "hemmelig", "hemmeligt", "login", "admin", "administrator", "root", "user", "bruger", "guest", "gæst", "test", "tester", "welcome", "velkommen", "hello", "hej", "hejsa", "letmein", "iloveyou", "elskerdig", "jegelskerdig", "qwerty", "qwertz", "azerty", "asdf", "zxcvbnm", "monkey", "dragon", "master", "shadow", "sunshine", "princess", "football", "fodbold", "soccer", "baseball", "superman", "batman", "trustno1", "whatever", "freedom", "secret", "changeme", "default", "summer", "sommer", "winter", "vinter", "spring", "forår", "autumn", "efterår", "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december", "january", "february", "march", "june", "july", "october", "danmark", "denmark", "danish", "dansk", "københavn", "kobenhavn", "copenhagen", "aarhus", "århus", "odense", "aalborg", "esbjerg", "kommune", "municipality", "budget", "omprio", "katalog", "catalog", "brondby", "brøndby", "fck", "agf", "ob", "hello123", "abc", "abcd", "abcdef", "computer", "internet", "samsung", "iphone", "google", "facebook", "microsoft", "windows", "michael", "jessica", "ashley", "jennifer", "charlie", "thomas", "daniel", "robert", "jordan", "hunter", "ranger", "buster", "soccer", "hockey", "killer", "pepper", "ginger", "cookie", "cheese", "chocolate", "flower", "lovely", "loveme", "babygirl", "mette", "hansen", "jensen", "nielsen", "pedersen", "andersen", "christensen", "larsen", "sørensen", "rasmussen", "kaffe", "hygge", "rødgrød", "lakrids", "smørrebrød", "tivoli", "legoland", "carlsberg", "tuborg"]  # noqa: E501 - the word list
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "01", "69",
            "99", "00", "007", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027",
            "#", "@", "?", "!!", "2000", "1990", "1234!", "!@#", "*", "11", "22", "321"]
KEYBOARD_ROWS = ["1234567890", "qwertyuiopå", "asdfghjklæø", "zxcvbnm", "qwertzuiop",
                 "azertyuiop", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "zaq12wsx", "1q2w3e4r5t6y",
                 "q1w2e3r4t5y6", "!qaz@wsx", "0987654321", "poiuytrewq", "lkjhgfdsa",
                 "mnbvcxz", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba"]
LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})


def candidates() -> set[str]:
    """Every password of the list (lower case)."""
    found: set[str] = set()
    for char in "0123456789abcdefghijklmnopqrstuvwxyzæøå!*.#":
        for length in range(8, 21):
            found.add(char * length)
    for row in KEYBOARD_ROWS:
        for start in range(len(row)):
            for end in range(start + 6, len(row) + 1):
                walk = row[start:end]
                found.update({walk, walk * 2, walk + "!", walk + "1"})
        for length in range(4, 8):
            stem = row[:length]
            found.update({stem * 2, stem * 3, stem + stem[::-1]})
    digits = "1234567890"
    for length in range(8, 21):
        found.add((digits * 3)[:length])
        found.add(("0123456789" * 3)[:length])
        found.add(("9876543210" * 3)[:length])
    for pair in ("12", "123", "1234", "abc", "ab", "01", "69", "123abc", "abc123"):
        repeated = pair
        while len(repeated) < 21:
            repeated += pair
            if len(repeated) >= MIN_LENGTH:
                found.add(repeated)
    for year, month, day in product(range(1940, 2031), range(1, 13), (1, 15)):
        found.add(f"{day:02d}{month:02d}{year}")
        found.add(f"{year}{month:02d}{day:02d}")
    for year in range(1940, 2031):
        found.update({f"{year}{year}", f"{year}{year}"[::-1]})
    for word in WORDS:
        forms = {word, word.translate(LEET), word + word}
        for form, suffix in product(forms, SUFFIXES):
            found.add(form + suffix)
            found.add(suffix + form)
        for year in range(1980, 2031):
            found.add(f"{word}{year}")
            found.add(f"{word}{year % 100:02d}")
    return {item for item in found if len(item) >= MIN_LENGTH}


def main() -> None:
    items = sorted(candidates())
    OUT.write_text(
        "# Common passwords (lower case), made by tools/make_common_passwords.py; one a line.\n"
        + "\n".join(items) + "\n",
        encoding="utf-8",
    )
    print(f"{len(items)} passwords written to {OUT}")


if __name__ == "__main__":
    main()
