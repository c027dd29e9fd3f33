"""Moderation use cases: state, public log entry, audit entry, the author told with the reason,
flags closed. Nothing is ever deleted."""

import pytest
from sqlalchemy import func, select

from app.contributions.models import Comment, Contribution, ContributionRevision, Flag
from app.core.audit import AuditEntry
from app.core.urls import absolute_link
from app.extensions import db
from app.moderation import services as moderation
from app.moderation.models import ModerationDecision, ReasonTemplate
from app.notifications.models import Notification
from app.notifications.services import message_for, target_url


@pytest.fixture(autouse=True)
def request_context(app):
    yield


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _decisions():
    return db.session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)).all()


def _notifications(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def test_approve_publishes_a_pending_contribution(make_contribution, moderator):
    contribution = make_contribution(status="pending", title="Sprachcafé")
    moderation.approve_contribution(contribution, actor=moderator)
    db.session.commit()

    assert contribution.status == "published"
    [decision] = _decisions()
    assert (decision.action, decision.contribution_id, decision.moderator_id) == (
        "approved", contribution.id, moderator.id)
    [entry] = _audit("contribution.approved")
    assert entry.actor_id == moderator.id and entry.object_id == contribution.id
    assert entry.before == {"status": "pending"} and entry.after == {"status": "published"}
    [note] = _notifications(contribution.author)
    assert note.kind == "moderation" and note.params["variant"] == "approved"
    assert target_url(note) == absolute_link(f"/contributions/{contribution.id}")
    assert "Sprachcafé" in message_for(note)


def test_approve_refuses_what_does_not_wait(make_contribution, moderator):
    contribution = make_contribution(status="published")
    with pytest.raises(moderation.ModerationError):
        moderation.approve_contribution(contribution, actor=moderator)


def test_hide_contribution_keeps_it_and_actions_its_flags(make_contribution, make_flag,
                                                          make_comment, moderator):
    contribution = make_contribution(title="Laute Idee", body="Der Text bleibt gespeichert.")
    flags = [make_flag(contribution=contribution) for _ in range(2)]
    comment_flag = make_flag(comment=make_comment(contribution=contribution))

    moderation.hide_contribution(contribution, "  Persönlicher Angriff.  ", actor=moderator)
    db.session.commit()

    assert contribution.status == "hidden" and contribution.hidden_at is not None
    assert contribution.hidden_reason == "Persönlicher Angriff."
    assert contribution.body == "Der Text bleibt gespeichert."
    for flag in flags:
        db.session.refresh(flag)
        assert (flag.status, flag.decided_by_id) == (Flag.ACTIONED, moderator.id)
        assert flag.decided_at is not None
    db.session.refresh(comment_flag)
    assert comment_flag.status == Flag.OPEN  # a flag of a comment is about the comment
    [decision] = _decisions()
    assert (decision.action, decision.reason) == ("hidden", "Persönlicher Angriff.")
    [entry] = _audit("contribution.hidden")
    assert entry.before == {"status": "published"}
    assert entry.after["status"] == "hidden" and entry.after["flags_actioned"] == 2
    [note] = _notifications(contribution.author)
    assert note.params["variant"] == "hidden"
    assert note.params["reason"] == "Persönlicher Angriff."
    assert "Grund: Persönlicher Angriff." in message_for(note)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_hiding_needs_a_reason(make_contribution, make_comment, moderator, reason):
    contribution = make_contribution()
    comment = make_comment(contribution=contribution)
    with pytest.raises(moderation.ModerationError, match="Grund"):
        moderation.hide_contribution(contribution, reason, actor=moderator)
    with pytest.raises(moderation.ModerationError, match="Grund"):
        moderation.hide_comment(comment, reason, actor=moderator)
    assert contribution.status == "published" and comment.status == "published"
    assert not _decisions()


def test_an_overlong_reason_is_refused(make_contribution, moderator):
    with pytest.raises(moderation.ModerationError, match="höchstens"):
        moderation.hide_contribution(make_contribution(), "x" * (moderation.MAX_REASON + 1),
                                     actor=moderator)


def test_hiding_twice_is_refused(make_contribution, moderator):
    contribution = make_contribution()
    moderation.hide_contribution(contribution, "Spam", actor=moderator)
    with pytest.raises(moderation.ModerationError):
        moderation.hide_contribution(contribution, "Spam", actor=moderator)


def test_restore_contribution_clears_the_hiding_but_the_log_keeps_it(make_contribution,
                                                                      moderator):
    contribution = make_contribution(title="Zweite Chance")
    moderation.hide_contribution(contribution, "Nicht zum Thema", actor=moderator)
    moderation.restore_contribution(contribution, actor=moderator)
    db.session.commit()

    assert contribution.status == "published"
    assert contribution.hidden_reason is None and contribution.hidden_at is None
    assert [d.action for d in _decisions()] == ["hidden", "restored"]
    assert _decisions()[0].reason == "Nicht zum Thema"
    [entry] = _audit("contribution.restored")
    assert entry.before == {"status": "hidden", "hidden_reason": "Nicht zum Thema"}
    assert entry.after == {"status": "published"}
    variants = [n.params["variant"] for n in _notifications(contribution.author)]
    assert variants == ["hidden", "restored"]
    with pytest.raises(moderation.ModerationError):
        moderation.restore_contribution(contribution, actor=moderator)


def test_a_withdrawn_contribution_stays_withdrawn_when_restored(make_contribution, moderator):
    contribution = make_contribution(status="withdrawn")
    moderation.hide_contribution(contribution, "Personenbezogene Daten", actor=moderator)
    moderation.restore_contribution(contribution, actor=moderator)
    assert contribution.status == "withdrawn"


def test_hiding_a_pending_contribution_and_restoring_it_publishes_it(make_contribution,
                                                                     moderator):
    contribution = make_contribution(status="pending")
    moderation.hide_contribution(contribution, "Werbung", actor=moderator)
    assert contribution.status == "hidden"
    moderation.restore_contribution(contribution, actor=moderator)
    assert contribution.status == "published"


def test_hide_and_restore_comment(make_comment, make_flag, make_contribution, moderator):
    contribution = make_contribution(title="Mehr Kurse")
    comment = make_comment(contribution=contribution, body="Ein unfreundlicher Satz.")
    flag = make_flag(comment=comment)
    other_flag = make_flag(contribution=contribution)

    moderation.hide_comment(comment, "Persönlicher Angriff", actor=moderator)
    db.session.commit()
    assert comment.status == "hidden" and comment.hidden_reason == "Persönlicher Angriff"
    assert comment.body == "Ein unfreundlicher Satz."
    db.session.refresh(flag)
    db.session.refresh(other_flag)
    assert flag.status == Flag.ACTIONED and other_flag.status == Flag.OPEN
    [decision] = _decisions()
    assert (decision.action, decision.contribution_id, decision.comment_id) == (
        "hidden", contribution.id, comment.id)
    [entry] = _audit("comment.hidden")
    assert entry.object_id == comment.id and entry.before == {"status": "published"}
    [note] = _notifications(comment.author)
    assert note.params["variant"] == "comment_hidden"
    assert target_url(note) == absolute_link(
        f"/contributions/{contribution.id}#comment-{comment.id}")
    assert "„Mehr Kurse“" in message_for(note) and "Persönlicher Angriff" in message_for(note)
    assert not _notifications(contribution.author)

    moderation.restore_comment(comment, actor=moderator)
    db.session.commit()
    assert comment.status == "published" and comment.hidden_reason is None
    assert comment.hidden_at is None
    assert [d.action for d in _decisions()] == ["hidden", "restored"]
    assert _audit("comment.restored")[0].after == {"status": "published"}
    assert _notifications(comment.author)[-1].params["variant"] == "comment_restored"


def test_edit_with_note_keeps_a_revision(make_contribution, moderator):
    contribution = make_contribution(title="Alter Titel", body="Alter Text mit 0171 1234567.")
    moderation.edit_contribution_with_note(
        contribution, title="Neuer Titel", body="Alter Text mit [Telefonnummer entfernt].",
        note="Telefonnummer entfernt", actor=moderator, lock_version=contribution.lock_version)
    db.session.commit()

    assert contribution.title == "Neuer Titel"
    assert "Telefonnummer entfernt" in contribution.body_html
    [revision] = db.session.scalars(select(ContributionRevision)).all()
    assert (revision.title, revision.body) == ("Alter Titel", "Alter Text mit 0171 1234567.")
    assert (revision.note, revision.edited_by_id) == ("Telefonnummer entfernt", moderator.id)
    [decision] = _decisions()
    assert (decision.action, decision.reason) == ("edited", "Telefonnummer entfernt")
    [entry] = _audit("contribution.edited")
    assert entry.actor_id == moderator.id
    assert entry.before["title"] == "Alter Titel" and entry.after["title"] == "Neuer Titel"
    [note] = _notifications(contribution.author)
    assert note.params["variant"] == "edited"
    assert note.params["reason"] == "Telefonnummer entfernt"


def test_edit_needs_a_note_and_a_change(make_contribution, moderator):
    contribution = make_contribution(title="T", body="B")
    with pytest.raises(moderation.ModerationError, match="Grund"):
        moderation.edit_contribution_with_note(contribution, title="T2", body="B", note=" ",
                                               actor=moderator)
    with pytest.raises(moderation.ModerationError, match="nichts|weder"):
        moderation.edit_contribution_with_note(contribution, title="T", body="B",
                                               note="Hinweis", actor=moderator)
    assert not _decisions()


def test_edit_with_an_old_lock_version_is_refused(make_contribution, moderator):
    contribution = make_contribution()
    old = contribution.lock_version
    moderation.edit_contribution_with_note(contribution, title="Erst", body="Eins",
                                           note="Erste Änderung", actor=moderator,
                                           lock_version=old)
    db.session.commit()
    with pytest.raises(moderation.StaleEdit):
        moderation.edit_contribution_with_note(contribution, title="Dann", body="Zwei",
                                               note="Zweite Änderung", actor=moderator,
                                               lock_version=old)
    assert contribution.title == "Erst"


def test_dismiss_flag(make_contribution, make_flag, moderator):
    contribution = make_contribution()
    flag = make_flag(contribution=contribution)
    moderation.dismiss_flag(flag, actor=moderator)
    db.session.commit()
    assert (flag.status, flag.decided_by_id) == (Flag.DISMISSED, moderator.id)
    assert flag.decided_at is not None
    assert contribution.status == "published"
    [entry] = _audit("flag.dismissed")
    assert entry.before == {"status": "open"} and entry.after == {"status": "dismissed"}
    assert not _notifications(contribution.author)
    with pytest.raises(moderation.ModerationError):
        moderation.dismiss_flag(flag, actor=moderator)


def test_nothing_is_ever_deleted(make_contribution, make_comment, make_flag, moderator):
    contribution = make_contribution()
    comment = make_comment(contribution=contribution)
    make_flag(contribution=contribution)
    moderation.hide_comment(comment, "Spam", actor=moderator)
    moderation.hide_contribution(contribution, "Spam", actor=moderator)
    moderation.restore_comment(comment, actor=moderator)
    moderation.restore_contribution(contribution, actor=moderator)
    db.session.commit()
    for model in (Contribution, Comment, Flag):
        assert db.session.scalar(select(func.count()).select_from(model)) == 1


def test_the_author_without_account_is_not_notified(make_contribution, moderator):
    contribution = make_contribution(author=None)
    contribution.author = None
    db.session.commit()
    moderation.hide_contribution(contribution, "Spam", actor=moderator)
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert len(_decisions()) == 1


# --- reason templates -------------------------------------------------------------------------

def test_default_reasons_are_added_once(moderator):
    assert moderation.ensure_default_reasons() == len(moderation.DEFAULT_REASONS)
    titles = [r.title for r in moderation.reason_templates()]
    assert titles[:1] == ["Persönlicher Angriff"]
    assert {"Personenbezogene Daten", "Werbung oder Spam", "Nicht zum Thema"} <= set(titles)
    assert moderation.ensure_default_reasons() == 0
    assert len(moderation.reason_templates()) == len(moderation.DEFAULT_REASONS)


def test_default_reasons_stay_away_when_staff_deactivated_them(moderator):
    moderation.ensure_default_reasons()
    for reason in moderation.reason_templates():
        moderation.set_reason_active(reason, False, actor=moderator)
    assert moderation.ensure_default_reasons() == 0
    assert moderation.reason_templates(active_only=True) == []


def test_reason_templates_crud_and_order(moderator):
    first = moderation.save_reason(None, title="Eins", text="Erster Grund.", actor=moderator)
    second = moderation.save_reason(None, title="Zwei", text="Zweiter Grund.", actor=moderator)
    assert [r.title for r in moderation.reason_templates()] == ["Eins", "Zwei"]
    moderation.move_reason(second, "up", actor=moderator)
    assert [r.title for r in moderation.reason_templates()] == ["Zwei", "Eins"]
    moderation.save_reason(first, title="Eins!", text="Geändert.", actor=moderator)
    moderation.set_reason_active(second, False, actor=moderator)
    assert [r.title for r in moderation.reason_templates(active_only=True)] == ["Eins!"]
    assert db.session.scalar(select(func.count(ReasonTemplate.id))) == 2
    actions = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"moderation_reason.created", "moderation_reason.updated",
            "moderation_reason.moved", "moderation_reason.deactivated"} <= actions
    with pytest.raises(moderation.ModerationError):
        moderation.save_reason(None, title=" ", text="x", actor=moderator)


def test_a_written_reason_wins_over_a_template(moderator):
    template = moderation.save_reason(None, title="Spam", text="Werbung oder Spam.",
                                      actor=moderator)
    assert moderation.reason_from_choice(template.id, "") == "Werbung oder Spam."
    assert moderation.reason_from_choice(template.id, " Eigener Grund ") == "Eigener Grund"
    assert moderation.reason_from_choice("", "") == ""
    assert moderation.reason_from_choice("999", "") == ""
    moderation.set_reason_active(template, False, actor=moderator)
    assert moderation.reason_from_choice(template.id, "") == ""
