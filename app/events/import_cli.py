"""`flask events ...`: offline events from the command line, e.g. importing a typed-up list."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.core import planner
from app.events import import_files, importing, services
from app.events.models import Event
from app.extensions import db

PHOTO_BATCH = 50  # photos copied per transaction


@click.group("events", help="Offline dialogue events.")
def events_cli():
    pass


@events_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--event", "event_id", type=int, required=True, help="Id of the event.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; import nothing.")
@with_appcontext
def import_command(file: Path, event_id: int, dry_run: bool):
    """Import a CSV or XLSX file of cards into an event and print a report. The file's
    headers must be the template's (or recognisable synonyms such as Thema, Art, Text)."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise click.ClickException(f"There is no event with id {event_id}.")
    try:
        table = import_files.read_table(file.read_bytes(), file.name)
        mapping = importing.guess_mapping(table.headers)
        missing = [t for t in importing.REQUIRED_TARGETS if mapping[t] is None]
        if missing:
            raise import_files.ImportRefused(
                f"Columns not recognised: {', '.join(missing)} (headers: "
                f"{', '.join(table.headers)}). Use the template's headers.")
        preview = importing.check_rows(event, table, mapping, similar=False)
    except import_files.ImportRefused as exc:
        raise click.ClickException(str(exc)) from None

    for note in preview.notes:
        click.echo(f"Note: {note}")
    for row in preview.with_errors:
        click.echo(f"Row {row.number}: {' '.join(row.errors)}")
    importable = len(preview.importable)
    click.echo(f"{len(preview.rows)} rows: {importable} to import, "
               f"{len(preview.already_imported)} already imported, "
               f"{len(preview.with_errors)} with errors.")
    if dry_run:
        click.echo("Dry run: nothing imported.")
        if not importable:
            raise SystemExit(1)
        return
    try:
        batch = importing.import_rows(preview, actor=None)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        raise click.ClickException(f"Import failed, nothing imported: {exc}") from None
    if batch.rows_imported >= planner.MANY_ROWS:
        planner.analyze("contributions", "contribution_themes")
    click.echo(f"Import {batch.id}: {batch.rows_imported} imported, "
               f"{batch.rows_skipped} skipped.")
    if not batch.rows_imported:
        raise SystemExit(1)


@events_cli.command("photos-to-storage")
@click.option("--dry-run", is_flag=True, help="Count what would be copied; copy nothing.")
@click.option("--list", "list_files", is_flag=True,
              help="Name each file in PHOTO_FOLDER that may be deleted afterwards.")
@with_appcontext
def photos_to_storage_command(dry_run: bool, list_files: bool):
    """Copy photos of cards kept in PHOTO_FOLDER (before the shared storage) into the storage
    (STORAGE_BACKEND), so that every host serves them. Photos in the storage already are left
    alone: running it again copies nothing twice. The files in the folder are not deleted."""
    names = services.legacy_photo_names()
    found = services.LegacyPhotos()
    for start in range(0, len(names), PHOTO_BATCH):
        try:
            found.add(services.copy_legacy_photos(names[start:start + PHOTO_BATCH],
                                                  dry_run=dry_run))
            if not dry_run:
                db.session.commit()  # a batch at a time: photos are up to a few MB each
        except Exception as exc:
            db.session.rollback()
            raise click.ClickException(
                f"Copying failed after {found.copied} photos (those are kept): {exc}") from None
    verb = "would be copied" if dry_run else "copied"
    click.echo(f"{len(names)} photos named by cards: {found.copied} {verb} from "
               f"{services.photo_folder()}, {found.stored} in the storage already, "
               f"{found.missing} missing in both, {found.refused} with a name no storage "
               f"key allows.")
    if dry_run:
        click.echo("Dry run: nothing copied.")
        return
    if found.deletable:
        click.echo(f"{len(found.deletable)} files in {services.photo_folder()} are in the "
                   f"storage now and may be deleted (nothing was deleted)"
                   f"{':' if list_files else '; --list names them.'}")
        for path in found.deletable if list_files else ():
            click.echo(f"  {path}")
