"""Every action the app writes to the audit log has a label: staff read "Fassung beschlossen",
not "version.adopted"."""

import re
from pathlib import Path

from app.core import audit

APP = Path(__file__).resolve().parents[2] / "app"
ACTION = r'"([a-z_]+\.[a-z_]+)"'
# audit.record("x.y", ...) and `action = "x.y"` (also `before, action = {}, "x.y"`).
WRITTEN = (re.compile(r"\brecord\(\s*" + ACTION), re.compile(r"\baction\s*=[^\n]*?" + ACTION))


def _written_actions() -> set[str]:
    found = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in WRITTEN:
            found.update(pattern.findall(text))
    return found


def test_the_scan_finds_actions_of_every_kind():
    actions = _written_actions()
    assert {"version.adopted", "network.created", "import.undone"} <= actions


def test_every_written_action_has_a_label(app):
    missing = sorted(a for a in _written_actions() if a not in audit.ACTION_LABELS)
    assert not missing, f"audit actions without a label (audit.describe_actions): {missing}"


def test_the_records_of_the_audit_log_have_names(app):
    for table in ("flags", "networks", "implementation_records", "implementation_statuses",
                  "progress_entries", "progress_reports", "import_batches",
                  "participation_introductions"):
        assert audit.type_label(table) != table, table
