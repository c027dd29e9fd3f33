def test_home_without_concept(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Willkommen" in response.get_data(as_text=True)


def test_home_with_concept(client, make_concept):
    make_concept()
    response = client.get("/")
    assert "Integrationskonzept" in response.get_data(as_text=True)
