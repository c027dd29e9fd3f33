"""Imports every module's models, so that SQLAlchemy metadata (and Alembic) see all tables."""

from app.accounts.models import Membership, Organisation, User, UserRole  # noqa: F401
from app.concepts.models import Chapter, Concept, Item, ItemRevision, Milestone, Topic  # noqa: F401
from app.contributions.models import (  # noqa: F401
    Comment,
    Contribution,
    ContributionRevision,
    Flag,
    Support,
)
from app.core.audit import AuditEntry  # noqa: F401
from app.core.jobs import Job  # noqa: F401
from app.core.outbox import OutboxMessage  # noqa: F401
from app.core.pagecache import PageGeneration  # noqa: F401
from app.core.storage import StoredFile  # noqa: F401
from app.core.translations import ContentTranslation  # noqa: F401
from app.events.models import Event, ImportBatch, Station  # noqa: F401
from app.implementation.models import (  # noqa: F401
    ImplementationRecord,
    ImplementationStatus,
    MeasureFollower,
    ProgressEntry,
    ProgressEntryRevision,
)
from app.implementation.report_models import (  # noqa: F401
    ProgressReport,
    ProgressReportEntry,
    ProgressReportMeasure,
    ProgressReportTopic,
)
from app.moderation.models import ModerationDecision, ReasonTemplate  # noqa: F401
from app.notifications.models import Notification, NotificationOptOut  # noqa: F401
from app.participation.models import ReportIntroduction  # noqa: F401
from app.rounds.models import Network, Round  # noqa: F401
from app.similarity.models import ContributionVector  # noqa: F401
from app.versions.models import (  # noqa: F401
    Adoption,
    Review,
    Verdict,
    Version,
    VersionChapter,
    VersionItem,
    VersionTopic,
)
from app.workbench.models import ItemLink  # noqa: F401
