"""Organisations: create, join, decide, verify, representatives."""

import pytest
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import Membership
from app.core.audit import AuditEntry
from app.core.outbox import OutboxMessage
from app.extensions import db


def test_create_makes_creator_representative_and_tells_staff(make_user):
    moderator = make_user(roles={"moderator"})
    creator = make_user()
    organisation = services.create_organisation(creator=creator, name="Neuer Verein",
                                                kind="volunteer_initiative",
                                                description="**Wir** helfen.")
    db.session.commit()
    assert not organisation.is_verified
    assert organisation.representatives == [creator]
    assert "<strong>Wir</strong>" in organisation.description_html
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in mails] == [moderator.email]


def test_duplicate_name_refused(make_user, make_organisation):
    make_organisation(name="Brücke e. V.")
    with pytest.raises(services.AccountError):
        services.create_organisation(creator=make_user(), name="brücke e. v.", kind="partner")


def test_join_request_and_decision(make_user, make_organisation):
    representative = make_user()
    organisation = make_organisation(representatives=[representative])
    joiner = make_user()
    membership = services.request_membership(joiner, organisation, "Ich bin Kassiererin.")
    db.session.commit()
    assert membership.status == Membership.REQUESTED
    assert db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.kind == "membership_requested")
    ).recipient == representative.email
    with pytest.raises(services.AccountError):
        services.request_membership(joiner, organisation)
    services.decide_membership(membership, True, actor=representative)
    assert membership.is_active
    with pytest.raises(services.AccountError):
        services.decide_membership(membership, False, actor=representative)
    assert db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.kind == "membership_decided")
    ).recipient == joiner.email


def test_declined_member_may_ask_again(make_user, make_organisation):
    organisation = make_organisation()
    joiner = make_user()
    membership = services.request_membership(joiner, organisation)
    services.decide_membership(membership, False, actor=make_user(roles={"moderator"}))
    again = services.request_membership(joiner, organisation)
    assert again.id == membership.id and again.status == Membership.REQUESTED


def test_verify_and_representative_are_audited(make_user, make_organisation):
    moderator = make_user(roles={"moderator"})
    member = make_user()
    organisation = make_organisation(members=[member])
    services.verify_organisation(organisation, True, actor=moderator)
    membership = member.memberships[0]
    services.set_representative(membership, True, actor=moderator)
    db.session.commit()
    assert organisation.is_verified and organisation.verified_by_id == moderator.id
    assert organisation.representatives == [member]
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"organisation.verified", "membership.representative_set"} <= actions


def test_only_active_members_can_represent(make_user, make_organisation):
    organisation = make_organisation()
    membership = services.request_membership(make_user(), organisation)
    with pytest.raises(services.AccountError):
        services.set_representative(membership, True, actor=make_user(roles={"admin"}))


def test_update_organisation_records_changes(make_user, make_organisation):
    admin = make_user(roles={"admin"})
    organisation = make_organisation(name="Alt")
    services.update_organisation(organisation, {"name": "Neu", "kind": organisation.kind,
                                                "description": "", "place": "Singen",
                                                "website": ""}, actor=admin)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.updated"))
    assert entry.before == {"name": "Alt", "place": ""}
    assert entry.after == {"name": "Neu", "place": "Singen"}
