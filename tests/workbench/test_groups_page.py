"""The page of proposed groups: large groups shown compactly, a page of groups at a time."""

import re

from app.similarity import services as similarity
from app.workbench import services as workbench
from app.workbench import views


def proposing(monkeypatch, sizes: list[tuple[int, int]], level: str = "very_sure"):
    """Let the clustering propose groups of the unprocessed contributions in id order:
    (members, possible members) per group."""
    def clusters(rows):
        rows, groups = list(rows), []
        for members, possible in sizes:
            taken, rows = rows[:members + possible], rows[members + possible:]
            groups.append(similarity.ContributionGroup(taken[:members], taken[members:], 0.4,
                                                       level))
        return groups

    monkeypatch.setattr(similarity, "clusters", clusters)


def ticked(page: str) -> set[str]:
    return set(re.findall(r'value="(\d+)" id="g\d+-\d+" checked', page))


def test_a_large_group_shows_its_first_cards_in_full_and_the_rest_by_title(
        client, login, moderator, topic, contribute, monkeypatch):
    cards = [contribute(title=f"Karte {n}", body=f"Text der Karte {n}") for n in range(16)]
    proposing(monkeypatch, [(13, 3)])
    monkeypatch.setattr(workbench, "GROUP_ROWS_IN_FULL", 10)
    login(moderator)
    page = client.get(f"/workbench/{topic.slug}/groups").get_data(as_text=True)

    # All 13 members are selected, so "Gruppe bestätigen" takes the whole group in one step.
    assert ticked(page) == {str(c.id) for c in cards[:13]}
    assert "Gruppe 1" in page and "13 Beiträge" in page
    # The first ten with their text, the other three by reference and title only.
    for card in cards[:10]:
        assert f"Text der Karte {card.title.split()[-1]}<" in page
    for card in cards[10:13]:
        assert card.reference in page and card.title in page
        assert card.body not in page
    assert "3 weitere Beiträge der Gruppe, ausgewählt (nur mit Titel)" in page
    # The possible members are offered, none selected.
    for card in cards[13:]:
        assert f'value="{card.id}" id="g1-{card.id}"' in page


def test_groups_come_a_page_at_a_time(client, login, moderator, topic, contribute,
                                      monkeypatch):
    cards = [contribute(title=f"Karte {n}") for n in range(10)]
    proposing(monkeypatch, [(2, 0)] * 5)
    monkeypatch.setattr(views, "GROUPS_PER_PAGE", 2)
    login(moderator)
    first = client.get(f"/workbench/{topic.slug}/groups").get_data(as_text=True)
    assert ticked(first) == {str(c.id) for c in cards[:4]}
    assert "Seite 1 von 3 (5 Einträge)" in first

    last = client.get(f"/workbench/{topic.slug}/groups?page=3").get_data(as_text=True)
    assert ticked(last) == {str(c.id) for c in cards[8:]}
    assert "Gruppe 5" in last and "Gruppe 1<" not in last
    # After a group on the last page was confirmed, a page beyond it shows the last one.
    beyond = client.get(f"/workbench/{topic.slug}/groups?page=7").get_data(as_text=True)
    assert ticked(beyond) == ticked(last)


def test_a_confirmed_group_leaves_the_proposals(client, login, moderator, topic, contribute):
    """The groups kept from the first visit are not shown again once cards are decided."""
    similarity.forget_groups()
    same = [contribute(title="Deutschkurs am Abend", body=f"Deutschkurs am Abend {n}")
            for n in ("bitte", "für Berufstätige", "nach der Arbeit")]
    for text in ("Mehr Wohnungen für Familien", "Der Sportverein sucht Trainerinnen",
                 "Busse fahren abends zu selten"):
        contribute(title=text, body=text)
    login(moderator)
    page = client.get(f"/workbench/{topic.slug}/groups").get_data(as_text=True)
    assert {str(c.id) for c in same} <= ticked(page)
    response = client.post(f"/workbench/{topic.slug}/act", data={
        "new_kind": "sub_goal", "outcome": "not_taken_up", "action": "confirm_group",
        "next": f"/workbench/{topic.slug}/groups", "c": [str(c.id) for c in same]})
    assert response.status_code == 302
    page = client.get(f"/workbench/{topic.slug}/groups").get_data(as_text=True)
    assert not {str(c.id) for c in same} & set(re.findall(r'value="(\d+)" id="g', page))
