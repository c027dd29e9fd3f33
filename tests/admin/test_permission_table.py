"""README's "Who may do what" table and the rule table in app/core/permissions.py agree."""

import re
from pathlib import Path

import pytest

from app.core.permissions import RULES, can

README = Path(__file__).resolve().parents[2] / "README.md"
COLUMNS = ("participant", "representative", "moderator", "steering", "admin")


def readme_rows() -> dict[str, dict[str, bool]]:
    section = README.read_text(encoding="utf-8").split("## Who may do what", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `([\w.]+)` \|(.*)\|$", line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            assert len(cells) == len(COLUMNS), line
            rows[match.group(1)] = dict(zip(COLUMNS, (c == "yes" for c in cells), strict=True))
    return rows


ROWS = readme_rows()


def test_the_table_names_only_existing_rules():
    assert ROWS, "no table found in README.md"
    assert set(ROWS) <= set(RULES)


@pytest.mark.parametrize("rule", sorted(ROWS))
def test_readme_and_rules_agree(app, make_user, make_organisation, rule):
    people = {
        "participant": make_user(),
        "representative": make_user(),
        "moderator": make_user(roles={"moderator"}),
        "steering": make_user(roles={"steering"}),
        "admin": make_user(roles={"admin"}),
    }
    organisation = make_organisation(verified=True,
                                     representatives=[people["representative"]])
    obj = organisation if rule.startswith("organisation.") else None
    actual = {role: can(rule, obj, user=user) for role, user in people.items()}
    assert actual == ROWS[rule]
