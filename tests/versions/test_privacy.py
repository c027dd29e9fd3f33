"""A steering member's data download includes their verdicts, remarks and the answers."""

from app.accounts.privacy import export_user_data
from app.extensions import db
from app.versions import services as versions


def test_data_download_lists_the_members_verdicts(review, version, member, draft, moderator):
    item = versions.version_items_by_ref(version)[draft.interpreters.id]
    verdict = versions.record_verdict(review, member, verdict="object",
                                      remark="Wer bezahlt den Pool?", version_item=item)
    versions.answer_remark(verdict, answer="Der Landkreis.", kind="explained", actor=moderator)
    db.session.commit()

    (row,) = export_user_data(member)["review_verdicts"]
    assert row["version"] == version.number and row["about"] == item.label
    assert (row["verdict"], row["remark"], row["answer"]) == (
        "object", "Wer bezahlt den Pool?", "Der Landkreis.")
    assert export_user_data(moderator)["review_verdicts"] == []
