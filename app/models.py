"""Imports every module's models, so that SQLAlchemy metadata (and Alembic) see all tables."""

from app.accounts.models import Membership, Organisation, User, UserRole  # noqa: F401
from app.concepts.models import Chapter, Concept, Milestone, Topic  # noqa: F401
from app.core.audit import AuditEntry  # noqa: F401
from app.core.outbox import OutboxMessage  # noqa: F401
