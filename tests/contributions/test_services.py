"""Use cases of contributions: the rules, revisions, notifications and audit entries."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.contributions import services
from app.contributions.models import Comment, Contribution, ContributionRevision, Flag, Support
from app.core.audit import AuditEntry
from app.core.time import utcnow
from app.core.urls import absolute_link
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import target_url
from app.rounds.models import Network


def contribute(round_, author, **values):
    values = {"kind": round_.accepted_kinds[0], "topic": round_.topics[0],
              "title": "Mehr Sprachkurse", "body": "Abends, bitte.", **values}
    contribution, created = services.create_contribution(round_, author=author, **values)
    db.session.commit()
    return contribution, created


def notifications_of(user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query.order_by(Notification.id)).all()


def audit_actions(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


# --- contribute -------------------------------------------------------------------------------

def test_contribution_is_published_at_once_or_waits(app, make_round, participant):
    published, _ = contribute(make_round(publish_immediately=True), participant)
    pending, _ = contribute(make_round(publish_immediately=False), participant)
    assert published.status == "published" and pending.status == "pending"
    assert published.reference == f"B-{published.id:04d}"
    assert published.outcome == "pending" and published.source == "online"
    entry = audit_actions("contribution.created")
    assert {e.object_id for e in entry} == {published.id, pending.id}


@pytest.mark.parametrize("phase", ["upcoming", "closed"])
def test_only_open_rounds_take_contributions(app, make_round, participant, phase):
    with pytest.raises(services.ContributionError):
        contribute(make_round(phase=phase), participant)
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_unconfirmed_address_cannot_contribute(app, open_round, make_user):
    with pytest.raises(services.ContributionError):
        contribute(open_round, make_user(confirmed=False))


def test_invited_round_only_for_its_audience(app, make_round, make_user, make_organisation):
    round_ = make_round(audience="invited")
    outsider, network_member, org_member = make_user(), make_user(), make_user()
    organisation = make_organisation(members=[org_member])
    network = Network(name="Netzwerk Sprache", users=[network_member])
    db.session.add(network)
    round_.networks = [network]
    round_.organisations = [organisation]
    db.session.commit()
    with pytest.raises(services.ContributionError):
        contribute(round_, outsider)
    assert contribute(round_, network_member)[1]
    assert contribute(round_, org_member, title="Anderer Titel")[1]


def test_kind_and_topic_must_belong_to_the_round(app, make_round, make_concept, participant):
    round_ = make_round(kinds=("goal",))
    with pytest.raises(services.ContributionError):
        contribute(round_, participant, kind="measure")
    with pytest.raises(services.ContributionError):
        contribute(round_, participant, kind="nonsense")
    foreign = make_concept().topics[0]
    with pytest.raises(services.ContributionError):
        contribute(round_, participant, topic=foreign)


@pytest.mark.parametrize("title, body", [("", "Text"), ("Titel", ""), ("   ", "Text"),
                                         ("Titel", " \n\t "), ("x" * 201, "Text"),
                                         ("Titel", "x" * 5001)])
def test_empty_whitespace_and_overlong_text_refused(app, open_round, participant, title, body):
    with pytest.raises(services.ContributionError):
        contribute(open_round, participant, title=title, body=body)


def test_length_is_counted_after_trimming(app, open_round, participant):
    contribution, _ = contribute(open_round, participant, title="  Titel  ",
                                 body="\n  " + "x" * 5000 + "  \n")
    assert contribution.title == "Titel" and len(contribution.body) == 5000


def test_markup_is_sanitised_and_user_text_kept_intact(app, open_round, participant):
    body = ("<script>alert('x')</script> Hallo <b onclick=\"evil()\">fett</b>\n\n"
            "![Bild](https://tracker.example.com/pixel.png)\n\n"
            "[Mehr dazu](https://example.com/info) مرحبا بكم 👋🏽 e\u0301")
    contribution, _ = contribute(open_round, participant, body=body, title="مرحبا 👋🏽",
                                 language="ar")
    html = contribution.body_html
    assert "<script" not in html and "onclick" not in html and "<img" not in html
    assert "tracker.example.com" not in html
    assert 'href="https://example.com/info"' in html and "nofollow" in html
    assert "مرحبا بكم 👋🏽 e\u0301" in html
    assert contribution.body == body.strip() and contribution.title == "مرحبا 👋🏽"
    assert contribution.language == "ar"


def test_double_submit_is_stored_once(app, open_round, participant):
    first, created = contribute(open_round, participant)
    again, created_again = contribute(open_round, participant)
    assert created and not created_again and again.id == first.id
    first.created_at = utcnow() - timedelta(minutes=3)
    db.session.commit()
    later, created_later = contribute(open_round, participant)
    assert created_later and later.id != first.id
    assert db.session.scalar(select(func.count(Contribution.id))) == 2


def test_themes_are_a_second_axis(app, open_round, participant):
    theme = next(t for t in open_round.topics if t.kind == "crosscutting")
    field = next(t for t in open_round.topics if t.kind == "field")
    contribution, _ = contribute(open_round, participant, topic=field, themes=[theme, field])
    assert contribution.themes == [theme]


def test_on_behalf_only_for_representatives_of_verified_organisations(
        app, open_round, participant, make_organisation):
    verified = make_organisation(verified=True, representatives=[participant])
    unverified = make_organisation(verified=False, representatives=[participant])
    only_member = make_organisation(verified=True, members=[participant])
    assert services.on_behalf_organisations(participant) == [verified]
    contribution, _ = contribute(open_round, participant, organisation=verified)
    assert contribution.organisation == verified
    for organisation in (unverified, only_member):
        with pytest.raises(services.ContributionError):
            contribute(open_round, participant, organisation=organisation, title="Neu")


# --- edit, revisions, withdraw ----------------------------------------------------------------

def test_edit_keeps_a_revision_and_tells_supporters(app, make_contribution, participant, other,
                                                     make_user):
    contribution = make_contribution(author=participant, title="Alt", body="Alter Text")
    bystander = make_user()
    db.session.add_all([Support(contribution_id=contribution.id, user_id=other.id),
                        Support(contribution_id=contribution.id, user_id=bystander.id)])
    db.session.commit()
    assert services.edit_contribution(contribution, editor=participant, title="Neu",
                                      body="Neuer *Text*", lock_version=1)
    db.session.commit()
    revision = db.session.scalar(select(ContributionRevision))
    assert (revision.title, revision.body, revision.edited_by_id) == ("Alt", "Alter Text",
                                                                     participant.id)
    assert revision.body_html == "<p>Alter Text</p>"
    assert contribution.body_html == "<p>Neuer <em>Text</em></p>"
    assert contribution.lock_version == 2
    for supporter in (other, bystander):
        [note] = notifications_of(supporter, "supported_changed")
        assert target_url(note) == absolute_link(f"/contributions/{contribution.id}")
        assert note.params["title"] == "Neu"
    assert notifications_of(participant) == []
    [entry] = audit_actions("contribution.edited")
    assert entry.before["title"] == "Alt" and entry.after["title"] == "Neu"


def test_unchanged_edit_stores_nothing(app, make_contribution, participant):
    contribution = make_contribution(author=participant, title="T", body="B")
    assert not services.edit_contribution(contribution, editor=participant, title=" T ",
                                          body="B")
    assert db.session.scalar(select(func.count(ContributionRevision.id))) == 0


def test_stale_lock_version_is_refused(app, make_contribution, participant):
    contribution = make_contribution(author=participant)
    with pytest.raises(services.StaleContribution):
        services.edit_contribution(contribution, editor=participant, title="Neu", body="Neu",
                                   lock_version=7)


def test_staff_edit_needs_a_note_and_tells_the_author(app, make_contribution, participant,
                                                      moderator, make_round):
    contribution = make_contribution(round=make_round(phase="closed"), author=participant)
    with pytest.raises(services.ContributionError):
        services.edit_contribution(contribution, editor=moderator, title="Neu", body="Neu")
    services.edit_contribution(contribution, editor=moderator, title="Neu", body="Neu",
                               note="Adresse entfernt")
    db.session.commit()
    [note] = notifications_of(participant, "moderation")
    assert note.params == {"variant": "edited", "title": "Neu", "reason": "Adresse entfernt"}
    assert db.session.scalar(select(ContributionRevision.note)) == "Adresse entfernt"


def test_author_cannot_edit_after_the_round_closed_nor_others_ever(
        app, make_contribution, make_round, participant, other):
    closed = make_contribution(round=make_round(phase="closed"), author=participant)
    open_ = make_contribution(author=participant)
    with pytest.raises(services.ContributionError):
        services.edit_contribution(closed, editor=participant, title="Neu", body="Neu")
    with pytest.raises(services.ContributionError):
        services.edit_contribution(open_, editor=other, title="Neu", body="Neu", note="x")


def test_withdraw_keeps_the_contribution(app, make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    with pytest.raises(services.ContributionError):
        services.withdraw_contribution(contribution, actor=other)
    services.withdraw_contribution(contribution, actor=participant)
    db.session.commit()
    assert contribution.status == "withdrawn"
    assert db.session.get(Contribution, contribution.id) is not None
    assert audit_actions("contribution.withdrawn")[0].object_id == contribution.id


# --- supports -----------------------------------------------------------------------------------

def test_support_toggles_once_per_person_and_not_for_own(app, make_contribution, participant,
                                                         other):
    contribution = make_contribution(author=participant)
    assert services.toggle_support(contribution, other) is True
    db.session.commit()
    assert services.support_count(contribution) == 1
    assert services.supports(contribution, other)
    assert services.toggle_support(contribution, other) is False
    db.session.commit()
    assert services.support_count(contribution) == 0
    with pytest.raises(services.ContributionError):
        services.toggle_support(contribution, participant)


def test_no_support_in_a_closed_round(app, make_contribution, make_round, other):
    contribution = make_contribution(round=make_round(phase="closed"))
    with pytest.raises(services.ContributionError):
        services.toggle_support(contribution, other)


def test_support_stays_once_the_round_closed(app, make_contribution, open_round, other):
    contribution = make_contribution(round=open_round)
    services.toggle_support(contribution, other)
    open_round.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(services.ContributionError):
        services.toggle_support(contribution, other)
    assert services.support_count(contribution) == 1


# --- comments -----------------------------------------------------------------------------------

def test_comment_and_replies_notify_authors_but_never_oneself(app, make_contribution,
                                                              participant, other, make_user):
    contribution = make_contribution(author=participant, title="Sprachcafé")
    third = make_user(display_name="Chris")
    top, _ = services.add_comment(contribution, author=other, body="Gute Idee!")
    own, _ = services.add_comment(contribution, author=participant, body="Danke",
                                  parent=top)
    deeper, _ = services.add_comment(contribution, author=third, body="Ich auch",
                                     parent=own)
    db.session.commit()
    assert deeper.parent_id == own.id and own.parent_id == top.id
    to_author = notifications_of(participant, "reply")
    # other's comment, then third's reply to participant's own comment (comment variant only)
    assert [n.params["variant"] for n in to_author] == ["contribution", "comment"]
    assert to_author[0].params["name"] == "Bernd"
    assert target_url(to_author[0]) == absolute_link(
        f"/contributions/{contribution.id}#comment-{top.id}")
    assert [n.params["variant"] for n in notifications_of(other, "reply")] == ["comment"]
    assert notifications_of(third) == []


def test_comment_rules(app, make_contribution, make_round, participant, other):
    contribution = make_contribution(author=participant)
    elsewhere = make_contribution(author=participant)
    with pytest.raises(services.ContributionError):
        services.add_comment(contribution, author=other, body="x" * 2001)
    with pytest.raises(services.ContributionError):
        services.add_comment(contribution, author=other, body="   ")
    foreign, _ = services.add_comment(elsewhere, author=other, body="Hallo")
    with pytest.raises(services.ContributionError):
        services.add_comment(contribution, author=other, body="Hi", parent=foreign)
    first, created = services.add_comment(contribution, author=other, body="Doppelt")
    second, created_again = services.add_comment(contribution, author=other, body="Doppelt")
    assert created and not created_again and first.id == second.id
    closed = make_contribution(round=make_round(phase="closed"))
    with pytest.raises(services.ContributionError):
        services.add_comment(closed, author=other, body="Zu spät")
    withdrawn = make_contribution(status="withdrawn")
    with pytest.raises(services.ContributionError):
        services.add_comment(withdrawn, author=other, body="Zu spät")


def test_comment_tree_nests_and_counts(app, make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    a, _ = services.add_comment(contribution, author=other, body="A")
    b, _ = services.add_comment(contribution, author=participant, body="B", parent=a)
    c, _ = services.add_comment(contribution, author=other, body="C", parent=b)
    d, _ = services.add_comment(contribution, author=other, body="D")
    db.session.commit()
    roots, count = services.comment_tree(contribution)
    assert count == 4
    assert [n.comment.id for n in roots] == [a.id, d.id]
    assert roots[0].children[0].comment.id == b.id
    assert roots[0].children[0].children[0].depth == 2


# --- flags ----------------------------------------------------------------------------------------

def test_one_open_flag_per_person_and_item(app, make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    comment, _ = services.add_comment(contribution, author=participant, body="Hm")
    flag, created = services.flag_content(reporter=other, reason="Beleidigend",
                                          contribution=contribution)
    again, created_again = services.flag_content(reporter=other, reason="Noch mal",
                                                 contribution=contribution)
    on_comment, created_comment = services.flag_content(reporter=other, reason="Spam",
                                                        comment=comment)
    with pytest.raises(services.ContributionError):
        services.flag_content(reporter=other, reason="  ", contribution=contribution)
    with pytest.raises(services.ContributionError):
        services.flag_content(reporter=other, reason="x" * 1001, comment=comment)
    db.session.commit()
    assert created and not created_again and again.id == flag.id and created_comment
    assert on_comment.comment_id == comment.id and on_comment.contribution_id is None
    assert db.session.scalar(select(func.count(Flag.id))) == 2
    assert len(audit_actions("content.flagged")) == 2
    flag.status = Flag.DISMISSED
    db.session.commit()
    _new, created_after_decision = services.flag_content(
        reporter=other, reason="Wieder", contribution=contribution)
    assert created_after_decision


def test_open_rounds_for_a_topic(app, make_round, make_concept):
    concept = make_concept()
    open_round = make_round(concept=concept)
    make_round(concept=concept, phase="closed")
    make_round(concept=concept, phase="upcoming")
    invited = make_round(concept=concept, audience="invited")
    topic = concept.topics[0]
    assert services.open_rounds_for(topic) == [open_round]
    assert invited.is_open


def test_comments_stay_when_hidden(app, make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    comment, _ = services.add_comment(contribution, author=other, body="Weg damit")
    comment.status, comment.hidden_reason = "hidden", "Beleidigung"
    db.session.commit()
    with pytest.raises(services.ContributionError):
        services.add_comment(contribution, author=participant, body="Re", parent=comment)
    assert db.session.get(Comment, comment.id).body == "Weg damit"


def test_staff_editing_own_contribution_after_the_round_gives_a_note(
        app, make_contribution, make_round, moderator):
    contribution = make_contribution(round=make_round(phase="closed"), author=moderator)
    with pytest.raises(services.ContributionError):
        services.edit_contribution(contribution, editor=moderator, title="Neu", body="Neu")
    assert services.edit_contribution(contribution, editor=moderator, title="Neu",
                                      body="Neu", note="Tippfehler")
