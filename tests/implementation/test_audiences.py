"""Who hears of a status change, looked up for many measures at once (the bulk change and the
spreadsheet): the same people, with the same reasons, as for each measure alone."""

from sqlalchemy import func, select

from app.contributions.models import Support
from app.extensions import db
from app.implementation import services
from app.implementation.models import MeasureFollower
from app.notifications.models import Notification
from app.workbench.services import link_contributions


def test_audiences_of_many_are_those_of_each(concept, adopted, draft, idea, author, supporter,
                                             moderator, make_user, make_contribution, state_of):
    m = draft.measures
    link_contributions([idea], m[1], actor=moderator)  # one idea behind two measures
    twin_author, follower = make_user(), make_user()
    twin = make_contribution(round=idea.round, author=twin_author, title="Abendkurse")
    twin.duplicate_of_id, twin.outcome = idea.id, "duplicate"
    db.session.add(Support(contribution_id=twin.id, user_id=follower.id))
    db.session.add(MeasureFollower(item_id=m[2].id, user_id=follower.id))
    db.session.commit()
    ids = [m[0].id, m[1].id, m[2].id, m[3].id]
    together = services.status_audiences(ids)
    assert together == {i: services.status_audiences([i])[i] for i in ids}
    assert together[m[0].id] == {author.id: ("author", idea.id),
                                 twin_author.id: ("author", twin.id),
                                 supporter.id: ("supporter", idea.id),
                                 follower.id: ("supporter", twin.id)}
    assert together[m[2].id] == {follower.id: ("follower", None)} and together[m[3].id] == {}

    states = [state_of(x) for x in m[:3]]
    assert services.set_status_of_many(states, services.status_by_code("done"),
                                       actor=moderator) == 3
    db.session.commit()

    def told(user):
        return db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.kind == services.KIND))

    assert [told(author), told(twin_author), told(supporter), told(follower),
            told(moderator)] == [2, 2, 2, 3, 0]
