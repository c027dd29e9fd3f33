"""`flask backup` and `flask restore`: everything comes back, and only into an empty database."""

from sqlalchemy import func, select

from app.accounts.models import User
from app.concepts.models import Milestone, Topic
from app.core.audit import AuditEntry
from app.core.translations import ContentTranslation
from app.extensions import db
from tests.conftest import empty_all_tables
from tests.demo_copy import load_demo_copy


def test_backup_and_restore_roundtrip(app, client, tmp_path):
    load_demo_copy()
    counts = {m: db.session.scalar(select(func.count()).select_from(m))
              for m in (User, Topic, Milestone, AuditEntry, ContentTranslation)}
    assert counts[ContentTranslation] > 0  # the demo translates its topics
    runner = app.test_cli_runner()
    path = tmp_path / "backup.json.gz"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output

    # restoring into a database that still has data is refused
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "not empty" in result.output

    empty_all_tables()
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    for model, count in counts.items():
        assert db.session.scalar(select(func.count()).select_from(model)) == count
    milestone = db.session.scalar(select(Milestone).order_by(Milestone.id))
    assert milestone.starts_on.year == 2016
    # accounts work after the restore, and new rows get fresh ids
    response = client.post("/auth/login", data={"email": "admin@example.org",
                                                "password": "demo-password-2026"})
    assert response.status_code == 302
    before = db.session.scalar(select(func.max(User.id)))
    result = runner.invoke(args=["users", "create", "--email", "new@example.org",
                                 "--password", "Bodensee im Nebel 7"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.max(User.id))) == before + 1


def test_restore_rejects_other_files(app, tmp_path):
    path = tmp_path / "not-a-backup.gz"
    path.write_bytes(b"hello")
    result = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "backup" in result.output.lower()


def test_binary_columns_come_back(app, make_contribution, tmp_path):
    from app.similarity.models import ContributionVector

    contribution = make_contribution()
    db.session.add(ContributionVector(contribution_id=contribution.id, model="m", text_hash="h",
                                      vector=b"\x00\x01\xfe\xff"))
    db.session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "backup.json.gz"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    empty_all_tables()
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.get(ContributionVector, contribution.id).vector == b"\x00\x01\xfe\xff"
