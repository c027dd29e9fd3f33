"""Issue 16: the moderation pages show reason templates, round titles and topic names in the
reader's language where they are translated, the German original marked lang="de"
otherwise."""

import re

from app.core import translations
from app.extensions import db
from app.moderation.models import ReasonTemplate


def test_moderation_pages_in_english(client, login, moderator, make_contribution, make_flag):
    contribution = make_contribution(title="Verkaufe Auto")
    make_flag(contribution=contribution)
    spam = ReasonTemplate(title="Spam", text="Werbung oder Spam.", position=1)
    rude = ReasonTemplate(title="Beleidigung", text="Der Beitrag beleidigt.", position=2)
    db.session.add_all([spam, rude])
    db.session.flush()
    translations.apply(spam, {("title", "en"): "Advertising", ("text", "en"): "Advertising."})
    translations.apply(contribution.round, {("title", "en"): "Online round"})
    translations.apply(contribution.topic, {("name", "en"): "Language"})
    db.session.commit()
    login(moderator)

    queue = client.get("/moderation/?lang=en").get_data(as_text=True)
    assert re.search(rf'<option value="{spam.id}" +lang="en" dir="auto">Advertising</option>',
                     queue)
    assert re.search(rf'<option value="{rude.id}" +lang="de" dir="auto">Beleidigung</option>',
                     queue)
    assert 'Round: <span lang="en" dir="ltr">Online round</span>' in queue
    assert 'Topic: <span lang="en" dir="ltr">Language</span>' in queue

    hide = client.get(f"/moderation/contributions/{contribution.id}/hide?lang=en"
                      ).get_data(as_text=True)
    assert re.search(r'<option [^>]*lang="en"[^>]*>Advertising</option>', hide)

    reasons = client.get("/moderation/reasons?lang=en").get_data(as_text=True)
    assert f'href="/moderation/reasons/{spam.id}" lang="en" dir="ltr">Advertising</a>' in reasons
    assert '<span class="muted" lang="en" dir="ltr">Advertising.</span>' in reasons
    assert f'href="/moderation/reasons/{rude.id}" lang="de" dir="ltr">Beleidigung</a>' in reasons
    assert "<title>Advertising" in client.get(f"/moderation/reasons/{spam.id}?lang=en"
                                              ).get_data(as_text=True)


def test_the_message_after_withdrawing_a_template_names_it_in_english(client, login, moderator):
    spam = ReasonTemplate(title="Spam", text="Werbung oder Spam.", position=1)
    db.session.add(spam)
    db.session.flush()
    translations.apply(spam, {("title", "en"): "Advertising"})
    db.session.commit()
    login(moderator)
    client.get("/moderation/reasons?lang=en")  # the language is kept in the session
    page = client.post(f"/moderation/reasons/{spam.id}/active", data={"active": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "“Advertising” is no longer offered." in page
