"""The web app's locks, through Flask's test client on the real app, store and commands: token and
cookie, Host, CSRF and Origin, the headers, escaping; and the API answering exactly the CLI's JSON."""

from __future__ import annotations

from agent.web.security import safe_next
from tests.web.conftest import HOST, PORT, cli_json, signed_in
from tests.web.world import EVIL


def test_token_missing_or_wrong_is_refused(client, web):
    assert client.get("/", headers=HOST).status_code == 403
    assert client.get("/api/applications", headers=HOST).status_code == 403
    assert client.get("/static/style.css", headers=HOST).status_code == 403
    assert client.get("/?token=nope", headers=HOST).status_code == 403
    assert client.get("/?token=" + web.keys.token[:-1], headers=HOST).status_code == 403
    client.set_cookie(web.keys.cookie, "forged", domain="127.0.0.1")
    assert client.get("/", headers=HOST).status_code == 403


def test_the_token_becomes_a_strict_httponly_cookie(client, web):
    got = signed_in(client, web)
    cookie = got.headers["Set-Cookie"]
    assert cookie.startswith(f"{web.keys.cookie}={web.keys.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert client.get("/", headers=HOST).status_code == 200
    # the token is dropped from the address, other parameters are kept (quoted again)
    got = client.get(f"/?token={web.keys.token}&q=a%26b", headers=HOST)
    assert got.headers["Location"] == "/?q=a%26b"


def test_a_wrong_host_is_refused_even_with_the_token(client, web):
    signed_in(client, web)
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1:1", f"127.0.0.2:{PORT}", ""):
        assert client.get("/", headers={"Host": host}).status_code == 400, host
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code in (200, 403)  # the cookie is per host


def test_a_post_without_the_csrf_token_or_from_another_origin_changes_nothing(client, web, tmp_path):
    signed_in(client, web)
    form = {"app": "1", "company": "Pwned", "role": "x"}
    assert client.post("/actions/edit", data=form, headers=HOST).status_code == 403
    assert client.post("/actions/edit", data={**form, "csrf": "wrong"}, headers=HOST).status_code == 403
    other = {**HOST, "Origin": "http://evil.example"}
    assert client.post("/actions/edit", data={**form, "csrf": web.keys.csrf}, headers=other).status_code == 403
    cross = {**HOST, "Sec-Fetch-Site": "cross-site"}
    assert client.post("/actions/edit", data={**form, "csrf": web.keys.csrf}, headers=cross).status_code == 403
    assert client.post("/train", data={}, headers=HOST).status_code == 403
    assert "Pwned" not in client.get("/api/applications", headers=HOST).get_data(as_text=True)
    # the same form with the token, from the app's own origin: done
    mine = {**HOST, "Origin": f"http://127.0.0.1:{PORT}", "Sec-Fetch-Site": "same-origin"}
    done = client.post("/actions/edit", data={**form, "csrf": web.keys.csrf}, headers=mine)
    assert done.status_code == 303
    assert "Pwned" in client.get("/api/applications", headers=HOST).get_data(as_text=True)


def test_a_company_with_a_script_tag_is_escaped_everywhere(client, web):
    signed_in(client, web)
    done = client.post("/actions/edit", data={"app": "1", "company": EVIL, "role": "<img src=x onerror=alert(1)>",
                                              "csrf": web.keys.csrf, "next": "/applications/1"}, headers=HOST)
    assert done.status_code == 303 and done.headers["Location"] == "/applications/1"
    for path in ("/", "/applications/1", "/?q=script", "/applications/2?find=Evil", "/report", "/review"):
        page = client.get(path, headers=HOST).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Evil" in client.get("/applications/1", headers=HOST).get_data(as_text=True)


def test_every_page_has_the_strict_headers(client, web):
    signed_in(client, web)
    for path in ("/", "/applications/1", "/review", "/status", "/api/applications", "/static/keys.js"):
        got = client.get(path, headers=HOST)
        assert got.status_code == 200, path
        csp = got.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp, path
        assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Cache-Control"] == "no-store"
    report = client.get("/report", headers=HOST)
    csp = report.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "'sha256-" in csp and "unsafe" not in csp
    assert "<svg" in report.get_data(as_text=True)


def test_next_is_a_local_path_only():
    assert safe_next("/applications/3") == "/applications/3"
    for bad in ("//evil.example/", "http://evil.example/", "https:evil", "/\\evil.example", "", None):
        assert safe_next(bad) == "/"


def test_the_api_answers_exactly_the_cli_json(client, web, world, tmp_path):
    signed_in(client, web)
    for path, command in (("/api/applications", "outcomes"), ("/api/followups", "followups")):
        got = client.get(path, headers=HOST)
        assert got.status_code == 200 and got.mimetype == "application/json"
        assert got.get_json() == cli_json(world, tmp_path, command)
    one = client.get("/api/applications?account=default", headers=HOST).get_json()
    assert one == cli_json(world, tmp_path, "outcomes", "--account", "default")
    bad = client.get("/api/applications?account=nope", headers=HOST)
    assert bad.status_code == 400 and "no such account" in bad.get_json()["error"]


def test_a_bad_form_value_is_one_clear_line_and_changes_nothing(client, web):
    signed_in(client, web)
    before = client.get("/api/applications", headers=HOST).get_json()
    for name, form in (("interview", {"app": "4", "at": "next tuesday", "minutes": "60"}),
                       ("edit", {"app": "1", "company": "  "}),
                       ("merge", {"app": "1", "other": "1"}),
                       ("followup-set", {"id": "1", "to": "not an address"}),
                       ("edit", {"app": "1", "company": "--status=offer"})):
        got = client.post(f"/actions/{name}", data={**form, "csrf": web.keys.csrf},
                          headers={**HOST, "Accept": "application/json"})
        answer = got.get_json()
        if form.get("company") == "--status=offer":  # a value that looks like an option stays a value
            assert answer["ok"], answer
            continue
        assert not answer["ok"] and "\n" not in answer["message"] and answer["message"], (name, answer)
    after = client.get("/api/applications", headers=HOST).get_json()
    assert [a for a in after if a["application_id"] != 1] == [a for a in before if a["application_id"] != 1]
    assert next(a for a in after if a["application_id"] == 1)["status"] == "rejected"
    assert client.post("/actions/nope", data={"csrf": web.keys.csrf}, headers=HOST).status_code == 404
