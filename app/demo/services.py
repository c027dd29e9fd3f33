"""Loading the demo. Idempotent: what exists (matched by its natural key) is left alone."""

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Membership, Organisation, User, UserRole
from app.concepts.models import Chapter, Concept, Milestone, Topic
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.demo import data
from app.extensions import db


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None and db.session.scalar(
        select(Concept.id).limit(1)) is None


def load_demo() -> dict:
    """Create the Konstanz demo; returns how many objects of each kind were added."""
    added = {"concepts": 0, "topics": 0, "chapters": 0, "milestones": 0, "organisations": 0,
             "users": 0}
    concept = db.session.scalar(select(Concept).where(Concept.slug == data.CONCEPT["slug"]))
    if concept is None:
        concept = Concept(**data.CONCEPT, summary_html=render_markdown(data.CONCEPT["summary"]),
                          draft_published=True)
        db.session.add(concept)
        db.session.flush()
        added["concepts"] += 1

    existing_topics = {t.slug for t in concept.topics}
    for kind, rows in (("field", data.FIELDS), ("crosscutting", data.CROSSCUTTING)):
        for position, (slug, name, description) in enumerate(rows, start=1):
            if slug in existing_topics:
                continue
            db.session.add(Topic(concept=concept, kind=kind, slug=slug, name=name,
                                 description=description, position=position,
                                 description_html=render_markdown(description)))
            added["topics"] += 1

    existing_chapters = {c.slug for c in concept.chapters}
    for position, (slug, title, body) in enumerate(data.CHAPTERS, start=1):
        if slug not in existing_chapters:
            db.session.add(Chapter(concept=concept, slug=slug, title=title, body=body,
                                   body_html=render_markdown(body), position=position))
            added["chapters"] += 1

    existing_milestones = {m.title for m in concept.milestones}
    for position, (title, description, starts_on, ends_on) in enumerate(data.MILESTONES, 1):
        if title not in existing_milestones:
            db.session.add(Milestone(concept=concept, title=title, description=description,
                                     starts_on=starts_on, ends_on=ends_on, position=position))
            added["milestones"] += 1

    organisations = []
    for name, kind, place, description in data.ORGANISATIONS:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind, place=place,
                                        description=description,
                                        description_html=render_markdown(description, "basic"),
                                        verified_at=utcnow())
            db.session.add(organisation)
            added["organisations"] += 1
        organisations.append(organisation)
    db.session.flush()

    for email, display_name, roles, group, organisation_index in data.ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = User(email=email, display_name=display_name, group=group, language="de",
                        email_confirmed_at=utcnow(), privacy_accepted_at=utcnow())
            user.set_password(data.DEMO_PASSWORD)
            user.role_rows.extend(UserRole(role=r) for r in sorted(roles | {"participant"}))
            db.session.add(user)
            db.session.flush()
            added["users"] += 1
        if organisation_index is not None and not user.memberships:
            db.session.add(Membership(user=user, organisation=organisations[organisation_index],
                                      status=Membership.ACTIVE, is_representative=True,
                                      decided_at=utcnow()))
    db.session.flush()
    return added
