def test_healthz_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_workspace_home_for_member(as_user, workspace, reader):
    response = as_user(reader).get(f"/w/{workspace.slug}/")
    assert response.status_code == 200
    assert b"Test programme" in response.content
