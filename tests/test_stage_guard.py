"""Stage changes are guarded: only who may change the whole catalog (admins, editors for all
areas) sees and uses the stage form, the form needs an explicit confirmation, a move to the
current stage writes no version, and editing a catalog in hearing says that the hearing
version stays as it was published. On both engines (the ``workspace`` fixture)."""

from __future__ import annotations

import html

import pytest

from omprio.i18n import t
from omprio.store.errors import Forbidden, Unconfirmed
from omprio.store.workspace import Workspace
from web_support import (
    SYSTEM,
    actor,
    bearer,
    error_of,
    form_fields,
    import_seed,
    latest,
    make_client,
    session_client,
)

_FORM = 'id="stage-form"'


def _shown(text: str, page: str) -> bool:
    return html.escape(text, quote=False) in page or text in page


def test_an_area_editor_neither_sees_nor_uses_the_stage_form(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    with pytest.raises(Forbidden) as refused:
        workspace.set_stage(cid, "hearing", actor(workspace, "bff"))
    assert refused.value.key == "err.areas_stage"
    assert refused.value.params == {"areas": "BFF"}
    for name, sees in (("bff", False), ("viewer", False), ("editor", True), ("admin", True)):
        client, _ = session_client(workspace, name)
        assert (_FORM in client.get(f"/catalogs/{cid}").text) is sees, name
    bff, csrf = session_client(workspace, "bff")
    response = bff.post(f"/catalogs/{cid}/stage",
                        data={"csrf_token": csrf, "stage": "draft", "confirm": "1"})
    assert response.status_code == 403
    assert _shown(t("err.areas_stage", "da", areas="BFF"), response.text)
    api = make_client(workspace).post(
        f"/api/v1/catalogs/{cid}/stage", json={"stage": "hearing"},
        headers=bearer(workspace.create_token("bff")))
    assert api.status_code == 403
    assert error_of(api) == {"code": "forbidden", "message": t("err.areas_stage", "en",
                                                               areas="BFF")}
    assert latest(workspace, cid) == 1
    assert workspace.version(cid, SYSTEM).info.stage == "draft"


def test_moving_to_the_current_stage_writes_no_version(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    editor = actor(workspace, "editor")
    same = workspace.set_stage(cid, "draft", editor, "igen")
    assert same.info.number == 1 and latest(workspace, cid) == 1
    client, csrf = session_client(workspace, "editor")
    response = client.post(f"/catalogs/{cid}/stage",
                           data={"csrf_token": csrf, "stage": "draft", "confirm": "1"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("?stage_note=same")
    assert latest(workspace, cid) == 1
    for lang, stage in (("da", "Udkast"), ("en", "Draft")):
        page = client.get(f"{response.headers['location']}&lang={lang}").text
        assert _shown(t("catalog.stage_same", lang, stage=stage), page), lang
    moved = client.post(f"/catalogs/{cid}/stage",
                        data={"csrf_token": csrf, "stage": "hearing", "confirm": "1"})
    assert moved.status_code == 303 and moved.headers["location"] == f"/catalogs/{cid}"
    assert latest(workspace, cid) == 2
    assert workspace.version(cid, SYSTEM).info.stage == "hearing"


def test_a_stage_change_needs_the_confirmation(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    client, csrf = session_client(workspace, "admin")
    page = client.get(f"/catalogs/{cid}").text
    fields = form_fields(page, "stage-form")
    assert "confirm" not in fields, "the box is not ticked beforehand"
    assert 'name="confirm" value="1" required' in page
    with pytest.raises(Unconfirmed):
        workspace.set_stage(cid, "hearing", actor(workspace, "admin"), confirmed=False)
    response = client.post(f"/catalogs/{cid}/stage",
                           data={"csrf_token": csrf, "stage": "hearing"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("?stage_note=confirm")
    assert latest(workspace, cid) == 1
    assert workspace.version(cid, SYSTEM).info.stage == "draft"
    for lang in ("da", "en"):
        shown = client.get(f"{response.headers['location']}&lang={lang}").text
        assert _shown(t("catalog.stage_unconfirmed", lang), shown), lang
        assert _shown(t("catalog.stage_confirm", lang), shown), lang
    assert "Jeg bekræfter" in t("catalog.stage_confirm", "da")


def test_editing_in_hearing_warns_that_the_hearing_version_stays(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    client, _ = session_client(workspace, "editor")
    url = f"/catalogs/{cid}/measures/BFF-1"
    warning = t("edit.hearing", "da")
    assert not _shown(warning, client.get(f"{url}/edit").text), "no warning in draft"
    hearing = workspace.set_stage(cid, "hearing", actor(workspace, "admin"), "til høring")
    form = client.get(f"{url}/edit").text
    assert _shown(warning, form)
    assert _shown(t("edit.hearing", "en"), client.get(f"{url}/edit?lang=en").text)
    fields = form_fields(form, "edit-form")
    fields["title"] = fields["title"] + " (rettet)"
    saved = client.post(f"{url}/edit", data=fields)
    assert saved.status_code == 303, saved.text[:300]
    assert "saved=" in saved.headers["location"]
    for lang in ("da", "en"):
        after = client.get(f"{saved.headers['location']}&lang={lang}").text
        assert _shown(t("measure.saved_hearing", lang), after), lang
    assert latest(workspace, cid) == hearing.info.number + 1
    kept = workspace.version(cid, SYSTEM, hearing.info.number)
    assert kept.catalog == hearing.catalog, "the hearing version stays as it was published"
