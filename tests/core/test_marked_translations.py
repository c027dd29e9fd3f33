"""Where the two halves of issue 16 meet: staff content in the reader's language
(core.translations) is marked with the language it is actually in (WCAG 3.1.2), in options,
in notifications and in the audit log, whose labels are in the reader's language."""

from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import select

from app.concepts.models import Topic
from app.core import translations
from app.core.audit import AuditEntry, changes_of
from app.core.forms import content_choices
from app.core.templating import in_content_lang
from app.core.translations import localized
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_html, notify


def _topics(make_concept):
    make_concept()
    topics = db.session.scalars(select(Topic).order_by(Topic.position)).all()
    translations.apply(topics[0], {("name", "en"): "Language"})
    return topics[0], topics[1]


def test_options_of_localized_names_carry_their_language(app, make_concept):
    translated, untranslated = _topics(make_concept)
    with app.test_request_context("/?lang=en"), force_locale("en"):
        choices = content_choices((str(t.id), localized(t, "name"))
                                  for t in (translated, untranslated))
        assert (choices[0].label, choices[0].render_kw) == ("Language",
                                                            {"lang": "en", "dir": "auto"})
        assert choices[1].render_kw == {"lang": "de", "dir": "auto"}
        assert choices[1].label == untranslated.name
        # a plain text is the concept's, German
        assert content_choices([("1", "Sprache")])[0].render_kw["lang"] == "de"
        assert in_content_lang(localized(translated, "name")) == Markup(
            '<span lang="en" dir="ltr">Language</span>')


def test_a_notification_marks_a_translated_round_title_with_its_language(app, make_user,
                                                                         make_round):
    round_ = make_round(title="Netzwerkrunde Sprache")
    translations.apply(round_, {("title", "ar"): "جولة الشبكة حول اللغة"})
    notify(make_user(), "invitation", target=("rounds.show", {"round_id": round_.id}),
           title=round_.title)
    db.session.commit()
    notification = db.session.scalar(select(Notification))
    with app.test_request_context("/"):
        with force_locale("ar"):
            assert ('<span lang="ar" dir="rtl">جولة الشبكة حول اللغة</span>'
                    in message_html(notification))
        translations.forget()
        with force_locale("en"):  # no English title: the German one, marked German
            assert ('“<span lang="de" dir="ltr">Netzwerkrunde Sprache</span>”'
                    in message_html(notification))


def test_audit_values_as_written_carry_their_language_labels_none(app):
    entry = AuditEntry(action="topic.updated", object_type="topics", object_id=1,
                       before={"name": "Sprache", "active": True, "name@en": None},
                       after={"name": "Sprache und Bildung", "active": False,
                              "name@en": "Language"})
    with app.test_request_context("/?lang=en"), force_locale("en"):
        changes = {c.label: c for c in changes_of(entry)}
    name, active = changes["Name"], changes["active"]
    assert (name.before_lang, name.after_lang) == ("de", "de")
    assert (active.before, active.after, active.before_lang, active.after_lang) == (
        "yes", "no", None, None)
    english = changes["Name (English)"]
    assert (english.before_lang, english.after_lang) == (None, "en")  # "empty" is a label
