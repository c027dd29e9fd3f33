"""`flask reports pdf`: render a version's PDF now (the job workers do it after freezing,
publishing and adoption), and optionally write it to a file."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.concepts.services import current_concept
from app.core.urls import site_request_context
from app.reports import pdf
from app.versions.document import version_document
from app.versions.services import default_version, version_by_number


@click.group("reports")
def reports_cli():
    """Exports of the concept."""


@reports_cli.command("pdf")
@click.option("--version", "number", type=int,
              help="Number of the version (default: the newest published one).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the PDF to this file.")
@with_appcontext
def pdf_command(number: int | None, output: Path | None) -> None:
    """Render the concept of a version as PDF into the storage now (the job workers do it
    after freezing, publishing or recording an adoption anyway)."""
    from app.reports import exports

    concept = current_concept()
    if concept is None:
        raise click.ClickException("There is no concept yet.")
    version = version_by_number(concept, number) if number else default_version(concept)
    if version is None:
        raise click.ClickException("No such version (or none published yet).")
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable as exc:
        raise click.ClickException(f"WeasyPrint is not available: {exc}") from exc
    # The same request-independent page the download renders, so the stored PDF matches.
    with site_request_context("/export/concept.pdf"):
        data = exports.render_now(exports.print_html(concept, version_document(version)))
    if output is not None:
        output.write_bytes(data)
    click.echo(f"{version.name}: {len(data):,} bytes" + (f", written to {output}" if output
                                                          else ", in the storage"))
