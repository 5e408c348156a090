"""Accounts on SQLite and PostgreSQL: the password policy, login throttling, a bound on
concurrent password checks, ending access (deactivate, new password, revoked and expired
tokens) in the store and the CLI, and Secure cookies with HSTS for HTTPS deployments."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from conftest import run_omprio
from omprio.store import accounts, users
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.passwords import MAX_LENGTH
from omprio.store.schema import ApiToken
from omprio.store.workspace import Workspace
from web_support import PASSWORD, TestClient, csrf_of, import_seed, make_client

T0 = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("password", [
    "12345678", "aaaaaaaa", "aaaaaaaaaaaa", "password1234", "kodeord12345", "qwertyuiop12",
    "short", "x" * (MAX_LENGTH + 1), "my-name-is-carla-really",
])
def test_weak_passwords_are_refused(workspace: Workspace, password: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        workspace.add_user("carla", password, "viewer")
    assert caught.value.text("da") != caught.value.text("en")  # said in Danish too


def test_the_longest_password_works_at_creation_and_login(workspace: Workspace) -> None:
    longest = ("Lang sætning om budgetter og høringer " * 10)[:MAX_LENGTH]
    workspace.add_user("ulla", longest, "viewer")
    assert workspace.login("ulla", longest, "10.0.0.1").actor is not None


def test_wrong_guesses_are_throttled_and_the_owner_gets_in_afterwards(
        workspace: Workspace) -> None:
    attacker = "198.51.100.7"
    for n in range(6):
        outcome = workspace.login("viewer", f"wrong guess {n}", attacker, T0)
        assert outcome.actor is None and outcome.retry_after is None
    refused = workspace.login("viewer", PASSWORD, attacker, T0 + timedelta(seconds=1))
    assert refused.actor is None and refused.retry_after is not None and refused.retry_after >= 1
    # The delay grows with every further failure after waiting it out.
    later = T0 + timedelta(seconds=refused.retry_after + 1)
    assert workspace.login("viewer", "wrong again", attacker, later).actor is None
    again = workspace.login("viewer", PASSWORD, attacker, later + timedelta(seconds=1))
    assert again.retry_after is not None and again.retry_after > refused.retry_after - 1
    # Once the attack has stopped, the right password works (at most 15 minutes later).
    after = later + timedelta(minutes=16)
    assert workspace.login("viewer", PASSWORD, attacker, after).actor is not None


def test_an_attack_elsewhere_does_not_lock_the_owner_out_of_a_known_address(
        workspace: Workspace) -> None:
    home = "203.0.113.10"
    assert workspace.login("editor", PASSWORD, home, T0).actor is not None
    for n in range(30):  # an attacker on another address keeps guessing
        workspace.login("editor", f"guess {n}", "192.0.2.66", T0 + timedelta(seconds=n))
    assert workspace.login("editor", PASSWORD, "192.0.2.66",
                           T0 + timedelta(seconds=31)).retry_after is not None
    assert workspace.login("editor", PASSWORD, home, T0 + timedelta(seconds=32)).actor is not None


def test_a_new_password_clears_the_throttle_and_ends_sessions(workspace: Workspace) -> None:
    viewer = workspace.login("viewer", PASSWORD, "10.1.1.1").actor
    assert viewer is not None
    key = workspace.start_session(viewer.user_id)
    for n in range(8):
        workspace.login("viewer", f"wrong {n}", "10.9.9.9", T0)
    workspace.set_password("viewer", "a brand new pass phrase")
    assert workspace.session_actor(key) is None
    assert workspace.login("viewer", "a brand new pass phrase", "10.9.9.9",
                           T0 + timedelta(seconds=1)).actor is not None
    with pytest.raises(InvalidInput):
        workspace.set_password("viewer", "12345678")


def test_deactivating_ends_sessions_and_tokens_at_once(workspace: Workspace) -> None:
    editor = workspace.login("editor", PASSWORD, None).actor
    assert editor is not None
    key = workspace.start_session(editor.user_id)
    token = workspace.create_token("editor", "script")
    assert workspace.actor_for_token(token) is not None
    assert not workspace.set_active("editor", False).active
    assert workspace.session_actor(key) is None
    assert workspace.actor_for_token(token) is None
    assert workspace.login("editor", PASSWORD, None).actor is None
    workspace.set_active("editor", True)
    assert workspace.actor_for_token(token) is not None  # the token was not revoked
    with pytest.raises(InvalidInput):
        workspace.set_active("admin", False)  # the last active administrator


def test_revoked_and_expired_tokens_stop_working(workspace: Workspace) -> None:
    token = workspace.create_token("viewer", "kept")
    listed = workspace.tokens("viewer")
    assert len(listed) == 1 and listed[0].expires_at is not None
    assert timedelta(days=89) < listed[0].expires_at - datetime.now(UTC) <= timedelta(days=90)
    assert workspace.actor_for_token(token) is not None
    assert workspace.tokens("viewer")[0].last_used is not None
    revoked = workspace.revoke_token(listed[0].id)
    assert revoked.revoked_at is not None
    assert workspace.actor_for_token(token) is None
    expiring = workspace.create_token("viewer", "short-lived")
    with workspace.engine.begin() as connection:
        connection.execute(update(ApiToken).where(ApiToken.name == "short-lived")
                           .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert workspace.actor_for_token(expiring) is None
    forever = workspace.create_token("viewer", "forever", None)
    assert workspace.actor_for_token(forever) is not None
    with pytest.raises(InvalidInput):
        workspace.create_token("viewer", "past", datetime.now(UTC) - timedelta(days=1))


def test_password_checks_are_bounded_per_process(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    running = 0
    most = 0
    lock = threading.Lock()
    real = accounts.verify_password

    def slow(password_hash: str, password: str) -> bool:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", slow)
    threads = [threading.Thread(target=workspace.login,
                                args=("admin", PASSWORD, f"10.2.0.{n}")) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert 1 <= most <= users.PASSWORD_CHECKS


def test_the_login_page_answers_429_with_retry_after(workspace: Workspace) -> None:
    client = make_client(workspace)
    page = client.get("/login")
    for n in range(6):
        wrong = client.post("/login", data={"name": "viewer", "password": f"nope {n}",
                                            "csrf_token": csrf_of(page.text)})
        assert wrong.status_code == 401
    throttled = client.post("/login", data={"name": "viewer", "password": PASSWORD,
                                            "csrf_token": csrf_of(page.text)})
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) >= 1
    assert "For mange forkerte forsøg" in throttled.text
    english = client.post("/login?lang=en", data={"name": "viewer", "password": PASSWORD,
                                                  "csrf_token": csrf_of(page.text)})
    assert english.status_code == 429 and "Too many wrong attempts" in english.text


def test_secure_cookies_and_hsts(workspace: Workspace) -> None:
    plain = make_client(workspace).get("/healthz")
    assert "strict-transport-security" not in plain.headers
    app = make_client(workspace, secure_cookies=True).app
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    page = client.get("/login")
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")
    answer = client.post("/login", data={"name": "admin", "password": PASSWORD,
                                         "csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303
    assert "secure" in answer.headers["set-cookie"].lower()


def test_the_cli_ends_access(workspace: Workspace) -> None:
    db = ["--db", workspace.url]
    added = run_omprio("token", "add", "viewer", "--name", "nightly", "--expires", "30d", *db)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert workspace.actor_for_token(token) is not None
    listed = run_omprio("token", "list", *db)
    assert listed.returncode == 0 and "nightly" in listed.stdout and "gyldig" in listed.stdout
    token_id = next(line.split("\t")[0] for line in listed.stdout.splitlines()
                    if "nightly" in line)
    assert run_omprio("token", "revoke", token_id, *db).returncode == 0
    assert workspace.actor_for_token(token) is None
    assert "tilbagekaldt" in run_omprio("token", "list", "viewer", *db).stdout
    bad = run_omprio("token", "add", "viewer", "--expires", "soon", *db)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    weak = run_omprio("user", "add", "dora", "--password", "12345678", *db)
    assert weak.returncode == 2 and weak.stderr.count("\n") == 1
    assert run_omprio("user", "deactivate", "viewer", *db).returncode == 0
    assert workspace.login("viewer", PASSWORD, None).actor is None
    assert "inaktiv" in run_omprio("user", "list", *db).stdout
    assert run_omprio("user", "activate", "viewer", *db).returncode == 0
    changed = run_omprio("user", "password", "viewer", "--password", "another pass phrase",
                         *db)
    assert changed.returncode == 0, changed.stderr
    assert workspace.login("viewer", "another pass phrase", None).actor is not None
    last = run_omprio("user", "deactivate", "admin", *db)
    assert last.returncode == 2


def test_the_account_and_users_pages_in_both_languages(workspace: Workspace) -> None:
    workspace.create_token("viewer", "nightly")
    client = make_client(workspace)
    page = client.get("/login")
    client.post("/login", data={"name": "admin", "password": PASSWORD,
                                "csrf_token": csrf_of(page.text)})
    for lang, words in (("da", ("Brugere og API-nøgler", "Deaktivér", "Tilbagekald", "Gyldig")),
                        ("en", ("Users and API tokens", "Deactivate", "Revoke", "Valid"))):
        users_page = client.get(f"/users?lang={lang}")
        assert users_page.status_code == 200
        for word in (*words, "nightly", "viewer"):
            assert word in users_page.text, (lang, word)
        account = client.get(f"/account?lang={lang}")
        assert account.status_code == 200
        for text in (users_page.text, account.text):  # no raw translation key shown
            for prefix in ("users.", "tokens.", "account.", "nav.account", "nav.users"):
                assert f">{prefix}" not in text and f'"{prefix}' not in text, (lang, prefix)
    csrf = csrf_of(client.get("/users").text)
    weak = client.post("/users/viewer/password?lang=da",
                       data={"csrf_token": csrf, "password": "1234"})
    assert weak.status_code == 422 and "mindst 12 tegn" in weak.text
    last = client.post("/users/admin/active?lang=da", data={"csrf_token": csrf, "active": "0"})
    assert last.status_code == 422 and "sidste aktive administrator" in last.text


def test_roles_and_areas_change_and_apply_at_once(workspace: Workspace) -> None:
    viewer = workspace.login("viewer", PASSWORD, None).actor
    assert viewer is not None
    key = workspace.start_session(viewer.user_id)
    changed = workspace.set_role("viewer", "editor", "bff, VJH")
    assert (changed.role, changed.areas) == ("editor", ("BFF", "VJH"))
    now_acting = workspace.session_actor(key)
    assert now_acting is not None and now_acting.role == "editor"
    assert now_acting.may_edit("VJH-1") and not now_acting.may_edit("JUS-2")
    for role, areas, key_ in (("superuser", "", "err.role"), ("editor", "B1", "err.area")):
        with pytest.raises(InvalidInput) as caught:
            workspace.set_role("viewer", role, areas)
        assert caught.value.key == key_
    with pytest.raises(InvalidInput) as last:
        workspace.set_role("admin", "editor")  # the last active administrator
    assert last.value.key == "err.last_admin_role"
    assert "sidste aktive administrator" in last.value.text("da")
    workspace.set_role("editor", "admin")
    assert workspace.set_role("admin", "viewer").role == "viewer"  # another admin is left


def test_areas_must_be_known_once_the_workspace_holds_catalogs(workspace: Workspace) -> None:
    assert workspace.known_areas() == ()
    workspace.set_role("viewer", "editor", "XYZ")  # no catalogs yet: any well-formed area
    import_seed(workspace, public=False)
    assert {"BFF", "VJH", "JUS"} <= set(workspace.known_areas())
    with pytest.raises(InvalidInput) as by_role:
        workspace.set_role("viewer", "editor", "BBF")
    with pytest.raises(InvalidInput) as by_adding:
        workspace.add_user("dora", "a fine pass phrase", "editor", "BFF,BBF")
    for caught in (by_role, by_adding):
        assert caught.value.key == "err.unknown_area"
        assert "'BBF'" in caught.value.text("da") and "BFF" in caught.value.text("da")
        assert "known areas" in caught.value.text("en")
    assert not any(u.name == "dora" for u in workspace.users())
    assert workspace.add_user("dora", "a fine pass phrase", "editor", "bff").areas == ("BFF",)


def test_sessions_are_listed_and_ended_by_id(workspace: Workspace) -> None:
    editor = workspace.login("editor", PASSWORD, None).actor
    viewer = workspace.login("viewer", PASSWORD, None).actor
    assert editor is not None and viewer is not None
    first, second = (workspace.start_session(editor.user_id) for _ in range(2))
    theirs = workspace.start_session(viewer.user_id)
    listed = workspace.sessions("editor")
    assert {s.id for s in listed} == {accounts.session_id(first), accounts.session_id(second)}
    assert all(s.user == "editor" and s.ends - s.started == timedelta(hours=12) for s in listed)
    assert len(workspace.sessions()) == 3
    # The id says nothing of the key the cookie holds.
    assert all(first not in s.id and s.id not in first for s in listed)
    with pytest.raises(NotFound):  # another user's session, by its owner's hand
        workspace.end_session_by_id(accounts.session_id(theirs), owner="editor")
    assert workspace.session_actor(theirs) is not None
    ended = workspace.end_session_by_id(accounts.session_id(first), owner="editor")
    assert ended.user == "editor" and workspace.session_actor(first) is None
    with pytest.raises(NotFound):
        workspace.end_session_by_id(accounts.session_id(first))
    third = workspace.start_session(editor.user_id)
    assert workspace.end_other_sessions(third) == 1
    assert workspace.session_actor(second) is None and workspace.session_actor(third) is not None
    workspace.end_session_by_id(accounts.session_id(theirs))  # an administrator's hand
    assert workspace.session_actor(theirs) is None


def test_an_owner_revokes_only_their_own_tokens(workspace: Workspace) -> None:
    workspace.create_token("viewer", "theirs")
    token_id = workspace.tokens("viewer")[0].id
    with pytest.raises(NotFound):
        workspace.revoke_token(token_id, owner="editor")
    assert workspace.tokens("viewer")[0].revoked_at is None
    assert workspace.revoke_token(token_id, owner="viewer").revoked_at is not None


def test_the_cli_sets_a_role(workspace: Workspace) -> None:
    db = ["--db", workspace.url]
    done = run_omprio("user", "role", "viewer", "--role", "editor", "--areas", "bff", *db)
    assert done.returncode == 0, done.stderr
    assert "editor (BFF)" in done.stdout
    assert [u.role for u in workspace.users() if u.name == "viewer"] == ["editor"]
    last = run_omprio("user", "role", "admin", "--role", "viewer", *db)
    assert last.returncode == 2 and "Traceback" not in last.stderr
