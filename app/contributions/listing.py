"""The filtered, sorted, paginated list of contributions shown on round and topic pages.

One query for the page of rows (with the support and comment counters kept on each row), one
for the total, and a few constant eager loads: the number of
queries never grows with the number of rows.

A topic page lists the contributions on the topic and those tagged with it (a cross-cutting
theme). Both its page and its total are read in two parts, one per way of belonging to the
topic, each along its own index (issue 15): as one condition with OR, the databases read
nearly the whole table (SQLite chose the visibility condition's index, PostgreSQL a
sequential scan), which made the topic page cost as much as the process had contributions.

Use: in the view `listing = build_listing(round_=round_, args=request.args, user=current_user)`;
in the template, under an h2, `{% include "contributions/_listing.html" %}` (it reads the
variable `listing`).
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import and_, func, or_, select, union_all

from app.accounts.models import ORGANISATION_KINDS, Organisation
from app.concepts.models import Topic
from app.contributions.forms import SORTS, ListingFilterForm
from app.contributions.models import (
    CONTRIBUTION_KINDS,
    LANGUAGES,
    STATUSES,
    Contribution,
    contribution_themes,
)
from app.contributions.queries import (
    comment_count_column,
    contribution_list_loads,
    support_count_column,
)
from app.core import pagecache
from app.core.forms import choice_list, content_choices, language_choices
from app.core.inputs import page_arg
from app.core.permissions import can, visible_contributions
from app.core.search import matching
from app.core.translations import localized
from app.extensions import db
from app.rounds.models import Round
from app.rounds.queries import audience_loads

PER_PAGE = 20
INDIVIDUAL = "person"  # organisation-kind filter value: submitted by a person, not on behalf


@dataclass
class ListedContribution:
    contribution: Contribution
    supports: int
    comments: int


class _RowPagination(SelectPagination):
    """Pagination over (Contribution, supports, comments) rows, counted with a lean query."""

    def _query_items(self) -> list[ListedContribution]:
        # The page's ids are found first, in a subquery that sorts nothing but ids and sort
        # keys; only those 20 rows are then joined to their round, topic, author and
        # organisation. Sorting the joined rows of all matches (a topic page: its
        # contributions and those tagged with it) cost as much as the topic had rows.
        ids = (self._query_args["ids"].limit(self.per_page).offset(self._query_offset)
               .scalar_subquery())
        query = self._query_args["select"].where(Contribution.id.in_(ids))
        rows = self._query_args["session"].execute(query).unique().all()
        return [ListedContribution(c, supports or 0, comments or 0)
                for c, supports, comments in rows]

    def _query_count(self) -> int:
        return self._query_args["session"].scalar(self._query_args["count_select"]) or 0


@dataclass
class Listing:
    page: _RowPagination
    form: ListingFilterForm
    round: Round | None = None
    topic: Topic | None = None
    filters: dict = field(default_factory=dict)
    # Across rounds (a topic page): the invited-only rounds, with their audiences for a
    # signed-in viewer (others on the page check them again without reading them again) ...
    invited_rounds: list[Round] = field(default_factory=list)
    # ... and those the viewer may not see.
    hidden_rounds: list[int] = field(default_factory=list)
    # The page generation its entries are kept under (core.pagecache.kept_fragment), or None.
    generation: int | None = None

    @property
    def items(self) -> list[ListedContribution]:
        return self.page.items

    @property
    def total(self) -> int:
        return self.page.total or 0

    @property
    def is_filtered(self) -> bool:
        return any(v for k, v in self.filters.items() if k != "sort")


def _invited_only_rounds(user, concept_id: int | None) -> list[Round]:
    """The invited-only rounds (of the concept). Their audiences are read only for a
    signed-in user: an anonymous visitor is in none (Round.invites)."""
    query = select(Round).where(Round.audience != "all")
    if user is not None and user.is_authenticated:
        query = query.options(*audience_loads())
    if concept_id is not None:
        query = query.where(Round.concept_id == concept_id)
    return list(db.session.scalars(query))


def _visibility(query, user):
    """The contributions `user` may see (rule contribution.view, its query scope)."""
    return query.where(visible_contributions(user, Contribution))


def _choice(value: str | None, allowed) -> str:
    return value if value and value in allowed else ""


@dataclass
class ListingChoices:
    """What the filters of a listing may choose from: the topics of its round (or concept),
    the kinds of contribution, the statuses the viewer may filter by, organisation kinds."""

    topics: list[Topic]
    kinds: dict
    statuses: dict
    organisation_kinds: dict

    @property
    def fields(self) -> list[Topic]:
        return [t for t in self.topics if t.kind == "field"]

    @property
    def themes(self) -> list[Topic]:
        return [t for t in self.topics if t.kind == "crosscutting"]


def listing_choices(round_: Round | None, concept, *, staff: bool) -> ListingChoices:
    topics = list(round_.topics) if round_ is not None else list(concept.topics if concept
                                                                 else [])
    kinds = ({k: CONTRIBUTION_KINDS[k] for k in round_.accepted_kinds if k in CONTRIBUTION_KINDS}
             if round_ is not None else CONTRIBUTION_KINDS)
    statuses = STATUSES if staff else {k: STATUSES[k] for k in ("published", "withdrawn")}
    return ListingChoices(topics=topics, kinds=kinds, statuses=statuses,
                          organisation_kinds={INDIVIDUAL: _l("Einzelpersonen"),
                                              **ORGANISATION_KINDS})


def _set_form_choices(form: ListingFilterForm, choices: ListingChoices) -> None:
    everything = ("", _l("alle"))
    form.kind.choices = choice_list([everything, *choices.kinds.items()])
    form.topic.choices = choice_list([everything]) + content_choices(
        (t.slug, localized(t, "name")) for t in choices.fields)
    form.theme.choices = choice_list([everything]) + content_choices(
        (t.slug, localized(t, "name")) for t in choices.themes)
    form.status.choices = choice_list([everything, *choices.statuses.items()])
    form.organisation_kind.choices = choice_list([everything,
                                                  *choices.organisation_kinds.items()])
    form.language.choices = choice_list([everything]) + language_choices(LANGUAGES.items())


def parse_filters(args, choices: ListingChoices, *, topic: Topic | None) -> dict:
    """The filters in `args` (request.args), each one of its choices or empty; a topic page
    filters by its topic already."""
    return {
        "q": (args.get("q") or "").strip()[:200],
        "kind": _choice(args.get("kind"), choices.kinds),
        "topic": "" if topic is not None else _choice(args.get("topic"),
                                                      {t.slug for t in choices.fields}),
        "theme": _choice(args.get("theme"), {t.slug for t in choices.themes}),
        "status": _choice(args.get("status"), choices.statuses),
        "organisation_kind": _choice(args.get("organisation_kind"), choices.organisation_kinds),
        "language": _choice(args.get("language"), LANGUAGES),
        "sort": _choice(args.get("sort"), SORTS) or "newest",
    }


def _in_topic(topic: Topic):
    """Contributions on the topic or tagged with it (a cross-cutting theme)."""
    return or_(Contribution.topic_id == topic.id, Contribution.id.in_(
        select(contribution_themes.c.contribution_id)
        .where(contribution_themes.c.topic_id == topic.id)))


def _conditions(filters: dict, choices: ListingChoices, *, round_: Round | None,
                topic: Topic | None, hidden_rounds: list[int], staff: bool) -> list:
    """The WHERE conditions for the round or topic and the chosen filters."""
    where = []
    if round_ is not None:
        where.append(Contribution.round_id == round_.id)
    elif hidden_rounds:
        where.append(Contribution.round_id.not_in(hidden_rounds))
    # The page's own topic is not among the conditions: _page_of_rows reads its two parts.
    by_slug = {t.slug: t for t in choices.topics}
    if filters["topic"]:
        where.append(Contribution.topic_id == by_slug[filters["topic"]].id)
    if filters["theme"]:
        where.append(_in_topic(by_slug[filters["theme"]]))
    if filters["kind"]:
        where.append(Contribution.kind == filters["kind"])
    if filters["status"]:
        where.append(Contribution.status == filters["status"])
    if filters["language"]:
        where.append(Contribution.language == filters["language"])
    if filters["organisation_kind"] == INDIVIDUAL:
        where.append(Contribution.organisation_id.is_(None))
    elif filters["organisation_kind"]:
        where.append(Contribution.organisation_id.in_(
            select(Organisation.id).where(Organisation.kind == filters["organisation_kind"])))
    if filters["q"]:
        where.append(matching(Contribution, filters["q"]))
        if not staff:
            # A hidden text must not be findable by what it says.
            where.append(Contribution.status != "hidden")
    return where


def _topic_parts(topic: Topic | None) -> list[tuple]:
    """How a contribution belongs to the listing's topic, as (join, conditions) parts that
    exclude each other: on the topic itself, or tagged with it and on another topic. Without
    a topic, one part with no condition."""
    if topic is None:
        return [(None, [])]
    tagged = and_(contribution_themes.c.contribution_id == Contribution.id,
                  contribution_themes.c.topic_id == topic.id)
    return [(None, [Contribution.topic_id == topic.id]),
            (tagged, [Contribution.topic_id != topic.id])]


def _part(columns, join, conditions: list, where: list, user):
    query = select(*columns).select_from(Contribution)
    if join is not None:
        query = query.join(contribution_themes, join)
    return _visibility(query.where(*conditions, *where), user)


def _order(sort: str, supports, comments, created_at, id_) -> tuple:
    """The ORDER BY of a listing's `sort` over these columns (newest first to break ties)."""
    first = {"newest": [], "supported": [supports.desc()], "discussed": [comments.desc()]}[sort]
    return (*first, created_at.desc(), id_.desc())


def _page_of_rows(where: list, sort: str, *, topic: Topic | None, user, args,
                  per_page: int) -> _RowPagination:
    """The page of (contribution, supports, comments) rows, sorted, and its count query."""
    supports = support_count_column().label("supports")
    comments = comment_count_column().label("comments")
    order = _order(sort, supports, comments, Contribution.created_at, Contribution.id)
    parts = _topic_parts(topic)
    page = page_arg(args, error_out=False)
    if len(parts) == 1:
        ids = _part([Contribution.id], *parts[0], where, user).order_by(*order)
    else:
        # Each part's first rows up to the end of the page, along its own index, then the
        # page from their union (SQLite wants each limited part in a subquery of its own).
        keys = [supports, comments, Contribution.created_at, Contribution.id]
        enough = page * per_page
        limited = [select(_part(keys, join, conditions, where, user).order_by(*order)
                          .limit(enough).subquery())
                   for join, conditions in parts]
        both = union_all(*limited).subquery()
        ids = select(both.c.id).order_by(*_order(sort, both.c.supports, both.c.comments,
                                                 both.c.created_at, both.c.id))
    query = (select(Contribution, supports, comments)
             .options(*contribution_list_loads()).order_by(*order))
    # count(*), not count(id): PostgreSQL then counts from an index that holds the filtered
    # columns without reading the table (ix_contributions_round_status_filters,
    # ix_contributions_topic_status_filters; SQLite's indexes hold the row id anyway).
    counts = [_part([func.count()], join, conditions, where, user)
              for join, conditions in parts]
    count = counts[0] if len(counts) == 1 else select(
        sum((c.scalar_subquery() for c in counts[1:]), counts[0].scalar_subquery()))
    return _RowPagination(select=query, ids=ids, count_select=count, session=db.session,
                          page=page, per_page=per_page, error_out=False)


def build_listing(*, round_: Round | None = None, topic: Topic | None = None, args,
                  per_page: int = PER_PAGE, user) -> Listing:
    """The contributions of a round and/or topic, filtered and sorted by `args`
    (request.args): q, kind, topic, theme, status, organisation_kind, language, sort, page."""
    generation = pagecache.fragment_generation()  # before the rows are read
    staff = can("moderate", user=user)
    concept = (round_.concept if round_ is not None else topic.concept if topic is not None
               else None)
    choices = listing_choices(round_, concept, staff=staff)
    form = ListingFilterForm(formdata=args)
    _set_form_choices(form, choices)
    filters = parse_filters(args, choices, topic=topic)
    form.sort.data = filters["sort"]
    invited = ([] if round_ is not None
               else _invited_only_rounds(user, concept.id if concept else None))
    hidden_rounds = [r.id for r in invited if not can("round.view", r, user=user)]
    where = _conditions(filters, choices, round_=round_, topic=topic,
                        hidden_rounds=hidden_rounds, staff=staff)
    page = _page_of_rows(where, filters["sort"], topic=topic, user=user, args=args,
                         per_page=per_page)
    return Listing(page=page, form=form, round=round_, topic=topic, filters=filters,
                   invited_rounds=invited, hidden_rounds=hidden_rounds, generation=generation)
