"""Every message of the command line in the command's language (issue 11 item 9).

The language is ``--lang``; without it ``OMPRIO_LANG``; without that the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``); else Danish. Counts take their plural form (``1 advarsel``,
``2 advarsler``). The last test reads the CLI's sources so that no sentence is written into a
command again instead of the translation catalog.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import WriteCatalog, edit_line
from omprio import i18n
from omprio.cli import app
from omprio.cli.options import environment_language

CLI = Path(__file__).resolve().parent.parent / "src" / "omprio" / "cli"


def run(*args: str | Path, **env: str | None) -> tuple[int, str, str]:
    """``omprio ARGS`` in this process, with ``env`` on top of the test's (None: unset)."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def _one_warning(seed_text: str) -> str:
    """The seed with its three slips in the prose put right: JUS-1's saving warning is left."""
    text = edit_line(seed_text, 208, "13.59 mio. kr.", "13,59 mio. kr.")
    text = edit_line(text, 430, "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024",
                     "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2025")
    return edit_line(text, 1218, "ca. 200 t.kr.", "ca. 250 t.kr.")


@pytest.fixture
def one_warning(seed_text: str, write_catalog: WriteCatalog) -> Path:
    """The seed with one warning (JUS-1's stated saving) and no notes."""
    return write_catalog(_one_warning(seed_text), "one-warning.txt")


@pytest.fixture
def two_warnings(seed_text: str, write_catalog: WriteCatalog) -> Path:
    """:func:`one_warning` with a second: BFF-1's stated saving no longer matches its amounts."""
    return write_catalog(edit_line(_one_warning(seed_text), 298, "22,9%", "29,9%"),
                         "two-warnings.txt")


# --- which language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "da"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "C.UTF-8"}, "da"),
        ({"LANG": "de_DE.UTF-8"}, "da"),
        ({"LANG": "en_GB"}, "en"),
        ({"LC_ALL": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}, "da"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "da_DK.UTF-8"}, "en"),
        ({"OMPRIO_LANG": "da", "LANG": "en_US.UTF-8"}, "da"),
        ({"OMPRIO_LANG": "en"}, "en"),
        ({"OMPRIO_LANG": "xx", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_the_language_without_lang(env: dict[str, str], expected: str) -> None:
    assert environment_language(env) == expected


def test_lang_decides_over_the_environment(seed_path: Path) -> None:
    code, out, _ = run("check", seed_path, "--lang", "da", LANG="en_US.UTF-8", OMPRIO_LANG=None)
    assert code == 0 and last_line(out).startswith("19 tiltag kontrolleret")
    code, out, _ = run("check", seed_path, "--lang", "en", LANG="da_DK.UTF-8")
    assert code == 0 and last_line(out).startswith("19 measures checked")


def test_an_english_locale_gives_english(seed_path: Path) -> None:
    code, out, _ = run("check", seed_path, LANG="en_US.UTF-8")
    assert code == 0
    assert last_line(out) == "19 measures checked: 0 errors, 3 warnings, 1 note"
    code, _, err = run("optimize", "nowhere.txt", LANG="en_US.UTF-8")
    assert code == 2 and err == "omprio: nowhere.txt: no such file\n"


def test_no_locale_gives_danish(seed_path: Path) -> None:
    code, out, _ = run("check", seed_path, LANG=None, LC_ALL=None, LC_MESSAGES=None)
    assert code == 0
    assert last_line(out) == "19 tiltag kontrolleret: 0 fejl, 3 advarsler, 1 note"
    code, _, err = run("optimize", "nowhere.txt", LANG=None)
    assert code == 2 and err == "omprio: nowhere.txt: filen findes ikke\n"


def test_omprio_lang_decides_over_the_locale(seed_path: Path) -> None:
    code, out, _ = run("check", seed_path, OMPRIO_LANG="da", LANG="en_US.UTF-8")
    assert code == 0 and last_line(out).startswith("19 tiltag kontrolleret")


# --- singular and plural ---------------------------------------------------------------------


def test_one_warning_is_singular_two_are_plural(one_warning: Path, two_warnings: Path) -> None:
    assert last_line(run("check", one_warning, "--lang", "da")[1]) == (
        "19 tiltag kontrolleret: 0 fejl, 1 advarsel, 0 noter")
    assert last_line(run("check", two_warnings, "--lang", "da")[1]) == (
        "19 tiltag kontrolleret: 0 fejl, 2 advarsler, 0 noter")
    assert last_line(run("check", one_warning, "--lang", "en")[1]) == (
        "19 measures checked: 0 errors, 1 warning, 0 notes")
    assert last_line(run("check", two_warnings, "--lang", "en")[1]) == (
        "19 measures checked: 0 errors, 2 warnings, 0 notes")


def test_the_import_summary_counts_in_the_language(one_warning: Path, tmp_path: Path) -> None:
    code, out, err = run("import", one_warning, "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert code == 0 and out.strip() == "1"
    assert err == "version 1: 0 fejl, 1 advarsel\n"
    code, _, err = run("import", one_warning, "--db", f"sqlite:///{tmp_path / 'b.db'}",
                       "--lang", "en")
    assert code == 0 and err == "version 1: 0 errors, 1 warning\n"


# --- each kind of message --------------------------------------------------------------------


def test_a_refused_input_in_both_languages(seed_path: Path) -> None:
    """A failure of the command itself (``fail``)."""
    code, _, err = run("scenario", "show", "x.json", "--catalog", seed_path, "--draws", "0")
    assert code == 2 and err == "omprio: --draws skal være positiv\n"
    code, _, err = run("scenario", "show", "x.json", "--catalog", seed_path, "--draws", "0",
                       "--lang", "en")
    assert code == 2 and err == "omprio: --draws must be positive\n"


def test_a_reader_error_in_both_languages(tmp_path: Path) -> None:
    """A lower layer's error (ReadError) said in the command's language, path first."""
    missing = tmp_path / "none.txt"
    code, _, err = run("check", missing, "--lang", "da")
    assert code == 2 and err.startswith(f"omprio: {missing}: ") and "findes ikke" in err
    code, _, err = run("check", missing, "--lang", "en")
    assert code == 2 and err.startswith(f"omprio: {missing}: ") and "no such file" in err


def test_a_database_url_error_in_both_languages(seed_path: Path) -> None:
    code, _, err = run("import", seed_path, "--db", "mysql://x/y")
    assert code == 2
    assert err == "omprio: omprio gemmer kataloger i SQLite eller PostgreSQL, ikke 'mysql'\n"
    code, _, err = run("import", seed_path, "--db", "mysql://x/y", "--lang", "en")
    assert code == 2
    assert err == "omprio: omprio stores catalogs in SQLite or PostgreSQL, not 'mysql'\n"


def test_publish_strict_in_both_languages(one_warning: Path, tmp_path: Path) -> None:
    """A refusal (``warn`` + exit 1) with a count, and the written-file note."""
    out = tmp_path / "c.pdf"
    code, _, err = run("publish", one_warning, "-o", out, "--strict")
    assert code == 1 and last_line(err) == "omprio: ikke udgivet (--strict): kataloget har 1 fund"
    code, _, err = run("publish", one_warning, "-o", out, "--strict", "--lang", "en")
    assert code == 1
    assert last_line(err) == "omprio: not published (--strict): the catalog has 1 finding"
    assert not out.exists()
    code, _, err = run("publish", one_warning, "-o", tmp_path / "c.html", "--lang", "en")
    assert code == 0 and err == f"{tmp_path / 'c.html'}; 1 finding in the appendix\n"
    code, _, err = run("publish", one_warning, "-o", tmp_path / "c.odt", LANG="en_US.UTF-8")
    assert code == 2 and err.startswith("omprio: cannot tell the format from")


def test_accounts_speak_the_language(tmp_path: Path) -> None:
    """What a command prints on success (``say``), a word in a listing, a refused option."""
    db = ("--db", f"sqlite:///{tmp_path / 'u.db'}")
    code, out, _ = run("user", "add", "dora", "--role", "editor", "--areas", "BFF",
                       "--password", "a long pass phrase", *db)
    assert code == 0 and out == "Bruger dora oprettet som editor (BFF).\n"
    code, out, _ = run("user", "add", "erik", "--password", "a long pass phrase", *db,
                       "--lang", "en")
    assert code == 0 and out == "User erik created as viewer.\n"
    code, out, _ = run("user", "role", "erik", "--role", "editor", "--areas", "BFF", *db,
                       LANG="en_US.UTF-8")
    assert code == 0 and out == "User erik is now editor (BFF).\n"
    code, out, _ = run("user", "role", "erik", "--role", "viewer", *db)
    assert code == 0 and out == "Bruger erik er nu viewer.\n"
    code, out, _ = run("user", "deactivate", "erik", *db, LANG="en_US.UTF-8")
    assert code == 0 and out == "User erik is deactivated.\n"
    assert run("user", "list", *db)[1].splitlines()[-1].endswith("\tinaktiv")
    assert run("user", "list", *db, "--lang", "en")[1].splitlines()[-1].endswith("\tinactive")
    code, _, err = run("token", "add", "dora", "--expires", "soon", *db)
    assert code == 2 and err == "omprio: --expires: 'soon' er hverken 90d, ÅÅÅÅ-MM-DD eller never\n"
    code, _, err = run("token", "add", "dora", "--expires", "soon", *db, "--lang", "en")
    assert code == 2 and err == "omprio: --expires: 'soon' is not 90d, YYYY-MM-DD or never\n"


def test_backup_and_restore_in_both_languages(tmp_path: Path) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert run("user", "add", "dora", "--password", "a long pass phrase", *db)[0] == 0
    backup = tmp_path / "backup.jsonl"
    code, out, _ = run("backup", "-o", backup, *db)
    assert code == 0 and out == f"Sikkerhedskopi skrevet til {backup}\n"
    code, out, _ = run("restore", backup, "--db", f"sqlite:///{tmp_path / 'b.db'}",
                       "--lang", "en")
    assert code == 0 and re.fullmatch(r"(1 row|([02-9]|\d\d+) rows) restored\.\n", out), out
    (tmp_path / "bad.jsonl").write_bytes(b"\xff\xfe")
    code, _, err = run("restore", tmp_path / "bad.jsonl", "--db", f"sqlite:///{tmp_path / 'c.db'}")
    assert code == 2 and "ikke en sikkerhedskopi fra omprio" in err


def test_a_scenario_warning_in_both_languages(seed_path: Path, tmp_path: Path) -> None:
    """A warning that goes on (``warn``): a target nothing reaches, nothing written."""
    out = tmp_path / "s.json"
    args = ("optimize", seed_path, "--target", "-10000000", "-o", out, "--time-limit", "5")
    code, _, err = run(*args)
    assert code == 1 and f"omprio: intet gemt i {out}: ingen pakke når målet" in err
    code, _, err = run(*args, "--lang", "en")
    assert code == 1 and f"omprio: nothing saved to {out}: no package reaches the target" in err


# --- no sentence in the code -----------------------------------------------------------------

SPEAKERS = {"fail", "warn", "say", "note", "words", "counted", "t", "tn"}
"""omprio.cli.options' ways to speak (their first argument is a key of the catalog) and i18n's."""
PRINTERS = {"echo", "print", "secho", "_err"}
"""Ways to print text as it is: only markup, numbers, codes and values may be written there."""
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$")
WORD = re.compile(r"[A-Za-zÆØÅæøå]{2,}")
NOT_WORDS = {"omprio", "bold", "yellow", "red", "green", "cyan", "italic"}  # name, Rich markup


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal_words(node: ast.expr) -> list[str]:
    """The words written into a string literal or f-string (not those of its values)."""
    parts: list[str] = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [str(v.value) for v in node.values if isinstance(v, ast.Constant)]
    return [w for part in parts for w in WORD.findall(re.sub(r"\[/?[a-z ]*\]", "", part))
            if w not in NOT_WORDS]


def _problems(source: str, where: str) -> tuple[int, list[str]]:
    """How many messages ``source`` speaks through the catalog, and what it writes itself."""
    problems: list[str] = []
    calls = 0
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, first = _name(node), node.args[0]
        at = f"{where}:{node.lineno}"
        if name in SPEAKERS:
            calls += 1
            if isinstance(first, ast.JoinedStr):
                fixed = [str(v.value) for v in first.values if isinstance(v, ast.Constant)]
                if not all(KEY.match(part + "x") for part in fixed):
                    problems.append(f"{at}: {name}() of an f-string")
            elif isinstance(first, ast.Constant) and not (
                    isinstance(first.value, str) and KEY.match(first.value)
                    and i18n.has(first.value)):
                problems.append(f"{at}: {name}({first.value!r}) is no key of the catalog")
        elif name in PRINTERS and _literal_words(first):
            problems.append(f"{at}: {name}() writes {_literal_words(first)}")
    return calls, problems


def test_no_cli_message_is_written_into_the_code() -> None:
    """Every message of src/omprio/cli goes through the catalog: the first argument of a
    speaking function is a key the catalog has (or a value that says itself, such as an
    error); what is printed as it is holds no words of its own."""
    calls, problems = 0, list[str]()
    for path in sorted(CLI.glob("*.py")):
        found, wrong = _problems(path.read_text(encoding="utf-8"), path.name)
        calls, problems = calls + found, problems + wrong
    assert calls > 60  # the scan does see the messages
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source", [
    'fail(f"{path}: no such file")',
    '_err("not published (--strict): the catalog has findings")',
    'typer.echo(f"Bruger {info.name} oprettet som {info.role}.")',
    'Console(stderr=True).print("omprio: interrupted")',
    'warn("interrupted")',
    'fail("cli.err.no_such_key")',
    'say(f"cli.user.{kind} {name}")',
])
def test_the_scan_finds_a_sentence(source: str) -> None:
    """The guard above catches the messages issue 11 found (and a key the catalog lacks)."""
    assert _problems(source, "example")[1]


# --- amounts typed on the command line are read the command's way -------------------------


def _targets(out: str) -> set[object]:
    import json
    from decimal import Decimal

    return set(json.loads(out, parse_float=Decimal)["targets"].values())


def test_an_english_target_is_read_the_english_way(seed_path: Path) -> None:
    code, out, err = run("optimize", seed_path, "-m", "count", "--target", "-10,000",
                         "--format", "json", "--lang", "en")
    assert code == 0, err
    assert _targets(out) == {-10000}
    assert err == ""  # the English form of ten thousand: nothing to say


@pytest.mark.parametrize(("lang", "typed", "read", "said"), [
    ("da", "-10,000", -10, "»-10,000« er læst som -10"),
    ("en", "-10.000", -10, "“-10.000” was read as -10"),
])
def test_a_target_that_reads_differently_is_echoed(seed_path: Path, lang: str, typed: str,
                                                   read: int, said: str) -> None:
    code, out, err = run("optimize", seed_path, "-m", "count", "--target", typed,
                         "--format", "json", "--lang", lang)
    assert code == 0, err
    assert _targets(out) == {read}
    assert said in err


def test_harm_scores_for_another_objective_are_said_not_used(seed_path: Path,
                                                             tmp_path: Path) -> None:
    harm = tmp_path / "harm.csv"
    harm.write_text("code,harm\nUJU-1,5\n", encoding="utf-8")
    code, _, err = run("optimize", seed_path, "-m", "fte", "--target", "-10000",
                       "--harm", harm, "--format", "json", "--lang", "da")
    assert code == 0
    assert "skadesscorerne (--harm) er ikke brugt" in err


def test_long_commands_show_their_phase_on_a_terminal_only() -> None:
    import io

    from rich.console import Console

    from omprio.cli.options import forget_language
    from omprio.cli.progress import phases

    forget_language()
    screen = io.StringIO()
    with phases(Console(file=screen, force_terminal=True, width=80)) as step:
        step("check")
    assert "Kontrollerer alle tal" in screen.getvalue()
    piped = io.StringIO()
    with phases(Console(file=piped, force_terminal=False)) as step:
        step("check")
    assert piped.getvalue() == ""
