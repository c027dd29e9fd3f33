"""/rounds/<id>: what a round is about, who may take part, why someone may not contribute,
and its contributions."""

from datetime import UTC, datetime

from app.core.sanitize import render_markdown
from app.extensions import db


def _page(client, round_) -> str:
    response = client.get(f"/rounds/{round_.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_round_page_shows_what_the_round_is_about(client, make_round):
    round_ = make_round(title="Online-Beteiligung 2026", publish_immediately=False,
                        kinds=("goal", "best_practice"))
    round_.description = "Wir fragen:\n\n- Was **fehlt**?\n- <script>alert(1)</script>"
    round_.description_html = render_markdown(round_.description)
    round_.opens_at = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    round_.closes_at = datetime(2031, 7, 1, 21, 59, tzinfo=UTC)
    db.session.commit()
    html = _page(client, round_)
    assert "<h1" in html and "Online-Beteiligung 2026</h1>" in html
    assert "<li>Was <strong>fehlt</strong>?</li>" in html
    assert "<script>alert" not in html
    assert '<span class="badge badge--open">offen</span>' in html
    # Times in the Europe/Berlin time zone: 08:00 UTC in winter is 09:00, 21:59 in summer 23:59.
    assert "vom 01.01.2026, 09:00 Uhr bis 01.07.2031, 23:59 Uhr" in html
    assert "Alle registrierten Personen" in html
    assert "Zielvorschlag" in html and "Best-Practice-Beispiel" in html
    assert "Maßnahmenvorschlag</li>" not in html
    assert "erscheinen nach Freigabe durch die Moderation" in html
    for slug in ("sprache", "arbeit", "antidiskriminierung"):
        assert f'href="/topics/{slug}"' in html


def test_invited_round_names_its_networks_and_organisations(client, login, invited):
    login(invited.direct)
    html = _page(client, invited.round)
    assert "Nur eingeladene Netzwerke und Organisationen" in html
    assert "Netzwerk Sprache" in html and "Kulturverein Konstanz" in html
    assert "Netzwerkrunde" in html


def test_confirmed_participant_gets_the_contribute_button(client, login, make_user, make_round):
    round_ = make_round()
    login(make_user())
    html = _page(client, round_)
    assert f'href="/rounds/{round_.id}/contribute"' in html and "Beitrag schreiben" in html


def test_anonymous_visitors_are_asked_to_log_in(client, make_round):
    round_ = make_round()
    html = _page(client, round_)
    assert "/contribute" not in html
    assert f'href="/auth/login?next=/rounds/{round_.id}"' in html
    assert "melden Sie sich bitte an" in html


def test_unconfirmed_address_is_asked_to_confirm(client, login, make_user, make_round):
    round_ = make_round()
    login(make_user(confirmed=False))
    html = _page(client, round_)
    assert "/contribute" not in html
    assert "bestätigen Sie bitte Ihre E-Mail-Adresse" in html


def test_upcoming_round_says_when_it_opens(client, login, make_user, make_round):
    round_ = make_round(phase="upcoming")
    round_.opens_at = datetime(2031, 5, 4, 7, 30, tzinfo=UTC)
    db.session.commit()
    login(make_user())
    html = _page(client, round_)
    assert "/contribute" not in html
    assert "Diese Runde öffnet am 04.05.2031, 09:30 Uhr" in html


def test_closed_round_says_since_when(client, login, make_user, make_round):
    round_ = make_round(phase="closed")
    round_.closes_at = datetime(2025, 12, 31, 22, 59, tzinfo=UTC)
    db.session.commit()
    login(make_user())
    html = _page(client, round_)
    assert "/contribute" not in html
    assert "Diese Runde ist seit 31.12.2025, 23:59 Uhr abgeschlossen" in html


def test_staff_outside_the_audience_read_but_are_told_why_not(client, login, make_user,
                                                               invited):
    login(make_user(roles={"moderator"}))
    html = _page(client, invited.round)
    assert "/contribute" not in html
    assert "nur eingeladene Netzwerke und Organisationen teil" in html
    assert f'href="/rounds/{invited.round.id}/edit"' in html


def test_invited_member_may_contribute(client, login, invited):
    login(invited.via_network_org)
    assert "Beitrag schreiben" in _page(client, invited.round)


def test_edit_link_only_for_staff(client, login, make_user, make_round):
    round_ = make_round()
    login(make_user())
    assert f"/rounds/{round_.id}/edit" not in _page(client, round_)


def test_round_lists_its_contributions_with_filters(client, make_round, make_contribution):
    round_ = make_round()
    other = make_round()
    make_contribution(round=round_, title="Sprachkurse am Abend", kind="measure")
    make_contribution(round=round_, title="Mehr Patenschaften", kind="goal")
    make_contribution(round=round_, title="Noch nicht freigegeben", status="pending")
    make_contribution(round=other, title="Aus einer anderen Runde")
    html = _page(client, round_)
    assert "Sprachkurse am Abend" in html and "Mehr Patenschaften" in html
    assert "Noch nicht freigegeben" not in html
    assert "Aus einer anderen Runde" not in html
    html = client.get(f"/rounds/{round_.id}?kind=goal").get_data(as_text=True)
    assert "Mehr Patenschaften" in html and "Sprachkurse am Abend" not in html


def test_round_page_queries_do_not_grow_with_the_audience(app, client, login, invited,
                                                          make_user, make_organisation,
                                                          make_network, make_contribution):
    from tests.query_counter import count_queries

    login(invited.direct)

    def grow(n: int) -> None:
        networks, organisations = [], []
        for _ in range(n):
            people = [make_user(), make_user()]
            organisation = make_organisation(members=[make_user()])
            networks.append(make_network(name=f"Netz {people[0].id}", users=people,
                                         organisations=[organisation]))
            organisations.append(make_organisation(members=[make_user()]))
            make_contribution(round=invited.round)
        invited.round.networks = [*invited.round.networks, *networks]
        invited.round.organisations = [*invited.round.organisations, *organisations]
        db.session.commit()

    url = f"/rounds/{invited.round.id}"
    grow(2)
    with count_queries(app) as few:
        assert client.get(url).status_code == 200
    grow(18)
    with count_queries(app) as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count('<li><span lang="de" dir="ltr">Netz ') == 20
    assert len(many) == len(few), f"{len(few)} queries, then {len(many)}"
    print(f"/rounds/<id> (invited member): {len(few)} queries")
