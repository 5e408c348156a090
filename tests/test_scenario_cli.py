"""``omprio scenario list|save|export``, ``show``/``compare`` of stored scenarios and
``omprio optimize ID --save NAME`` on SQLite and PostgreSQL: ids printed, one-line errors with
exit code 2, no tracebacks."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from omprio.cli import app
from omprio.decide.scenario_json import read_scenario
from omprio.store.workspace import Workspace
from web_support import import_seed


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "160"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_optimize_save_list_export_show_compare(workspace: Workspace, database: str,
                                                tmp_path: Path) -> None:
    cid = str(import_seed(workspace, public=False))
    code, out, err = invoke("optimize", cid, "--db", database, "-m", "count", "--target",
                            "-10.000", "--save", "Få tiltag", "--as", "viewer",
                            "--format", "json")
    assert code == 0, err
    assert json.loads(out)["objective"] == 5
    assert "gemt som scenarie" in err  # Danish: no --lang, no locale
    stored = workspace.scenarios(int(cid), workspace.authenticate("viewer", "secret-password"))
    assert [(s.name, s.author) for s in stored] == [("Få tiltag", "viewer")]
    sid = str(stored[0].id)

    code, out, _ = invoke("scenario", "list", cid, "--db", database, "--format", "json")
    assert code == 0 and [item["name"] for item in json.loads(out)] == ["Få tiltag"]
    code, out, _ = invoke("scenario", "list", cid, "--db", database)
    assert code == 0 and "Få tiltag" in out

    exported = tmp_path / "s.json"
    assert invoke("scenario", "export", sid, "--catalog", cid, "--db", database,
                  "-o", exported)[0] == 0
    scenario = read_scenario(exported)
    assert scenario.name == "Få tiltag" and scenario.targets == {
        y: Decimal(-10000) for y in range(2024, 2028)}
    copy = tmp_path / "copy.json"
    copy.write_text(exported.read_text(encoding="utf-8").replace("Få tiltag", "Kopi"),
                    encoding="utf-8")
    code, out, _ = invoke("scenario", "save", copy, "--catalog", cid, "--db", database)
    assert code == 0 and out.strip().isdigit() and out.strip() != sid

    code, out, _ = invoke("scenario", "show", sid, "--catalog", cid, "--db", database,
                          "--format", "json")
    assert code == 0 and json.loads(out)["reached"] is True
    code, out, _ = invoke("scenario", "compare", sid, copy, "--catalog", cid, "--db", database,
                          "--format", "json")
    assert code == 0 and json.loads(out)["names"] == ["Få tiltag", "Kopi"]


def test_errors_are_one_line(workspace: Workspace, database: str, tmp_path: Path) -> None:
    cid = str(import_seed(workspace, public=True))
    file = tmp_path / "s.json"
    file.write_text(json.dumps({"format": "omprio.scenario/1", "name": "A",
                                "selection": {"UJU-1": 1}}), encoding="utf-8")
    assert invoke("scenario", "save", file, "--catalog", cid, "--db", database)[0] == 0
    cases: list[tuple[tuple[str | Path, ...], str]] = [
        (("scenario", "save", file, "--catalog", cid, "--db", database), "already"),
        (("scenario", "show", "99", "--catalog", cid, "--db", database), "no scenario 99"),
        (("scenario", "list", "77", "--db", database), "no catalog 77"),
        (("scenario", "export", "1", "--catalog", "x", "--db", database), "not a catalog id"),
        (("optimize", "77", "--db", database), "no catalog 77"),
        (("optimize", cid, "--db", database, "--include", "BFF-1", "--exclude", "BFF-1"),
         "both included and excluded"),
        (("optimize", tmp_path / "none.txt", "--save", "X"), "--save stores in the workspace"),
    ]
    for args, message in cases:
        code, out, err = invoke(*args, "--lang", "en")
        assert code == 2, (args, out, err)
        assert message in err and err.count("\n") == 1 and "Traceback" not in err, err
