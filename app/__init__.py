"""Konzeptwerkstatt: write a public policy concept together with the people it concerns."""

import logging
import os
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_for


def create_app(config: type | str | None = None, **overrides) -> Flask:
    """Build the application. `config` is a settings class or its name."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    config_class = config if isinstance(config, type) else config_for(config)
    app.config.from_object(config_class)
    app.config.update(overrides)
    _check_production_settings(app)

    if app.config["TRUSTED_PROXY_COUNT"]:
        n = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)

    _init_extensions(app)
    from app.core import inputs

    inputs.init_app(app)  # before the blueprints: URL rules bind their converters when added
    _register_blueprints(app)

    from app.core import (
        assets,
        errors,
        i18n,
        pagecache,
        search,
        security,
        templating,
        translations,
    )

    assets.init_app(app)
    i18n.init_app(app)
    pagecache.init_app(app)  # after i18n: a language chosen by ?lang= is never served kept
    search.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    translations.init_app(app)
    errors.init_app(app)
    from app.core import jobs

    jobs.init_app(app)  # after the blueprints: their modules have declared their jobs
    _register_cli(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _check_production_settings(app: Flask) -> None:
    if app.config["APP_ENV"] != "production":
        return
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (see README.md).")
    base = urlsplit(app.config.get("BASE_URL") or "")
    if base.scheme not in ("http", "https") or not base.hostname:
        raise RuntimeError("BASE_URL must be set in production, e.g. https://beteiligung."
                           "example.org (links in mails are built from it; see README.md).")
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [base.hostname, "localhost", "127.0.0.1"]


def _init_extensions(app: Flask) -> None:
    from flask_babel import gettext

    from app.core.i18n import N_, install_request_domain, select_locale, select_timezone
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = N_("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.localize_callback = gettext

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_request_domain(app, babel)
    # Import every model module so that metadata and migrations see all tables.
    from app import models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from app.accounts.views import auth_bp, me_bp, organisations_bp
    from app.admin.views import admin_bp
    from app.concepts.views import concepts_bp
    from app.contributions.views import contributions_bp
    from app.core.views import core_bp
    from app.moderation.views import moderation_bp
    from app.notifications.views import init_app as init_notifications
    from app.notifications.views import notifications_bp
    from app.rounds.views import rounds_bp
    from app.versions.views import versions_bp
    from app.workbench.views import workbench_bp

    for bp in (core_bp, auth_bp, me_bp, organisations_bp, concepts_bp, admin_bp, rounds_bp,
               contributions_bp, moderation_bp, notifications_bp, workbench_bp, versions_bp):
        app.register_blueprint(bp)
    from app.events.views import events_bp
    app.register_blueprint(events_bp)
    from app.events.import_views import imports_bp
    app.register_blueprint(imports_bp)
    from app.reports import progress_views  # noqa: F401  (the progress report's downloads)
    from app.reports.views import reports_bp
    app.register_blueprint(reports_bp)
    from app.implementation import (  # their routes, on the blueprint before it is registered
        conference_views,  # noqa: F401  (opening the conference round)
        report_views,  # noqa: F401  (the yearly progress report)
        sheet_views,  # noqa: F401  (the spreadsheet round trip)
    )
    from app.implementation.views import implementation_bp
    app.register_blueprint(implementation_bp)
    from app.participation.views import participation_bp
    app.register_blueprint(participation_bp)
    init_notifications(app)
    _register_privacy_sections()


def _register_privacy_sections() -> None:
    """Each module adds what it stores about a person to the data download and to deleting
    an account (app/accounts/privacy.py) when its privacy module is imported."""
    from app.contributions import privacy as contributions  # noqa: F401
    from app.events import privacy as events  # noqa: F401
    from app.notifications import privacy as notifications  # noqa: F401
    from app.rounds import privacy as rounds  # noqa: F401
    from app.versions import privacy as versions  # noqa: F401
    from app.workbench import privacy as workbench  # noqa: F401


def _register_cli(app: Flask) -> None:
    from app.accounts.cli import privacy_cli, users_cli
    from app.core.cli import backup_command, jobs_cli, outbox_cli, restore_command
    from app.demo.cli import demo_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(privacy_cli)
    from app.notifications.cli import digest_command

    outbox_cli.add_command(digest_command)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from app.events.import_cli import events_cli
    app.cli.add_command(events_cli)
    from app.similarity.cli import similarity_cli
    app.cli.add_command(similarity_cli)
    from app.reports.cli import reports_cli
    app.cli.add_command(reports_cli)
