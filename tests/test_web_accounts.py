"""The account pages in the browser: an administrator creates users, sets their role and
operating areas, gives a new password and ends their sessions; every user sees and ends their
own sessions and makes, sees once and revokes their own API tokens. Problems (a weak password,
an unknown role or area, a name that is taken) are shown on the page, in Danish or English,
with what was typed kept (never a password)."""

from __future__ import annotations

import re

import pytest
from httpx import Response

from omprio.store import accounts
from omprio.store.workspace import Workspace
from web_support import (
    PASSWORD,
    TestClient,
    as_response,
    bearer,
    csrf_of,
    form_fields,
    import_seed,
    make_client,
    no_secrets,
    session_client,
)

FRESH = "en lang og god sætning om budgettet"


def admin(ws: Workspace) -> tuple[TestClient, str]:
    return session_client(ws, "admin")


def new_user(client: TestClient, csrf: str, lang: str = "da", **fields: str) -> Response:
    data = {"csrf_token": csrf, "name": "dora", "role": "editor", "areas": "BFF",
            "password": FRESH, "again": FRESH, **fields}
    return as_response(client.post(f"/users?lang={lang}", data=data))


def test_an_admin_creates_a_user_who_can_log_in(workspace: Workspace) -> None:
    client, csrf = admin(workspace)
    page = client.get("/users")
    assert 'action="/users"' in page.text and "Opret bruger" in page.text
    fields = form_fields(page.text, "new-user")
    assert fields["csrf_token"] == csrf and {"name", "areas", "password", "again"} <= set(fields)
    created = new_user(client, csrf, areas="bff, vjh")
    assert created.status_code == 303 and created.headers["location"] == "/users?done=created"
    assert "Brugeren er oprettet." in client.get("/users?done=created").text
    dora = next(u for u in workspace.users() if u.name == "dora")
    assert (dora.role, dora.areas, dora.active) == ("editor", ("BFF", "VJH"), True)
    assert workspace.login("dora", FRESH, None).actor is not None


@pytest.mark.parametrize(("lang", "fields", "status", "said"), [
    ("da", {"password": "kodeord123456!", "again": "kodeord123456!"}, 422, "for almindelig"),
    ("en", {"password": "short", "again": "short"}, 422, "at least 12 characters"),
    ("da", {"password": "dora-dora-dora-123", "again": "dora-dora-dora-123"}, 422,
     "må ikke indeholde brugernavnet"),
    ("da", {"again": "en anden sætning end den første"}, 422, "ikke ens"),
    ("da", {"role": "superuser"}, 422, "rollen skal være en af viewer, editor, admin"),
    ("en", {"role": "superuser"}, 422, "role must be one of viewer, editor, admin"),
    ("da", {"areas": "B1"}, 422, "&#39;B1&#39; er ikke et driftsområde"),
    ("da", {"name": "viewer"}, 409, "der findes allerede en bruger ved navn &#39;viewer&#39;"),
    ("en", {"name": "viewer"}, 409, "a user named &#39;viewer&#39; exists already"),
])
def test_a_refused_new_user_is_said_on_the_page(
        workspace: Workspace, lang: str, fields: dict[str, str], status: int, said: str) -> None:
    client, csrf = admin(workspace)
    before = workspace.users()
    answer = new_user(client, csrf, lang, **fields)
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    assert said in answer.text, re.findall(r'role="alert">([^<]*)<', answer.text)
    assert 'role="alert"' in answer.text and 'id="new-user"' in answer.text
    kept = form_fields(answer.text, "new-user")
    assert kept["name"] == fields.get("name", "dora") and kept["password"] == ""
    for typed in (fields.get("password"), fields.get("again"), FRESH):
        assert typed is None or f'value="{typed}"' not in answer.text
    no_secrets(answer)
    assert workspace.users() == before


def test_an_unknown_area_is_refused_once_catalogs_are_there(workspace: Workspace) -> None:
    import_seed(workspace, public=False)
    client, csrf = admin(workspace)
    page = client.get("/users")
    assert "Kendte driftsområder: " in page.text and "BFF" in page.text
    typo = new_user(client, csrf, areas="BBF")
    assert typo.status_code == 422
    assert "driftsområdet &#39;BBF&#39; findes ikke" in typo.text
    english = client.post("/users/bff/role?lang=en", data={"csrf_token": csrf,
                                                           "role": "editor", "areas": "BBF"})
    assert english.status_code == 422 and "is in no catalog of the workspace" in english.text
    assert next(u for u in workspace.users() if u.name == "bff").areas == ("BFF",)


def test_an_admin_sets_a_role_and_areas_that_apply_at_once(workspace: Workspace) -> None:
    viewer, _ = session_client(workspace, "viewer")
    assert viewer.get("/import").status_code == 403
    client, csrf = admin(workspace)
    changed = client.post("/users/viewer/role", data={"csrf_token": csrf, "role": "editor",
                                                     "areas": "JUS"})
    assert changed.status_code == 303 and changed.headers["location"] == "/users?done=role"
    assert viewer.get("/import").status_code == 200  # the same session, the new role
    assert "Driftsområder: JUS." in viewer.get("/account").text
    last = client.post("/users/admin/role?lang=en", data={"csrf_token": csrf, "role": "viewer"})
    assert last.status_code == 422
    assert "the last active administrator must keep the role administrator" in last.text


def test_a_weak_reset_password_is_said_on_the_users_page(workspace: Workspace) -> None:
    client, csrf = admin(workspace)
    weak = client.post("/users/viewer/password", data={"csrf_token": csrf, "password": "1234"})
    assert weak.status_code == 422 and "mindst 12 tegn" in weak.text
    assert 'id="new-user"' in weak.text  # the users page, not a bare error page
    reset = client.post("/users/viewer/password", data={"csrf_token": csrf, "password": FRESH})
    assert reset.status_code == 303
    assert workspace.login("viewer", FRESH, None).actor is not None


def test_an_admin_lists_and_ends_a_users_session(workspace: Workspace) -> None:
    editor, _ = session_client(workspace, "editor")
    assert editor.get("/import").status_code == 200
    client, csrf = admin(workspace)
    page = client.get("/users")
    theirs = workspace.sessions("editor")[0]
    assert f'action="/sessions/{theirs.id}/end"' in page.text
    assert "Åbne sessioner i browsere" in page.text and "denne session" in page.text
    ended = client.post(f"/sessions/{theirs.id}/end", data={"csrf_token": csrf})
    assert ended.status_code == 303 and ended.headers["location"] == "/users?done=ended"
    assert editor.get("/import").status_code == 303  # logged out: to the login form
    again = client.post(f"/sessions/{theirs.id}/end", data={"csrf_token": csrf})
    assert again.status_code == 404
    assert client.post("/sessions/not-an-id/end", data={"csrf_token": csrf}).status_code == 422


def test_a_user_sees_and_ends_their_own_sessions(workspace: Workspace) -> None:
    laptop, _ = session_client(workspace, "viewer")
    phone, csrf = session_client(workspace, "viewer")
    page = phone.get("/account")
    ids = [s.id for s in workspace.sessions("viewer")]
    assert len(ids) == 2 and all(f"/account/sessions/{i}/end" in page.text for i in ids)
    assert page.text.count("(denne session)") == 1
    assert "Log alle andre sessioner ud" in page.text
    others = phone.post("/account/sessions/end-others", data={"csrf_token": csrf})
    assert others.status_code == 303 and others.headers["location"] == "/account?done=others"
    assert laptop.get("/account").status_code == 303 and phone.get("/account").status_code == 200
    assert "Dine andre sessioner er logget ud." in phone.get("/account?done=others").text
    editor_key = workspace.start_session(next(u.id for u in workspace.users()
                                              if u.name == "editor"))
    foreign = phone.post(f"/account/sessions/{accounts.session_id(editor_key)}/end",
                         data={"csrf_token": csrf})
    assert foreign.status_code == 404 and workspace.session_actor(editor_key) is not None
    (own,) = workspace.sessions("viewer")
    out = phone.post(f"/account/sessions/{own.id}/end", data={"csrf_token": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert phone.get("/account").status_code == 303


def test_a_user_makes_a_token_shown_once_and_revokes_it(workspace: Workspace) -> None:
    client, csrf = session_client(workspace, "editor")
    made = client.post("/account/tokens?lang=en", data={"csrf_token": csrf, "name": "nightly",
                                                        "expires": "30"})
    assert made.status_code == 200
    assert "is shown this once only" in made.text
    shown = re.search(r'id="f-token" type="text" readonly value="(omp_[^"]+)"', made.text)
    assert shown is not None
    token = shown.group(1)
    listed = workspace.tokens("editor")
    assert [t.name for t in listed] == ["nightly"] and listed[0].expires_at is not None
    api = make_client(workspace)
    assert api.get("/api/v1/catalogs", headers=bearer(token)).status_code == 200
    later = client.get("/account?lang=da")
    assert token not in later.text and "nightly" in later.text and "Gyldig" in later.text
    bad = client.post("/account/tokens", data={"csrf_token": csrf, "expires": "forever"})
    assert bad.status_code == 422 and "vælg hvor længe nøglen skal virke" in bad.text
    workspace.create_token("viewer", "not yours")
    foreign = workspace.tokens("viewer")[0].id
    refused = client.post(f"/account/tokens/{foreign}/revoke", data={"csrf_token": csrf})
    assert refused.status_code == 404 and workspace.tokens("viewer")[0].revoked_at is None
    revoked = client.post(f"/account/tokens/{listed[0].id}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303 and revoked.headers["location"] == "/account?done=revoked"
    assert api.get("/api/v1/catalogs", headers=bearer(token)).status_code == 401
    assert "Tilbagekaldt" in client.get("/account").text


def test_the_account_forms_carry_the_csrf_token(workspace: Workspace) -> None:
    client, csrf = admin(workspace)
    workspace.create_token("admin", "mine")
    for url in ("/account", "/users"):
        text = client.get(url).text
        forms = re.findall(r"<form\b.*?</form>", text, flags=re.S)
        posting = [f for f in forms if 'method="post"' in f]
        assert len(posting) >= 4, url
        for form in posting:
            assert f'name="csrf_token" value="{csrf}"' in form, form[:200]
    assert csrf_of(client.get("/account").text) == csrf
    assert workspace.login("admin", PASSWORD, None).actor is not None
