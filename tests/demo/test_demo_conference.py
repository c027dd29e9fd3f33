"""The demo's conference round: open on the adopted version, remarks on the progress of
measures shown on their pages, a proposal of a new measure, the cycle on the home page;
loading again adds nothing."""

from sqlalchemy import select

from app.concepts.services import current_concept
from app.contributions.models import Contribution
from app.demo.conference import REMARKS, load_conference
from app.extensions import db
from app.implementation import cycle, progress
from app.rounds.models import Round
from tests.demo_copy import load_demo_copy


def test_demo_conference_round_with_remarks_on_progress(app, client):
    load_demo_copy()
    concept = current_concept()
    round_ = db.session.scalar(select(Round).where(Round.adoption_id.is_not(None)))
    version = progress.adopted_version(concept, user=None)
    assert round_.is_open and round_.version_id == version.id and round_.audience == "all"
    assert round_.accepted_kinds == ["remark", "measure"]
    found = db.session.scalars(select(Contribution).where(
        Contribution.round_id == round_.id).order_by(Contribution.id)).all()
    remarks = [c for c in found if c.kind == "remark"]
    assert len(remarks) == len(REMARKS) and [c.kind for c in found].count("measure") == 1
    assert all(c.status == "published" and c.item_id for c in remarks)
    assert any(c.organisation is not None for c in remarks)
    measure = remarks[0].item
    html = client.get(f"/implementation/measures/{measure.id}").get_data(as_text=True)
    assert "Anmerkungen zum Stand" in html and remarks[0].title in html
    assert "Zum Stand dieser Maßnahme beitragen" in html
    home = client.get("/").get_data(as_text=True)
    assert round_.title in home and "Umsetzung der Maßnahmen aus Fassung 1" in home
    assert [s.kind for s in cycle.cycle_steps(concept, user=None, today=round_.opens_at.date())
            ][:3] == ["adoption", "implementation", "conference"]
    assert load_conference(concept) == {"conference_rounds": 0, "conference_contributions": 0}
