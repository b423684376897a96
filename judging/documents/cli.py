"""`flask --app wsgi documents protocol|diplomas|letters ...`: the same documents from the command line.

Diplomas and letters are made from published results only, as on the pages: the others are
skipped and named on stderr, and a run with nothing to make fails saying why.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from judging.documents.refusals import withheld_texts
from judging.extensions import db
from judging.models import Category, Edition


def _base_url(given: str | None) -> str:
    return (given or current_app.config.get("PUBLIC_URL") or "http://localhost:5000").rstrip("/")


@click.group("documents")
def documents() -> None:
    """Jury protocols, diplomas and letters of thanks as PDF files."""


@documents.command("protocol")
@click.option("--category", "category_id", type=int, required=True, help="The category's id.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="The PDF file to write.")
@click.option("--base-url", default=None, help="The public address (default: PUBLIC_URL).")
@with_appcontext
def protocol(category_id: int, output: str, base_url: str | None) -> None:
    """Write one category's jury protocol."""
    from judging.documents.build import Builder, pdf_of

    category = db.session.get(Category, category_id)
    if category is None:
        raise click.ClickException(f"There is no category {category_id}.")
    document = Builder(category.edition, _base_url(base_url)).protocol(category)
    Path(output).write_bytes(pdf_of(document))
    click.echo(f"Protocol of category {category_id} written to {output}.")


def _bulk(kind: str, edition_id: int, output: str, base_url: str | None, workers: int | None) -> None:
    from judging.documents import bulk

    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(f"There is no edition {edition_id}.")
    out_dir = Path(tempfile.mkdtemp(prefix="documents-"))
    bar_state = {"bar": None, "shown": 0}

    def progress(done: int, total: int, reused: int) -> None:
        if bar_state["bar"] is None:
            bar_state["bar"] = click.progressbar(length=total, label=f"{kind} ({reused} unchanged)", show_pos=True)
            bar_state["bar"].__enter__()
        bar = bar_state["bar"]
        bar.update(done - bar_state["shown"])
        bar_state["shown"] = done

    try:
        outcome = bulk.run(edition, kind, _base_url(base_url), out_dir, progress, workers)
    except bulk.NothingToMake as exc:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise click.ClickException(" ".join(withheld_texts([item.as_dict() for item in exc.withheld]))) from None
    finally:
        if bar_state["bar"] is not None:
            bar_state["bar"].__exit__(None, None, None)
    target = Path(output)
    source = outcome.zip if target.suffix.lower() == ".zip" else outcome.pdf
    shutil.move(str(source), target)
    shutil.rmtree(out_dir, ignore_errors=True)
    click.echo(f"{outcome.documents} documents ({outcome.reused} reused, {outcome.pages} pages) written to {output}.")
    for text in withheld_texts([item.as_dict() for item in outcome.withheld]):
        click.echo(text, err=True)


_edition = click.option("--edition", "edition_id", type=int, required=True, help="The edition's id.")
_output = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
                       help="The file to write: a .pdf (all documents merged) or a .zip (one PDF each).")
_base = click.option("--base-url", default=None, help="The address printed in QR codes (default: PUBLIC_URL).")
_workers = click.option("--workers", type=int, default=None, help="Worker processes (default: DOCUMENTS_WORKERS, 2).")


@documents.command("diplomas")
@_edition
@_output
@_base
@_workers
@with_appcontext
def diplomas(edition_id: int, output: str, base_url: str | None, workers: int | None) -> None:
    """Write every diploma of an edition."""
    _bulk("diplomas", edition_id, output, base_url, workers)


@documents.command("letters")
@_edition
@_output
@_base
@_workers
@with_appcontext
def letters(edition_id: int, output: str, base_url: str | None, workers: int | None) -> None:
    """Write every letter of thanks of an edition: one per teacher, naming all their pupils."""
    _bulk("thanks", edition_id, output, base_url, workers)


@documents.command("protocols")
@_edition
@_output
@_base
@_workers
@with_appcontext
def protocols(edition_id: int, output: str, base_url: str | None, workers: int | None) -> None:
    """Write every jury protocol of an edition."""
    _bulk("protocols", edition_id, output, base_url, workers)
