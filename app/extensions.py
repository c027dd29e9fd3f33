"""Flask extensions, created unbound and initialised in create_app()."""

from datetime import datetime

from flask import has_request_context
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

# Stable constraint names, so that migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



class Base(DeclarativeBase):
    # Every timestamp is stored as UTC, with its time zone where the database keeps one.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


class Database(SQLAlchemy):
    def paginate(self, select, *, page=None, per_page=None, error_out=True, **kwargs):
        """Flask-SQLAlchemy's paginate, with ?page= read through core.inputs.page_arg:
        its own reading takes any integer, and one beyond the database's overflows OFFSET.
        The page size is the caller's, never taken from the request."""
        from app.core.inputs import page_arg

        if page is None and has_request_context():
            page = page_arg(error_out=error_out)
        return super().paginate(select, page=page, per_page=per_page or 20,
                                error_out=error_out, **kwargs)


db = Database(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
