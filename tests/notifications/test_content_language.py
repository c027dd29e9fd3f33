"""Notifications, mails and outcome texts name staff-written content (a round's title, a
reason template's text) in the reader's language where staff translated it."""

from flask_babel import force_locale
from sqlalchemy import select

from app.core import translations
from app.core.outbox import OutboxMessage
from app.extensions import db
from app.moderation import services as moderation
from app.moderation.models import ReasonTemplate
from app.notifications.models import Notification
from app.notifications.services import message_for, notify

REASON = "Der Inhalt gehört nicht zum Thema dieser Beteiligungsrunde."


def _template(text=REASON) -> ReasonTemplate:
    template = ReasonTemplate(title="Nicht zum Thema", text=text, purpose="hide")
    db.session.add(template)
    db.session.flush()
    translations.apply(template, {("text", "en"): "This is not about the round's topic.",
                                  ("text", "ar"): "المحتوى لا يتعلق بموضوع هذه الجولة."})
    return template


def test_an_invitation_names_the_round_in_the_recipients_language(make_user, make_round):
    round_ = make_round(title="Netzwerkrunde Sprache")
    translations.apply(round_, {("title", "ar"): "جولة الشبكة حول اللغة"})
    reader = make_user(language="ar")
    notify(reader, "invitation", target=("rounds.show", {"round_id": round_.id}),
           title=round_.title)
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == reader.id))
    assert "جولة الشبكة حول اللغة" in mail.body and "Netzwerkrunde" not in mail.body
    notification = db.session.scalar(select(Notification))
    with force_locale("de"):  # a German reader sees the German title
        assert "„Netzwerkrunde Sprache“" in message_for(notification)
    with force_locale("en"):  # no English title: German
        assert "Netzwerkrunde Sprache" in message_for(notification)


def test_a_hiding_reason_from_a_template_in_the_readers_language(make_user,
                                                                 make_contribution):
    _template()
    author = make_user(language="en")
    contribution = make_contribution(author=author)
    moderation.hide_contribution(contribution, REASON, actor=make_user(roles={"moderator"}))
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == author.id))
    assert "This is not about the round's topic." in mail.body


def test_reasons_on_the_contribution_page(client, make_user, make_contribution):
    _template()
    hidden = make_contribution()
    moderation.hide_contribution(hidden, REASON, actor=make_user(roles={"moderator"}))
    own_words = make_contribution()
    moderation.hide_contribution(own_words, "Bitte ohne Namen noch einmal schreiben.",
                                 actor=make_user(roles={"moderator"}))
    db.session.commit()
    page = client.get(f"/contributions/{hidden.id}?lang=ar").get_data(as_text=True)
    assert '<span lang="ar" dir="rtl">المحتوى لا يتعلق بموضوع هذه الجولة.</span>' in page
    page = client.get(f"/contributions/{hidden.id}?lang=de").get_data(as_text=True)
    assert f'<span lang="de" dir="ltr">{REASON}</span>' in page
    page = client.get(f"/contributions/{own_words.id}?lang=en").get_data(as_text=True)
    assert '<span lang="de" dir="ltr">Bitte ohne Namen noch einmal schreiben.</span>' in page


def test_an_outcome_reason_from_a_template(client, make_contribution):
    template = ReasonTemplate(title="Zu allgemein", purpose="not_taken_up",
                              text="Der Beitrag beschreibt kein Ziel, das sich umsetzen ließe.")
    db.session.add(template)
    db.session.flush()
    translations.apply(template, {("text", "en"): "The contribution describes no goal that "
                                                  "could be put into practice."})
    contribution = make_contribution()
    contribution.outcome, contribution.outcome_reason = "not_taken_up", template.text
    db.session.commit()
    page = client.get(f"/contributions/{contribution.id}?lang=en").get_data(as_text=True)
    assert ('<span lang="en" dir="ltr">The contribution describes no goal that could be put '
            'into practice.</span>') in page


def test_a_contribution_in_another_language_claims_none(client, make_contribution):
    contribution = make_contribution(language="other", title="Tanışma kahvesi")
    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert '<h1 id="contribution-title" dir="auto">Tanışma kahvesi</h1>' in page
    english = make_contribution(language="en", title="Language café")
    page = client.get(f"/contributions/{english.id}?lang=ar").get_data(as_text=True)
    assert '<h1 id="contribution-title" lang="en" dir="auto">Language café</h1>' in page
